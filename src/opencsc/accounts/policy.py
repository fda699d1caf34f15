"""The route policy table: every URL and API operation, and the roles that may use it.

Deny by default: a route whose name is not in ``POLICY`` answers 403 to everyone, and
``tests/accounts/test_policy.py`` fails until it has an entry. This table decides which
*pages* a role reaches; which *records* a user reaches on them is decided by the access
functions in ``opencsc.accounts.access``.
"""

from __future__ import annotations

from dataclasses import dataclass

from opencsc.accounts.models import Role

R = Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    public: bool = False


def roles(*names: str) -> Rule:
    return Rule(roles=frozenset(names))


PUBLIC = Rule(roles=frozenset(), public=True)
EVERYONE = roles(*[r.value for r in Role if r != Role.PARTNER_AGENCY])
CASE_READERS = roles(
    R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.FRONT_DOOR, R.OUT_OF_HOURS,
    R.PERFORMANCE_ANALYST, R.INSPECTOR, R.REVIEWING_OFFICER, R.PERSONAL_ADVISER,
)
CASE_WRITERS = roles(
    R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.FRONT_DOOR, R.OUT_OF_HOURS
)
FRONT_DOOR = roles(R.FRONT_DOOR, R.OUT_OF_HOURS, R.TEAM_MANAGER, R.HEAD_OF_SERVICE)
FRONT_DOOR_READERS = roles(
    R.FRONT_DOOR, R.OUT_OF_HOURS, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.PERFORMANCE_ANALYST,
    R.INSPECTOR,
)
SOCIAL_WORK = roles(R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE)
MANAGERS = roles(R.TEAM_MANAGER, R.HEAD_OF_SERVICE)
WORKLIST_USERS = roles(
    R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.FRONT_DOOR, R.OUT_OF_HOURS,
    R.PERFORMANCE_ANALYST, R.INSPECTOR,
)
ANALYSTS = roles(R.PERFORMANCE_ANALYST, R.HEAD_OF_SERVICE)
REVIEWERS = roles(R.REVIEWING_OFFICER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE)
CARE_WORK = roles(R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.REVIEWING_OFFICER)
LEAVING_WORK = roles(R.PERSONAL_ADVISER, R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE)
OVERSIGHT = roles(R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.PERFORMANCE_ANALYST, R.INSPECTOR)
API_PARTNERS = roles(R.PARTNER_AGENCY, R.FRONT_DOOR, R.OUT_OF_HOURS)

POLICY: dict[str, Rule] = {
    # Signing in and out
    "accounts:sign-in": PUBLIC,
    "accounts:sign-out": EVERYONE,
    "home": EVERYONE,
    # Worklists
    "insight:my-worklist": WORKLIST_USERS,
    "insight:team-worklist": WORKLIST_USERS,
    # People
    "people:person-search": CASE_READERS,
    "people:person-new": CASE_WRITERS,
    "people:person-detail": CASE_READERS,
    "people:person-edit": CASE_WRITERS,
    "people:person-merge": MANAGERS,
    "people:person-access-log": MANAGERS,
    "people:relationship-new": CASE_WRITERS,
    "people:address-new": CASE_WRITERS,
    "people:professional-new": CASE_WRITERS,
    # The front door
    "frontdoor:worklist": FRONT_DOOR_READERS,
    "frontdoor:contact-new": FRONT_DOOR,
    # The allocated social worker reads the contact that led to the referral.
    "frontdoor:contact-detail": CASE_READERS,
    "frontdoor:contact-information": FRONT_DOOR,
    "frontdoor:contact-decide": FRONT_DOOR,
    "frontdoor:contact-handover": roles(R.OUT_OF_HOURS, R.TEAM_MANAGER, R.HEAD_OF_SERVICE),
    "frontdoor:earlyhelp-detail": CASE_READERS,
    "frontdoor:earlyhelp-update": CASE_WRITERS,
    "frontdoor:earlyhelp-step-up": CASE_WRITERS,
    # The case
    "casework:chronology": CASE_READERS,
    "casework:note-new": CASE_WRITERS,
    "casework:note-addendum": CASE_WRITERS,
    "casework:oversight-new": MANAGERS,
    "casework:supervision-new": MANAGERS,
    "casework:allocation-new": MANAGERS,
    "casework:change-new": CASE_WRITERS,
    "casework:episode-close": SOCIAL_WORK,
    # Assessments
    "assessments:assessment-start": SOCIAL_WORK,
    "assessments:assessment-detail": CASE_READERS,
    "assessments:assessment-edit": SOCIAL_WORK,
    "assessments:assessment-child-seen": SOCIAL_WORK,
    "assessments:assessment-submit": SOCIAL_WORK,
    "assessments:assessment-review": MANAGERS,
    "assessments:assessment-update-start": SOCIAL_WORK,
    # Child protection
    "protection:strategy-new": SOCIAL_WORK,
    "protection:strategy-detail": CASE_READERS,
    "protection:enquiry-detail": CASE_READERS,
    "protection:enquiry-edit": SOCIAL_WORK,
    "protection:enquiry-complete": SOCIAL_WORK,
    "protection:conference-new": SOCIAL_WORK,
    "protection:conference-detail": CASE_READERS,
    "protection:plan-detail": CASE_READERS,
    "protection:plan-end": SOCIAL_WORK,
    "protection:core-group-new": SOCIAL_WORK,
    "protection:emergency-power-new": SOCIAL_WORK,
    # Child in need plans, plan actions and statutory visits
    "plans:cin-plan-new": SOCIAL_WORK,
    "plans:cin-plan-detail": CASE_READERS,
    "plans:cin-plan-end": SOCIAL_WORK,
    "plans:cin-plan-review-new": SOCIAL_WORK,
    "plans:action-new": SOCIAL_WORK,
    "plans:action-complete": SOCIAL_WORK,
    "plans:visit-new": SOCIAL_WORK,
    "plans:visit-list": CASE_READERS,
    # Children looked after
    "care:period-start": SOCIAL_WORK,
    "care:period-detail": CASE_READERS,
    "care:change": SOCIAL_WORK,
    "care:period-end": SOCIAL_WORK,
    "care:review-new": REVIEWERS,
    "care:iro-contact-new": REVIEWERS,
    "care:care-plan-new": SOCIAL_WORK,
    "care:pwp-review-new": MANAGERS,
    "care:reviews-due": roles(R.REVIEWING_OFFICER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE),
    "care:health-new": CARE_WORK,
    "care:sdq-new": CARE_WORK,
    "care:missing-new": CARE_WORK,
    "care:missing-return": CARE_WORK,
    "care:conviction-new": SOCIAL_WORK,
    "care:substance-new": SOCIAL_WORK,
    "care:health-summary": CASE_READERS,
    # Legal planning, pre-proceedings and care proceedings
    "legal:meeting-new": MANAGERS,
    "legal:plo-detail": CASE_READERS,
    "legal:plo-edit": SOCIAL_WORK,
    "legal:plo-review-new": SOCIAL_WORK,
    "legal:plo-end": MANAGERS,
    "legal:proceedings-new": SOCIAL_WORK,
    "legal:proceedings-detail": CASE_READERS,
    "legal:hearing-new": SOCIAL_WORK,
    "legal:order-new": SOCIAL_WORK,
    "legal:tracker": OVERSIGHT,
    # Adoption: children's plans, and adopters (the adoption team's own records)
    "adoption:plan-new": SOCIAL_WORK,
    "adoption:plan-detail": CASE_READERS,
    "adoption:plan-update": SOCIAL_WORK,
    "adoption:family-list": roles(R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.INSPECTOR),
    "adoption:family-new": SOCIAL_WORK,
    "adoption:family-detail": roles(
        R.SOCIAL_WORKER, R.TEAM_MANAGER, R.HEAD_OF_SERVICE, R.INSPECTOR
    ),
    "adoption:family-update": SOCIAL_WORK,
    # Care leavers
    "leaving:leaver-new": LEAVING_WORK,
    "leaving:leaver-detail": CASE_READERS,
    "leaving:pathway-plan-new": LEAVING_WORK,
    "leaving:contact-new": LEAVING_WORK,
    "leaving:accommodation-new": LEAVING_WORK,
    "leaving:activity-new": LEAVING_WORK,
    "leaving:staying-put-new": LEAVING_WORK,
    "leaving:alerts": MANAGERS,
    "leaving:alert-seen": MANAGERS,
    # Statutory returns (performance analysts and heads of service)
    "returns:index": ANALYSTS,
    "returns:run-new": ANALYSTS,
    "returns:run-detail": ANALYSTS,
    "returns:run-download": ANALYSTS,
    # The API (django-ninja operations, named in opencsc.api)
    "api:api-root": PUBLIC,
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:child-read": CASE_READERS,
    "api:contact-create": API_PARTNERS,
    "api:worker-work": WORKLIST_USERS,
}


def rule_for(view_name: str) -> Rule | None:
    return POLICY.get(view_name)


def may_use(role: str, view_name: str) -> bool:
    """Whether a role may open a route: for links (menus), never for enforcement, which is
    the middleware's and the API auth's."""
    rule = POLICY.get(view_name)
    return rule is not None and (rule.public or role in rule.roles)
