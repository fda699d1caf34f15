"""Plans pages: child in need plans, plan actions (either kind of plan), statutory visits."""

from opencsc.plans.views.actions import action_complete, action_new
from opencsc.plans.views.cin_plans import (
    cin_plan_detail,
    cin_plan_end_view,
    cin_plan_new,
    cin_plan_review_new,
)
from opencsc.plans.views.visits import visit_list, visit_new

__all__ = [
    "action_complete",
    "action_new",
    "cin_plan_detail",
    "cin_plan_end_view",
    "cin_plan_new",
    "cin_plan_review_new",
    "visit_list",
    "visit_new",
]
