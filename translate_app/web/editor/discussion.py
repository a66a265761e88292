"""Editor actions beside saving: restoring an earlier text, commenting, resolving comments."""

from __future__ import annotations

from typing import Literal

from flask import Response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from translate_app import workflow
from translate_app.errors import ConflictError, NotFoundError
from translate_app.store.models import CheckResult, Comment, Document, Language, Segment
from translate_app.web import lookup
from translate_app.web.cards import load_cards
from translate_app.web.database import db
from translate_app.web.editor.blueprint import bp
from translate_app.web.editor.details import details_context
from translate_app.web.editor.routes import open_editor
from translate_app.web.error_pages import is_htmx, render_error
from translate_app.web.inputs import form_int
from translate_app.workflow import check_results


def _details_response(
    doc: Document, language: Language, segment: Segment, *, with_card: bool = False
) -> ResponseReturnValue:
    """The refreshed details panel (htmx; the card too when the text changed), or a redirect."""
    if not is_htmx():
        return redirect(
            url_for("editor.segment", slug=doc.slug, lang=language.code, key=segment.key), 303
        )
    context = details_context(db(), doc, segment, language.code)
    body = render_template("editor/_details.html", doc=doc, language=language, **context)
    if with_card:
        card = load_cards(db(), [segment.id], language.code)[0]
        body += render_template(
            "editor/_card.html", doc=doc, language=language, card=card, oob=True,
            return_to=url_for("editor.page", slug=doc.slug, lang=language.code),
        )  # fmt: skip
    return Response(body)


@bp.post("/<slug>/<lang>/segments/<key>/restore")
def restore(slug: str, lang: str, key: str) -> ResponseReturnValue:
    user, doc, language = open_editor(slug, lang, doing="restore a translation")
    segment = lookup.segment(db(), doc, key)
    event_id = form_int("event")
    version = form_int("version")
    side: Literal["new", "old"] = "old" if request.form.get("side") == "old" else "new"
    if event_id is None or version is None:
        return render_error(400, "restore needs the event and the version")
    event = next((e for e in workflow.history(db(), segment, language.code) if e.id == event_id),
                 None)  # fmt: skip
    if event is None:
        raise NotFoundError(f"event {event_id} is not in the history of {key} [{language.code}]")
    try:
        workflow.restore(db(), event_id, user=user, base_version=version, side=side)
    except ConflictError as exc:
        return render_error(409, str(exc))
    return _details_response(doc, language, segment, with_card=True)


@bp.post("/<slug>/<lang>/segments/<key>/comments")
def comment(slug: str, lang: str, key: str) -> ResponseReturnValue:
    user, doc, language = open_editor(slug, lang, doing="comment")
    segment = lookup.segment(db(), doc, key)
    workflow.add_comment(db(), segment, language.code, request.form.get("comment", ""), user=user)
    return _details_response(doc, language, segment)


@bp.post("/<slug>/<lang>/comments/<int:comment_id>/resolve")
def resolve(slug: str, lang: str, comment_id: int) -> ResponseReturnValue:
    user, doc, language = open_editor(slug, lang, doing="resolve comments")
    found = db().get(Comment, comment_id)
    if found is None or found.segment.document_id != doc.id or found.language_code not in (
        language.code, None,
    ):  # fmt: skip
        raise NotFoundError(f"no comment {comment_id} on {doc.slug} [{language.code}]")
    workflow.resolve_comment(db(), comment_id, user=user)
    return _details_response(doc, language, found.segment)


@bp.post("/<slug>/<lang>/checks/<int:result_id>/acknowledge")
def acknowledge(slug: str, lang: str, result_id: int) -> ResponseReturnValue:
    """Keep a text despite a warning (errors cannot be acknowledged, only fixed)."""
    user, doc, language = open_editor(slug, lang, doing="acknowledge a warning")
    found = db().get(CheckResult, result_id)
    if found is None or found.translation.language_code != language.code or (
        found.translation.segment.document_id != doc.id
    ):
        raise NotFoundError(f"no check result {result_id} on {doc.slug} [{language.code}]")
    check_results.acknowledge(db(), result_id, user)
    segment = found.translation.segment
    if not is_htmx():
        return redirect(url_for("editor.segment", slug=slug, lang=lang, key=segment.key), 303)
    card = load_cards(db(), [segment.id], language.code)[0]
    return render_template("editor/_card.html", doc=doc, language=language, card=card,
                           return_to=url_for("editor.page", slug=slug, lang=lang))  # fmt: skip
