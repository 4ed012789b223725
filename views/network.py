"""network page: drawn by scenegraph.ui.network."""

from scenegraph.ui import network
from scenegraph.ui.state import guarded

guarded(network.page)
