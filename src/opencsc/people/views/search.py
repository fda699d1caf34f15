"""Find a person: the first thing anyone does before recording anything about a child."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from opencsc.core.http import AuthenticatedRequest
from opencsc.people.forms import PersonSearchForm
from opencsc.people.search import person_search as search_people
from opencsc.people.views.common import action_url


def person_search(request: AuthenticatedRequest) -> HttpResponse:
    searched = any(request.GET.get(k) for k in PersonSearchForm.base_fields) or any(
        k.startswith("date_of_birth_") and v for k, v in request.GET.items()
    )
    form = PersonSearchForm(request.GET if searched else None)
    results = None
    if searched and form.is_valid():
        data = form.cleaned_data
        results = search_people(
            user=request.user,
            query=data["query"],
            date_of_birth=data["date_of_birth"],
            nhs_number=data["nhs_number"],
            postcode=data["postcode"],
            request=request,
        )
    new_url = None
    if results is not None:
        # The front door records a contact about whoever it finds. A record they may open
        # offers it there; one known before but not yet theirs to open only from here.
        contact_url = action_url(request.user, "frontdoor:contact-new")
        for person in results:
            person.contact_url = (
                f"{contact_url}?child={person.pk}" if contact_url and not person.can_open else None
            )
        prefill = {}
        words = form.cleaned_data["query"].split()
        if len(words) >= 2:
            prefill = {"first_name": words[0], "last_name": words[-1]}
        new_url = action_url(request.user, "people:person-new", query=prefill or None)
    return render(
        request,
        "people/person_search.html",
        {
            "form": form,
            "results": results,
            "new_url": new_url,
            "nav_section": "people:person-search",
        },
    )
