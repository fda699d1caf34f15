"""The authority's children's services: teams, managers and social workers.

Staffing follows the DfE workforce figures in DOMAIN.md section 6: about 100-130 FTE
social workers for Cheshire East's size, 17.8% agency, average caseload ~16. Team names
are stable so the demo users (created after generation) can be placed in them.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker

from opencsc.synth.calibration import AGENCY_SHARE, SizeProfile

__all__ = [
    "FRONT_DOOR",
    "OUT_OF_HOURS",
    "DISABLED_CHILDREN",
    "assessment_team_name",
    "cin_cp_team_name",
    "PlannedWorker",
    "PlannedTeam",
    "OrgPlan",
    "plan_organisation",
    "create_organisation",
]

FRONT_DOOR = "Front door (MASH)"
OUT_OF_HOURS = "Out-of-hours"
DISABLED_CHILDREN = "Disabled children team"
CHILDREN_IN_CARE = "Children in care team"
LEAVING_CARE = "Leaving care team"
FOSTERING = "Fostering team"
ADOPTION = "Adoption team"
REVIEWING = "Safeguarding and reviewing team"


def assessment_team_name(n: int) -> str:
    return f"Assessment team {n}"


def cin_cp_team_name(n: int) -> str:
    return f"Child in need and child protection team {n}"


# Practitioners per team at Cheshire East's size (headcount, before FTE), with the
# independent reviewing officers (about 60 children each) and personal advisers.
_LA_HEADCOUNT = {
    "front_door": 14,
    "out_of_hours": 6,
    "assessment": 32,  # across all assessment teams
    "cin_cp": 56,  # across all CIN/CP teams
    "disabled_children": 10,
    "children_in_care": 8,
    "leaving_care": 6,
    "fostering": 4,
    "adoption": 4,
    "reviewing": 9,
}
_JOB_TITLES = {
    "front_door": "Front door social worker",
    "out_of_hours": "Out-of-hours social worker",
    "assessment": "Social worker",
    "cin_cp": "Social worker",
    "disabled_children": "Social worker",
    "children_in_care": "Social worker",
    "leaving_care": "Personal adviser",
    "fostering": "Supervising social worker",
    "adoption": "Adoption social worker",
    "reviewing": "Independent reviewing officer",
}


@dataclass(slots=True, eq=False)
class PlannedWorker:
    key: int
    username: str
    first_name: str
    last_name: str
    role: str
    team: PlannedTeam
    fte: Decimal
    employment: str
    job_title: str
    #: How many cases this worker carries relative to a full-time colleague; a few carry
    #: more than they should (newly qualified staff are protected, agency staff not).
    capacity: float = 1.0
    pk: int | None = None


@dataclass(slots=True, eq=False)
class PlannedTeam:
    key: int
    name: str
    kind: str
    #: For area teams: the locality (0-3) they cover.
    locality: int | None = None
    manager: PlannedWorker | None = None
    workers: list[PlannedWorker] = field(default_factory=list)
    pk: int | None = None


@dataclass(slots=True)
class OrgPlan:
    teams: list[PlannedTeam]
    head_of_service: PlannedWorker

    def by_kind(self, kind: str) -> list[PlannedTeam]:
        return [t for t in self.teams if t.kind == kind]

    def named(self, name: str) -> PlannedTeam:
        return next(t for t in self.teams if t.name == name)

    @property
    def all_users(self) -> list[PlannedWorker]:
        users = [self.head_of_service]
        for team in self.teams:
            if team.manager:
                users.append(team.manager)
            users.extend(team.workers)
        return users


def _ascii(s: str) -> str:
    return (
        unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().replace(" ", "")
    )


def plan_organisation(profile: SizeProfile, rng: random.Random) -> OrgPlan:
    fake = Faker("en_GB")
    fake.seed_instance(rng.randrange(2**31))
    usernames: set[str] = set()
    next_key = iter(range(1, 1_000_000))

    def person(role: str, team: PlannedTeam | None, job_title: str, *, manager=False):
        sex = rng.random()
        first = fake.first_name_female() if sex < 0.82 else fake.first_name_male()
        last = fake.last_name()
        base = f"{_ascii(first)}.{_ascii(last).replace(chr(39), '')}"
        username, n = base, 1
        while username in usernames:
            n += 1
            username = f"{base}{n}"
        usernames.add(username)
        agency = not manager and rng.random() < AGENCY_SHARE
        fte = Decimal("1.00")
        if not agency and rng.random() < 0.22:
            fte = rng.choice([Decimal("0.60"), Decimal("0.80"), Decimal("0.80"), Decimal("0.90")])
        capacity = float(fte)
        if not manager and rng.random() < 0.12:
            capacity *= 1.3  # the few who carry more than their share
        return PlannedWorker(
            key=next(next_key),
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            team=team,  # type: ignore[arg-type]
            fte=fte,
            employment="agency" if agency else "permanent",
            job_title=job_title,
            capacity=capacity,
        )

    def headcount(kind: str, teams: int) -> int:
        floor = 2 if kind in ("front_door", "out_of_hours") else 1
        return max(floor, round(_LA_HEADCOUNT[kind] * profile.scale / teams))

    team_specs: list[tuple[str, str, int | None]] = [
        (FRONT_DOOR, "front_door", None),
        (OUT_OF_HOURS, "out_of_hours", None),
    ]
    team_specs += [
        (assessment_team_name(i + 1), "assessment", i % 4) for i in range(profile.assessment_teams)
    ]
    team_specs += [
        (cin_cp_team_name(i + 1), "cin_cp", i % 4) for i in range(profile.cin_cp_teams)
    ]
    team_specs += [
        (DISABLED_CHILDREN, "disabled_children", None),
        (CHILDREN_IN_CARE, "children_in_care", None),
        (LEAVING_CARE, "leaving_care", None),
        (FOSTERING, "fostering", None),
        (ADOPTION, "adoption", None),
        (REVIEWING, "reviewing", None),
    ]
    teams: list[PlannedTeam] = []
    for name, kind, locality in team_specs:
        team = PlannedTeam(key=len(teams) + 1, name=name, kind=kind, locality=locality)
        n_teams = {"assessment": profile.assessment_teams, "cin_cp": profile.cin_cp_teams}.get(
            kind, 1
        )
        team.manager = person("team_manager", team, "Team manager", manager=True)
        role = {
            "front_door": "front_door",
            "out_of_hours": "out_of_hours",
            "reviewing": "reviewing_officer",
            "leaving_care": "personal_adviser",
        }.get(kind, "social_worker")
        team.workers = [
            person(role, team, _JOB_TITLES[kind]) for _ in range(headcount(kind, n_teams))
        ]
        teams.append(team)
    head = person("head_of_service", None, "Head of service", manager=True)
    return OrgPlan(teams=teams, head_of_service=head)


def create_organisation(org: OrgPlan) -> None:
    """Write the teams and their staff through the account services; sets ``pk``s."""
    from opencsc.accounts.services import team_create, user_create

    team_objs = {}
    for team in org.teams:
        created = team_create(name=team.name, kind=team.kind)
        team.pk = created.pk
        team_objs[team.key] = created
    head = org.head_of_service
    head.pk = user_create(
        username=head.username,
        first_name=head.first_name,
        last_name=head.last_name,
        role=head.role,
        team=None,
        fte=head.fte,
        employment=head.employment,
        job_title=head.job_title,
    ).pk
    for team in org.teams:
        team_obj = team_objs[team.key]
        for worker in [team.manager, *team.workers]:
            assert worker is not None
            worker.pk = user_create(
                username=worker.username,
                first_name=worker.first_name,
                last_name=worker.last_name,
                role=worker.role,
                team=team_obj,
                fte=worker.fte,
                employment=worker.employment,
                job_title=worker.job_title,
                manages=[team_obj] if worker is team.manager else None,
            ).pk
