"""Assessment pages: split by who uses them (the worker's pages, then the workflow)."""

from opencsc.assessments.views.pages import (
    assessment_child_seen_view,
    assessment_detail,
    assessment_edit,
    assessment_start_view,
)
from opencsc.assessments.views.workflow import (
    assessment_review,
    assessment_submit_view,
    assessment_update_start,
)

__all__ = [
    "assessment_child_seen_view",
    "assessment_detail",
    "assessment_edit",
    "assessment_review",
    "assessment_start_view",
    "assessment_submit_view",
    "assessment_update_start",
]
