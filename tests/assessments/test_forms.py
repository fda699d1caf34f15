"""The assessment form: factor groups and the rules it checks before the service does."""

from __future__ import annotations

from opencsc.assessments.forms import FACTOR_GROUPS, AssessmentEditForm, ReviewForm
from opencsc.core.codes import AssessmentFactor


def test_every_factor_code_appears_in_exactly_one_group():
    codes = [c.value for _key, _label, group in FACTOR_GROUPS for c in group]
    assert sorted(codes) == sorted(AssessmentFactor.values)
    assert len(codes) == len(set(codes))


def test_no_factors_identified_stands_alone_in_the_last_group():
    key, _label, codes = FACTOR_GROUPS[-1]
    assert (key, [c.value for c in codes]) == ("none", ["21"])


def test_factors_from_all_groups_are_combined():
    form = AssessmentEditForm(
        {"version": "3", "factors_abuse": ["16A", "17A"], "factors_substances": ["2B"]}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["factors"] == ["16A", "17A", "2B"]


def test_no_factors_with_another_is_an_error_on_the_no_factors_field():
    form = AssessmentEditForm({"version": "1", "factors_none": ["21"], "factors_other": ["20"]})
    assert not form.is_valid()
    assert form.errors["factors_none"] == [
        "“No factors identified” cannot be selected with any other factor"
    ]


def test_a_factor_from_the_wrong_group_is_refused():
    form = AssessmentEditForm({"version": "1", "factors_none": ["16A"]})
    assert not form.is_valid()
    assert "factors_none" in form.errors


def test_initial_values_split_saved_factors_into_groups():
    from opencsc.assessments.models import Assessment

    initial = AssessmentEditForm.initial_for(
        Assessment(factors=["3B", "16A"], analysis="A", outcome="nfa", version=4)
    )
    assert initial["factors_abuse"] == ["16A"]
    assert initial["factors_domestic"] == ["3B"]
    assert initial["version"] == 4


def test_return_needs_comments_on_the_form():
    form = ReviewForm({"decision": "return", "comments": " "})
    assert not form.is_valid()
    assert form.errors["comments"] == ["Enter your comments: what the worker needs to change"]
    assert ReviewForm({"decision": "authorise"}).is_valid()


def test_review_needs_a_decision():
    form = ReviewForm({})
    assert form.errors["decision"] == ["Select your decision"]
