"""overview page: drawn by scenegraph.ui.overview."""

from scenegraph.ui import overview

overview.page()
