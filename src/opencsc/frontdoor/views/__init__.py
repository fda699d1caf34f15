"""Front door pages: the worklist, contacts, decisions, handovers and early help."""

from opencsc.frontdoor.views.contacts import (
    contact_detail,
    contact_handover,
    contact_information,
    contact_new,
)
from opencsc.frontdoor.views.decide import contact_decide
from opencsc.frontdoor.views.earlyhelp import earlyhelp_detail, earlyhelp_step_up, earlyhelp_update
from opencsc.frontdoor.views.worklist import worklist

__all__ = [
    "contact_decide",
    "contact_detail",
    "contact_handover",
    "contact_information",
    "contact_new",
    "earlyhelp_detail",
    "earlyhelp_step_up",
    "earlyhelp_update",
    "worklist",
]
