"""The OpenAPI document and docs are public; every operation is in them."""

from django.urls import reverse


def test_openapi_document_lists_every_operation(client, db):
    response = client.get(reverse("api:openapi-json"))

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) >= {"/api/v1/children/{id}", "/api/v1/contacts", "/api/v1/workers/me/work"}
    assert "post" in paths["/api/v1/contacts"]
    schemes = response.json()["components"]["securitySchemes"]
    assert {"BearerTokenAuth", "SessionPolicyAuth"} <= set(schemes)


def test_api_docs_page_needs_no_sign_in(client, db):
    assert client.get(reverse("api:openapi-view")).status_code == 200
