"""Worklists: what each practitioner has to do next, most urgent first.

Every list here costs a fixed number of queries whatever the number of children: each
row's episode, assessment, oversight and supervision dates come from correlated
subqueries in the one query that fetches the page, never from a query per row.
Working days are counted in Python from the stored due dates (``core.working_days`` is
pure), so the list, the child's record and the returns agree on what is overdue.

Every list starts from ``children_visible_to(user)``: restricted records are absent from
lists and counts for everyone not named on them.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.utils import timezone

from opencsc.accounts.access import ALL_CHILDREN_ROLES, children_visible_to, team_ids_for
from opencsc.accounts.models import Role, Team
from opencsc.assessments.models import Assessment, AssessmentStatus
from opencsc.casework.models import (
    Allocation,
    AllocationRole,
    CINEpisode,
    ManagementOversight,
    Supervision,
)
from opencsc.core.working_days import working_days_remaining
from opencsc.frontdoor.models import Contact, ContactStatus
from opencsc.insight.deadlines import deadlines_for
from opencsc.insight.rows import (
    DEFAULT_CASELOAD_PER_FTE_HIGH,
    AuthorisationRow,
    CaseloadRow,
    CaseRow,
    ContactRow,
    MyWorklist,
    TeamSummary,
    TeamWorklist,
    age_on,
)

if TYPE_CHECKING:
    from opencsc.accounts.models import User
    from opencsc.people.models import Person

PER_PAGE = 50

FRONT_DOOR_ROLES = {Role.FRONT_DOOR, Role.OUT_OF_HOURS}
CASEHOLDER_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
AUTHORISER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
SUMMARY_ROLES = {Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST, Role.INSPECTOR}


def caseload_high_threshold() -> int:
    return int(getattr(settings, "OPENCSC_CASELOAD_PER_FTE_HIGH", DEFAULT_CASELOAD_PER_FTE_HIGH))


# ---------------------------------------------------------------------------
# The annotated case list


def _open_primary(child_ref: str = "pk") -> QuerySet[Allocation]:
    return Allocation.objects.filter(
        child=OuterRef(child_ref), end_date__isnull=True, role=AllocationRole.PRIMARY
    )


def annotate_cases(children: QuerySet[Person], *, for_worker: User | None = None) -> QuerySet:
    """Add what a worklist row shows, each from one correlated subquery."""
    primary = _open_primary()
    episode = CINEpisode.objects.filter(child=OuterRef("pk"), closure_date__isnull=True)
    open_assessment = (
        Assessment.objects.filter(child=OuterRef("pk"))
        .exclude(status=AssessmentStatus.AUTHORISED)
        .order_by("due_date", "pk")
    )
    oversight = (
        ManagementOversight.objects.filter(child=OuterRef("pk"))
        .values("child")
        .annotate(last=Max("recorded_at"))
        .values("last")
    )
    supervision = (
        Supervision.objects.filter(child=OuterRef("pk"))
        .values("child")
        .annotate(last=Max("held_on"))
        .values("last")
    )
    qs = children.annotate(
        team_name=Subquery(primary.values("team__name")[:1]),
        primary_worker_id=Subquery(primary.values("worker_id")[:1]),
        primary_worker_name=Subquery(
            primary.annotate(
                n=Concat(F("worker__first_name"), Value(" "), F("worker__last_name"))
            ).values("n")[:1]
        ),
        episode_id=Subquery(episode.values("pk")[:1]),
        referral_date=Subquery(episode.values("referral_date")[:1]),
        assessment_id=Subquery(open_assessment.values("pk")[:1]),
        assessment_status=Subquery(open_assessment.values("status")[:1]),
        assessment_start=Subquery(open_assessment.values("start_date")[:1]),
        assessment_due=Subquery(open_assessment.values("due_date")[:1]),
        last_oversight_at=Subquery(oversight),
        last_supervision_on=Subquery(supervision),
    )
    if for_worker is not None:
        # "primary" sorts after "co_worker": a worker who holds the case as both shows primary.
        mine = Allocation.objects.filter(
            child=OuterRef("pk"), end_date__isnull=True, worker=for_worker
        ).order_by("-role")
        qs = qs.annotate(my_role=Subquery(mine.values("role")[:1]))
    # Urgency: overdue first, then fewest working days remaining. Working days grow with
    # the due date, so the earliest due date is the most urgent; no open assessment last.
    return qs.order_by(F("assessment_due").asc(nulls_last=True), "last_name", "first_name", "pk")


def _case_rows(people: list[Any], today: dt.date) -> list[CaseRow]:
    from opencsc.assessments.selectors import updated_assessment_prompts

    # One query for the whole page: children whose circumstances changed since their
    # latest assessment was authorised (assessments.selectors owns the rule).
    prompts = updated_assessment_prompts([p.pk for p in people]) if people else {}
    # A fixed number more (insight.deadlines.QUERIES): the page's protection and plan
    # timescales in bulk.
    deadlines = deadlines_for([p.pk for p in people], today)
    rows = []
    for p in people:
        due = p.assessment_due
        rows.append(
            CaseRow(
                child_id=p.pk,
                name=p.full_name,
                date_of_birth=p.date_of_birth,
                expected_date_of_birth=p.expected_date_of_birth,
                age=age_on(p.date_of_birth, today),
                team_name=p.team_name or "",
                worker_id=p.primary_worker_id,
                worker_name=(p.primary_worker_name or "").strip(),
                allocation_role=getattr(p, "my_role", None) or AllocationRole.PRIMARY,
                episode_id=p.episode_id,
                referral_date=p.referral_date,
                assessment_id=p.assessment_id,
                assessment_status=p.assessment_status or "",
                assessment_start=p.assessment_start,
                assessment_due=due,
                days_remaining=working_days_remaining(due, today) if due else None,
                last_oversight_at=p.last_oversight_at,
                last_supervision_on=p.last_supervision_on,
                circumstances_changed=p.pk in prompts,
                deadlines=deadlines.get(p.pk, ()),
            )
        )
    return rows


def _paginate(qs: QuerySet, page: Any) -> Page:
    return Paginator(qs, PER_PAGE).get_page(page)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# ---------------------------------------------------------------------------
# My work


def my_worklist(user: User, *, page: Any = 1, today: dt.date | None = None) -> MyWorklist:
    """The signed-in user's own worklist; what it holds depends on their role."""
    today = _today(today)
    role = user.role
    if role in FRONT_DOOR_ROLES:
        return MyWorklist(kind="front_door", today=today, contacts=contacts_awaiting_decision(user))
    if role in CASEHOLDER_ROLES:
        mine = Allocation.objects.filter(child=OuterRef("pk"), end_date__isnull=True, worker=user)
        qs = annotate_cases(children_visible_to(user).filter(Exists(mine)), for_worker=user)
        paged = _paginate(qs, page)
        result = MyWorklist(
            kind="caseload", today=today, page=paged, rows=_case_rows(list(paged), today)
        )
        if role in AUTHORISER_ROLES:
            result.shows_authorisation = True
            result.awaiting_authorisation = awaiting_authorisation(user, today=today)
        return result
    if role in SUMMARY_ROLES:
        result = MyWorklist(kind="summary", today=today)
        result.summary, result.summary_total = team_summary(user, today=today)
        if role in AUTHORISER_ROLES:
            result.shows_authorisation = True
            result.awaiting_authorisation = awaiting_authorisation(user, today=today)
        return result
    return MyWorklist(kind="none", today=today)


def awaiting_authorisation(user: User, *, today: dt.date | None = None) -> list[AuthorisationRow]:
    """Assessments submitted for authorisation on children of the teams this manager
    manages (the same teams ``is_manager_of_child`` lets them authorise for)."""
    today = _today(today)
    managed = Allocation.objects.filter(
        child=OuterRef("child"), end_date__isnull=True, team_id__in=team_ids_for(user)
    )
    assessments = (
        Assessment.objects.filter(
            status=AssessmentStatus.SUBMITTED, child__in=children_visible_to(user)
        )
        .filter(Exists(managed))
        .select_related("child", "worker")
        .order_by("due_date", "submitted_at", "pk")
    )
    return [
        AuthorisationRow(
            assessment_id=a.pk,
            child_id=a.child_id,
            child_name=a.child.full_name,
            worker_name=str(a.worker) if a.worker else "",
            submitted_at=a.submitted_at,
            due_date=a.due_date,
            days_remaining=working_days_remaining(a.due_date, today),
        )
        for a in assessments
    ]


def contacts_awaiting_decision(user: User, *, limit: int = 500) -> list[ContactRow]:
    """Contacts still awaiting a decision on children this user may see, due first.

    Shown on "My work" for front door users until the front door's own worklist exists.
    """
    now = timezone.now()
    contacts = (
        Contact.objects.filter(
            status=ContactStatus.AWAITING_DECISION, child__in=children_visible_to(user)
        )
        .select_related("child", "team")
        .order_by("decision_due_at", "pk")[:limit]
    )
    return [
        ContactRow(
            contact_id=c.pk,
            child_id=c.child_id,
            child_name=c.child.full_name,
            received_at=c.received_at,
            decision_due_at=c.decision_due_at,
            source=c.source,
            source_label=c.get_source_display(),
            team_name=c.team.name,
            is_overdue=c.decision_due_at < now,
        )
        for c in contacts
    ]


def team_summary(
    user: User, *, today: dt.date | None = None
) -> tuple[list[TeamSummary], TeamSummary]:
    """Open and overdue assessments and contacts awaiting decision, by team.

    Counts only what this user may see: a restricted record is absent from the counts
    of everyone not named on it. Three queries, whatever the number of teams.
    """
    today = _today(today)
    now = timezone.now()
    visible = children_visible_to(user)
    by_team: dict[int | None, TeamSummary] = {}
    teams = {t.pk: t.name for t in Team.objects.all()}
    for pk, name in teams.items():
        by_team[pk] = TeamSummary(team_id=pk, team_name=name)

    def row(team_id: int | None) -> TeamSummary:
        if team_id not in by_team:
            by_team[team_id] = TeamSummary(team_id=None, team_name="No allocated team")
        return by_team[team_id]

    # An assessment counts for the team that holds the child's case now.
    assessments = (
        Assessment.objects.exclude(status=AssessmentStatus.AUTHORISED)
        .filter(child__in=visible)
        .annotate(team_id=Subquery(_open_primary("child").values("team_id")[:1]))
        .values("team_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
        )
    )
    for item in assessments:
        summary = row(item["team_id"])
        summary.open_assessments = item["open"]
        summary.overdue_assessments = item["overdue"]
    contacts = (
        Contact.objects.filter(status=ContactStatus.AWAITING_DECISION, child__in=visible)
        .values("team_id")
        .annotate(
            awaiting=Count("pk"),
            overdue=Count("pk", filter=Q(decision_due_at__lt=now)),
        )
    )
    for item in contacts:
        summary = row(item["team_id"])
        summary.contacts_awaiting = item["awaiting"]
        summary.contacts_overdue = item["overdue"]
    rows = sorted(by_team.values(), key=lambda s: (s.team_id is None, s.team_name))
    total = TeamSummary(team_id=None, team_name="All teams")
    for s in rows:
        total.open_assessments += s.open_assessments
        total.overdue_assessments += s.overdue_assessments
        total.contacts_awaiting += s.contacts_awaiting
        total.contacts_overdue += s.contacts_overdue
    return rows, total


# ---------------------------------------------------------------------------
# Team work


def team_choices(user: User, own_ids: set[int] | None = None) -> list[Team]:
    """The teams whose worklist this user may open."""
    if user.role in ALL_CHILDREN_ROLES:
        return list(Team.objects.all())
    ids = team_ids_for(user) if own_ids is None else own_ids
    return list(Team.objects.filter(pk__in=ids)) if ids else []


def team_worklist(
    user: User, team: int | str | None = None, *, page: Any = 1, today: dt.date | None = None
) -> TeamWorklist:
    """Every open case of the chosen teams, most urgent first, and each worker's caseload.

    Without ``team``: the teams the user manages (a manager), or their own team. With
    ``team``: that team, if it is one they may open; otherwise 404, as for a record.
    """
    today = _today(today)
    own_ids = team_ids_for(user)
    choices = team_choices(user, own_ids)
    if team not in (None, ""):
        try:
            team_id = int(team)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise Http404("No such team") from exc
        shown = [t for t in choices if t.pk == team_id]
        if not shown:
            raise Http404("No such team")
    else:
        shown = [t for t in choices if t.pk in own_ids]
    result = TeamWorklist(
        teams=shown,
        team_choices=choices,
        today=today,
        # Social workers (and everyone but the team's manager) see the list read-only.
        read_only=not (
            shown and user.role in AUTHORISER_ROLES and all(t.manager_id == user.pk for t in shown)
        ),
        caseload_high=caseload_high_threshold(),
    )
    if not shown:
        return result
    ids = [t.pk for t in shown]
    visible = children_visible_to(user)
    in_teams = Allocation.objects.filter(
        child=OuterRef("pk"),
        end_date__isnull=True,
        role=AllocationRole.PRIMARY,
        team_id__in=ids,
    )
    qs = annotate_cases(visible.filter(Exists(in_teams)))
    result.page = _paginate(qs, page)
    result.rows = _case_rows(list(result.page), today)
    result.caseloads = caseloads(ids, visible=visible)
    return result


def caseloads(team_ids: list[int], *, visible: QuerySet[Person]) -> list[CaseloadRow]:
    """Children allocated to each worker of these teams, per full-time equivalent.

    One query. Only children the viewer may see are counted: a restricted record stays
    out of counts for everyone not named on it.
    """
    from opencsc.accounts.models import User

    held = (
        Allocation.objects.filter(worker=OuterRef("pk"), end_date__isnull=True, child__in=visible)
        .values("worker")
        .annotate(n=Count("child", distinct=True))
        .values("n")
    )
    open_assessments = (
        Assessment.objects.filter(worker=OuterRef("pk"), child__in=visible)
        .exclude(status=AssessmentStatus.AUTHORISED)
        .values("worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    workers = (
        User.objects.filter(
            team_id__in=team_ids, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER]
        )
        .select_related("team")
        .annotate(
            children=Coalesce(Subquery(held, output_field=IntegerField()), 0),
            open_assessments=Coalesce(Subquery(open_assessments, output_field=IntegerField()), 0),
        )
        .order_by("team__name", "last_name", "first_name", "pk")
    )
    high = caseload_high_threshold()
    rows = []
    for w in workers:
        per_fte = (Decimal(w.children) / w.fte).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(
            CaseloadRow(
                worker_id=w.pk,
                worker_name=str(w),
                team_name=w.team.name if w.team else "",
                employment=w.get_employment_display(),
                fte=w.fte,
                children=w.children,
                open_assessments=w.open_assessments,
                per_fte=per_fte,
                too_high=per_fte > high,
            )
        )
    return rows
