"""console page: drawn by scenegraph.ui.console."""

from scenegraph.ui import console
from scenegraph.ui.state import guarded

guarded(console.page)
