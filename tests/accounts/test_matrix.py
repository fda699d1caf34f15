"""Every route in the policy table, requested as every role: the table is what happens.

For each (route, role) pair: a role not in the route's rule gets 403; a role in it gets
through (200, a redirect, 405 for a POST-only page asked with GET, 422 for an API write
sent an empty body), or 404 only when ``accounts.access`` says that user cannot see the
child. Anonymous visitors are sent to sign in (web) or answered 401 (API). Routes whose
views are not written yet are skipped: they are not in the URL resolver.

Web pages are requested with GET; API operations with their own method (an empty JSON
body for POST, so nothing is written and the answer shows whether auth let it through).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.access import children_visible_to
from opencsc.accounts.models import Role
from opencsc.accounts.policy import POLICY
from opencsc.assessments.services import assessment_start
from opencsc.casework.episodes import episode_open
from opencsc.casework.services import allocation_assign, note_add
from opencsc.protection.services import strategy_discussion_record
from opencsc.returns.models import ReturnRun
from tests.accounts.matrix_care import care_records
from tests.accounts.test_policy import Route, api_operations, project_routes
from tests.factories import (
    ChildInNeedPlanFactory,
    ChildProtectionPlanFactory,
    ConferenceFactory,
    ContactFactory,
    EarlyHelpEpisodeFactory,
    PersonFactory,
    PlanActionFactory,
    TeamFactory,
    UserFactory,
)
from tests.insight.builders import bearer, token_for

ANONYMOUS = "anonymous"
ALLOWED_THROUGH = {200, 302, 405, 422}
# ninja's API root answers 404 by design (it only names the docs URL).
ALWAYS_404 = {"api:api-root"}


@dataclass
class Graph:
    """One child's case as the pages need it: an episode, a contact, an assessment, a case
    note and an early help episode, held by ``team`` and its ``worker``."""

    team: object
    worker: object
    manager: object
    front_door: object
    child: object
    episode: object
    contact: object
    assessment: object
    note: object
    early_help: object
    discussion: object
    enquiry: object
    conference: object
    cp_plan: object
    cin_plan: object
    action: object
    return_run: object
    # Looked after, legal, adoption and care leaving (tests/accounts/matrix_care.py).
    period: object
    iro: object
    adviser: object
    missing: object
    plo: object
    proceedings: object
    adoption_plan: object
    family: object
    leaver: object
    accommodation: object


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Hundreds of users are made here; the production hasher (Argon2) is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def graph(db) -> Graph:
    team = TeamFactory(kind="assessment", name="Assessment team")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    front_door = UserFactory(
        role=Role.FRONT_DOOR, team=TeamFactory(kind="front_door", name="Front door (MASH)")
    )
    child = PersonFactory()
    today = timezone.localdate()
    referral_date = today - dt.timedelta(days=14)
    allocation_assign(
        actor=manager, child=child, team=team, worker=worker, start_date=referral_date
    )
    early_help = EarlyHelpEpisodeFactory(
        child=child, start_date=referral_date - dt.timedelta(days=60)
    )
    episode = episode_open(
        actor=manager, child=child, referral_date=referral_date, source="6", primary_need="N1"
    )
    early_help.refresh_from_db()
    assessment = assessment_start(actor=worker, episode=episode, start_date=referral_date)
    note = note_add(
        actor=worker, child=child, kind="case_note", occurred_on=today, text="Home visit."
    )
    # A new contact about the child, awaiting the front door's decision.
    contact = ContactFactory(child=child, taken_by=front_door, team=front_door.team)
    # Child protection and plan records (made directly: the graph needs one of each, not
    # a journey the services would accept).
    discussion = strategy_discussion_record(
        actor=worker,
        episode=episode,
        held_at=timezone.now() - dt.timedelta(days=7),
        kind="discussion",
        participants=[("social_care", "A Worker", ""), ("police", "P Officer", "")],
        information_shared="Checks shared.",
        decision="s47_joint",
        rationale="Reasonable cause to suspect significant harm.",
    )
    conference = ConferenceFactory(episode=episode, held_on=referral_date, chair=manager)
    cp_plan = ChildProtectionPlanFactory(conference=conference)
    cin_plan = ChildInNeedPlanFactory(episode=episode)
    return_run = ReturnRun.objects.create(
        kind="cin", year=2026, requested_by=manager, status="done", filename="cin.xml",
        content=b"<Message/>",
    )
    return Graph(
        team=team,
        worker=worker,
        manager=manager,
        front_door=front_door,
        child=child,
        episode=episode,
        contact=contact,
        assessment=assessment,
        note=note,
        early_help=early_help,
        discussion=discussion,
        enquiry=discussion.enquiry,
        conference=conference,
        cp_plan=cp_plan,
        cin_plan=cin_plan,
        action=PlanActionFactory(cin_plan=cin_plan),
        return_run=return_run,
        **care_records(child=child, episode=episode, manager=manager, today=today),
    )


def user_for(role: str, graph: Graph):
    if role == Role.SOCIAL_WORKER:
        return graph.worker
    if role == Role.TEAM_MANAGER:
        return graph.manager
    if role == Role.FRONT_DOOR:
        return graph.front_door
    if role == Role.OUT_OF_HOURS:
        return UserFactory(role=role, team=TeamFactory(kind="out_of_hours", name="Out of hours"))
    if role == Role.REVIEWING_OFFICER:
        return graph.iro
    if role == Role.PERSONAL_ADVISER:
        return graph.adviser
    if role == Role.PARTNER_AGENCY:
        return UserFactory(role=role, team=None, agency_source="3A")
    return UserFactory(role=role, team=None)


# Which record each URL keyword names: by keyword, else by the route's entity.
BY_KWARG = {"child_id": "child", "person_id": "child", "episode_id": "episode", "id": "child"}
BY_ENTITY = {
    ("people", "person"): "child",
    ("people", "address"): "child",
    ("people", "relationship"): "child",
    ("people", "professional"): "child",
    ("casework", "chronology"): "child",
    ("casework", "episode"): "episode",
    ("casework", "note"): "note",
    ("assessments", "assessment"): "assessment",
    ("frontdoor", "contact"): "contact",
    ("frontdoor", "earlyhelp"): "early_help",
    ("api", "child"): "child",
    ("protection", "plan"): "cp_plan",
    ("protection", "core"): "cp_plan",
    ("plans", "cin"): "cin_plan",
    ("plans", "action"): "cin_plan",
    ("adoption", "plan"): "adoption_plan",
}
KWARG_RECORDS = {
    "contact_id": "contact",
    "assessment_id": "assessment",
    "note_id": "note",
    "earlyhelp_id": "early_help",
    "discussion_id": "discussion",
    "enquiry_id": "enquiry",
    "conference_id": "conference",
    "action_id": "action",
    "run_id": "return_run",
    "period_id": "period",
    "missing_id": "missing",
    "plo_id": "plo",
    "proceedings_id": "proceedings",
    "family_id": "family",
    "leaver_id": "leaver",
    "accommodation_id": "accommodation",
}
#: URL keywords that are not records: the value the graph's routes use.
LITERAL_KWARGS = {"kind": "cin"}


def url_kwargs(route: Route, graph: Graph) -> dict[str, int | str]:
    kwargs = {}
    app, _, rest = route.name.partition(":")
    entity = rest.split("-")[0]
    for kwarg in route.kwargs:
        if kwarg in LITERAL_KWARGS:
            kwargs[kwarg] = LITERAL_KWARGS[kwarg]
            continue
        record = BY_KWARG.get(kwarg) or KWARG_RECORDS.get(kwarg)
        if record is None or kwarg == "id":
            record = BY_ENTITY.get((app, entity), record)
        if record is None:
            pytest.fail(
                f"{route.name}: no record in the fixture graph for URL keyword {kwarg!r}; "
                "add it to BY_KWARG or BY_ENTITY in tests/accounts/test_matrix.py"
            )
        kwargs[kwarg] = getattr(graph, record).pk
    return kwargs


def request_route(client, route: Route, method: str, url: str, headers: dict):
    if method == "POST":
        return client.post(url, {}, content_type="application/json", **headers)
    return client.get(url, **headers)


def api_methods() -> dict[str, str]:
    return {name: methods[0] for name, _, methods in api_operations()}


CASES = [(name, role) for name in POLICY for role in [*Role.values, ANONYMOUS]]


@pytest.mark.parametrize(("route_name", "role"), CASES, ids=[f"{n}|{r}" for n, r in CASES])
def test_route_answers_each_role_as_the_policy_says(client, graph, route_name, role):
    routes, _ = project_routes()
    if route_name not in routes:
        pytest.skip(f"{route_name} has no view yet")
    route = routes[route_name]
    rule = POLICY[route_name]
    url = reverse(route_name, kwargs=url_kwargs(route, graph))
    method = api_methods().get(route_name, "GET") if route.is_api else "GET"

    if role == ANONYMOUS:
        response = request_route(client, route, method, url, {})
        if route_name in ALWAYS_404:
            assert response.status_code == 404
        elif rule.public:
            assert response.status_code == 200, response
        elif route.is_api:
            assert response.status_code == 401, response
        else:
            assert response.status_code == 302, response
            assert response["Location"].startswith(reverse("accounts:sign-in"))
        return

    user = user_for(role, graph)
    headers: dict = {}
    if route.is_api:
        headers = bearer(token_for(user))
    else:
        client.force_login(user)
    response = request_route(client, route, method, url, headers)
    status = response.status_code

    if route_name in ALWAYS_404:
        assert status == 404
    elif not rule.public and role not in rule.roles:
        assert status == 403, f"{role} should be refused {route_name}, got {status}"
    elif status == 404:
        assert route.kwargs, f"{route_name} answered {role} 404 with no record in the URL"
        assert not children_visible_to(user).filter(pk=graph.child.pk).exists(), (
            f"{route_name} answered {role} 404 although access.py lets them see the child"
        )
    else:
        assert status in ALLOWED_THROUGH, f"{route_name} answered {role} {status}"


RECORD_ROUTES = [name for name in POLICY if not name.startswith("accounts:")]


@pytest.mark.parametrize("route_name", RECORD_ROUTES)
def test_a_social_worker_in_another_team_gets_404_for_the_childs_records(client, graph, route_name):
    """The third side of every access rule: a worker the child is not allocated to."""
    routes, _ = project_routes()
    if route_name not in routes:
        pytest.skip(f"{route_name} has no view yet")
    route = routes[route_name]
    if not route.kwargs:
        pytest.skip("no record in the URL")
    rule = POLICY[route_name]
    outsider = UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory(kind="cin_cp"))
    assert not children_visible_to(outsider).filter(pk=graph.child.pk).exists()
    url = reverse(route_name, kwargs=url_kwargs(route, graph))
    headers: dict = {}
    if route.is_api:
        headers = bearer(token_for(outsider))
    else:
        client.force_login(outsider)
    method = api_methods().get(route_name, "GET") if route.is_api else "GET"

    response = request_route(client, route, method, url, headers)

    expected = 403 if Role.SOCIAL_WORKER not in rule.roles else 404
    assert response.status_code == expected
