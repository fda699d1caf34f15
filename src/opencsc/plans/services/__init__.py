"""Every write to child in need plans, plan actions, plan reviews and statutory visits.

The CIN census rules on plan dates (CINPlanDates) are enforced here, at entry, so the
census never needs a hand fix: a plan starts on or after the referral (4015), never
while a child protection plan is open or overlapping one (4001, 4016, 4017), one open
plan at a time and no overlap between plans (4004, 4014), ends on or after it starts
(4011) and not on the day it started (4012Q), and nothing is dated after the child's
death (4008, 4009Q).

The synthetic authority calls these services for thousands of rows, so each one runs a
small fixed number of queries and reads only what its rules need.
"""

from opencsc.plans.services.actions import plan_action_add, plan_action_complete
from opencsc.plans.services.cin_plans import (
    cin_plan_end,
    cin_plan_review_record,
    cin_plan_start,
    cin_plan_start_errors,
)
from opencsc.plans.services.common import (
    PLACEHOLDERS,
    REVIEW_MONTHS_RANGE,
    VISIT_WORKING_DAYS_RANGE,
    long_date,
)
from opencsc.plans.services.visits import plan_open_on, visit_record

__all__ = [
    "PLACEHOLDERS",
    "REVIEW_MONTHS_RANGE",
    "VISIT_WORKING_DAYS_RANGE",
    "cin_plan_end",
    "cin_plan_review_record",
    "cin_plan_start",
    "cin_plan_start_errors",
    "long_date",
    "plan_action_add",
    "plan_action_complete",
    "plan_open_on",
    "visit_record",
]
