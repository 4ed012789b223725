"""node page: drawn by scenegraph.ui.node."""

from scenegraph.ui import node
from scenegraph.ui.state import guarded

guarded(node.page)
