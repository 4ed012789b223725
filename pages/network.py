"""network page: drawn by scenegraph.ui.network."""

from scenegraph.ui import network

network.page()
