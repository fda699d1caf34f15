"""GET /workers/me/work: the caller's own worklist, as on "My work"."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from opencsc.api.schemas import WorkOut
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.insight import selectors

router = Router(tags=["workers"])


@router.get("/workers/me/work", url_name="worker-work", response=WorkOut, summary="My worklist")
def worker_work(request: HttpRequest, page: int = 1):
    """The same list as the "My work" page: allocated children most urgent first (50 a
    page), assessments awaiting a manager's authorisation, contacts awaiting a front door
    decision, or open work by team, depending on the caller's role."""
    user = request.auth  # type: ignore[attr-defined]
    work = selectors.my_worklist(user, page=page)
    access_record(user=user, action=AccessAction.LIST, what="my worklist (API)", request=request)
    paged = work.page
    return {
        "kind": work.kind,
        "page": paged.number if paged else 1,
        "pages": paged.paginator.num_pages if paged else 1,
        # Children on a caseload (all pages), or the contacts awaiting a decision.
        "count": paged.paginator.count if paged else len(work.contacts),
        "children": [
            {
                "child_id": r.child_id,
                "name": r.name,
                "date_of_birth": r.date_of_birth,
                "age": r.age,
                "team": r.team_name,
                "allocation_role": r.allocation_role,
                "referral_date": r.referral_date,
                "assessment_id": r.assessment_id,
                "assessment_status": r.assessment_status,
                "assessment_due": r.assessment_due,
                "working_days_remaining": r.days_remaining,
                "urgency": r.urgency,
                "last_oversight_at": r.last_oversight_at,
                "last_supervision_on": r.last_supervision_on,
                "circumstances_changed": r.circumstances_changed,
                "deadlines": [
                    {
                        "kind": d.kind,
                        "label": d.label,
                        "due_date": d.due_date,
                        "working_days_remaining": d.days_remaining,
                    }
                    for d in r.deadlines
                ],
            }
            for r in work.rows
        ],
        "awaiting_authorisation": [
            {
                "assessment_id": a.assessment_id,
                "child_id": a.child_id,
                "child_name": a.child_name,
                "worker_name": a.worker_name,
                "submitted_at": a.submitted_at,
                "due_date": a.due_date,
                "working_days_remaining": a.days_remaining,
            }
            for a in work.awaiting_authorisation
        ],
        "contacts": [
            {
                "contact_id": c.contact_id,
                "child_id": c.child_id,
                "child_name": c.child_name,
                "received_at": c.received_at,
                "decision_due_at": c.decision_due_at,
                "source": c.source,
                "is_overdue": c.is_overdue,
            }
            for c in work.contacts
        ],
        "summary": [
            {
                "team_id": s.team_id,
                "team": s.team_name,
                "open_assessments": s.open_assessments,
                "overdue_assessments": s.overdue_assessments,
                "contacts_awaiting": s.contacts_awaiting,
                "contacts_overdue": s.contacts_overdue,
            }
            for s in work.summary
        ],
    }
