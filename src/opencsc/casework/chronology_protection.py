"""Chronology events from child protection and plans: strategy discussions, section 47
enquiries, conferences, child protection plans, emergency powers, child in need plans
and their reviews, and statutory visits. One query per table read, however long the
record (pinned in tests/casework/test_chronology.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from opencsc.casework.events import (
    RANK,
    Event,
    EventKind,
    choice_label,
    clip,
    date_text,
    local_date,
    page_url,
    user_name,
)

if TYPE_CHECKING:
    from opencsc.people.models import Person


def protection_events(child: Person) -> Iterable[Event]:
    """Strategy discussions, enquiries, conferences with the plans they started, and
    emergency powers: four queries."""
    yield from _strategy_events(child)
    yield from _enquiry_events(child)
    yield from _conference_events(child)
    yield from _emergency_power_events(child)


def _strategy_events(child: Person) -> Iterable[Event]:
    from opencsc.protection.models import StrategyDecision, StrategyDiscussion

    for d in StrategyDiscussion.objects.filter(child=child).select_related("recorded_by"):
        lines = [f"Information shared: {clip(d.information_shared, 300)}"]
        if not d.quorate:
            # WT2023 ch.3: children's social care, police and health at least.
            lines.append("Held without children's social care, police and health all taking part")
        yield Event(
            EventKind.PROTECTION,
            local_date(d.held_at),
            f"{d.get_kind_display()}: {choice_label(StrategyDecision, d.decision)}",
            detail=d.rationale,
            by=user_name(d.recorded_by),
            at=d.held_at,
            url=page_url("protection:strategy-detail", d.pk),
            lines=tuple(lines),
            rank=RANK["strategy"],
            tag="" if d.quorate else "Not quorate",
            sort_extra=(d.pk,),
        )


def _enquiry_events(child: Person) -> Iterable[Event]:
    from opencsc.protection.models import EnquiryOutcome, Section47Enquiry

    for e in Section47Enquiry.objects.filter(child=child).select_related("worker"):
        url = page_url("protection:enquiry-detail", e.pk)
        yield Event(
            EventKind.PROTECTION,
            e.start_date,
            "Section 47 enquiry started",
            by=user_name(e.worker),
            url=url,
            lines=(f"Initial conference target: {date_text(e.conference_target_date)}",),
            rank=RANK["enquiry"],
            tag="Joint with the police" if e.joint_with_police else "",
            sort_extra=(e.pk,),
        )
        if e.completed_on is None:
            continue
        lines: list[str] = []
        if e.child_seen_on:
            alone = "" if e.seen_alone is None else (", alone" if e.seen_alone else ", not alone")
            lines.append(f"Child seen {date_text(e.child_seen_on)}{alone}")
        if e.conference_not_required:
            reason = e.conference_not_required_reason
            lines.append("Initial conference not required" + (f": {reason}" if reason else ""))
        yield Event(
            EventKind.PROTECTION,
            e.completed_on,
            f"Section 47 enquiry completed: {choice_label(EnquiryOutcome, e.outcome)}",
            detail=clip(e.findings),
            by=user_name(e.worker),
            url=url,
            lines=tuple(lines),
            rank=RANK["enquiry_completed"],
            sort_extra=(e.pk,),
        )


def _conference_events(child: Person) -> Iterable[Event]:
    """Conferences, and the child protection plans they started (the plan rides along on
    the conference: one query)."""
    from opencsc.core.codes import CategoryOfAbuse
    from opencsc.protection.models import Conference, ConferenceKind, PlanEndReason

    conferences = Conference.objects.filter(child=child).select_related("chair", "started_plan")
    for c in conferences:
        if c.kind == ConferenceKind.REVIEW:
            outcome = "plan continues" if c.plan_required else "plan ended"
        else:
            outcome = "child protection plan" if c.plan_required else "no plan"
        lines = [f"Chair: {user_name(c.chair)}"]
        if c.category:
            lines.append(f"Category of abuse: {choice_label(CategoryOfAbuse, c.category)}")
        yield Event(
            EventKind.PROTECTION,
            c.held_on,
            f"{c.get_kind_display()}: {outcome}",
            detail=clip(c.summary),
            url=page_url("protection:conference-detail", c.pk),
            lines=tuple(lines),
            rank=RANK["conference"],
            sort_extra=(c.pk,),
        )
        plan = getattr(c, "started_plan", None)
        if plan is None:
            continue
        plan_url = page_url("protection:plan-detail", plan.pk)
        plan_lines = [f"Category of abuse: {choice_label(CategoryOfAbuse, plan.initial_category)}"]
        if plan.previous_plans:
            plan_lines.append(f"Previous plans: {plan.previous_plans}")
        yield Event(
            EventKind.PROTECTION,
            plan.start_date,
            "Child protection plan started",
            url=plan_url,
            lines=tuple(plan_lines),
            rank=RANK["plan"],
            sort_extra=(plan.pk,),
        )
        if plan.end_date:
            yield Event(
                EventKind.PROTECTION,
                plan.end_date,
                "Child protection plan ended",
                detail=f"Reason: {choice_label(PlanEndReason, plan.end_reason)}",
                url=plan_url,
                lines=(
                    f"Latest category of abuse: "
                    f"{choice_label(CategoryOfAbuse, plan.latest_category)}",
                ),
                rank=RANK["ended"],
                sort_extra=(plan.pk,),
            )


def _emergency_power_events(child: Person) -> Iterable[Event]:
    from opencsc.protection.models import EmergencyPower

    for p in EmergencyPower.objects.filter(child=child).select_related("recorded_by"):
        until = f"Until {date_text(p.end_date)}" if p.end_date else "No end date recorded"
        yield Event(
            EventKind.PROTECTION,
            p.start_date,
            p.get_kind_display(),
            detail=p.notes,
            by=user_name(p.recorded_by),
            lines=(until,),
            rank=RANK["emergency_power"],
            sort_extra=(p.pk,),
        )


def cin_plan_events(child: Person) -> Iterable[Event]:
    """Child in need plans started and ended, and their reviews: two queries."""
    from opencsc.plans.models import ChildInNeedPlan, ChildInNeedPlanReview, CINPlanEndReason

    for p in ChildInNeedPlan.objects.filter(child=child).select_related("recorded_by"):
        url = page_url("plans:cin-plan-detail", p.pk)
        yield Event(
            EventKind.CIN_PLAN,
            p.start_date,
            "Child in need plan started",
            by=user_name(p.recorded_by),
            url=url,
            lines=(
                f"Reviewed every {p.review_every_months} months; the child visited at least "
                f"every {p.visit_every_working_days} working days",
            ),
            rank=RANK["plan"],
            sort_extra=(p.pk,),
        )
        if p.end_date:
            yield Event(
                EventKind.CIN_PLAN,
                p.end_date,
                "Child in need plan ended",
                detail=f"Reason: {choice_label(CINPlanEndReason, p.end_reason)}",
                url=url,
                rank=RANK["ended"],
                sort_extra=(p.pk,),
            )
    reviews = ChildInNeedPlanReview.objects.filter(plan__child=child).select_related("recorded_by")
    for r in reviews:
        yield Event(
            EventKind.CIN_PLAN,
            r.held_on,
            "Child in need plan review",
            detail=r.progress,
            by=user_name(r.recorded_by),
            url=page_url("plans:cin-plan-detail", r.plan_id),
            lines=(f"Decision: {r.decision}",),
            rank=RANK["plan_review"],
            sort_extra=(r.pk,),
        )


def visit_events(child: Person) -> Iterable[Event]:
    """Statutory visits, each saying whether the child was seen, and seen alone (WT2023
    ch.3): one query."""
    from opencsc.plans.models import StatutoryVisit

    url = page_url("plans:visit-list", child.pk)
    for v in StatutoryVisit.objects.filter(child=child).select_related("visited_by"):
        if not v.child_seen:
            seen = "child not seen"
        elif v.seen_alone:
            seen = "child seen alone"
        else:
            seen = "child seen (not alone)"
        yield Event(
            EventKind.VISIT,
            v.visited_on,
            f"{v.get_kind_display()}: {seen}",
            detail=v.observations,
            by=user_name(v.visited_by),
            url=url,
            lines=("Bedroom seen",) if v.bedroom_seen else (),
            rank=RANK["visit"],
            tag="" if v.child_seen else "Child not seen",
            sort_extra=(v.recorded_at, v.pk),
        )
