"""overview page: drawn by scenegraph.ui.overview."""

from scenegraph.ui import overview
from scenegraph.ui.state import guarded

guarded(overview.page)
