"""Code lists: DfE statutory-return codes and OpenCSC's own practice lists.

For the DfE lists the stored VALUE is the DfE code exactly as it goes into the
CIN census XML (so exports never need a mapping table) and the label is plain
English for practitioners. Sources: DfE CIN census specification/XSD (via
SocialFinanceDigitalLabs/liia-tools ``cin-2022.xsd``) plus later-year changes
checked against the D2I CIN validator (data-to-insight/csc-validator-be-cin):
5D referral source (rule 8866), RC9 (rule 8640), Sex M/F/U (rules 4180/8750,
2024-25), 18A/19A deprecated (queries 8945Q/8950Q).
"""

from __future__ import annotations

from django.db import models

__all__ = [
    "ReferralSource",
    "PrimaryNeed",
    "ReasonForClosure",
    "CategoryOfAbuse",
    "Disability",
    "UPNUnknown",
    "Ethnicity",
    "AssessmentFactor",
    "Sex",
    "ThresholdLevel",
    "ContactDecision",
    "ConsentStatus",
    "AssessmentOutcome",
    "Agency",
    "RelationshipType",
    "PersonRole",
]


# --------------------------------------------------------------------------
# DfE CIN census code lists
# --------------------------------------------------------------------------


class ReferralSource(models.TextChoices):
    """Source of referral, CIN census ReferralSource (N00152; rule 8866)."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours, childminders)"
    INDIVIDUAL_SELF = "1C", "Individual: self (the child)"
    INDIVIDUAL_OTHER = "1D", "Individual: other (including strangers)"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health: other primary health services"
    HEALTH_A_AND_E = "3E", "Health: A&E (accident and emergency)"
    HEALTH_OTHER = "3F", "Health: other (for example hospice)"
    HOUSING = "4", "Housing: council housing or housing association"
    LA_SOCIAL_CARE = "5A", "Council: social care (for example adult social care)"
    LA_OTHER_INTERNAL = "5B", "Council: other department (for example youth justice, not housing)"
    LA_EXTERNAL = "5C", "Council: another local authority"
    LA_EARLY_HELP = "5D", "Council: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "Other (children's centres, independent or voluntary organisations)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """Primary need at assessment, CIN census PrimaryNeedCode (rules 8610, 8650)."""

    NOT_STATED = "N0", "Not stated"
    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "Child's disability or illness"
    PARENT_DISABILITY = "N3", "Parent's disability or illness"
    ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"


class ReasonForClosure(models.TextChoices):
    """Reason a CIN episode closed, CIN census ReasonForClosure (rules 8640, 8585Q)."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP_ORDER = "RC4", "Special guardianship order"
    TRANSFERRED_OTHER_LA = "RC5", "Transferred to another local authority"
    TRANSFERRED_ADULT_SERVICES = "RC6", "Transferred to adult social care"
    SERVICES_CEASED = "RC7", "Services ended for another reason, including no longer in need"
    NFA_AFTER_ASSESSMENT = "RC8", "Closed after assessment: no further action"
    EARLY_HELP_AFTER_ASSESSMENT = "RC9", "Closed after assessment: referred to early help"


class CategoryOfAbuse(models.TextChoices):
    """Child protection plan category, CIN census Initial/LatestCategoryOfAbuse (8925-8940)."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple categories"


class Disability(models.TextChoices):
    """Disability, CIN census Disability (rules 8540, 8790: NONE must be alone)."""

    NONE = "NONE", "No disability"
    MOBILITY = "MOB", "Mobility (getting about)"
    HAND_FUNCTION = "HAND", "Hand function"
    PERSONAL_CARE = "PC", "Personal care (eating, washing, dressing)"
    CONTINENCE = "INC", "Continence"
    COMMUNICATION = "COMM", "Communication"
    LEARNING = "LD", "Learning"
    HEARING = "HEAR", "Hearing"
    VISION = "VIS", "Vision"
    BEHAVIOUR = "BEH", "Behaviour"
    CONSCIOUSNESS = "CON", "Consciousness (seizures)"
    AUTISM = "AUT", "Autism or Asperger's syndrome"
    OTHER = "DDA", "Other disability (Equality Act 2010)"


class UPNUnknown(models.TextChoices):
    """Why there is no UPN, CIN census UPNunknown (rules 8772, 8770Q). UN2-UN6 wording: verify."""

    UNDER_SIX_NOT_AT_SCHOOL = "UN1", "Child is under 6 and not yet at school"
    NEVER_IN_STATE_SCHOOL = "UN2", "Child has never attended a state school in England"
    RETURNED_FROM_OUTSIDE_ENGLAND = "UN3", "Child has come (back) from outside England"
    NOT_YET_OBTAINED = "UN4", "UPN not yet obtained"
    SOURCES_DISAGREE = "UN5", "Sources of the UPN disagree"
    UASC = "UN6", "Unaccompanied asylum-seeking child"
    REFERRAL_NFA = "UN7", "Referral with no further action"


class Ethnicity(models.TextChoices):
    """Ethnicity, DfE census codes (CIN rule 4220; 903 ETHNIC): 18 groups + REFU + NOBT."""

    WHITE_BRITISH = "WBRI", "White - White British"
    WHITE_IRISH = "WIRI", "White - White Irish"
    TRAVELLER_IRISH_HERITAGE = "WIRT", "White - Traveller of Irish heritage"
    WHITE_OTHER = "WOTH", "White - Any other White background"
    GYPSY_ROMA = "WROM", "White - Gypsy/Roma"
    MIXED_WHITE_BLACK_CARIBBEAN = "MWBC", "Mixed - White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "MWBA", "Mixed - White and Black African"
    MIXED_WHITE_ASIAN = "MWAS", "Mixed - White and Asian"
    MIXED_OTHER = "MOTH", "Mixed - Any other mixed background"
    ASIAN_INDIAN = "AIND", "Asian or Asian British - Indian"
    ASIAN_PAKISTANI = "APKN", "Asian or Asian British - Pakistani"
    ASIAN_BANGLADESHI = "ABAN", "Asian or Asian British - Bangladeshi"
    ASIAN_OTHER = "AOTH", "Asian or Asian British - Any other Asian background"
    BLACK_CARIBBEAN = "BCRB", "Black or Black British - Caribbean"
    BLACK_AFRICAN = "BAFR", "Black or Black British - African"
    BLACK_OTHER = "BOTH", "Black or Black British - Any other Black background"
    CHINESE = "CHNE", "Chinese"
    OTHER = "OOTH", "Any other ethnic group"
    REFUSED = "REFU", "Refused"
    NOT_OBTAINED = "NOBT", "Information not yet obtained"


class AssessmentFactor(models.TextChoices):
    """Factors identified at assessment, CIN census AssessmentFactors (8614, 8869, 8898)."""

    # Suffix A = about the child, B = a parent/carer, C = another household member.
    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: parent or carer"
    ALCOHOL_HOUSEHOLD = "1C", "Alcohol misuse: another household member"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: parent or carer"
    DRUGS_HOUSEHOLD = "2C", "Drug misuse: another household member"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child is subject to it"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: parent or carer is subject to it"
    DOMESTIC_ABUSE_HOUSEHOLD = "3C", "Domestic abuse: another household member is subject to it"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: parent or carer"
    MENTAL_HEALTH_HOUSEHOLD = "4C", "Mental health: another household member"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: parent or carer"
    LEARNING_DISABILITY_HOUSEHOLD = "5C", "Learning disability: another household member"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: parent or carer"
    PHYSICAL_DISABILITY_HOUSEHOLD = "6C", "Physical disability or illness: another household member"
    YOUNG_CARER = "7A", "Young carer"
    PRIVATE_FOSTERING_OVERSEAS_RETURN = (
        "8B",
        "Privately fostered: from overseas, intending to return",
    )
    PRIVATE_FOSTERING_OVERSEAS_STAY = "8C", "Privately fostered: from overseas, intending to stay"
    PRIVATE_FOSTERING_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PRIVATE_FOSTERING_FAMILY_ARRANGEMENT = (
        "8E",
        "Privately fostered: UK child in an alternative family arrangement",
    )
    PRIVATE_FOSTERING_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CHILD_SEXUAL_EXPLOITATION = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    # 18A/19A are deprecated (queries 8945Q/8950Q). Per the DfE XSD annotations,
    # B = by another child (child on child), C = by an adult (adult on child).
    PHYSICAL_ABUSE_BY_CHILD = "18B", "Physical abuse: by another child"
    PHYSICAL_ABUSE_BY_ADULT = "18C", "Physical abuse: by an adult"
    SEXUAL_ABUSE_BY_CHILD = "19B", "Sexual abuse: by another child"
    SEXUAL_ABUSE_BY_ADULT = "19C", "Sexual abuse: by an adult"
    OTHER = "20", "Other"
    # Rule 8869: "21" must be the only factor; 8873Q: implies closure RC8/RC9.
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation (FGM)"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CHILD_CRIMINAL_EXPLOITATION = "24A", "Child criminal exploitation"


class Sex(models.TextChoices):
    """Sex, CIN census Sex from 2024-25 (rules 4180, 8750: U for an unborn child)."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known (including unborn)"


# --------------------------------------------------------------------------
# OpenCSC practice lists (not DfE codes)
# --------------------------------------------------------------------------


class ThresholdLevel(models.TextChoices):
    """Level of need on the local threshold document (WT2023 ch.1-3, local criteria)."""

    UNIVERSAL = "universal", "Universal services"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need (s17)"
    CHILD_PROTECTION = "child_protection", "Child protection (s47)"


class ContactDecision(models.TextChoices):
    """Front-door decision on a contact (WT2023 ch.3: decided within 1 working day)."""

    NFA = "nfa", "No further action"
    INFORMATION_ADVICE = "information_advice", "Information and advice given"
    EARLY_HELP = "early_help", "Step down to early help"
    REFERRAL = "referral", "Referral to children's social care (assessment)"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion (possible significant harm)"


class ConsentStatus(models.TextChoices):
    """Consent to share/seek information (DfE Information sharing advice 2024; UK GDPR)."""

    GIVEN = "given", "Consent given"
    REFUSED = "refused", "Consent refused"
    NOT_YET_ASKED = "not_yet_asked", "Not yet asked"
    UNABLE_TO_CONTACT = "unable_to_contact", "Could not contact the family"
    NOT_SOUGHT_RISK = (
        "not_sought_risk",
        "Not sought: asking could put the child at risk of significant harm",
    )
    NOT_SOUGHT_DELAY = "not_sought_delay", "Not sought: asking would cause harmful delay"
    NOT_SOUGHT_CRIME = (
        "not_sought_crime",
        "Not sought: asking could prejudice preventing or detecting a crime",
    )
    NOT_REQUIRED_PROFESSIONAL = (
        "not_required_professional",
        "Not needed: professional safeguarding referral (another lawful basis applies)",
    )


class AssessmentOutcome(models.TextChoices):
    """Outcome of a child and family assessment (WT2023 ch.3; CIN closure RC8/RC9)."""

    NFA = "nfa", "No further action"
    EARLY_HELP = "early_help", "Step down to early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"


class Agency(models.TextChoices):
    """Partner agencies for the information-gathering checklist (WT2023 ch.2-3)."""

    POLICE = "police", "Police"
    HEALTH = "health", "Health (hospital, community health)"
    EDUCATION = "education", "School or education"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation"
    OTHER_LA = "other_la", "Another local authority"
    CSC_HISTORY = "csc_history", "Children's social care records (our history)"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor or school nurse"
    OTHER = "other", "Other"


class RelationshipType(models.TextChoices):
    """How a person is related to the child (OpenCSC list; feeds genograms and household)."""

    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    CARER = "carer", "Carer"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    PARTNER_OF_PARENT = "partner_of_parent", "Partner of a parent"
    OTHER = "other", "Other"


#: Alias: the same list, used where the field describes a person's role for a child.
PersonRole = RelationshipType


class SocialWorkerChangeReason(models.TextChoices):
    """903 SWEpisodes SW_REASON: why the child's social worker changed."""

    MANAGE = "MANAGE", "Management decision (for example, caseload)"
    FAMILY_CONTACT = "FCONTA", "The family or child asked for a change"
    LEFT_ROLE = "LEFTRL", "The social worker left the role"
    RESTRUCTURE = "ORGRST", "Organisational restructure"
    TRANSITION = "TSPROC", "Moved between teams in the child's journey (for example, to long term)"
    ABSENCE = "ABSENC", "The social worker's absence"
    CHILD_CHANGE = "CHCHAN", "A change in the child's circumstances"
    CARE_CHANGE = "PCCHAN", "A change of placement or care arrangement"
    DIED = "SWDIED", "The social worker died"
    OTHER = "OTHERS", "Other"
