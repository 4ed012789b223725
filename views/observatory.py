"""observatory page: drawn by scenegraph.ui.observatory."""

from scenegraph.ui import observatory
from scenegraph.ui.state import guarded

guarded(observatory.page)
