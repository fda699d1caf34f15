"""Creating teams and workers.

Used by the administrator's tools, the demo and the synthetic authority.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.accounts.models import Employment, Role, Team, TeamKind, User


@transaction.atomic
def team_create(*, name: str, kind: str, manager: User | None = None) -> Team:
    if kind not in TeamKind.values:
        raise ValidationError({"kind": f"Choose a team kind from: {', '.join(TeamKind.values)}"})
    if Team.objects.filter(name=name).exists():
        raise ValidationError({"name": f"A team called {name!r} already exists"})
    return Team.objects.create(name=name, kind=kind, manager=manager)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    team: Team | None,
    password: str | None = None,
    fte: Decimal | float = 1,
    employment: str = Employment.PERMANENT,
    job_title: str = "",
    manages: list[Team] | None = None,
    email: str = "",
) -> User:
    if role not in Role.values:
        raise ValidationError({"role": f"Choose a role from: {', '.join(Role.values)}"})
    if not 0 < Decimal(str(fte)) <= 1:
        raise ValidationError({"fte": "FTE must be more than 0 and at most 1, like 0.8"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"The username {username!r} is taken"})
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        team=team,
        fte=Decimal(str(fte)),
        employment=employment,
        job_title=job_title or Role(role).label,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    for managed in manages or []:
        managed.manager = user
        managed.save(update_fields=["manager"])
    return user
