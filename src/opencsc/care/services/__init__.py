"""Every write to periods of care, their 903 episodes, looked-after reviews, IRO contacts,
care plans and the review of care orders at home.

The 903 rules (csc-validator-be-903, 2022-23 to 2025-26) on Episodes, Reviews and
PrevPerm are enforced here, at entry, so the return never needs a hand fix: each check
cites its rule. ``care/services/health.py`` (health, missing, OC2) is a sibling module.
"""

from opencsc.care.services.changes import care_change, reason_new_episode
from opencsc.care.services.periods import period_end, period_start
from opencsc.care.services.reviews import (
    care_plan_agree,
    iro_contact_record,
    placed_with_parents_review_record,
    review_record,
)

__all__ = [
    "care_change",
    "care_plan_agree",
    "iro_contact_record",
    "period_end",
    "period_start",
    "placed_with_parents_review_record",
    "reason_new_episode",
    "review_record",
]
