"""GOV.UK form rendering, date fields, template tags, base template and security headers.

None of these touch the database.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.http import HttpResponse, JsonResponse
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import include, path

from opencsc.core.forms import (
    LONDON,
    GovUKDateField,
    GovUKDateTimeField,
    GovUKForm,
)
from opencsc.core.middleware import SecurityHeadersMiddleware
from opencsc.core.templatetags.govuk import govuk_date, govuk_datetime, govuk_tag

CHOICES = [("yes", "Yes"), ("no", "No")]


class EveryWidgetForm(GovUKForm, forms.Form):
    full_name = forms.CharField(
        help_text="As it appears on their records",
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(required=False)
    age = forms.IntegerField(required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    team = forms.ChoiceField(choices=[("", "Choose a team"), *CHOICES])
    consent = forms.ChoiceField(
        choices=CHOICES,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small govuk-radios--inline"}),
    )
    needs = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    confirm = forms.BooleanField(label="I have checked the details")
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    date_of_birth = GovUKDateField(help_text="For example, 27 3 2007")
    received = GovUKDateTimeField(label="Date and time received", required=False)


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def form_group_of(html: str, marker: str) -> str:
    """The opening of the govuk-form-group that holds ``marker``."""
    index = html.index(marker)
    return html[html.rindex('<div class="govuk-form-group', 0, index) : index]


# --- rendering -----------------------------------------------------------------


def test_every_widget_kind_renders_govuk_markup():
    html = squash(str(EveryWidgetForm()))

    # Text input: label, hint, classes (own width class kept), aria-describedby to the hint.
    assert '<label class="govuk-label" for="id_full_name">Full name</label>' in html
    assert (
        '<div class="govuk-hint" id="id_full_name-hint">As it appears on their records</div>'
    ) in html
    assert re.search(
        r'<input type="text" name="full_name"[^>]*class="govuk-input govuk-input--width-20"', html
    )
    assert 'aria-describedby="id_full_name-hint"' in html
    assert re.search(r'<input type="email" name="email"[^>]*class="govuk-input"', html)
    assert re.search(r'<input type="number" name="age"[^>]*class="govuk-input"', html)
    assert re.search(r'<input type="password" name="password"[^>]*class="govuk-input"', html)
    assert re.search(r'<textarea name="notes"[^>]*class="govuk-textarea"', html)
    assert re.search(r'<select name="team" class="govuk-select"', html)

    # Radios in a fieldset with a legend; modifier classes on the container.
    assert '<fieldset class="govuk-fieldset">' in html
    assert '<legend class="govuk-fieldset__legend"> Consent </legend>' in html
    assert (
        '<div class="govuk-radios govuk-radios--small govuk-radios--inline" '
        'data-module="govuk-radios">'
    ) in html
    assert re.search(
        r'<input type="radio" name="consent" value="yes" class="govuk-radios__input" '
        r'id="id_consent_0"',
        html,
    )
    assert '<label class="govuk-label govuk-radios__label" for="id_consent_0">Yes</label>' in html

    # Checkboxes in a fieldset, and a single checkbox.
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert re.search(
        r'<input type="checkbox" name="needs" value="no"[^>]*class="govuk-checkboxes__input"', html
    )
    assert re.search(
        r'<input type="checkbox" name="confirm"[^>]*class="govuk-checkboxes__input"', html
    )
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_confirm">'
        "I have checked the details</label>"
    ) in html

    # Hidden input: no wrapper, no label.
    assert '<input type="hidden" name="version" id="id_version">' in html
    assert 'for="id_version"' not in html

    # Date: a fieldset (role=group) with a legend and day / month / year inputs.
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_date_of_birth-hint">'
    ) in html
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in html
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        assert re.search(
            rf'<input type="text" name="date_of_birth_{part}" inputmode="numeric" '
            rf'id="id_date_of_birth_{part}" class="govuk-input govuk-date-input__input '
            rf'govuk-input--width-{width}">',
            html,
        )
        assert f'for="id_date_of_birth_{part}"' in html
    # Date and time: the time input too.
    assert re.search(r'<input type="text" name="received_time"[^>]*govuk-input--width-5', html)

    # GOV.UK forms rely on server-side validation only.
    assert " required" not in html
    # No inline styles or scripts: the CSP forbids them.
    assert "style=" not in html and "<script" not in html


def test_page_heading_and_label_size():
    class OneQuestion(GovUKForm, forms.Form):
        page_heading = "reason"
        label_sizes = {"other": "m"}
        reason = forms.CharField(label="Why are you getting in touch?")
        other = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)

    html = squash(str(OneQuestion()))
    assert (
        '<h1 class="govuk-label-wrapper"> <label class="govuk-label govuk-label--l" '
        'for="id_reason">Why are you getting in touch?</label> </h1>'
    ) in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in html


def test_plain_django_form_uses_the_govuk_renderer():
    class Plain(forms.Form):
        name = forms.CharField(help_text="Hint")

    form = Plain(data={})
    html = squash(str(form))
    assert "govuk-form-group govuk-form-group--error" in html
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_bound_invalid_form_renders_errors_and_summary():
    form = EveryWidgetForm(
        data={
            "full_name": "Far too long a name",
            "email": "not-an-email",
            "date_of_birth_day": "3",
            "date_of_birth_year": "2020",
        }
    )
    assert not form.is_valid()
    html = squash(str(form))

    group = form_group_of(html, 'name="full_name"')
    assert "govuk-form-group--error" in group
    assert (
        '<p class="govuk-error-message" id="id_full_name-error">'
        '<span class="govuk-visually-hidden">Error:</span> '
        "Full name must be 10 characters or fewer</p>"
    ) in html
    assert 'class="govuk-input govuk-input--error govuk-input--width-20"' in html
    assert 'aria-describedby="id_full_name-hint id_full_name-error"' in html

    # Radios: the error is described on the fieldset.
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_consent-error">' in html
    assert "Select consent" in html

    # Date: only the missing month is marked as in error.
    assert (
        '<fieldset class="govuk-fieldset" role="group" '
        'aria-describedby="id_date_of_birth-hint id_date_of_birth-error">'
    ) in html
    assert "Date of birth must include a month" in html
    assert re.search(r'id="id_date_of_birth_month" class="[^"]*govuk-input--error', html)
    assert not re.search(r'id="id_date_of_birth_day" class="[^"]*govuk-input--error', html)

    summary = squash(
        Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": form}))
    )
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in summary
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_full_name", "Full name must be 10 characters or fewer"),
        ("id_email", "Enter an email address in the correct format, like name@example.com"),
        ("id_team", "Select team"),
        ("id_consent_0", "Select consent"),
        ("id_confirm", "Select I have checked the details"),
        ("id_date_of_birth_month", "Date of birth must include a month"),
    ]


def test_error_summary_links_a_wholly_wrong_date_to_the_day_input_and_shows_form_errors():
    class DateForm(GovUKForm, forms.Form):
        date_of_birth = GovUKDateField()

        def clean(self):
            raise forms.ValidationError("These details match someone already recorded")

    form = DateForm(
        data={"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""}
    )
    assert not form.is_valid()
    summary = squash(
        Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": form}))
    )
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("form-errors", "These details match someone already recorded"),
        ("id_date_of_birth_day", "Enter date of birth"),
    ]
    html = squash(str(form))
    assert '<div class="govuk-form-group govuk-form-group--error" id="form-errors">' in html
    for part in ("day", "month", "year"):
        assert re.search(rf'id="id_date_of_birth_{part}" class="[^"]*govuk-input--error', html)


def test_error_summary_is_empty_for_an_unbound_or_valid_form():
    rendered = Template("{% load govuk %}{% govuk_error_summary form %}").render(
        Context({"form": EveryWidgetForm()})
    )
    assert rendered.strip() == ""


# --- GovUKDateField -------------------------------------------------------------


class DateForm(GovUKForm, forms.Form):
    date_of_birth = GovUKDateField()


def date_errors(day: str, month: str, year: str) -> list[str]:
    form = DateForm(
        data={"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}
    )
    return [] if form.is_valid() else form.errors["date_of_birth"]


def test_date_field_parses_day_month_year():
    form = DateForm(
        data={"date_of_birth_day": "3", "date_of_birth_month": "3", "date_of_birth_year": "2026"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == dt.date(2026, 3, 3)


def test_date_field_accepts_leading_zeros_spaces_and_month_names():
    field = GovUKDateField()
    assert field.clean([" 03 ", "03", "2026"]) == dt.date(2026, 3, 3)
    assert field.clean(["3", "Mar", "2026"]) == dt.date(2026, 3, 3)
    assert field.clean(["3", "march", "2026"]) == dt.date(2026, 3, 3)


def test_date_field_rejects_31_february():
    assert date_errors("31", "2", "2026") == ["Date of birth must be a real date"]
    assert date_errors("29", "2", "2023") == ["Date of birth must be a real date"]
    assert date_errors("29", "2", "2024") == []
    assert date_errors("3", "13", "2026") == ["Date of birth must be a real date"]
    assert date_errors("x", "3", "2026") == ["Date of birth must be a real date"]


def test_date_field_missing_parts():
    assert date_errors("3", "", "2026") == ["Date of birth must include a month"]
    assert date_errors("", "", "2026") == ["Date of birth must include a day and month"]
    assert date_errors("3", "3", "") == ["Date of birth must include a year"]
    assert date_errors("3", "3", "26") == ["Year must include 4 numbers"]


def test_empty_date_gives_the_required_message():
    assert date_errors("", "", "") == ["Enter date of birth"]

    class Custom(forms.Form):
        when = GovUKDateField(error_messages={"required": "Enter the date of the visit"})

    assert Custom(data={}).errors["when"] == ["Enter the date of the visit"]

    class Optional(GovUKForm, forms.Form):
        when = GovUKDateField(required=False)

    form = Optional(data={})
    assert form.is_valid() and form.cleaned_data["when"] is None


def test_date_field_without_govuk_form_still_names_the_field():
    class Plain(forms.Form):
        start = GovUKDateField(label="Start date")

    form = Plain(data={"start_day": "1", "start_month": "", "start_year": "2026"})
    assert form.errors["start"] == ["Start date must include a month"]


def test_date_field_future_limit():
    class Past(GovUKForm, forms.Form):
        date_of_birth = GovUKDateField(allow_future=False)

    tomorrow = dt.datetime.now(LONDON).date() + dt.timedelta(days=1)
    form = Past(
        data={
            "date_of_birth_day": str(tomorrow.day),
            "date_of_birth_month": str(tomorrow.month),
            "date_of_birth_year": str(tomorrow.year),
        }
    )
    assert form.errors["date_of_birth"] == ["Date of birth must be today or in the past"]


def test_date_field_redisplays_initial_and_entered_values():
    form = DateForm(initial={"date_of_birth": dt.date(2019, 11, 5)})
    html = str(form)
    assert 'name="date_of_birth_day" value="5"' in html
    assert 'name="date_of_birth_month" value="11"' in html
    assert 'name="date_of_birth_year" value="2019"' in html

    form = DateForm(
        data={"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2026"}
    )
    html = str(form)
    assert 'name="date_of_birth_day" value="31"' in html
    assert 'name="date_of_birth_month" value="2"' in html


# --- GovUKDateTimeField ---------------------------------------------------------


class ContactForm(GovUKForm, forms.Form):
    received = GovUKDateTimeField(label="Date and time received")


def received(day: str, month: str, year: str, time: str) -> ContactForm:
    return ContactForm(
        data={
            "received_day": day,
            "received_month": month,
            "received_year": year,
            "received_time": time,
        }
    )


def test_datetime_field_gives_an_aware_london_datetime_in_bst():
    form = received("1", "7", "2025", "14:05")
    assert form.is_valid(), form.errors
    value = form.cleaned_data["received"]
    assert value.tzinfo is not None
    assert value.tzinfo == LONDON
    assert value.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    assert value.astimezone(dt.UTC) == dt.datetime(2025, 7, 1, 13, 5, tzinfo=dt.UTC)


def test_datetime_field_in_winter_is_gmt_and_accepts_12_hour_times():
    form = received("15", "1", "2026", "2:05pm")
    assert form.is_valid(), form.errors
    value = form.cleaned_data["received"]
    assert value.utcoffset() == dt.timedelta(0)
    assert value.astimezone(dt.UTC) == dt.datetime(2026, 1, 15, 14, 5, tzinfo=dt.UTC)


def test_datetime_field_errors():
    assert received("1", "7", "2025", "").errors["received"] == [
        "Date and time received must include a time"
    ]
    assert received("1", "7", "2025", "25:00").errors["received"] == [
        "Date and time received must include a real time, like 09:30 or 14:05"
    ]
    assert received("1", "7", "2025", "14").errors["received"] == [
        "Date and time received must include a real time, like 09:30 or 14:05"
    ]
    assert received("31", "6", "2025", "09:00").errors["received"] == [
        "Date and time received must be a real date"
    ]
    assert received("", "", "", "").errors["received"] == ["Enter date and time received"]
    # 30 March 2025: the clocks went from 1am GMT to 2am BST.
    errors = received("30", "3", "2025", "01:30").errors["received"]
    assert errors and errors[0].startswith("Date and time received must be a real time")
    # 26 October 2025: 1:30am happened twice; the first (BST) is taken.
    form = received("26", "10", "2025", "01:30")
    assert form.is_valid()
    assert form.cleaned_data["received"].utcoffset() == dt.timedelta(hours=1)


def test_datetime_field_marks_only_the_time_in_error():
    html = str(received("1", "7", "2025", "nonsense"))
    assert re.search(r'id="id_received_time" class="[^"]*govuk-input--error', html)
    assert not re.search(r'id="id_received_day" class="[^"]*govuk-input--error', html)
    summary = Template("{% load govuk %}{% govuk_error_summary form %}").render(
        Context({"form": received("1", "7", "2025", "nonsense")})
    )
    assert 'href="#id_received_time"' in summary


def test_datetime_field_redisplays_an_aware_initial_value_in_uk_time():
    initial = dt.datetime(2025, 7, 1, 13, 5, 37, tzinfo=dt.UTC)
    html = str(ContactForm(initial={"received": initial}))
    assert 'name="received_time" value="14:05"' in html
    form = ContactForm(
        initial={"received": initial},
        data={
            "received_day": "1",
            "received_month": "7",
            "received_year": "2025",
            "received_time": "14:05",
        },
    )
    assert not form.has_changed()


# --- template tags --------------------------------------------------------------


def test_govuk_date_and_datetime_filters():
    assert govuk_date(dt.date(2026, 3, 3)) == "3 March 2026"
    assert govuk_date(None) == ""
    bst = dt.datetime(2026, 6, 3, 13, 5, tzinfo=dt.UTC)
    assert govuk_datetime(bst) == "3 June 2026 at 2:05pm"
    assert govuk_datetime(dt.datetime(2026, 3, 3, 14, 5, tzinfo=LONDON)) == "3 March 2026 at 2:05pm"
    assert govuk_datetime(dt.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)) == "3 March 2026 at 9am"
    assert govuk_datetime(dt.datetime(2026, 3, 3, 12, 0, tzinfo=LONDON)) == "3 March 2026 at midday"
    # Late on 3 March in UTC is still 3 March in winter; BST moves the date.
    assert govuk_date(dt.datetime(2026, 6, 3, 23, 30, tzinfo=dt.UTC)) == "4 June 2026"


def test_govuk_tag_and_summary_row():
    assert govuk_tag("Open", "green") == '<strong class="govuk-tag govuk-tag--green">Open</strong>'
    assert govuk_tag("<b>", None) == '<strong class="govuk-tag">&lt;b&gt;</strong>'
    html = squash(
        Template(
            "{% load govuk %}{% govuk_tag 'Closed' 'grey' %}"
            '<dl class="govuk-summary-list">'
            '{% summary_row "Date of birth" dob|govuk_date href="/edit/" %}'
            '{% summary_row "Ethnicity" "" %}</dl>'
        ).render(Context({"dob": dt.date(2019, 11, 5)}))
    )
    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in html
    assert '<dt class="govuk-summary-list__key">Date of birth</dt>' in html
    assert '<dd class="govuk-summary-list__value">5 November 2019</dd>' in html
    assert (
        '<a class="govuk-link" href="/edit/">Change'
        '<span class="govuk-visually-hidden"> date of birth</span></a>'
    ) in html
    assert "Not recorded" in html


def test_url_or_none(settings):
    settings.ROOT_URLCONF = __name__
    html = Template(
        '{% load govuk %}{% url_or_none "insight:my-worklist" as a %}'
        '{% url_or_none "nowhere:at-all" as b %}[{{ a }}][{{ b|default:"none" }}]'
    ).render(Context())
    assert html == "[/work/mine/][none]"


# --- base template --------------------------------------------------------------


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [
    path(
        "work/",
        include(
            (
                [
                    path("mine/", _ok, name="my-worklist"),
                    path("team/", _ok, name="team-worklist"),
                ],
                "insight",
            )
        ),
    ),
    path("people/", include(([path("search/", _ok, name="person-search")], "people"))),
    path("", include(([path("sign-out/", _ok, name="sign-out")], "accounts"))),
]


def test_base_template_for_a_signed_in_user(settings):
    settings.ROOT_URLCONF = __name__
    settings.OPENCSC_LA_NAME = "Testshire (synthetic)"
    settings.SYNTHETIC_DATA = True
    request = RequestFactory().get("/work/mine/")
    request.resolver_match = SimpleNamespace(view_name="insight:my-worklist")
    request.user = SimpleNamespace(
        is_authenticated=True,
        get_full_name=lambda: "Sam Worker",
        get_username=lambda: "sam",
        role="social_worker",
    )
    html = squash(render_to_string("base.html", {}, request=request))

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<body class="govuk-template__body">' in html
    assert '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">' in html
    assert "Testshire (synthetic)" in html
    assert 'class="govuk-service-navigation__link">OpenCSC</a>' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "Synthetic data: every person in this system is invented." in html
    assert "<title> – OpenCSC</title>" in html

    assert 'href="/work/mine/" aria-current="page"' in html
    assert 'href="/work/team/">Team</a>' in html
    assert 'href="/people/search/">Find a person</a>' in html
    assert "Front door" not in html  # frontdoor:worklist does not resolve here
    assert '<form method="post" action="/sign-out/"' in html
    assert 'name="csrfmiddlewaretoken"' in html

    # Strict CSP: no inline script or style; the one script is an external module.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="module" src="/static/opencsc/init.js">'
    ]
    assert "style=" not in html and "<style" not in html
    assert 'href="/static/govuk/govuk-frontend.min.css"' in html


def test_base_template_signed_out_real_data_and_messages(settings):
    settings.ROOT_URLCONF = __name__
    settings.SYNTHETIC_DATA = False
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=False)
    class Message:
        def __init__(self, text, level_tag):
            self.text, self.level_tag = text, level_tag

        def __str__(self):
            return self.text

    messages = [Message("Contact recorded", "success"), Message("Check the address", "info")]
    html = squash(render_to_string("base.html", {"messages": messages}, request=request))
    assert "Synthetic data" not in html
    assert "govuk-service-navigation__list" not in html
    assert "Sign out" not in html
    assert (
        '<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"'
    ) in html
    assert '<p class="govuk-notification-banner__heading">Contact recorded</p>' in html
    assert '<div class="govuk-notification-banner" role="region"' in html


def test_page_title_says_error_when_the_form_has_errors(settings):
    settings.ROOT_URLCONF = __name__
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=False)
    html = render_to_string("base.html", {"form": DateForm(data={})}, request=request)
    assert "<title>Error:  – OpenCSC</title>" in html


# --- security headers -----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "cache_control"),
    [
        (HttpResponse("<p>case notes</p>"), "no-store"),
        (JsonResponse({"child": "x"}), "no-store"),
    ],
)
def test_security_headers(response, cache_control):
    middleware = SecurityHeadersMiddleware(lambda request: response)
    result = middleware(RequestFactory().get("/"))
    csp = result["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "camera=()" in result["Permissions-Policy"]
    assert result["Cross-Origin-Opener-Policy"] == "same-origin"
    assert result["Cache-Control"] == cache_control


def test_html_is_never_cached_but_other_responses_keep_their_own_cache_control():
    html = HttpResponse("<p>x</p>")
    html["Cache-Control"] = "max-age=3600"
    result = SecurityHeadersMiddleware(lambda request: html)(RequestFactory().get("/"))
    assert result["Cache-Control"] == "no-store"

    css = HttpResponse("body{}", content_type="text/css")
    css["Cache-Control"] = "max-age=3600"
    result = SecurityHeadersMiddleware(lambda request: css)(RequestFactory().get("/"))
    assert result["Cache-Control"] == "max-age=3600"
