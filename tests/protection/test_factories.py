"""The protection factories give records the rules accept, for other apps' tests."""

from __future__ import annotations

from tests.factories import (
    ChildProtectionPlanFactory,
    EmergencyPowerFactory,
    Section47EnquiryFactory,
)


def test_factories_make_consistent_records(db):
    plan = ChildProtectionPlanFactory()
    assert plan.child == plan.episode.child == plan.conference.child
    assert plan.start_date == plan.conference.held_on and plan.is_open
    enquiry = Section47EnquiryFactory()
    assert enquiry.is_open and enquiry.conference_target_date > enquiry.start_date
    power = EmergencyPowerFactory()
    assert power.end_date > power.start_date
