"""The API, under /api/v1/: django-ninja, with its OpenAPI document and docs.

Operation URL names (``url_name=``) are the route policy names after ``api:``; the
OpenAPI document is ``api:openapi-json`` and the docs page ``api:openapi-view`` (ninja's
own names), and ninja's root ``api:api-root`` (a 404 that names the docs URL, which ninja
also uses to work out the path prefix for the document).
"""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI

from opencsc.api import errors
from opencsc.api.auth import API_AUTH
from opencsc.api.routers import children, contacts, workers


class OpenCSCNinjaAPI(NinjaAPI):
    def _get_urls(self):  # type: ignore[no-untyped-def]
        urls = super()._get_urls()
        # The API authenticates each operation itself (bearer token or session, then the
        # policy table, in opencsc.api.auth) and answers 401 rather than redirecting to
        # the sign-in page, so LoginRequiredMiddleware stands aside for its URLs.
        for pattern in urls:
            login_not_required(pattern.callback)
        return urls


api = OpenCSCNinjaAPI(
    title="OpenCSC API",
    version="1",
    urls_namespace="api",
    description=(
        "Read a child's record, record a contact as a partner agency, list a worker's work."
    ),
    auth=API_AUTH,
)
errors.install(api)
api.add_router("", children.router)
api.add_router("", contacts.router)
api.add_router("", workers.router)
