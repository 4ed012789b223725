"""export page: drawn by scenegraph.ui.export."""

from scenegraph.ui import export

export.page()
