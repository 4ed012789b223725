"""paths page: drawn by scenegraph.ui.paths."""

from scenegraph.ui import paths
from scenegraph.ui.state import guarded

guarded(paths.page)
