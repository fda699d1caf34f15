"""The SSDA903 tables about children looked after in the year: Header, Episodes,
Reviews, UASC, OC2, AD1, PlacedAdoption, PrevPerm and Missing, as rows of strings.

Cohorts are the 903 guide's, as the DfE validator's rules (csc-validator-be-903) encode
them; each function cites the rules it follows. Rows are keyed by the child's case
number (Person.case_number), the return's CHILD.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from opencsc.care.codes import NO_URN_PLACEMENTS, SHORT_BREAK_STATUSES
from opencsc.returns.ssda903_data import Records903

Row = dict[str, str]

ADOPTED = frozenset({"E11", "E12"})
#: 903 rule 168: the UPN-unknown codes the 903 accepts (the CIN census also has UN6/UN7).
UPN_UNKNOWN_903 = frozenset({"UN1", "UN2", "UN3", "UN4", "UN5"})


def d(value: dt.date | None) -> str:
    """A 903 date: dd/mm/yyyy, or blank."""
    return value.strftime("%d/%m/%Y") if value else ""


def in_year_episodes(rec: Records903) -> dict[int, list[dict[str, Any]]]:
    """903 guide: every episode open at any time between 1 April and 31 March, for every
    child looked after in the year (the first one open at 1 April: rules 502/503)."""
    p = rec.period
    out: dict[int, list[dict[str, Any]]] = {}
    for child_id, episodes in rec.episodes.items():
        chosen = [
            e
            for e in episodes
            if e["start_date"] <= p.end and (e["end_date"] is None or e["end_date"] >= p.start)
        ]
        if chosen:
            out[child_id] = chosen
    return out


def short_breaks_only(episodes: list[dict[str, Any]]) -> bool:
    return all(e["legal_status"] in SHORT_BREAK_STATUSES for e in episodes)


def sex_code(sex: str, year: int) -> str:
    # 903 rule 101: M/F/U from 2024-25; 1 (male) / 2 (female) before.
    if year >= 2025:
        return sex or "U"
    return {"M": "1", "F": "2"}.get(sex, "")


def episode_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    p = rec.period
    rows = []
    for child_id, episodes in cohort.items():
        person = rec.people[child_id]
        for e in episodes:
            # 903 rules 354/385: nothing after 31 March; the episode is open at the year end.
            ended = e["end_date"] is not None and e["end_date"] <= p.end
            # 903 rules 398/420: no postcodes for short breaks. Rule 169 wants the placing
            # authority (from the placement postcode) for every other episode; rule 406
            # no distance for a child who is or was an unaccompanied asylum seeker, so
            # their home postcode (there is none in England) is left out.
            postcodes = e["legal_status"] not in SHORT_BREAK_STATUSES
            home = postcodes and not (person["uasc"] or person["uasc_ceased"])
            rows.append(
                {
                    "CHILD": person["case_number"],
                    "DECOM": d(e["start_date"]),
                    "RNE": e["reason_new_episode"],
                    "LS": e["legal_status"],
                    "CIN": e["category_of_need"],
                    "PLACE": e["placement"],
                    "PLACE_PROVIDER": e["provider"],
                    "DEC": d(e["end_date"]) if ended else "",
                    "REC": e["end_reason"] if ended else "",
                    # 903 rules 225/226/233: only on an episode that ended in a move.
                    "REASON_PLACE_CHANGE": (
                        e["reason_place_change"] if ended and e["end_reason"] == "X1" else ""
                    ),
                    "HOME_POST": e["home_postcode"].upper() if home else "",
                    "PL_POST": e["placement_postcode"].upper() if postcodes else "",
                    # 903 rules 218/222: a URN only for registered placements.
                    "URN": "" if e["placement"] in NO_URN_PLACEMENTS else e["urn"],
                }
            )
    return rows


def last_day_looked_after(rec: Records903, episodes: list[dict[str, Any]]) -> dt.date:
    last = episodes[-1]["end_date"]
    return rec.period.end if last is None or last > rec.period.end else last


def header_row(rec: Records903, child_id: int, episodes: list[dict[str, Any]] | None) -> Row:
    person = rec.people[child_id]
    upn = person["upn"] or (
        person["upn_unknown_reason"] if person["upn_unknown_reason"] in UPN_UNKNOWN_903 else ""
    )
    mother = mc_dob = ""
    # 903 rules 393/607: mother status for girls looked after (not short breaks only);
    # 628: not for care leavers who were not looked after in the year.
    if episodes and person["sex"] == "F" and not short_breaks_only(episodes):
        first = rec.first_child_born.get(child_id)
        # 903 rule 625: a child born after the mother left care is not reported.
        if first is not None and first <= last_day_looked_after(rec, episodes):
            mother, mc_dob = "1", d(first)
        else:
            mother = "0"
    return {
        "CHILD": person["case_number"],
        "SEX": sex_code(person["sex"], rec.period.year),
        "DOB": d(person["date_of_birth"]),
        "ETHNIC": person["ethnicity"],
        "UPN": upn,
        "MOTHER": mother,
        "MC_DOB": mc_dob,
    }


def review_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    rows = []
    for child_id, episodes in cohort.items():
        if short_breaks_only(episodes):  # 903 rule 399: no reviews for short breaks only
            continue
        person = rec.people[child_id]
        for review in rec.reviews.get(child_id, []):
            rows.append(
                {
                    "CHILD": person["case_number"],
                    "DOB": d(person["date_of_birth"]),
                    "REVIEW": d(review["held_on"]),
                    "REVIEW_CODE": review["participation"],
                }
            )
    return rows


def uasc_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Children looked after in the year who were unaccompanied asylum seekers at any
    time in it, with the date that ended (903 rules 205A-D, 303, 304; 1014: not for care
    leavers who were not looked after)."""
    p = rec.period
    rows = []
    for child_id in cohort:
        person = rec.people[child_id]
        ceased = person["uasc_ceased"]
        if not person["uasc"] and ceased is None:
            continue
        if ceased is not None and ceased < p.start:
            continue
        rows.append(
            {
                "CHILD": person["case_number"],
                "SEX": sex_code(person["sex"], p.year),
                "DOB": d(person["date_of_birth"]),
                "DUC": d(ceased) if ceased is not None and ceased <= p.end else "",
            }
        )
    return rows


def oc2_rows(
    rec: Records903, cohort: dict[int, list[dict[str, Any]]], leavers: set[int]
) -> list[Row]:
    """Children looked after continuously for 12 months at 31 March (903 rules 185/190/
    191): the items from care.health_selectors.oc2_for; 215: never for care leavers."""
    rows = []
    for child_id in cohort:
        items = rec.oc2.get(child_id)
        if items is None or child_id in leavers:
            continue
        person = rec.people[child_id]
        rows.append({"CHILD": person["case_number"], "DOB": d(person["date_of_birth"]), **items})
    return rows


def adopter_sexes(sexes: list[str]) -> str:
    # 903 rules 176/511: M1/F1 for one adopter, MM/FF/MF for a couple.
    if len(sexes) == 1:
        return f"{sexes[0]}1"
    if len(sexes) == 2:
        return "MF" if set(sexes) == {"M", "F"} else sexes[0] * 2
    return ""


def ad1_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Children adopted in the year: their care ended E11/E12 (903 rules 601/602)."""
    p = rec.period
    rows = []
    for child_id, episodes in cohort.items():
        last = episodes[-1]
        if (
            last["end_reason"] not in ADOPTED
            or last["end_date"] is None
            or last["end_date"] > p.end
        ):
            continue
        plans = [
            plan
            for plan in rec.adoption_plans.get(child_id, [])
            if plan["period_id"] == last["period_id"] and plan["no_longer_placed_on"] is None
        ]
        if not plans:
            continue
        plan = plans[-1]
        sexes = rec.adopters.get(plan["family_id"], []) if plan["family_id"] else []
        person = rec.people[child_id]
        rows.append(
            {
                "CHILD": person["case_number"],
                "DOB": d(person["date_of_birth"]),
                "DATE_INT": d(plan["decided_on"]),
                "DATE_MATCH": d(plan["matched_on"]),
                "FOSTER_CARE": "1" if plan["placed_with_own_foster_carer"] else "0",
                "NB_ADOPTR": str(len(sexes)) if sexes else "",
                "SEX_ADOPTR": adopter_sexes(sexes),
                "LS_ADOPTR": plan["family__legal_status"] or "",
            }
        )
    return rows


def placed_adoption_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Every decision that a child looked after in the year should be placed for adoption,
    made in a period of care that ran in the year, unless reversed before 1 April (903
    rules 117/118, 559, 579, 583); the reversal only when made by 31 March (rule 117)."""
    p = rec.period
    rows = []
    for child_id, episodes in cohort.items():
        periods = {e["period_id"] for e in episodes}
        person = rec.people[child_id]
        for plan in rec.adoption_plans.get(child_id, []):
            if plan["period_id"] not in periods:
                continue
            reversed_on = plan["no_longer_placed_on"]
            if reversed_on is not None and reversed_on < p.start:
                continue
            reversed_in_year = reversed_on is not None and reversed_on <= p.end
            rows.append(
                {
                    "CHILD": person["case_number"],
                    "DOB": d(person["date_of_birth"]),
                    "DATE_PLACED": d(plan["decided_on"]),
                    "DATE_PLACED_CEASED": d(reversed_on) if reversed_in_year else "",
                    "REASON_PLACED_CEASED": (
                        plan["no_longer_placed_reason"] if reversed_in_year else ""
                    ),
                }
            )
    return rows


def prev_perm_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Children who started to be looked after in the year (RNE S): the permanence order
    that ended before, or Z1 not known (903 rules 630-635)."""
    p = rec.period
    rows = []
    for child_id, episodes in cohort.items():
        started = [
            e for e in episodes if e["reason_new_episode"] == "S" and e["start_date"] >= p.start
        ]
        if not started:
            continue
        period = next(
            (x for x in rec.periods.get(child_id, []) if x["pk"] == started[-1]["period_id"]), None
        )
        code = (period or {}).get("previous_permanence") or "Z1"
        person = rec.people[child_id]
        known = code != "Z1"  # 903 rule 635: no date or authority with Z1
        rows.append(
            {
                "CHILD": person["case_number"],
                "DOB": d(person["date_of_birth"]),
                "PREV_PERM": code,
                "LA_PERM": (period or {}).get("previous_permanence_la", "").strip().upper()
                if known
                else "",
                "DATE_PERM": d((period or {}).get("previous_permanence_date")) if known else "",
            }
        )
    return rows


def missing_rows(rec: Records903, cohort: dict[int, list[dict[str, Any]]]) -> list[Row]:
    """Times missing or away in the year (903 rules 570/571: an end after 31 March is
    left blank, the episode still open at the year end)."""
    p = rec.period
    rows = []
    for child_id in cohort:
        person = rec.people[child_id]
        for m in rec.missing.get(child_id, []):
            ended = m["ended_on"]
            rows.append(
                {
                    "CHILD": person["case_number"],
                    "DOB": d(person["date_of_birth"]),
                    "MISSING": m["kind"],
                    "MIS_START": d(m["started_on"]),
                    "MIS_END": d(ended) if ended is not None and ended <= p.end else "",
                }
            )
    return rows
