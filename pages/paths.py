"""paths page: drawn by scenegraph.ui.paths."""

from scenegraph.ui import paths

paths.page()
