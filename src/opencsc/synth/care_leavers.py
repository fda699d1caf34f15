"""Planning support as a care leaver (Children (Leaving Care) Act 2000; Care Leavers
(England) Regulations 2010): a personal adviser from 16, pathway plans reviewed at least
every six months, contact at least every eight weeks, where the young person lives and
what they do, staying put with former foster carers, support to 21 (to 25 for those who
ask). A mixin of the planner, used by ``care.CarePlanning``."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from opencsc.care.codes import FOSTER_PLACEMENTS
from opencsc.synth import calibration as cal
from opencsc.synth.calendar import years_after
from opencsc.synth.care_plan import PlannedCare, PlannedLeaver
from opencsc.synth.organisation import LEAVING_CARE

if TYPE_CHECKING:
    from opencsc.synth.organisation import OrgPlan
    from opencsc.synth.population import PlannedPerson

__all__ = ["LeaverPlanning"]

#: Where care leavers live after 18, by how they left care (903 OC3 ACCOM codes).
_ACCOMMODATION = {
    "E17": {"Z": 100},
    "E5": {"D": 40, "E": 25, "T": 10, "U": 20, "W": 2, "V": 3},
    "E6": {"U": 60, "K": 30, "S": 4, "W": 3, "V": 3},
    "E4A": {"B": 100},
    "E13": {"B": 100},
    "E8": {"B": 30, "D": 25, "U": 25, "E": 12, "W": 4, "V": 4},
}
_MOVE_TO = {"D": 30, "U": 40, "E": 10, "K": 10, "B": 6, "W": 2, "V": 2}
_UNSUITABLE = {"W", "V", "S"}
_ACTIVITY = cal.Weighted({"F2": 25, "F4": 14, "P4": 8, "F5": 6, "F1": 7, "P2": 4, "G4": 9,
                          "G5": 22, "G6": 5})


class LeaverPlanning:
    if TYPE_CHECKING:
        care_rng: random.Random
        as_of: date
        first_day: date
        org: OrgPlan

    def _leaver_init(self) -> None:
        self.advisers = self.org.named(LEAVING_CARE).workers

    def _leaver(self, care: PlannedCare, child: PlannedPerson, born: date) -> None:
        """Eligible at 16 after 13 weeks looked after since 14 (Children Act 1989 sch 2
        para 19B; the Care Leavers Regulations 2010 reg 40): a personal adviser, pathway
        plans and contact from then."""
        r = self.care_rng
        fourteen, sixteen, eighteen = (years_after(born, n) for n in (14, 16, 18))
        left = care.end or self.as_of + timedelta(days=1)
        since = max(care.start, fourteen)
        start = max(sixteen, since + timedelta(days=91))
        if start >= left or start > self.as_of:
            return
        start = max(start, self.first_day)
        if start > self.as_of or (care.end is not None and care.end < eighteen and
                                  care.end_reason not in ("E5", "E6", "E8", "E13")):
            # Gone home, adopted or under an order before 18: no longer a care leaver.
            return
        until = years_after(born, 25 if r.random() < 0.15 else 21)
        stop = min(until, self.as_of + timedelta(days=1))
        leaver = PlannedLeaver(start=start, adviser=r.choice(self.advisers))
        d = start
        while d < stop:
            leaver.pathway_plans.append(d)
            d += timedelta(days=r.randint(150, 182) if r.random() < 0.9 else r.randint(183, 240))
        d = start + timedelta(days=r.randint(1, 14))
        while d < stop:
            leaver.contacts.append(d)
            d += timedelta(days=r.randint(21, 56) if r.random() < 0.88 else r.randint(57, 90))
        out = care.end if care.end is not None and care.end <= self.as_of else None
        if out is not None:
            reason = care.end_reason if care.end_reason in _ACCOMMODATION else "E8"
            kind = cal.Weighted(_ACCOMMODATION[reason]).draw(r)
            leaver.accommodation.append((out, kind, kind not in _UNSUITABLE))
            if kind == "Z" and care.placement.placement in FOSTER_PLACEMENTS | {"U4", "U1"}:
                ends = out + timedelta(days=r.randint(180, 1100))
                leaver.staying_put = (out, ends if ends <= self.as_of else None)
            d = out + timedelta(days=r.randint(120, 700))
            while d < stop:
                kind = cal.Weighted(_MOVE_TO).draw(r)
                leaver.accommodation.append((d, kind, kind not in _UNSUITABLE))
                d += timedelta(days=r.randint(150, 800))
        d = start
        while d < stop:
            leaver.activity.append((d, _ACTIVITY.draw(r)))
            d += timedelta(days=r.randint(180, 420))
        care.leaver = leaver
