"""The OpenAPI 3.1 description of ``/api/v1`` (served at ``/api/v1/openapi.json``).

Written by hand next to :mod:`translate_app.web.api`; ``tests/test_api_schema.py``
keeps its paths and methods equal to the blueprint's routes, and Schemathesis checks
every answer of a live server against it.
"""

from __future__ import annotations

from typing import Any

from translate_app.config import VERSION
from translate_app.store.states import State
from translate_app.web.inputs import DB_INT_MAX

_STATES = [state.label for state in State]
"""The states by name, as the API writes them (DESIGN §4)."""


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return {"$ref": f"#/components/responses/{description}"}


def _errors(*codes: int) -> dict[str, Any]:
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
             409: "Conflict", 413: "TooLarge", 422: "Refused"}  # fmt: skip
    return {str(code): _error(names[code]) for code in (401, *codes)}


def _path(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string"}}  # fmt: skip


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


_SLUG = _path("slug", "The document's slug")
_KEY = _path("key", "The segment's key")
_LANG = _path("lang", "An enabled language code (uk, de, pt-BR)")
_VERSION = {"type": "integer", "minimum": 0, "maximum": DB_INT_MAX,
            "description": "The version the change started from (409 if it moved on)"}  # fmt: skip
_TRANSLATION_PARAMS = [_SLUG, _KEY, _LANG]

_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
    },
    "Conflict": {
        "type": "object",
        "required": ["error", "status"],
        "properties": {
            "error": {"type": "string"},
            "status": {"type": "integer", "const": 409},
            "current_text": {"type": "string"},
            "current_version": {"type": "integer"},
            "attempted_text": {"type": "string"},
        },
    },
    "Counts": {
        "type": "object",
        "required": _STATES,
        "properties": {state: {"type": "integer", "minimum": 0} for state in _STATES},
    },
    "LanguageStatus": {
        "type": "object",
        "required": ["language", "segments", "words", "percent_translated", "percent_approved"],
        "properties": {
            "language": {"type": "string"},
            "segments": _ref("Counts"),
            "words": _ref("Counts"),
            "percent_translated": {"type": "number", "minimum": 0, "maximum": 100},
            "percent_approved": {"type": "number", "minimum": 0, "maximum": 100},
        },
    },
    "DocumentSummary": {
        "type": "object",
        "required": ["slug", "title", "revision", "segments", "words"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "revision": {"type": "integer"},
            "segments": {"type": "integer", "minimum": 0},
            "words": {"type": "integer", "minimum": 0},
        },
    },
    "DocumentStatus": {
        "allOf": [
            _ref("DocumentSummary"),
            {
                "type": "object",
                "required": ["languages"],
                "properties": {"languages": {"type": "array", "items": _ref("LanguageStatus")}},
            },
        ]
    },
    "Code": {
        "type": "object",
        "required": ["id", "kind", "markup", "label"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"enum": ["open", "close", "standalone"]},
            "markup": {"type": "string"},
            "label": {"type": "string"},
        },
    },
    "Segment": {
        "type": "object",
        "required": ["key", "position", "kind", "block", "context", "source",
                     "previous_source", "codes", "obsolete"],
        "properties": {
            "key": {"type": "string"},
            "position": {"type": "integer"},
            "kind": {"type": "string"},
            "block": {"type": "integer"},
            "context": {"type": "string"},
            "source": {"type": "string"},
            "previous_source": {"type": ["string", "null"]},
            "codes": {"type": "array", "items": _ref("Code")},
            "obsolete": {"type": "boolean"},
            "translation": _ref("Translation"),
            "assignee": {"type": ["string", "null"]},
        },
    },
    "Translation": {
        "type": "object",
        "required": ["language", "text", "state", "version", "origin", "updated_at"],
        "properties": {
            "language": {"type": "string"},
            "text": {"type": "string"},
            "state": {"enum": _STATES},
            "version": {"type": "integer", "minimum": 0},
            "origin": {"type": "string"},
            "updated_at": {"type": ["string", "null"]},
        },
    },
    "Approval": {
        "type": "object",
        "required": ["user", "at", "version"],
        "properties": {
            "user": {"type": "string"},
            "at": {"type": "string"},
            "version": {"type": "integer"},
        },
    },
    "TranslationResult": {
        "type": "object",
        "required": ["translation"],
        "properties": {"translation": _ref("Translation")},
    },
}

_RESPONSES = {
    "BadRequest": _json(_ref("Error"), "The request is malformed (the message says what to fix)"),
    "Unauthorized": _json(_ref("Error"), "No valid token (Authorization: Bearer <token>)"),
    "Forbidden": _json(_ref("Error"), "The person may not do this (role, language, four-eyes)"),
    "NotFound": _json(_ref("Error"), "No such document, segment or language"),
    "Conflict": _json(_ref("Conflict"), "The version moved on: the current and attempted texts"),
    "TooLarge": _json(_ref("Error"), "The body is larger than the API reads"),
    "Refused": _json(_ref("Error"), "A step the workflow refuses (state, empty reason)"),
}


def _get(summary: str, ok: dict[str, Any], params: list[dict[str, Any]], *codes: int) -> Any:
    return {"summary": summary, "parameters": params,
            "responses": {"200": _json(ok, "OK"), **_errors(*codes)}}  # fmt: skip


def _change(summary: str, body: dict[str, Any], *codes: int) -> dict[str, Any]:
    return {
        "summary": summary,
        "parameters": _TRANSLATION_PARAMS,
        "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
        "responses": {"200": _json(_ref("TranslationResult"), "The translation now"),
                      **_errors(400, 403, 404, 409, 413, 422)},
    }  # fmt: skip


def _body(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _paths() -> dict[str, Any]:
    flag = {"enum": ["0", "1"]}
    segments_params = [
        _SLUG,
        _query("lang", "With translations into this language", {"type": "string"}),
        _query("state", "empty, draft, translated, approved or untranslated", {"type": "string"}),
        _query("checks", "1: only those with check failures", flag),
        _query("outdated", "1: only those whose source changed", flag),
        _query("q", "Text in the source or translation", {"type": "string"}),
        _query("assigned", "me: only those assigned to me", {"enum": ["me"]}),
        _query("mine", "1: only those assigned to me", flag),
        _query("wrote", "1: only those I wrote", flag),
        _query("offset", "Segments to skip", {"type": "integer", "minimum": 0,
                                               "maximum": DB_INT_MAX}),
        _query("limit", "Segments to return (1-500)", {"type": "integer", "minimum": 1,
                                                        "maximum": 500}),
    ]  # fmt: skip
    page = _body(["document", "language", "total", "offset", "limit", "segments"],
                 document={"type": "string"}, language={"type": ["string", "null"]},
                 total={"type": "integer"}, offset={"type": "integer"},
                 limit={"type": "integer"},
                 segments={"type": "array", "items": _ref("Segment")})  # fmt: skip
    one = _body(["segment", "translation"], segment=_ref("Segment"), translation={
        "allOf": [_ref("Translation"), _body(["approvals"], approvals={
            "type": "array", "items": _ref("Approval")})]})  # fmt: skip
    documents = _body(["documents"], documents={"type": "array",
                                                "items": _ref("DocumentSummary")})  # fmt: skip
    statuses = _body(["documents"], documents={"type": "array", "items": _ref("DocumentStatus")})
    base = "/documents/{slug}/segments/{key}/translations/{lang}"
    return {
        "/openapi.json": {"get": _get("This description", {"type": "object"}, [])},
        "/documents": {"get": _get("Every document", documents, [])},
        "/status": {"get": _get("Progress per document and language", statuses, [
            _query("document", "Only this document's slug", {"type": "string"})], 404)},
        "/documents/{slug}": {"get": _get("One document's progress", _ref("DocumentStatus"),
                                          [_SLUG], 404)},
        "/documents/{slug}/segments": {"get": _get("Segments in document order", page,
                                                   segments_params, 400, 403, 404)},
        base: {
            "get": _get("A translation and its approvals", one, _TRANSLATION_PARAMS, 403, 404),
            "put": _change("Save a text (translated, or draft)", _body(
                ["text", "version"], text={"type": "string"}, version=_VERSION,
                state={"enum": ["draft", "translated"]})),
        },
        f"{base}/approve": {"post": _change("Approve the text at this version",
                                            _body(["version"], version=_VERSION))},
        f"{base}/reject": {"post": _change("Send it back to draft, with a reason", _body(
            ["version", "reason"], version=_VERSION, reason={"type": "string", "minLength": 1}))},
    }  # fmt: skip


def description() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "translate_app API", "version": VERSION,
                 "description": "Documents, segments and translations; the same rules as the "
                                "web UI. Authenticate with a personal token from the profile "
                                "page."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}],
        "paths": _paths(),
        "components": {
            "schemas": _SCHEMAS,
            "responses": _RESPONSES,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }  # fmt: skip
