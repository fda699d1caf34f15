"""Ofsted's codes for Annex A lists 8 to 11, spelled as liiatools' Annex A configuration
(``spec/annex_a/data-map.yml``, the ``code`` of each category) spells them, which is how
Ofsted's template lists them ("C2: FCO", "a) U1: Foster placement - relatives - long
term"...). Keys are OpenCSC's own codes (the 903's, and the adoption and leaving apps').

Where the 903 has moved on since the template (K3 replaced H5 in 2024-25; Z1 was split
into Z11-Z14 in 2025-26; ACTIV split F3/P3 into F4/P4 and F5/P5), we write the template's
code the new one replaced, with the 903 code after it, so the checker reads the template's
category and the inspector still sees the child's actual code.
"""

from __future__ import annotations

__all__ = [
    "LEGAL_STATUS",
    "PERMANENCE_PLAN",
    "REASON_CEASED",
    "PLACEMENT_TYPE",
    "PLACEMENT_PROVIDER",
    "PLACEMENT_LOCATION",
    "OUTSIDE_ENGLAND",
    "outside_england",
    "ELIGIBILITY",
    "IN_TOUCH",
    "ACCOMMODATION",
    "SUITABILITY",
    "ACTIVITY",
    "NO_LONGER_PLACED",
    "LEFT_ADOPTION",
    "UNKNOWN",
]

#: The third answer of Ofsted's yes/no columns, for what the records do not say.
UNKNOWN = "c) Unknown"

# --------------------------------------------------------------------------- list 8

LEGAL_STATUS = {
    "C1": "C1: ICO",
    "C2": "C2: FCO",
    "D1": "D1: Freeing order",
    "E1": "E1: Placement order",
    "V2": "V2: Single period under S20",
    "V3": "V3: Short term breaks, episodes recorded",
    "V4": "V4: Short term breaks, agreements recorded",
    "L1": "L1: Police protection LA accommodation",
    "L2": "L2: EPO",
    "L3": "L3: Child assessment order LA accommodation",
    "J1": "J1: Remanded to LA or youth detention",
    "J2": "J2: LA accommodation under PACE",
    "J3": "J3: Youth rehabilitation order",
}

#: care.codes.PermanenceOption -> Ofsted's permanence plan.
PERMANENCE_PLAN = {
    "return_home": "a) Return to family",
    "adoption": "b) Adoption",
    "sgo_cao": "c) SGO/CAO",
    "supported_living": "d) Supported living in the community",
    "long_term_residential": "e) Long-term residential placement",
    "long_term_fostering": "f) Long-term fostering",
    "other": "g) other",
}

REASON_CEASED = {
    "E11": "a) E11: Adopted - application unopposed",
    "E12": "b) E12: Adopted - consent dispensed",
    "E2": "c) E2: Died",
    "E3": "d) E3: Care taken by another LA",
    "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
    "E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
    "E13": "g) E13: Parents, relatives or other with no parental responsibility",
    "E41": "h) E41: Residence order granted",
    "E45": "i) E45: Special Guardianship Orders - former carer relative/friend",
    "E46": "j) E46: Special Guardianship Orders - former carer other",
    "E47": "k) E47: Special Guardianship Orders - relative/friend",
    "E48": "l) E48: Special Guardianship Orders - other",
    "E5": "m) E5: Moved into independent living - supported",
    "E6": "n) E6: Moved into independent living - no support",
    "E7": "o) E7: Transferred to residential care funded by adult social services",
    "E9": "p) E9: Sentenced to custody",
    "E14": "q) E14: Accommodation on remand ended",
    "E15": "r) E15: Age assessment determined child was 18 or over",
    "E16": "s) E16: Child moved abroad",
    "E8": "t) E8: Care ceased for any other reason",
    "E17": "v) E17: Aged 18+ and remained with current carers",
}

_Z1 = "v) Z1: Other placements"
PLACEMENT_TYPE = {
    "U1": "a) U1: Foster placement - relatives - long term",
    "U2": "b) U2: Foster placement - relative - FFA",
    "U3": "c) U3: Foster placement - relative - not FFA",
    "U4": "d) U4: Foster placement - long term",
    "U5": "e) U5: Foster placement - FFA",
    "U6": "f) U6: Foster placement - not FFA",
    "A3": "g) A3: Placed for adoption - consent - current foster",
    "A4": "h) A4: Placed for adoption - consent - not foster",
    "A5": "i) A5: Placed for adoption - order - foster",
    "A6": "j) A6: Placed for adoption - order - not foster",
    "P1": "k) P1: Placed with parents",
    "P3": "m) P3: Residential employment",
    # 903 2024-25: K3 supported accommodation replaced H5 (semi-independent living).
    "K3": "n) H5: Residential accommodation (903 K3: supported accommodation, 16 and over)",
    "K1": "o) K1: Secure Children's Homes",
    "K2": "p) K2: Children's Homes",
    "R1": "q) R1: Residential Care Home",
    "R2": "r) R2: NHS/Health Trust",
    "R3": "s) R3: Family Centre or Mother and Baby Unit",
    "R5": "t) R5: Young Offender Institution",
    "S1": "u) S1: Residential school",
    # 903 2025-26 split Z1 (other placements) into Z11 to Z14.
    "Z11": f"{_Z1} (903 Z11)",
    "Z12": f"{_Z1} (903 Z12)",
    "Z13": f"{_Z1} (903 Z13)",
    "Z14": f"{_Z1} (903 Z14)",
    "T0": "w) T0: Temporary placement",
    "T1": "x) T1: Temporary placement - hospital",
    "T2": "y) T2: Temporary placement - holiday",
    "T3": "z) T3: Temporary placement - carer holiday",
    "T4": "zz) T4: Temporary placement - seven days or less",
}

PLACEMENT_PROVIDER = {
    "PR0": "a) PR0: Parents/Parental responsibility",
    "PR1": "b) PR1: Own provision",
    "PR2": "c) PR2: Other LA provision",
    "PR3": "d) PR3: Other public provision",
    "PR4": "e) PR4: Private provision",
    "PR5": "f) PR5: Voluntary/third sector",
}

PLACEMENT_LOCATION = {True: "a) In", False: "b) Out"}

#: "LA of Placement" for placements outside England: Ofsted's codes.
OUTSIDE_ENGLAND = {
    "NIR": "NIR - Child placed in Northern Ireland",
    "WAL": "WAL - Child placed in Wales",
    "SCO": "SCO - Child placed in Scotland",
    "NUK": "NUK - Child placed outside the UK",
}

# Postcode areas wholly outside England (Royal Mail). Areas that straddle a border (CH,
# DG's neighbour CA, LD's neighbour HR, SY, TD, NP's neighbour GL) are left to care/areas.py.
_AREAS = {
    "NIR": {"BT"},
    "WAL": {"CF", "LD", "LL", "NP", "SA"},
    "SCO": {
        "AB",
        "DD",
        "DG",
        "EH",
        "FK",
        "G",
        "HS",
        "IV",
        "KA",
        "KW",
        "KY",
        "ML",
        "PA",
        "PH",
        "ZE",
    },
}


def outside_england(postcode: str) -> str | None:
    """NIR, WAL or SCO when the postcode's area lies wholly in that nation, else None."""
    area = ""
    for char in postcode.strip().upper():
        if not char.isalpha():
            break
        area += char
    for nation, areas in _AREAS.items():
        if area in areas:
            return nation
    return None


# --------------------------------------------------------------------------- list 9

#: leaving.Eligibility -> Ofsted's eligibility category. Ofsted's list 9 is everyone who
#: has reached the threshold for leaving care services, eligible children included
#: (D2I's SSD Annex A script, list 9, gives them "d) Eligible child").
ELIGIBILITY = {
    "relevant": "a) Relevant child",
    "former_relevant": "b) Former relevant child",
    "qualifying": "c) Qualifying care leaver",
    "eligible": "d) Eligible child",
}

IN_TOUCH = {
    "YES": "a) Yes",
    "NO": "b) No",
    "DIED": "c) Died",
    "REFU": "d) Refu",
    "NREQ": "e) NREQ",
    "RHOM": "f) Rhom",
}

ACCOMMODATION = {
    "B": "B: Parents/relatives",
    "C": "C: Community home/residential care",
    "D": "D: Semi-independent, transitional accommodation and self-contained accommodation",
    "E": "E: Supported lodgings",
    "G": "G: Abroad",
    "H": "H: Deported",
    "K": "K: Ordinary lodgings, without formal support",
    "R": "R: Residence not known",
    "S": "S: No fixed adobe/homeless",  # sic: the template's spelling, which the checker reads
    "T": "T: Foyers and similar supported accommodation",
    "U": "U: Independent living",
    "V": "V: Emergency accommodation",
    "W": "W: Bed and breakfast",
    "X": "X: In custody",
    "Y": "Y: Other accommodation",
    "Z": "Z: With former foster carers",
}

SUITABILITY = {True: "a) Suitable", False: "b) Unsuitable"}

# The template predates the 903's split of training or employment (F3/P3) into F4/P4 and
# F5/P5: both halves are "training or employment".
ACTIVITY = {
    "F1": "F1: Full time in higher education",
    "P1": "P1: Part time in higher education",
    "F2": "F2: Full time in education other than higher",
    "P2": "P2: Part time in education other than higher",
    "F4": "F3: Full time in training or employment (903 F4)",
    "P4": "P3: Part time in training or employment (903 P4)",
    "F5": "F3: Full time in training or employment (903 F5)",
    "P5": "P3: Part time in training or employment (903 P5)",
    "G4": "G4: Not in education, employment or training - illness or disability",
    "G5": "G5: Not in education, employment or training - other",
    "G6": "G6: Not in education, employment or training - pregnancy or parenting",
}

# --------------------------------------------------------------------------- lists 10, 11

NO_LONGER_PLACED = {
    "RD1": "RD1 - The child\u2019s needs changed subsequent to the decision",
    "RD2": "RD2 - The Court did not make a placement order",
    "RD3": "RD3 - Prospective adopters could not be found",
    "RD4": "RD4 - Any other reason",
}

#: adoption.AdoptiveFamily.LeftReason -> Ofsted's reason for leaving the process. Ofsted
#: has no "other": those cells stay blank (the column may be).
LEFT_ADOPTION: dict[str, str | None] = {
    "withdrew": "1 - Adopter withdrew from process",
    "not_suitable": "3 - Application refused",
    "other": None,
}
