"""URL confs for the ?next=contact tests: with and without the front door's contact page."""

from django.http import HttpResponse
from django.urls import include, path

import opencsc.urls


def contact_new(request):  # type: ignore[no-untyped-def]
    return HttpResponse(f"contact for {request.GET.get('child')}")


def _without(namespace: str) -> list:
    return [p for p in opencsc.urls.urlpatterns if getattr(p, "namespace", None) != namespace]


frontdoor = ([path("contacts/new/", contact_new, name="contact-new")], "frontdoor")

urlpatterns = [*_without("frontdoor"), path("front-door/", include(frontdoor))]
