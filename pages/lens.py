"""lens page: drawn by scenegraph.ui.lens."""

from scenegraph.ui import lens

lens.page()
