"""Dates of the last oversight and supervision, for one child and for a worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from opencsc.casework import services
from opencsc.casework.selectors import (
    NO_OVERSIGHT,
    OversightDates,
    note_for_user,
    open_allocations,
    oversight_dates,
    oversight_dates_for,
)
from tests.casework.conftest import TODAY
from tests.factories import AllocationFactory, PersonFactory


def test_last_oversight_and_supervision_for_one_child(child, manager, social_worker, frozen):
    assert oversight_dates(child) == NO_OVERSIGHT
    services.oversight_add(actor=manager, child=child, direction="D1", reasons="R")
    frozen.shift(dt.timedelta(days=2))
    services.oversight_add(actor=manager, child=child, direction="D2", reasons="R")
    services.supervision_record(
        actor=manager,
        child=child,
        worker=social_worker,
        held_on=TODAY - dt.timedelta(days=10),
        reflection="Older",
    )
    services.supervision_record(
        actor=manager, child=child, worker=social_worker, held_on=TODAY, reflection="Newer"
    )
    assert oversight_dates(child.pk) == OversightDates(
        last_oversight=TODAY + dt.timedelta(days=2), last_supervision=TODAY
    )


def test_oversight_dates_for_many_children_in_one_query(
    child, team, manager, social_worker, django_assert_num_queries
):
    others = [PersonFactory() for _ in range(4)]
    for other in others:
        AllocationFactory(child=other, team=team, worker=social_worker)
    services.oversight_add(actor=manager, child=child, direction="D", reasons="R")
    services.supervision_record(
        actor=manager, child=others[0], worker=social_worker, held_on=TODAY, reflection="R"
    )
    ids = [child.pk, *(o.pk for o in others)]
    with django_assert_num_queries(1):
        dates = oversight_dates_for(ids)
    assert dates == {
        child.pk: OversightDates(last_oversight=TODAY, last_supervision=None),
        others[0].pk: OversightDates(last_oversight=None, last_supervision=TODAY),
    }
    assert dates.get(others[1].pk, NO_OVERSIGHT) == NO_OVERSIGHT
    assert oversight_dates_for([]) == {}


def test_note_for_user_is_scoped_to_the_childs_record(child, social_worker, colleague, outsider):
    note = services.note_add(
        actor=social_worker, child=child, kind="case_note", occurred_on=TODAY, text="N"
    )
    assert note_for_user(colleague, note.pk) == note
    with pytest.raises(Http404):
        note_for_user(outsider, note.pk)
    with pytest.raises(Http404):
        note_for_user(social_worker, note.pk + 1000)


def test_open_allocations_primary_first(child, manager, dc_team, dc_worker, social_worker):
    services.allocation_add_coworker(
        actor=manager, child=child, team=dc_team, worker=dc_worker, start_date=TODAY
    )
    assert [a.worker for a in open_allocations(child)] == [social_worker, dc_worker]
