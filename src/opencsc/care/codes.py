"""The SSDA903 code lists (children looked after return), as the DfE's 2025-26
validator accepts them (csc-validator-be-903: rules 144 LS, 145 CIN, 146 PLACE, 149 REC,
167 REVIEW_CODE; SW_REASON is in core.codes, beside allocations). The labels are the ones
users read on forms.
"""

from __future__ import annotations

from django.db import models


class ReasonNewEpisode(models.TextChoices):
    """RNE: why a 903 episode began. Worked out by the services, never typed by users."""

    STARTED = "S", "Started to be looked after"
    LEGAL_STATUS = "L", "Change of legal status only"
    PLACEMENT_AND_CARER = "P", "Change of placement and carer"
    SAME_CARER = "T", "Change of placement, same carer"
    ALL_SAME_DAY = "B", "Change of legal status, placement and carer on the same day"
    STATUS_AND_PLACEMENT = "U", "Change of legal status and placement, same carer"


class LegalStatus(models.TextChoices):
    INTERIM_CARE_ORDER = "C1", "Interim care order"
    CARE_ORDER = "C2", "Full care order"
    FREEING_ORDER = "D1", "Freeing order granted (before 30 December 2005)"
    PLACEMENT_ORDER = "E1", "Placement order granted"
    SECTION_20 = "V2", "Single period of accommodation under section 20"
    SHORT_BREAKS_EPISODES = "V3", "Accommodated under an agreed series of short breaks"
    SHORT_BREAKS_AGREEMENT = "V4", "Short breaks under an agreement (recorded as agreements)"
    REMAND = "J1", "Remanded to local authority accommodation or youth detention"
    PACE = "J2", "Placed in accommodation under PACE"
    YOUTH_REHABILITATION = "J3", "Youth rehabilitation order with residence requirement"
    POLICE_PROTECTION = "L1", "Under police protection in local authority accommodation"
    EPO = "L2", "Emergency protection order"
    CHILD_ASSESSMENT_ORDER = "L3", "Child assessment order, in local authority accommodation"


#: 903 rules 365-367: short breaks are not periods of care in the usual sense.
SHORT_BREAK_STATUSES = frozenset({"V3", "V4"})
#: 903 rules 361-364: the most days an emergency or PACE status may last (L1 police
#: protection 72 hours; L2 an EPO, 8 days plus one 7-day extension in law (s.45), which
#: is stricter than rule 362's 21; L3 a child assessment order 7 days; J2 PACE 21 days).
STATUS_DAY_LIMITS = {"L1": 3, "L2": 15, "L3": 7, "J2": 21}


class Placement(models.TextChoices):
    ADOPTION_CONSENT_WITH_CARER = (
        "A3",
        "Placed for adoption with consent, with current foster carer",
    )
    ADOPTION_CONSENT = "A4", "Placed for adoption with consent, not with current foster carer"
    ADOPTION_ORDER_WITH_CARER = (
        "A5",
        "Placed for adoption under a placement order, with current foster carer",
    )
    ADOPTION_ORDER = (
        "A6",
        "Placed for adoption under a placement order, not with current foster carer",
    )
    SECURE_HOME = "K1", "Secure children's home"
    CHILDRENS_HOME = "K2", "Children's home"
    SUPPORTED_ACCOMMODATION = "K3", "Supported accommodation (16 and over)"
    WITH_PARENTS = "P1", "Placed with parents or others with parental responsibility"
    RESIDENTIAL_EMPLOYMENT = "P3", "Residential employment"
    RESIDENTIAL_CARE_HOME = "R1", "Residential care home"
    NHS = "R2", "NHS or health trust establishment"
    FAMILY_CENTRE = "R3", "Family centre or mother and baby unit"
    YOUNG_OFFENDER_INSTITUTION = "R5", "Young offender institution or prison"
    RESIDENTIAL_SCHOOL = "S1", "Residential school"
    TEMPORARY = "T0", "Temporary placement (any of T1 to T4)"
    TEMPORARY_HOSPITAL = "T1", "Temporary: in hospital"
    TEMPORARY_HOLIDAY = "T2", "Temporary: on holiday"
    TEMPORARY_CARER_HOLIDAY = "T3", "Temporary: while the carer is on holiday"
    TEMPORARY_SHORT = "T4", "Temporary: seven days or less"
    KINSHIP_LONG_TERM = "U1", "Foster placement with a relative or friend, long term"
    KINSHIP_FFA = "U2", "Foster placement with a relative or friend, fostering for adoption"
    KINSHIP_OTHER = "U3", "Foster placement with a relative or friend, other"
    FOSTER_LONG_TERM = "U4", "Foster placement with another carer, long term"
    FOSTER_FFA = "U5", "Foster placement with another carer, fostering for adoption"
    FOSTER_OTHER = "U6", "Foster placement with another carer, other"
    # 2025-26 split the old Z1 into four; the DfE guide gives their meanings (DOMAIN.md
    # flags the labels as unverified, so they name the code rather than guess).
    OTHER_Z11 = "Z11", "Other placement (903 code Z11)"
    OTHER_Z12 = "Z12", "Other placement (903 code Z12)"
    OTHER_Z13 = "Z13", "Other placement (903 code Z13)"
    OTHER_Z14 = "Z14", "Other placement (903 code Z14)"


ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
TEMPORARY_PLACEMENTS = frozenset({"T0", "T1", "T2", "T3", "T4"})
#: 903 rules 218 and 222 (2025-26): the placements with no Ofsted URN. (K3 supported
#: accommodation is registered with Ofsted from 2025-26, so it needs one.)
NO_URN_PLACEMENTS = frozenset(
    {"P1", "P3", "R1", "R2", "R5", *TEMPORARY_PLACEMENTS, "Z11", "Z12", "Z13", "Z14"}
)


class PlacementProvider(models.TextChoices):
    PARENTS = "PR0", "Parent or other person with parental responsibility"
    OWN_LA = "PR1", "Own local authority"
    OTHER_LA = "PR2", "Other local authority"
    OTHER_PUBLIC = "PR3", "Other public provision (for example, a primary care trust)"
    PRIVATE = "PR4", "Private provision"
    VOLUNTARY = "PR5", "Voluntary or third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    CONTINUES = "X1", "Episode ceased, the child remains looked after"
    ADOPTED_UNOPPOSED = "E11", "Adopted: application unopposed"
    ADOPTED_DISPENSED = "E12", "Adopted: consent dispensed with by the court"
    DIED = "E2", "Died"
    ANOTHER_LA = "E3", "Care taken over by another local authority"
    HOME_PLANNED = (
        "E4A",
        "Returned home to parents or others with parental responsibility, as planned",
    )
    HOME_UNPLANNED = (
        "E4B",
        "Returned home to parents or others with parental responsibility, not as planned",
    )
    RELATIVE = (
        "E13",
        "Left care to live with a relative or other person without parental responsibility",
    )
    CHILD_ARRANGEMENTS = "E41", "Residence or child arrangements order granted"
    SGO_FORMER_CARER_RELATIVE = (
        "E45",
        "Special guardianship order: former foster carer, relative or friend",
    )
    SGO_FORMER_CARER_OTHER = "E46", "Special guardianship order: former foster carer, other"
    SGO_RELATIVE = (
        "E47",
        "Special guardianship order: carer not a former foster carer, relative or friend",
    )
    SGO_OTHER = "E48", "Special guardianship order: carer not a former foster carer, other"
    INDEPENDENT_SUPPORTED = "E5", "Moved into independent living with supportive accommodation"
    INDEPENDENT = "E6", "Moved into independent living without formalised support"
    ADULT_CARE = "E7", "Transferred to residential care funded by adult social care"
    CUSTODY = "E9", "Sentenced to custody"
    REMAND_ENDED = "E14", "Accommodation on remand ended"
    AGE_ASSESSED = "E15", "Age assessment found the child to be 18 or over"
    ABROAD = "E16", "Child moved abroad"
    STAYING_PUT = "E17", "Aged 18 and over, stayed with the former foster carers (staying put)"
    OTHER = "E8", "Period of being looked after ceased for any other reason"


#: The CIN census closure reason that matches how a period of care ended, so the two
#: returns tell the same story (CIN census ReasonForClosure, 903 REC).
CIN_CLOSURE_FOR_REC = {
    "E11": "RC1",
    "E12": "RC1",
    "E2": "RC2",
    "E41": "RC3",
    "E45": "RC4",
    "E46": "RC4",
    "E47": "RC4",
    "E48": "RC4",
    "E3": "RC5",
    "E7": "RC6",
}


class ReasonPlacementChange(models.TextChoices):
    CARE_PLAN = "CARPL", "Change to the child's care plan"
    CLOSE = "CLOSE", "Carer resigned or the provision closed"
    ALLEGATION = "ALLEG", "Allegation (section 47 enquiry)"
    STANDARDS = "STAND", "Concerns about the standard of care"
    APPROVAL_REMOVED = "APPRR", "Carer's approval removed"
    CARER_BEHAVIOUR = "CREQB", "Carer requested: the child's behaviour"
    CARER_OTHER = "CREQO", "Carer requested: other reasons"
    CHILD = "CHILD", "The child requested the move"
    LA = "LAREQ", "The authority requested the move (not a change of care plan)"
    STATUS_ONLY = "PLACE", "Change of placement status only (for example, to long term)"
    CUSTODY = "CUSTOD", "Custody"
    OTHER = "OTHER", "Other"


class ReviewParticipation(models.TextChoices):
    UNDER_FOUR = "PN0", "Child under 4 at the time of the review"
    SPOKE = "PN1", "Child attended and spoke for themselves"
    ADVOCATE = "PN2", "Child attended, an advocate spoke for them"
    NON_VERBAL = "PN3", "Child attended and conveyed their views non-verbally"
    NO_CONTRIBUTION = "PN4", "Child attended but did not contribute"
    ADVOCATE_ABSENT = "PN5", "Child absent, an advocate conveyed their views"
    VIEWS_SENT = "PN6", "Child absent, conveyed their views by another means"
    NO_VIEWS = "PN7", "Child absent and did not convey their views"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class SDQReason(models.TextChoices):
    UNDER_FOUR_OR_OVER_16 = "SDQ1", "No SDQ: the child is under 4 or over 16"
    CARER_REFUSED = "SDQ2", "No SDQ: the carer refused"
    SEVERE_DISABILITY = "SDQ3", "No SDQ: the child's disability made it impractical"
    NOT_RETURNED = "SDQ4", "No SDQ: the questionnaire was not returned"
    OTHER = "SDQ5", "No SDQ: other reason"


class PermanenceOption(models.TextChoices):
    """Ofsted Annex A list 8, 'Permanence plan'."""

    RETURN_HOME = "return_home", "Return to family"
    ADOPTION = "adoption", "Adoption"
    SGO_CAO = "sgo_cao", "Special guardianship or child arrangements order"
    SUPPORTED_LIVING = "supported_living", "Supported living in the community"
    LONG_TERM_RESIDENTIAL = "long_term_residential", "Long-term residential placement"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    OTHER = "other", "Other"


class PreviousPermanence(models.TextChoices):
    """903 PrevPerm: the order that ended an earlier permanence before this period."""

    ADOPTION = "P1", "Adoption"
    SGO = "P2", "Special guardianship order"
    CAO = "P3", "Residence or child arrangements order"
    NONE_KNOWN = "P4", "Adoption, SGO or CAO: which one is not known"
    UNKNOWN = "Z1", "Not known whether there was a previous permanence order"
