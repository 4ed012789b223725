"""lens page: drawn by scenegraph.ui.lens."""

from scenegraph.ui import lens
from scenegraph.ui.state import guarded

guarded(lens.page)
