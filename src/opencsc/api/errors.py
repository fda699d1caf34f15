"""Errors as the API answers them: 422 with each field in error and what to fix.

Both kinds of validation error answer the same shape, so a partner agency's system
handles one format: the request's shape (ninja/pydantic) and the service's rules
(``django.core.exceptions.ValidationError`` raised by a service).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

VALUE_ERROR_PREFIX = "Value error, "


def _label(field: str) -> str:
    return field.rsplit(".", 1)[-1].replace("_", " ") if field else "a value"


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    # ("body", "payload", "child", "nhs_number") -> child.nhs_number; ("path", "id") -> id
    parts = parts[2:] if parts and parts[0] == "body" else parts[1:]
    return ".".join(parts)


def _message(error: dict[str, Any], field: str) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    label = _label(field)
    if kind in {"missing", "string_too_short"}:
        return f"Enter {label}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"Enter {label} as a real date, in the form YYYY-MM-DD"
    if kind == "enum":
        return f"Choose {label} from: {ctx.get('expected', '')}".rstrip(": ")
    if kind == "string_too_long":
        return f"Enter {label} of {ctx.get('max_length')} characters or fewer"
    if kind in {"int_parsing", "int_type"}:
        return f"Enter {label} as a whole number"
    if kind == "json_invalid":
        return "Send the request body as JSON"
    message = str(error.get("msg", "Enter a valid value"))
    return message.removeprefix(VALUE_ERROR_PREFIX)


def errors_from_ninja(exc: NinjaValidationError) -> list[dict[str, str]]:
    out = []
    for error in exc.errors:
        field = _field_path(error.get("loc", ()))
        out.append({"field": field or NON_FIELD_ERRORS, "message": _message(error, field)})
    return out


def errors_from_django(exc: DjangoValidationError, prefix: str = "") -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": f"{prefix}{field}" if field != NON_FIELD_ERRORS else field, "message": m}
            for field, messages in exc.message_dict.items()
            for m in messages
        ]
    return [{"field": NON_FIELD_ERRORS, "message": m} for m in exc.messages]


def prefixed(exc: DjangoValidationError, prefix: str) -> DjangoValidationError:
    """The same errors with their fields under ``prefix`` (``child.``), for nested input."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError(
        {
            (f"{prefix}{field}" if field != NON_FIELD_ERRORS else field): messages
            for field, messages in exc.message_dict.items()
        }
    )


def install(api: NinjaAPI) -> None:
    # The decorator registers each handler with add_exception_handler; used rather than
    # calling that directly, whose annotation says a handler may be given the exception
    # class (ninja only ever passes the instance raised).
    @api.exception_handler(NinjaValidationError)
    def ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, {"errors": errors_from_ninja(exc)}, status=422)

    @api.exception_handler(DjangoValidationError)
    def service_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"errors": errors_from_django(exc)}, status=422)
