"""assessment page: drawn by scenegraph.ui.assessment."""

from scenegraph.ui import assessment

assessment.page()
