"""Statutory returns from the web, for performance analysts and heads of service.

Asking for a return starts it in the background and opens its page, which refreshes
itself until the file is ready (no JavaScript needed). Every download is written to the
access log: a return holds every child it covers.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from opencsc.audit.models import AccessAction
from opencsc.audit.services import access_record
from opencsc.core.http import AuthenticatedRequest
from opencsc.returns.forms import AnnexAForm, CensusForm, SSDA903Form
from opencsc.returns.models import ReturnKind, ReturnRun, RunStatus
from opencsc.returns.runs import mark_lost_runs, run_return_in_background

CONTENT_TYPES: dict[str, str] = {
    ReturnKind.CIN_CENSUS: "application/xml",
    ReturnKind.ANNEX_A: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReturnKind.SSDA903: "application/zip",
}
RECENT = 20


def _runs():  # type: ignore[no-untyped-def]
    # The file itself stays in the database until it is downloaded.
    return ReturnRun.objects.defer("content").select_related("requested_by")


def returns_index(
    request: AuthenticatedRequest,
    census_form: CensusForm | None = None,
    annex_form: AnnexAForm | None = None,
    ssda903_form: SSDA903Form | None = None,
) -> HttpResponse:
    mark_lost_runs()
    return render(
        request,
        "returns/index.html",
        {
            "census_form": census_form or CensusForm(prefix="cin"),
            "annex_form": annex_form or AnnexAForm(prefix="annex"),
            "ssda903_form": ssda903_form or SSDA903Form(prefix="ssda903"),
            "runs": _runs()[:RECENT],
        },
        status=400 if (census_form or annex_form or ssda903_form) else 200,
    )


@require_POST
def run_new(request: AuthenticatedRequest) -> HttpResponse:
    kind = request.POST.get("kind")
    if kind == ReturnKind.CIN_CENSUS:
        census = CensusForm(request.POST, prefix="cin")
        if not census.is_valid():
            return returns_index(request, census_form=census)
        run = ReturnRun.objects.create(
            kind=kind, year=census.cleaned_data["year"], requested_by=request.user
        )
    elif kind == ReturnKind.ANNEX_A:
        annex = AnnexAForm(request.POST, prefix="annex")
        if not annex.is_valid():
            return returns_index(request, annex_form=annex)
        run = ReturnRun.objects.create(
            kind=kind, as_of=annex.cleaned_data["as_of"], requested_by=request.user
        )
    elif kind == ReturnKind.SSDA903:
        ssda903 = SSDA903Form(request.POST, prefix="ssda903")
        if not ssda903.is_valid():
            return returns_index(request, ssda903_form=ssda903)
        run = ReturnRun.objects.create(
            kind=kind, year=ssda903.cleaned_data["year"], requested_by=request.user
        )
    else:
        return HttpResponse("Choose the census, the 903 or Annex A.", status=400)
    run_return_in_background(run)
    return redirect("returns:run-detail", run_id=run.pk)


def run_detail(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    mark_lost_runs()
    run = _runs().filter(pk=run_id).first()
    if run is None:
        raise Http404("No such return run")
    return render(request, "returns/run_detail.html", {"run": run})


def run_download(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = ReturnRun.objects.filter(pk=run_id, status=RunStatus.DONE).first()
    if run is None or run.content is None:
        raise Http404("This return is not ready to download")
    access_record(
        user=request.user,
        action=AccessAction.EXPORT,
        what=f"{run.get_kind_display()} {run.period_label}",
        detail=f"return run {run.pk}, {run.filename}",
        request=request,
    )
    response = HttpResponse(bytes(run.content), content_type=CONTENT_TYPES[run.kind])
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response
