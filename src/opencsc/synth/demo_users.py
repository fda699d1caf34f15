"""Named demo sign-ins, one per role, made from the synthetic authority's own workers so
that the social worker has a real caseload and the manager a real team."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from opencsc.accounts.models import Role, Team, TeamKind, User
from opencsc.accounts.services import user_create


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    team_kind: str | None

    @property
    def role_label(self) -> str:
        return Role(self.role).label


# Demo passwords are printed by `opencsc demo`; they only ever guard synthetic data.
DEMO_USERS = [
    DemoUser("front.door", "demo-front-door-1", Role.FRONT_DOOR, TeamKind.FRONT_DOOR),
    DemoUser("out.of.hours", "demo-out-of-hours-1", Role.OUT_OF_HOURS, TeamKind.OUT_OF_HOURS),
    DemoUser("social.worker", "demo-social-worker-1", Role.SOCIAL_WORKER, TeamKind.ASSESSMENT),
    DemoUser("team.manager", "demo-team-manager-1", Role.TEAM_MANAGER, TeamKind.ASSESSMENT),
    DemoUser(
        "reviewing.officer", "demo-reviewing-officer-1", Role.REVIEWING_OFFICER, TeamKind.REVIEWING
    ),
    DemoUser(
        "personal.adviser", "demo-personal-adviser-1", Role.PERSONAL_ADVISER, TeamKind.LEAVING_CARE
    ),
    DemoUser("head.of.service", "demo-head-of-service-1", Role.HEAD_OF_SERVICE, None),
    DemoUser("analyst", "demo-analyst-1", Role.PERFORMANCE_ANALYST, None),
    DemoUser("administrator", "demo-administrator-1", Role.ADMINISTRATOR, None),
    DemoUser("inspector", "demo-inspector-1", Role.INSPECTOR, None),
]


def _first_team(kind: str | None) -> Team | None:
    if kind is None:
        return None
    return Team.objects.filter(kind=kind).order_by("name").first()


@transaction.atomic
def demo_users_create() -> list[User]:
    """Give each demo sign-in to a synthetic worker of the right role and team (or a new
    account where there is none). Safe to run again: existing demo users are left alone."""
    users = []
    for demo in DEMO_USERS:
        existing = User.objects.filter(username=demo.username).first()
        if existing:
            users.append(existing)
            continue
        team = _first_team(demo.team_kind)
        candidate = None
        if demo.role == Role.TEAM_MANAGER and team is not None and team.manager is not None:
            candidate = team.manager
        elif team is not None:
            candidate = (
                User.objects.filter(team=team, role=demo.role)
                .exclude(username__in=[d.username for d in DEMO_USERS])
                .order_by("pk")
                .first()
            )
        if candidate is not None:
            candidate.username = demo.username
            candidate.set_password(demo.password)
            candidate.save(update_fields=["username", "password"])
            users.append(candidate)
            continue
        first, _, last = demo.role_label.partition(" ")
        users.append(
            user_create(
                username=demo.username,
                first_name="Demo",
                last_name=demo.role_label,
                role=demo.role,
                team=team,
                password=demo.password,
                manages=[team] if demo.role == Role.TEAM_MANAGER and team else None,
            )
        )
    return users
