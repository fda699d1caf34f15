"""django-ninja 1.7 answers other statuses with ``Status(code, body)`` (returning a tuple is
deprecated); older releases allowed by pyproject only know the tuple."""

from __future__ import annotations

from typing import Any

try:
    from ninja import Status
except ImportError:  # django-ninja < 1.7

    def Status(status_code: int, body: Any) -> tuple[int, Any]:  # type: ignore[no-redef]  # noqa: N802
        return status_code, body


__all__ = ["Status"]
