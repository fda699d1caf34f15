from django.shortcuts import redirect
from django.urls import include, path

from opencsc.api.urls import api


def home(request):  # type: ignore[no-untyped-def]
    return redirect("insight:my-worklist")


urlpatterns = [
    path("", home, name="home"),
    path("", include("opencsc.accounts.urls")),
    path("work/", include("opencsc.insight.urls")),
    path("people/", include("opencsc.people.urls")),
    path("front-door/", include("opencsc.frontdoor.urls")),
    path("cases/", include("opencsc.casework.urls")),
    path("assessments/", include("opencsc.assessments.urls")),
    path("protection/", include("opencsc.protection.urls")),
    path("plans/", include("opencsc.plans.urls")),
    path("care/", include("opencsc.care.urls")),
    path("legal/", include("opencsc.legal.urls")),
    path("adoption/", include("opencsc.adoption.urls")),
    path("leaving/", include("opencsc.leaving.urls")),
    path("returns/", include("opencsc.returns.urls")),
    path("api/v1/", api.urls),
]
