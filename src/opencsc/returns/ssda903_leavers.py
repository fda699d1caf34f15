"""The SSDA903 OC3 (care leavers around their 17th to 21st birthdays) and SWEpisodes
(the child's social workers, from allocations) tables.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from opencsc.care.codes import SHORT_BREAK_STATUSES
from opencsc.core.working_days import add_months
from opencsc.returns.ssda903_data import Records903
from opencsc.returns.ssda903_rows import d

Row = dict[str, str]

#: 903 rules 1000/1011/1001: no care leaver information after dying in care, a transfer to
#: another authority, or adoption.
NOT_CARE_LEAVERS = frozenset({"E2", "E3", "E11", "E12"})
#: 903 rule 344: died or returned home for 6 months: activity and accommodation are 0.
NO_DETAILS = frozenset({"DIED", "RHOM"})


def birthday(dob: dt.date, years: int) -> dt.date:
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # born on 29 February
        return dob.replace(year=dob.year + years, day=28)


def care_leaver_birthday(rec: Records903, child_id: int) -> tuple[int, dt.date] | None:
    """The 17th to 21st birthday in the year for which the child is a care leaver, or
    None (903 guide; rules 391, 1000-1002, 1007, 1011, 1016)."""
    p = rec.period
    person = rec.people[child_id]
    dob = person["date_of_birth"]
    if dob is None:
        return None
    found = [
        (age, birthday(dob, age)) for age in range(17, 22) if p.start <= birthday(dob, age) <= p.end
    ]
    if not found:
        return None
    age, day = found[0]
    episodes = [
        e for e in rec.episodes.get(child_id, []) if e["legal_status"] not in SHORT_BREAK_STATUSES
    ]
    if not episodes:
        return None
    # 903 rules 1007/1016: still, or again, looked after on or after the birthday: not a
    # care leaver yet.
    if any(e["end_date"] is None or e["end_date"] >= day for e in episodes):
        return None
    if episodes[-1]["end_reason"] in NOT_CARE_LEAVERS:
        return None
    # 903 rule 1001 (relevant and former relevant children, Children (Leaving Care) Act
    # 2000): looked after for at least 13 weeks since the 14th birthday, some of it after
    # the 16th.
    since_14 = since_16 = 0
    for e in episodes:
        end = e["end_date"]
        since_14 += max(0, (end - max(e["start_date"], birthday(dob, 14))).days)
        since_16 += max(0, (end - max(e["start_date"], birthday(dob, 16))).days)
    if since_14 < 91 or since_16 < 1:
        return None
    return age, day


def _as_at(rows: list[dict[str, Any]], day: dt.date, key: str) -> str:
    """The latest value recorded on or before ``day`` (rows ordered by from_date)."""
    value = ""
    for row in rows:
        if row["from_date"] <= day:
            value = row[key]
    return value


def oc3_rows(rec: Records903, leavers: dict[int, tuple[int, dt.date]]) -> list[Row]:
    """IN_TOUCH, ACTIV, ACCOM around the birthday (903 guide: in touch between 3 months
    before and 1 month after it; activity and accommodation as at it). Own queries:
    helper E's leaving.selectors.oc3_for did not exist when this was written."""
    rows = []
    for child_id, (_age, day) in leavers.items():
        person = rec.people[child_id]
        leaver = rec.leavers.get(child_id)
        in_touch = "NO"
        if leaver is not None and leaver["in_touch"] != "YES":
            in_touch = leaver["in_touch"]
        elif leaver is not None:
            window = (add_months(day, -3), add_months(day, 1))
            if any(window[0] <= on <= window[1] for on in rec.leaver_contacts.get(child_id, [])):
                in_touch = "YES"
        activity = accommodation = "0"  # 903 rules 344/345: 0 unless in touch
        if in_touch == "YES":
            accommodation_rows = [
                {**r, "code": f"{r['kind']}{1 if r['suitable'] else 2}"}
                for r in rec.leaver_accommodation.get(child_id, [])
            ]
            activity = _as_at(rec.leaver_activity.get(child_id, []), day, "activity") or "0"
            accommodation = _as_at(accommodation_rows, day, "code") or "0"
        rows.append(
            {
                "CHILD": person["case_number"],
                "DOB": d(person["date_of_birth"]),
                "IN_TOUCH": in_touch,
                "ACTIV": activity,
                "ACCOM": accommodation,
            }
        )
    return rows


def sw_id(worker_id: int) -> str:
    """903 rule SW02: the ID starts "SW" (a Social Work England registration number) or
    "XX" (not known). OpenCSC does not hold the registration number yet, so it reports
    "XX" and the worker's own number, stable year to year (rule SW16a)."""
    return f"XX{worker_id:06d}"


def sw_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Social worker episodes, from the child's primary allocations with a named worker,
    for every child looked after in the year (not short breaks only).

    The DfE's rules fix what is reported: SW12 wants every social worker episode to start
    on or after the day the latest period of care in the file began, SW17 the last one
    open, SW06/SW07 nothing after 31 March, SW16a/b the first to be last year's open one
    (so episodes that ended before 1 April are not read: ssda903_data). So the episodes
    reported are those of the latest period of care: the first starts on the day care
    began (or its allocation's start, if later), and the worker holding the case when
    care ended, or at 31 March, is left open. A change of worker in the period is
    reported with its reason (Allocation.change_reason; FCONTA for the first worker,
    OTHERS when not recorded: rules SW13/SW15)."""
    p = rec.period
    rows = []
    for child_id, episodes in cohort.items():
        episodes = [e for e in episodes if e["legal_status"] not in SHORT_BREAK_STATUSES]
        if not episodes:
            continue
        latest = episodes[-1]["period_id"]
        began = min(e["start_date"] for e in episodes if e["period_id"] == latest)
        ended = episodes[-1]["end_date"]
        until = p.end if ended is None or ended > p.end else ended
        person = rec.people[child_id]
        chosen = [
            a
            for a in rec.allocations.get(child_id, [])
            if a["start_date"] <= until and (a["end_date"] is None or a["end_date"] >= began)
        ]
        child_rows: list[Row] = []
        for i, a in enumerate(chosen):
            start = max(a["start_date"], began)
            end = a["end_date"]
            last = i == len(chosen) - 1
            if last or end is None or end >= until:
                end_text = ""  # 903 rule SW17: the worker at the end is open
            elif end <= start:
                continue  # 903 rule SW09: an episode lasts at least a day
            else:
                end_text = d(end)
            if child_rows and child_rows[-1]["SW_DECOM"] == d(start):
                child_rows.pop()  # 903 rule SW19: one episode a start date
            reason = a["change_reason"] or ("FCONTA" if not child_rows else "OTHERS")
            child_rows.append(
                {
                    "CHILD": person["case_number"],
                    "DOB": d(person["date_of_birth"]),
                    "SW_ID": sw_id(a["worker_id"]),
                    "SW_DECOM": d(start),
                    "SW_DEC": end_text,
                    "SW_REASON": reason,
                }
            )
            if not end_text:
                break
        rows.extend(child_rows)
    return rows
