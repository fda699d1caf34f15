"""Security headers for every response the application makes.

Static files are answered by WhiteNoise before this middleware runs, so they keep
their long-lived caching; everything else carries case data and must not be
kept by a browser or proxy cache.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
    ]
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy, Cross-Origin-Opener-Policy and
    Cross-Origin-Resource-Policy on every response; ``Cache-Control: no-store`` on
    every HTML response, and on any other response that did not set its own
    Cache-Control (JSON and CSV carry case data too).

    A view can set its own Content-Security-Policy; it is then left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        content_type = headers.get("Content-Type", "")
        if content_type.startswith("text/html") or "Cache-Control" not in headers:
            headers["Cache-Control"] = "no-store"
        return response
