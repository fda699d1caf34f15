"""Care proceedings, hearings and orders: issue ends pre-proceedings, interim orders only
within proceedings, final orders end interim ones, and what each order ends."""

from __future__ import annotations

import pytest

from opencsc.core.concurrency import StaleEditError
from opencsc.legal import services
from opencsc.legal.models import CourtOrder
from tests.legal.conftest import BORN, TODAY
from tests.legal.helpers import DECIDED, D, open_plo, refused

pytestmark = pytest.mark.django_db
ISSUED = DECIDED + D(weeks=6)  # Monday 2 March 2026


def issue(child, actor, on=ISSUED, **kwargs):  # type: ignore[no-untyped-def]
    fields = {"court": "Family Court at Crewe", **kwargs}
    return services.proceedings_issue(actor=actor, child=child, issued_on=on, **fields)


def order(child, actor, kind, on, **kwargs):  # type: ignore[no-untyped-def]
    return services.order_record(actor=actor, child=child, kind=kind, made_on=on, **kwargs)


def test_issuing_proceedings_ends_open_pre_proceedings(child, episode, manager, social_worker):
    plo = open_plo(child, manager)
    proceedings = issue(child, social_worker)
    plo.refresh_from_db()
    assert proceedings.pre_proceedings == plo
    assert plo.ended_on == ISSUED and plo.outcome == "proceedings"


def test_proceedings_without_pre_proceedings(child, social_worker):
    proceedings = issue(child, social_worker, court_case_number="CW26C00123")
    assert proceedings.pre_proceedings is None
    assert proceedings.court_case_number == "CW26C00123"


def test_issue_checks_its_fields(child, social_worker):
    error = refused(issue, child=child, actor=social_worker, on=TODAY + D(days=1), court=" ")
    assert set(error.message_dict) == {"issued_on", "court"}


def test_proceedings_only_once_the_child_is_born(child, social_worker):
    child.date_of_birth = None
    child.expected_date_of_birth = TODAY + D(days=30)
    child.save()
    error = refused(issue, child=child, actor=social_worker)
    assert "once the child is born" in error.message_dict["issued_on"][0]


def test_not_before_pre_proceedings_started(child, episode, manager, social_worker):
    open_plo(child, manager)
    error = refused(issue, child=child, actor=social_worker, on=DECIDED - D(days=1))
    assert "after pre-proceedings started" in error.message_dict["issued_on"][0]


def test_one_open_proceedings_at_a_time(child, social_worker):
    issue(child, social_worker)
    error = refused(issue, child=child, actor=social_worker)
    assert "already open" in error.messages[0]


def test_hearings_fall_within_proceedings(child, social_worker):
    proceedings = issue(child, social_worker)
    error = refused(
        services.hearing_record,
        actor=social_worker,
        proceedings=proceedings,
        kind="first",
        held_on=ISSUED - D(days=1),
    )
    assert "after the application was issued" in error.message_dict["held_on"][0]
    services.hearing_record(
        actor=social_worker, proceedings=proceedings, kind="first", held_on=ISSUED + D(days=10)
    )
    error = refused(
        services.hearing_record,
        actor=social_worker,
        proceedings=proceedings,
        kind="first",
        held_on=ISSUED + D(days=12),
    )
    assert "already recorded" in error.message_dict["kind"][0]
    # A hearing listed for the future, with no outcome yet.
    services.hearing_record(
        actor=social_worker, proceedings=proceedings, kind="irh", held_on=TODAY + D(weeks=4)
    )
    error = refused(
        services.hearing_record,
        actor=social_worker,
        proceedings=proceedings,
        kind="final",
        held_on=TODAY + D(weeks=8),
        outcome="Care order",
    )
    assert "once the hearing has been held" in error.message_dict["outcome"][0]


def test_an_interim_care_order_only_within_proceedings(child, social_worker):
    error = refused(order, child=child, actor=social_worker, kind="ico", on=TODAY)
    assert "within care proceedings" in error.message_dict["proceedings"][0]
    proceedings = issue(child, social_worker)
    ico = order(child, social_worker, "ico", ISSUED + D(days=3))
    assert ico.proceedings == proceedings  # the open proceedings, found for the user


def test_a_care_order_ends_the_interim_order(child, social_worker):
    issue(child, social_worker)
    ico = order(child, social_worker, "ico", ISSUED + D(days=3))
    care = order(child, social_worker, "co", TODAY)
    ico.refresh_from_db()
    assert ico.ends_on == TODAY
    assert care.ends_on is None


def test_a_placement_order_ends_interim_orders_but_suspends_the_care_order(child, social_worker):
    issue(child, social_worker)
    order(child, social_worker, "co", ISSUED + D(days=30))
    order(child, social_worker, "ico", ISSUED + D(days=3))  # recorded late, made earlier
    order(child, social_worker, "po", TODAY)
    ends = dict(CourtOrder.objects.values_list("kind", "ends_on"))
    assert ends["co"] is None  # ACA 2002 s.29(1): suspended, not ended
    assert ends["ico"] == ISSUED + D(days=30)  # ended by the care order


def test_an_sgo_discharges_the_care_order(child, social_worker):
    order(child, social_worker, "co", ISSUED)
    order(child, social_worker, "sgo", TODAY)
    assert CourtOrder.objects.get(kind="co").ends_on == TODAY


def test_an_adoption_order_ends_every_order(child, social_worker):
    order(child, social_worker, "co", ISSUED)
    order(child, social_worker, "po", ISSUED + D(days=1))
    order(child, social_worker, "ao", TODAY)
    assert set(CourtOrder.objects.exclude(kind="ao").values_list("ends_on", flat=True)) == {TODAY}


def test_a_discharge_needs_a_care_order(child, social_worker):
    error = refused(order, child=child, actor=social_worker, kind="discharge", on=TODAY)
    assert "no care order" in error.message_dict["kind"][0]
    order(child, social_worker, "co", ISSUED)
    order(child, social_worker, "discharge", TODAY)
    assert CourtOrder.objects.get(kind="co").ends_on == TODAY


def test_the_same_order_is_not_in_force_twice(child, social_worker):
    order(child, social_worker, "co", ISSUED)
    error = refused(order, child=child, actor=social_worker, kind="co", on=TODAY)
    assert "already in force" in error.message_dict["kind"][0]


def test_an_order_checks_its_fields(child, social_worker):
    error = refused(
        order,
        child=child,
        actor=social_worker,
        kind="xx",
        on=BORN - D(days=1),
        ends_on=BORN - D(days=2),
    )
    assert set(error.message_dict) == {"kind", "made_on", "ends_on"}


def test_an_order_within_named_proceedings_falls_within_them(child, social_worker):
    proceedings = issue(child, social_worker)
    error = refused(
        order,
        child=child,
        actor=social_worker,
        kind="co",
        on=ISSUED - D(days=1),
        proceedings=proceedings,
    )
    assert "after the application was issued" in error.message_dict["made_on"][0]


def test_concluding_ends_interim_orders(child, social_worker):
    proceedings = issue(child, social_worker)
    ico = order(child, social_worker, "ico", ISSUED + D(days=3))
    error = refused(
        services.proceedings_conclude,
        actor=social_worker,
        proceedings=proceedings,
        expected_version=proceedings.version,
        concluded_on=ISSUED + D(days=2),
    )
    assert "the last order" in error.message_dict["concluded_on"][0]
    services.proceedings_conclude(
        actor=social_worker,
        proceedings=proceedings,
        expected_version=proceedings.version,
        concluded_on=TODAY,
    )
    ico.refresh_from_db()
    assert ico.ends_on == TODAY
    with pytest.raises(StaleEditError):
        services.proceedings_conclude(
            actor=social_worker, proceedings=proceedings, expected_version=1, concluded_on=TODAY
        )
