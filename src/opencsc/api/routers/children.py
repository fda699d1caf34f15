"""GET /children/{id}: a child's record, for those who may see it."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from ninja import Router

from opencsc.accounts.access import child_for_user
from opencsc.api.schemas import ChildOut, DetailOut
from opencsc.assessments.models import Assessment
from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.casework.models import Allocation, CINEpisode
from opencsc.people.models import Person

router = Router(tags=["children"])


@router.get(
    "/children/{id}",
    url_name="child-read",
    response={200: ChildOut, 404: DetailOut},
    summary="Read a child's record",
)
def child_read(request: HttpRequest, id: int):  # noqa: A002 - the path names it id
    """Identity, characteristics, disabilities, open episode, allocations and assessments.

    404 for a child who does not exist and for one the caller may not see, alike.
    """
    child = child_for_user(request.auth, id)  # type: ignore[attr-defined]
    # Written in the request's transaction: if it fails, nothing is served.
    access_record(
        user=request.auth,  # type: ignore[attr-defined]
        action=AccessAction.API_READ,
        what="child record",
        person=child,
        request=request,
    )
    return child_out(child)


def child_out(child: Person) -> dict:
    prefetch_related_objects(
        [child],
        "disabilities",
        Prefetch("allocations", Allocation.objects.select_related("team", "worker")),
        Prefetch("assessments", Assessment.objects.order_by("-start_date", "-pk")),
    )
    episode = CINEpisode.objects.filter(child=child, closure_date__isnull=True).first()
    return {
        "id": child.pk,
        "la_child_id": child.la_child_id,
        **{
            f: getattr(child, f)
            for f in (
                "first_name",
                "middle_names",
                "last_name",
                "preferred_name",
                "date_of_birth",
                "expected_date_of_birth",
                "date_of_death",
                "sex",
                "gender_identity",
                "ethnicity",
                "first_language",
                "religion",
                "uasc",
                "nhs_number",
                "upn",
                "upn_unknown_reason",
                "postcode",
            )
        },
        "disabilities": [
            {"code": d.code, "label": d.get_code_display()} for d in child.disabilities.all()
        ],
        "open_episode": (
            {
                "id": episode.pk,
                "referral_date": episode.referral_date,
                "referral_source": episode.referral_source,
                "primary_need": episode.primary_need,
                "is_re_referral": episode.is_re_referral,
                "referral_nfa": episode.referral_nfa,
            }
            if episode
            else None
        ),
        "allocations": [
            {
                "team": a.team.name,
                "worker": str(a.worker) if a.worker else None,
                "role": a.role,
                "start_date": a.start_date,
                "end_date": a.end_date,
            }
            for a in child.allocations.all()
        ],
        "assessments": [
            {
                "id": a.pk,
                "episode_id": a.episode_id,
                "status": a.status,
                "status_label": a.get_status_display(),
                "start_date": a.start_date,
                "due_date": a.due_date,
                "authorised_on": a.authorised_on,
                "outcome": a.outcome,
            }
            for a in child.assessments.all()
        ],
    }
