"""assessment page: drawn by scenegraph.ui.assessment."""

from scenegraph.ui import assessment
from scenegraph.ui.state import guarded

guarded(assessment.page)
