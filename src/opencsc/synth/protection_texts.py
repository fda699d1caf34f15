"""Made-up words for the synthetic child protection and child in need records: strategy
discussions, enquiries, conferences, core groups, plan actions, reviews and visits.

As in ``texts.py``: nothing here is about a real child or family; every text is filled in
from the synthetic person's details with a seeded ``random.Random`` (deterministic).
"""

from __future__ import annotations

import random

from opencsc.synth.texts import TextContext, _pick

__all__ = [
    "strategy_information",
    "strategy_rationale",
    "strategy_actions",
    "enquiry_findings",
    "no_conference_reason",
    "conference_summary",
    "core_group_progress",
    "plan_action",
    "action_outcome",
    "visit_observations",
    "cin_review",
    "emergency_notes",
    "PARTICIPANT_ROLES",
]

#: Who takes part, by agency (protection.models.StrategyAgency), and their role.
PARTICIPANT_ROLES = {
    "social_care": ["Team manager", "Social worker"],
    "police": ["Detective constable, public protection unit", "Detective sergeant, PPU"],
    "health": ["Named nurse for safeguarding", "Health visitor", "Paediatrician"],
    "education": ["Designated safeguarding lead"],
    "probation": ["Probation officer"],
    "housing": ["Housing officer"],
    "other": ["Domestic abuse practitioner"],
}

_STRATEGY_INFO = [
    "Police: {p}'s partner arrested last night, released under investigation with bail "
    "conditions not to attend the address. Health: {c} seen by the paediatrician; injuries "
    "consistent with a slap. School: {c} has been withdrawn this half term.",
    "Police: three domestic incidents at the address in six months, the last with {c} "
    "present. Health: missed immunisations and a recent A&E attendance. Social care: "
    "previous child in need plan closed a year ago.",
    "Health: {c}'s injury is not consistent with the explanation given. Police: nothing "
    "known about the adults. Social care: no previous involvement; {p} cooperating so far.",
    "{c} ({age}) disclosed at {school} that {p}'s partner hurts {c}. Police: the partner "
    "has a previous conviction for assault. Health: no concerns recorded by the GP.",
    "Police: {c} found in {town} in the early hours with adults known for drug supply. "
    "Health: attended A&E twice this year after intoxication. School: attendance 54%.",
]
_RATIONALE = {
    "s47_single": [
        "Threshold for a section 47 enquiry met: reasonable cause to suspect {c} is suffering "
        "significant harm. No criminal investigation at this stage, so single agency.",
        "Concerns of neglect meet the threshold for enquiries under s47. Social care to lead; "
        "police and health to share further information as it comes in.",
    ],
    "s47_joint": [
        "Possible offences against {c}: joint section 47 enquiry with police; joint visit and "
        "achieving best evidence interview to be considered.",
        "Significant harm suspected and a crime may have been committed: joint enquiry with "
        "the police public protection unit.",
    ],
    "nfa": [
        "Information shared explains the concern: the threshold for a section 47 enquiry is "
        "not met. The child and family assessment continues.",
    ],
    "other": [
        "Not a section 47 matter at present: continue the child and family assessment and "
        "reconvene if new information comes to light.",
    ],
}
_STRATEGY_ACTIONS = [
    ("Joint home visit to see {c} and speak with {p}", "Social worker and police"),
    ("Child protection medical for {c}", "Named paediatrician"),
    ("Share attendance and welfare records", "Designated safeguarding lead"),
    ("Complete checks on {p}'s partner", "Police public protection unit"),
]
_FINDINGS = [
    "{c} was seen and spoken to. {p} accepts the worries and has agreed a safety plan: her "
    "partner will not live at the address while the enquiry continues.",
    "{c}'s account is consistent with the referral. {p} minimises the concerns. The home "
    "conditions are poor and {c}'s needs are not being met.",
    "Medical findings inconclusive. {c} says the injury happened at play. {p} has been "
    "open with us; grandparents are a protective support.",
    "{c} described frequent arguments and feeling scared at home. {p} has engaged with the "
    "domestic abuse service and police have charged the partner.",
]
_NO_CONFERENCE = {
    "cin_plan": [
        "Concerns substantiated but {c} is not judged to be at continuing risk of significant "
        "harm: support through a child in need plan.",
        "{p} is acting protectively and accepts support: a child in need plan is "
        "proportionate.",
    ],
    "nfa": [
        "Concerns not substantiated: the explanation given is consistent with the medical "
        "findings. No further action under s47.",
        "{c} is safe: the alleged perpetrator has left the area and {p} is protective.",
    ],
}
_CONFERENCE = {
    "initial": [
        "Conference agreed {c} is at continuing risk of significant harm. Outline plan "
        "agreed; core group to meet within 10 working days.",
        "Concerns about the impact of domestic abuse and {p}'s drinking on {c}. Plan agreed "
        "by all agencies; {p} attended with an advocate.",
    ],
    "initial_no_plan": [
        "Conference agreed that {c} is not at continuing risk of significant harm; support "
        "to continue through a child in need plan.",
    ],
    "review": [
        "Some progress: {p} attending the programme and {c}'s attendance improved. Plan to "
        "continue; actions updated.",
        "Limited progress and new concerns from school. Plan continues; pre-proceedings to "
        "be considered if there is no change.",
    ],
    "review_end": [
        "Risk reduced: the actions are complete and {c} reports feeling safe. The plan ends; "
        "{c} will be supported under a child in need plan.",
        "Sustained change over six months. Plan ended by agreement of all agencies.",
    ],
}
_CORE_GROUP = [
    "Actions reviewed. {p} attended all appointments; school report {c} is more settled. "
    "Next core group in four weeks.",
    "Some actions outstanding: the parenting assessment has not started. {c} seen alone at "
    "school and said home is 'OK'.",
    "{p}'s partner has returned to the address against the plan: police informed and the "
    "plan reviewed. Visits increased to weekly.",
    "Good progress: home conditions improved and {c}'s health appointments kept.",
]
_ACTIONS = [
    ("{p} to attend the Freedom programme for survivors of domestic abuse",
     "{p}, supported by the domestic abuse service",
     "{p} completes the course and can name the warning signs; no police call-outs"),
    ("Make sure {c} attends {school} every day",
     "{p}, with the school's attendance officer",
     "{c}'s attendance above 95% each half term"),
    ("Complete a parenting assessment", "Family support worker, Cheshire East family hub",
     "Assessment shared with the core group, with recommendations"),
    ("Keep {c}'s health appointments, including the dentist and immunisations",
     "{p}, with the health visitor",
     "Health visitor confirms every appointment kept"),
    ("Refer {p} to the drug and alcohol service and attend appointments",
     "{p}, referral by the social worker",
     "Negative tests for three months; the service confirms engagement"),
    ("Direct work with {c} about feelings and staying safe", "Social worker",
     "{c} can say who to talk to when worried; {c}'s own words recorded"),
    ("Improve home conditions: clear the hallway and make the bedrooms safe",
     "{p}, with the family support worker",
     "Unannounced visits find the home clean and safe"),
    ("Safety plan: {p}'s ex-partner not to have contact with {c}", "{p}, with police support",
     "No contact reported by school, police or {c}"),
]
_ACTION_OUTCOMES = [
    "Done: confirmed at the core group.",
    "Completed; {p} engaged well.",
    "Done, a little late; the difference is visible at visits.",
]
_VISIT_SEEN = [
    "{c} was seen at home. The bedroom was clean with a made bed and toys. {c} talked about "
    "school and friends and said 'it's calmer now'.",
    "Unannounced visit. {c} seen and spoken to alone in the bedroom: worries about {p} "
    "being sad. Food in the cupboards; heating on.",
    "Visit after school. {c} showed me a drawing of the family and talked about contact "
    "with dad. {p} reported a good week.",
    "{c} seen with {p}. Home conditions adequate. {p} said the partner has not visited; "
    "{c}'s account matched.",
]
_VISIT_NOT_SEEN = [
    "No answer at the door at the planned time. Card left; return visit tomorrow. "
    "Neighbour said the family were at the grandmother's.",
    "{c} was asleep after a late night; {p} refused to wake {c}. Visit rearranged for "
    "two days' time and the team manager informed.",
]
_CIN_REVIEW = [
    ("Attendance improved to 94%; {p} engaging with the family hub.",
     "Plan continues with the same actions; next review in three months."),
    ("Limited progress: {p} missed two appointments.",
     "Plan continues; visits increased and the school to feed back weekly."),
    ("Outcomes achieved: {c} settled at {school} and {p} has a support network.",
     "Plan to end at the next review if progress is sustained; step-down planned."),
]


def strategy_information(rng: random.Random, ctx: TextContext) -> str:
    return _pick(rng, _STRATEGY_INFO, ctx)


def strategy_rationale(rng: random.Random, ctx: TextContext, *, decision: str) -> str:
    return _pick(rng, _RATIONALE[decision], ctx)


def strategy_actions(rng: random.Random, ctx: TextContext) -> list[tuple[str, str]]:
    chosen = rng.sample(_STRATEGY_ACTIONS, rng.choice([1, 2]))
    return [(a.format(c=ctx.child, p=ctx.parent_name), o) for a, o in chosen]


def enquiry_findings(rng: random.Random, ctx: TextContext) -> str:
    return _pick(rng, _FINDINGS, ctx)


def no_conference_reason(rng: random.Random, ctx: TextContext, *, outcome: str) -> str:
    return _pick(rng, _NO_CONFERENCE[outcome], ctx)


def conference_summary(rng: random.Random, ctx: TextContext, *, kind: str) -> str:
    return _pick(rng, _CONFERENCE[kind], ctx)


def core_group_progress(rng: random.Random, ctx: TextContext) -> str:
    return _pick(rng, _CORE_GROUP, ctx)


def plan_action(index: int, ctx: TextContext) -> tuple[str, str, str]:
    """(what, who, how we will know): the ``index``-th action (the planner draws it)."""
    what, who, measure = _ACTIONS[index % len(_ACTIONS)]
    fill = {"c": ctx.child, "p": ctx.parent_name, "school": ctx.school}
    return what.format(**fill), who.format(**fill), measure.format(**fill)


def action_outcome(rng: random.Random, ctx: TextContext) -> str:
    return _pick(rng, _ACTION_OUTCOMES, ctx)


_VISIT_UNBORN = [
    "Pre-birth visit to {p}. The nursery is ready: cot, clothes and a safe sleep space. "
    "{p} is attending antenatal appointments and talked about her support after the birth.",
    "Visit to {p} before the baby's birth. Discussed the safety plan for the hospital and "
    "the first weeks at home; the midwife's report is positive.",
]


def visit_observations(rng: random.Random, ctx: TextContext, *, seen: bool,
                       unborn: bool = False) -> str:
    if unborn:
        return _pick(rng, _VISIT_UNBORN, ctx)
    return _pick(rng, _VISIT_SEEN if seen else _VISIT_NOT_SEEN, ctx)


def cin_review(rng: random.Random, ctx: TextContext) -> tuple[str, str]:
    progress, decision = rng.choice(_CIN_REVIEW)
    fill = {"c": ctx.child, "p": ctx.parent_name, "school": ctx.school}
    return progress.format(**fill), decision.format(**fill)


def emergency_notes(kind: str, ctx: TextContext) -> str:
    if kind == "police_protection":
        return (f"Police used their powers of protection (s46) after finding {ctx.child} "
                f"home alone at night; {ctx.child} placed with a grandparent.")
    return (f"Emergency protection order granted by the family court for {ctx.child}; "
            "strategy discussion and enquiry under way.")
