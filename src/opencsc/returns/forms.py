"""What a performance analyst asks for: the census year, or Annex A's as-of date."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from opencsc.core.forms import GovUKDateField, GovUKForm

#: The first census year OpenCSC produces: 2024-25 introduced Sex (M/F/U).
FIRST_CENSUS_YEAR = 2025


def census_years(today: dt.date | None = None) -> list[int]:
    """Census years that can be asked for: from 2024-25 to the year now running."""
    today = today or timezone.localdate()
    current = today.year + 1 if today.month >= 4 else today.year
    return list(range(current, FIRST_CENSUS_YEAR - 1, -1))


class CensusForm(GovUKForm, forms.Form):
    year = forms.TypedChoiceField(
        label="Census year",
        help_text="The census covers 1 April to 31 March. The year now running gives the "
        "figures so far.",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Select the census year",
            "invalid_choice": ("Select a census year from the list"),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (y, f"{y - 1} to {y} (year ending 31 March {y})") for y in census_years()
        ]


class AnnexAForm(GovUKForm, forms.Form):
    as_of = GovUKDateField(
        label="Figures as of",
        help_text="Usually the day before the inspection's notification. For example, 27 3 2026.",
        allow_future=False,
        error_messages={"required": "Enter the date the lists should run to"},
    )


class SSDA903Form(GovUKForm, forms.Form):
    """The 903's collection year (year ending 31 March), from 2023-24 when social worker
    episodes began."""

    year = forms.TypedChoiceField(
        label="Collection year",
        help_text="The 903 covers 1 April to 31 March. The files come as one zip of CSVs.",
        coerce=int,
        choices=[],
        error_messages={
            "required": "Select the collection year",
            "invalid_choice": "Select a collection year from the list",
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from opencsc.returns.ssda903 import FIRST_YEAR

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        years = range(census_years()[0], FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (y, f"{y - 1} to {y} (year ending 31 March {y})") for y in years
        ]
