"""Child protection pages, split by the record they are about."""

from opencsc.protection.views.conferences import conference_detail, conference_new
from opencsc.protection.views.enquiries import (
    enquiry_complete_view,
    enquiry_detail,
    enquiry_edit,
)
from opencsc.protection.views.plans import (
    core_group_new,
    emergency_power_new,
    plan_detail,
    plan_end_view,
)
from opencsc.protection.views.strategy import strategy_detail, strategy_new

__all__ = [
    "conference_detail",
    "conference_new",
    "core_group_new",
    "emergency_power_new",
    "enquiry_complete_view",
    "enquiry_detail",
    "enquiry_edit",
    "plan_detail",
    "plan_end_view",
    "strategy_detail",
    "strategy_new",
]
