"""Children looked after: periods of care and their 903 episodes, reviews, care plans,
health and missing episodes."""

from opencsc.care.models.episodes import CareEpisode, CarePeriod, PlacedWithParentsReview
from opencsc.care.models.health import (
    Conviction,
    HealthCheck,
    HealthCheckKind,
    MissingEpisode,
    SDQScore,
    SubstanceMisuse,
)
from opencsc.care.models.reviews import CarePlan, IROContact, LookedAfterReview

__all__ = [
    "CareEpisode",
    "CarePeriod",
    "CarePlan",
    "Conviction",
    "HealthCheck",
    "HealthCheckKind",
    "IROContact",
    "LookedAfterReview",
    "MissingEpisode",
    "PlacedWithParentsReview",
    "SDQScore",
    "SubstanceMisuse",
]
