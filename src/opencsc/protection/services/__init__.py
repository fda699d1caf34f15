"""Every write to a child protection record: strategy discussions, section 47 enquiries,
conferences, child protection plans, core groups and emergency powers.

Each service is keyword-only, runs in one transaction and raises ``ValidationError``
saying what to fix. The rules are the statutory guidance (WT2023 ch.3) and the DfE's CIN
census validation rules (numbers as in its rule lists): what the census would reject
cannot be entered, so the return never needs a hand fix. Each service runs a small,
fixed number of queries, as the synthetic authority calls them many thousands of times.
"""

from opencsc.protection.services.conferences import conference_record
from opencsc.protection.services.enquiries import (
    enquiry_complete,
    enquiry_update,
    is_quorate,
    missing_agencies,
    strategy_discussion_record,
)
from opencsc.protection.services.plans import core_group_record, plan_end
from opencsc.protection.services.powers import emergency_power_record

__all__ = [
    "conference_record",
    "core_group_record",
    "emergency_power_record",
    "enquiry_complete",
    "enquiry_update",
    "is_quorate",
    "missing_agencies",
    "plan_end",
    "strategy_discussion_record",
]
