"""The JSON API under ``/api/v1`` (DESIGN §7): the same service calls and checks as the UI.

Authenticate with a personal token (``Authorization: Bearer ta_...``, created on
the profile page); such requests need no CSRF token.  A logged-in browser may
call the API too, with the CSRF header like every other request.  Errors are
``{"error": ..., "status": ...}``; a stale save is 409 with the current text.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request
from sqlalchemy import select

from translate_app import workflow
from translate_app.store.models import Document, Segment, Translation, User
from translate_app.store.states import State
from translate_app.web import lookup, openapi
from translate_app.web.accounts import me
from translate_app.web.database import db
from translate_app.web.inputs import checked_int, json_object, query_int
from translate_app.web.listing import Filters, matching
from translate_app.workflow.assignments import assigned_to
from translate_app.workflow.policy import require
from translate_app.workflow.progress import status

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 500
"""Most segments one request returns."""


def _user() -> User:
    user = me()
    assert user is not None  # checked in _authenticated
    return user


def _translation(tr: Translation) -> dict[str, Any]:
    return {
        "language": tr.language_code,
        "text": tr.text,
        "state": tr.state.label,
        "version": tr.version,
        "origin": tr.origin,
        "updated_at": tr.updated_at.isoformat() if tr.version else None,
    }


def _segment(segment: Segment) -> dict[str, Any]:
    return {
        "key": segment.key,
        "position": segment.position,
        "kind": segment.kind,
        "block": segment.block,
        "context": segment.context,
        "source": segment.source,
        "previous_source": segment.previous_source,
        "codes": segment.codes,
        "obsolete": segment.obsolete,
    }


@bp.get("/openapi.json")
def description() -> Response:
    """The OpenAPI 3.1 description of this API (:mod:`translate_app.web.openapi`)."""
    return jsonify(openapi.description())


@bp.get("/documents")
def documents() -> Response:
    found = status(db())
    return jsonify({"documents": [
        {"slug": d.slug, "title": d.title, "revision": d.revision, "segments": d.segments,
         "words": d.words} for d in found
    ]})  # fmt: skip


@bp.get("/status")
def status_all() -> Response:
    return jsonify({"documents": [d.as_dict() for d in status(db(), request.args.get("document"))]})


@bp.get("/documents/<slug>")
def document(slug: str) -> Response:
    return jsonify(status(db(), lookup.document(db(), slug).slug)[0].as_dict())


@bp.get("/documents/<slug>/segments")
def segments(slug: str) -> Response:
    """Segments in document order; with ``lang``, their translations, assignees and the
    editor's filters (``state`` or ``state=untranslated``, ``checks=1``, ``outdated=1``, ``q``,
    ``assigned=me`` (or ``mine=1``), ``wrote=1``); ``offset`` and ``limit``."""
    session, user = db(), _user()
    doc = lookup.document(session, slug)
    lang = request.args.get("lang", "")
    if request.args.get("assigned", "me") != "me":
        abort(400, "assigned=me is the only assignment filter")
    filters = Filters.from_args(request.args)
    if not lang and filters.active:
        abort(400, "filters need lang=<code>")
    if lang:
        lang = lookup.language(session, lang).code
        require(session, user, lang, review=False, doing="read its translations")
        ids = [sid for sid, _block in matching(session, doc, lang, filters, user)]
    else:
        ids = list(session.scalars(select(Segment.id).where(
            Segment.document_id == doc.id, Segment.obsolete.is_(False)
        ).order_by(Segment.position)))  # fmt: skip
    offset = max(query_int("offset", 0), 0)
    limit = min(max(query_int("limit", 100) or 100, 1), MAX_LIMIT)
    chosen = ids[offset : offset + limit]
    rows = {s.id: s for s in session.scalars(select(Segment).where(Segment.id.in_(chosen)))}
    translations: dict[int, Translation] = {}
    assignees: dict[int, str] = {}
    if lang and chosen:
        query = select(Translation).where(
            Translation.segment_id.in_(chosen), Translation.language_code == lang
        )
        translations = {tr.segment_id: tr for tr in session.scalars(query)}
        assignees = assigned_to(session, chosen, lang)
    items = []
    for sid in chosen:
        item = _segment(rows[sid])
        if lang:
            tr = translations.get(sid) or workflow.get_translation(session, rows[sid], lang)
            item["translation"] = _translation(tr)
            item["assignee"] = assignees.get(sid)
        items.append(item)
    return jsonify({"document": doc.slug, "language": lang or None, "total": len(ids),
                    "offset": offset, "limit": limit, "segments": items})  # fmt: skip


def _target(slug: str, key: str, lang: str) -> tuple[Document, Segment, str]:
    session = db()
    doc = lookup.document(session, slug)
    return doc, lookup.segment(session, doc, key), lookup.language(session, lang).code


def _body() -> dict[str, Any]:
    return json_object()


def _int(data: dict[str, Any], name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        abort(400, f"{name!r} (an integer) is required: the version your change started from")
    return checked_int(value, name, low=0)


@bp.get("/documents/<slug>/segments/<key>/translations/<lang>")
def translation(slug: str, key: str, lang: str) -> Response:
    _doc, segment, code = _target(slug, key, lang)
    require(db(), _user(), code, review=False, doing="read its translations")
    found = _translation(workflow.get_translation(db(), segment, code))
    found["approvals"] = [
        {"user": a.user.name, "at": a.created_at.isoformat(), "version": a.version}
        for a in workflow.approvals(db(), segment, code)
    ]
    return jsonify({"segment": _segment(segment), "translation": found})


@bp.put("/documents/<slug>/segments/<key>/translations/<lang>")
def save(slug: str, key: str, lang: str) -> Response:
    """Body: ``{"text": ..., "version": N, "state": "translated"|"draft"}`` (state optional)."""
    _doc, segment, code = _target(slug, key, lang)
    data = _body()
    text = data.get("text")
    if not isinstance(text, str):
        abort(400, "'text' (a string) is required")
    version = _int(data, "version")
    try:
        state = State.parse(str(data.get("state", "translated")))
    except ValueError as exc:
        abort(400, str(exc))
    saved = workflow.save(db(), segment, code, text, user=_user(), base_version=version,
                          state=state)  # fmt: skip
    return jsonify({"translation": _translation(saved)})


@bp.post("/documents/<slug>/segments/<key>/translations/<lang>/approve")
def approve(slug: str, key: str, lang: str) -> Response:
    _doc, segment, code = _target(slug, key, lang)
    done = workflow.approve(db(), segment, code, user=_user(), version=_int(_body(), "version"))
    return jsonify({"translation": _translation(done)})


@bp.post("/documents/<slug>/segments/<key>/translations/<lang>/reject")
def reject(slug: str, key: str, lang: str) -> Response:
    _doc, segment, code = _target(slug, key, lang)
    data = _body()
    reason = data.get("reason")
    if not isinstance(reason, str):
        abort(400, "'reason' (a string) is required: what the translator should change")
    done = workflow.reject(db(), segment, code, user=_user(), version=_int(data, "version"),
                           reason=reason)  # fmt: skip
    return jsonify({"translation": _translation(done)})
