"""node page: drawn by scenegraph.ui.node."""

from scenegraph.ui import node

node.page()
