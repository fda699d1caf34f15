"""Children looked after pages: periods of care, changes, reviews, IRO contacts, care
plans, the review of a care order at home and an IRO's reviews due. (views/health.py
holds the health, missing and wellbeing pages.)"""

from opencsc.care.views.periods import change, period_detail, period_end, period_start
from opencsc.care.views.reviews import (
    care_plan_new,
    iro_contact_new,
    pwp_review_new,
    review_new,
    reviews_due,
)

__all__ = [
    "care_plan_new",
    "change",
    "iro_contact_new",
    "period_detail",
    "period_end",
    "period_start",
    "pwp_review_new",
    "review_new",
    "reviews_due",
]
