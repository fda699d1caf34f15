"""Plausible, entirely made-up words for the synthetic records: presenting concerns,
decision rationales, case notes, management oversight and supervision.

Nothing here is about a real child or family. The templates are written the way
practitioners write (first names, plain English, what happened, what next) so that
the demo reads like a case record, and every text is filled in from the synthetic
person's own details with a seeded ``random.Random``, so it is deterministic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["TextContext", "concerns", "rationale", "info_summary", "note", "oversight",
           "supervision", "assessment_analysis", "return_comments", "early_help_lead",
           "SCHOOL_TYPES"]

SCHOOL_TYPES = ["Primary School", "Academy", "High School", "Church of England Primary School",
                "Community Primary School", "Infant School", "Junior School"]


@dataclass(slots=True)
class TextContext:
    child: str  # first name
    age: int
    parent: str  # "mum" or a first name
    parent_name: str
    town: str
    school: str
    worker: str = ""


def _pick(rng: random.Random, options: list[str], ctx: TextContext) -> str:
    return rng.choice(options).format(
        c=ctx.child, p=ctx.parent_name, town=ctx.town, school=ctx.school, w=ctx.worker,
        age=ctx.age,
    )


_CONCERNS = {
    "6": [
        "Police attended the family home in {town} following a report of a verbal and physical "
        "argument between {p} and her partner. {c} was present in the home and was described as "
        "upset. No arrests made. DASH risk assessment completed: medium risk.",
        "Police were called by a neighbour hearing shouting at the address. {p} had visible "
        "injuries and said her ex-partner had forced entry. {c} was asleep upstairs. Ex-partner "
        "arrested. DASH: high risk, referred to MARAC.",
        "{c} ({age}) was reported missing by {p} at 22:30 and found by officers in {town} town "
        "centre at 02:10 with older young people not known to the family. Return home "
        "interview requested.",
        "Police attended a report of a disturbance. {p} was heavily intoxicated and unable to "
        "care for {c}, who was taken to a relative overnight. {p} has agreed to a voluntary "
        "interview.",
        "{c} ({age}) was stopped by officers in possession of a quantity of cannabis and cash "
        "and would not say where it came from. Concerns about possible criminal exploitation.",
    ],
    "2": [
        "{c} arrived at {school} with a bruise to the left cheek and said 'mummy's boyfriend' "
        "did it, then would not say more. Designated safeguarding lead has not contacted "
        "parents, as advised.",
        "{c}'s attendance at {school} has fallen to 71% this term. {c} often arrives hungry, "
        "in unwashed uniform, and has had headlice repeatedly. Staff have tried to engage "
        "{p} without success.",
        "{c} ({age}) disclosed to a teaching assistant that there is a lot of shouting at home "
        "and that {c} hides in the bedroom when {p}'s partner has been drinking.",
        "{c} has been self-harming (superficial cuts to forearms seen in PE) and told the "
        "school counsellor about low mood and not wanting to be at home.",
        "Staff at {school} are worried about {c}'s behaviour: aggressive outbursts, sexualised "
        "language beyond {c}'s age, and reluctance to go home at the end of the day.",
    ],
    "3": [
        "{c} was brought to A&E at Leighton Hospital with a spiral fracture to the left arm. "
        "The explanation given (a fall from the sofa) is not consistent with the injury.",
        "Health visitor reports {p} is struggling with low mood since {c}'s birth, the home "
        "conditions have deteriorated, and two development checks were missed.",
        "{p} disclosed to the GP that she is using cocaine most weekends while caring for "
        "{c}. She asked for help and has been referred to the drug and alcohol service.",
        "{c} ({age}) attended A&E at Macclesfield District General Hospital after an overdose "
        "of paracetamol. Discharged after treatment; CAMHS follow-up arranged.",
        "Midwife reports a late booking at 28 weeks. {p} has a history of substance misuse "
        "and previous children not in her care. Pre-birth assessment requested.",
    ],
    "1": [
        "{c}'s grandmother is worried that {p} is drinking heavily again and leaving {c} with "
        "different people. She says the flat is dirty and there is little food.",
        "A neighbour reports hearing a child crying for long periods and a man shouting late "
        "at night at the address in {town}. She has not seen {c} for several days.",
        "{c} ({age}) phoned to say they do not feel safe at home after an argument with "
        "{p}'s partner and asked to stay with a friend.",
    ],
    "other": [
        "Housing officer visited for a tenancy check and found the property in very poor "
        "condition: dog faeces on the floor, no working heating, and {c} sleeping on a "
        "mattress on the floor.",
        "Adult social care report that {p} has been admitted to hospital under the Mental "
        "Health Act. {c} is staying with a family friend; arrangements are unclear.",
        "Probation report that a man with convictions for offences against children has "
        "moved into the household where {c} lives.",
        "Early help family support worker reports no progress on the family plan after 12 "
        "weeks: {c}'s school attendance and home conditions have worsened and {p} has "
        "stopped engaging.",
        "The children's centre reports {c} has been brought to sessions with unexplained "
        "bruising on two occasions and {p} became hostile when asked about it.",
        "Another local authority advises the family have moved into {town} from their area "
        "while {c} was subject to a child in need plan there.",
    ],
}


def _source_group(source: str) -> str:
    if source == "6":
        return "6"
    if source[:1] in ("1", "2", "3"):
        return source[:1]
    return "other"


def concerns(rng: random.Random, ctx: TextContext, *, source: str) -> str:
    return _pick(rng, _CONCERNS[_source_group(source)], ctx)


_RATIONALE = {
    "nfa": [
        "Information gathered from partner agencies does not indicate unmet needs. {p} is "
        "acting protectively. No further action; referrer informed.",
        "Single incident, no previous history, {c} is well supported at school. No further "
        "action at this time; advice given to referrer to re-refer if concerns escalate.",
    ],
    "information_advice": [
        "Advice given to the referrer about supporting {c} through universal services. "
        "{p} signposted to the family hub in {town}.",
        "Case open to an allocated social worker: information passed to them for "
        "consideration within their work with the family.",
        "Advice and information given; the school will continue to monitor and will "
        "re-refer if concerns increase.",
    ],
    "early_help": [
        "Needs are above universal level but do not meet the threshold for statutory "
        "intervention. {p} consents to early help; an early help assessment will be "
        "completed by the lead professional.",
        "Family would benefit from targeted support around routines and school attendance. "
        "Stepped down to early help with {p}'s consent.",
    ],
    "referral": [
        "{c} may be a child in need under s17 Children Act 1989. The cumulative concerns "
        "and {p}'s limited capacity to address them need a child and family assessment.",
        "Threshold met for a child and family assessment: history of concerns, escalating "
        "presentation at school, and parental factors that may affect {c}'s safety.",
    ],
    "strategy_discussion": [
        "Reasonable cause to suspect {c} is suffering, or likely to suffer, significant "
        "harm. Strategy discussion to be convened today with police and health.",
        "Injury to a non-mobile child without an adequate explanation: strategy discussion "
        "required under WT2023 ch.3.",
    ],
}


def rationale(rng: random.Random, ctx: TextContext, *, decision: str) -> str:
    return _pick(rng, _RATIONALE[decision], ctx)


_INFO = {
    "police": ["Two previous domestic incidents at the address in the last year, both "
               "verbal. No convictions for either adult.",
               "Nothing known to police about the adults in the household.",
               "{p}'s partner has a conviction for assault (2019). Three call-outs in six "
               "months."],
    "health": ["Immunisations up to date. No A&E attendances recorded.",
               "Missed two paediatric appointments; health visitor concerned about weight.",
               "{p} is known to perinatal mental health services."],
    "education": ["Attendance 88%. {c} is described as quiet and tired in class.",
                  "No concerns raised by school before this term. Attendance 96%.",
                  "{c} has an education, health and care plan; attendance 79%."],
    "csc_history": ["Previous contact two years ago, no further action.",
                    "No previous involvement with children's social care.",
                    "Previous child in need episode; closed after support 18 months ago."],
    "gp": ["Registered with a practice in {town}. {p} prescribed antidepressants.",
           "No safeguarding concerns known to the GP."],
    "health_visitor": ["Health visitor last saw {c} at the 12-month review: no concerns.",
                       "Health visitor has concerns about home conditions."],
    "housing": ["Rent arrears; notice seeking possession served last month."],
    "probation": ["{p}'s partner is subject to a community order."],
    "other_la": ["Known to the previous authority: child in need plan closed last year."],
    "other": ["Nothing further known."],
}


def info_summary(rng: random.Random, ctx: TextContext, *, agency: str) -> str:
    return _pick(rng, _INFO.get(agency, _INFO["other"]), ctx)


_NOTES = {
    "home_visit": [
        "Home visit. {c} was seen in their bedroom, which was clean and had toys and a "
        "made bed. {c} talked about school and friends. {p} was open about the difficulties "
        "with her partner and agreed to attend the domestic abuse programme.",
        "Unannounced home visit. {p} answered after some time. The kitchen had little food; "
        "{p} said benefits had been sanctioned. Food bank voucher given. {c} seen and spoken "
        "to alone; said 'things are better now'.",
        "Visit to see {c} at home. Completed a three houses exercise: {c}'s worries were "
        "about the arguments and about {p} being sad. {c}'s wishes: to stay at home and for "
        "everyone to be kind.",
        "Home visit with {p} and {c}. Reviewed progress on the plan: attendance improved to "
        "93%, GP appointment kept. Next visit in four weeks.",
    ],
    "phone_call": [
        "Phone call with the designated safeguarding lead at {school}: {c} has been in every "
        "day this week and seems more settled.",
        "Phone call with {p} to arrange the next visit. {p} asked for help with a housing "
        "application; details of the housing options team given.",
        "Call from the health visitor: {c}'s weight has improved since the last check.",
    ],
    "meeting": [
        "Child in need meeting held at {school}. Attended: {p}, school, health visitor, "
        "social worker. Plan reviewed; actions agreed and circulated.",
        "Strategy meeting with police and health. Agreed single-agency assessment to "
        "continue; police to complete checks on the new partner.",
    ],
    "case_note": [
        "Chronology updated. Checks with police, health and school completed and recorded.",
        "Genogram completed with {p}. Maternal grandmother identified as a support.",
        "Case discussed with team manager; see management oversight.",
    ],
    "correspondence": [
        "Letter sent to {p} confirming the outcome of the assessment and the support offered.",
        "Consent form for information sharing signed by {p} and scanned to the record.",
    ],
}


def note(rng: random.Random, ctx: TextContext, *, kind: str) -> str:
    return _pick(rng, _NOTES[kind], ctx)


_OVERSIGHT = {
    "allocation": (
        ["Allocated to {w}. Child and family assessment to be completed within 45 working days; "
         "see {c} alone within 5 working days.",
         "Allocate to {w}. Complete agency checks, see {c} and siblings, and gather {p}'s "
         "account. Discuss in supervision in four weeks."],
        ["Threshold met at the front door; the worries need a full assessment.",
         "Cumulative concerns; history of repeat contacts about this family."],
    ),
    "outcome": (
        ["Assessment agreed. Outcome as recommended by {w}.",
         "Agree the recommendation. Plan to be shared with {p} and partner agencies."],
        ["The analysis is evidenced and {c}'s voice is clear in the assessment.",
         "Risks are understood and the plan addresses them."],
    ),
    "review": (
        ["Case reviewed: plan progressing. Continue visits every four weeks and review at "
         "the next child in need meeting.",
         "Case reviewed: progress is slow. Escalate to a multi-agency meeting and consider "
         "whether threshold for child protection is met."],
        ["{c} is being seen regularly and the plan is being followed.",
         "Drift identified: actions from the last meeting incomplete."],
    ),
}


def oversight(rng: random.Random, ctx: TextContext, *, kind: str) -> tuple[str, str]:
    directions, reasons = _OVERSIGHT[kind]
    return _pick(rng, directions, ctx), _pick(rng, reasons, ctx)


_REFLECTION = [
    "Discussed {c}'s lived experience and whether the plan is making a difference. {w} "
    "reflected that {p} presents well at visits but school reports suggest otherwise.",
    "Reflected on working with {p}'s hostility and how to keep the focus on {c}. Considered "
    "the impact of the partner's drinking.",
    "Progress reviewed. {c} is attending school more; {p} has engaged with the domestic "
    "abuse service. Discussed step-down planning.",
]
_ACTIONS = [
    "See {c} alone at school before the next meeting",
    "Complete chronology",
    "Request police checks on the new partner",
    "Convene a child in need meeting",
    "Update the plan with {p} and share it",
    "Refer {p} to the drug and alcohol service",
    "Make a referral to the young carers' service",
]


def supervision(rng: random.Random, ctx: TextContext) -> tuple[str, list[str]]:
    n = rng.choice([1, 1, 2, 2, 3])
    actions = rng.sample(_ACTIONS, n)
    return _pick(rng, _REFLECTION, ctx), [a.format(c=ctx.child, p=ctx.parent_name)
                                          for a in actions]


_ANALYSIS = {
    "nfa": "{c} is well cared for. The incident appears isolated and {p} has acted "
           "protectively. There are no unmet needs requiring children's social care.",
    "early_help": "{c}'s needs can be met through a targeted early help plan. {p} is "
                  "motivated and agrees to a lead professional from {school}.",
    "cin_plan": "{c} is a child in need under s17: the cumulative impact of the parental "
                "factors on {c}'s emotional wellbeing and school attendance needs a "
                "coordinated child in need plan.",
    "strategy_discussion": "Information gathered during the assessment gives reasonable "
                           "cause to suspect {c} is suffering significant harm. A strategy "
                           "discussion is needed.",
}


def assessment_analysis(ctx: TextContext, *, outcome: str) -> str:
    return _ANALYSIS[outcome].format(c=ctx.child, p=ctx.parent_name, school=ctx.school)


_RETURNS = [
    "Please add {c}'s own words and the school's view before I authorise.",
    "The analysis needs to say what the risks are if nothing changes. Please revise.",
    "Please record when {c} was seen alone and add the chronology.",
]


def return_comments(rng: random.Random, ctx: TextContext) -> str:
    return _pick(rng, _RETURNS, ctx)


_LEADS = [
    ("Family support worker", "Cheshire East family hub"),
    ("Designated safeguarding lead", "{school}"),
    ("Health visitor", "Cheshire and Wirral Partnership NHS Foundation Trust"),
    ("Early help practitioner", "Cheshire East early help"),
    ("Youth support worker", "Cheshire East youth support service"),
]


def early_help_lead(rng: random.Random, ctx: TextContext, *, person: str) -> tuple[str, str]:
    role, org = rng.choice(_LEADS)
    return f"{person} ({role})", org.format(school=ctx.school)
