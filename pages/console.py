"""console page: drawn by scenegraph.ui.console."""

from scenegraph.ui import console

console.page()
