"""export page: drawn by scenegraph.ui.export."""

from scenegraph.ui import export
from scenegraph.ui.state import guarded

guarded(export.page)
