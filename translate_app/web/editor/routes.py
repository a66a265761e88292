"""Views of the editor: the page, saving, details (history, comments, suggestions), previews."""

from __future__ import annotations

import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from translate_app import workflow
from translate_app.errors import ConflictError, WorkflowError
from translate_app.segment.characters import CharacterError, describe
from translate_app.store.models import Document, Language, Segment, User
from translate_app.store.states import State
from translate_app.web import lookup
from translate_app.web.accounts import person
from translate_app.web.cards import Card, load_cards
from translate_app.web.database import db
from translate_app.web.editor.blueprint import bp
from translate_app.web.editor.details import details_context
from translate_app.web.error_pages import is_htmx
from translate_app.web.inputs import parse_int, query_int
from translate_app.web.listing import Filters, matching, page_of, pages
from translate_app.web.navigation import local_target
from translate_app.web.preview import block_preview, document_preview
from translate_app.workflow.assignments import assignable
from translate_app.workflow.policy import may_review, require


def open_editor(slug: str, lang: str, *, doing: str) -> tuple[User, Document, Language]:
    """The person, document and language of an editor URL; only for people who may edit."""
    user = person()
    session = db()
    language = lookup.language(session, lang)
    require(session, user, language.code, review=False, doing=doing)
    return user, lookup.document(session, slug), language


@bp.get("/<slug>/<lang>/")
def page(slug: str, lang: str) -> ResponseReturnValue:
    user, doc, language = open_editor(slug, lang, doing="open the editor")
    filters = Filters.from_args(request.args)
    all_pages = pages(matching(db(), doc, language.code, filters, user))
    at = request.args.get("at", "")
    if at:
        number = page_of(all_pages, lookup.segment(db(), doc, at).id)
    else:
        number = query_int("page", 1) or 1
    number = min(max(number, 1), max(len(all_pages), 1))
    ids = all_pages[number - 1] if all_pages else []
    cards = load_cards(db(), ids, language.code)
    # Editors and admins of the language assign segments to the people who may edit it.
    people = assignable(db(), language.code) if may_review(db(), user, language.code) else []
    return render_template(
        "editor/page.html",
        doc=doc,
        language=language,
        filters=filters,
        cards=cards,
        blocks=_blocks(cards),
        page=number,
        page_count=len(all_pages),
        matches=sum(len(p) for p in all_pages),
        return_to=request.full_path.rstrip("?"),
        focus=at,
        people=people,
    )


def _blocks(cards: list[Card]) -> list[list[Card]]:
    grouped: list[list[Card]] = []
    for card in cards:
        if grouped and grouped[-1][0].segment.block == card.segment.block:
            grouped[-1].append(card)
        else:
            grouped.append([card])
    return grouped


def _card(doc: Document, segment: Segment, lang: str) -> Card:
    return load_cards(db(), [segment.id], lang)[0]


def _card_response(
    doc: Document,
    language: Language,
    card: Card,
    status: int = 200,
    *,
    details: Segment | None = None,
) -> Response:
    """The card alone (htmx) or the segment's own page (plain browser; with the details of
    ``details``, the card's segment, when given)."""
    return_to = local_target(
        request.form.get("next"), url_for("editor.page", slug=doc.slug, lang=language.code)
    )
    context = {"doc": doc, "language": language, "card": card, "return_to": return_to}
    if is_htmx():
        body = render_template("editor/_card.html", **context)
    else:
        extra = details_context(db(), doc, details, language.code) if details else {}
        body = render_template("editor/segment.html", **context, **extra)
    return Response(body, status=status)


@bp.get("/<slug>/<lang>/segments/<key>")
def segment(slug: str, lang: str, key: str) -> ResponseReturnValue:
    _user, doc, language = open_editor(slug, lang, doing="open the editor")
    found = lookup.segment(db(), doc, key)
    return _card_response(doc, language, _card(doc, found, language.code), details=found)


@bp.post("/<slug>/<lang>/segments/<key>")
def save(slug: str, lang: str, key: str) -> ResponseReturnValue:
    user, doc, language = open_editor(slug, lang, doing="translate")
    found = lookup.segment(db(), doc, key)
    text = _text(request.form.get("text"))
    version = _version(request.form.get("version"))
    state = State.DRAFT if request.form.get("intent") == "draft" else State.TRANSLATED
    try:
        workflow.save(db(), found, language.code, text, user=user, base_version=version,
                      state=state)  # fmt: skip
    except ConflictError as exc:
        card = _card(doc, found, language.code)
        card.conflict, card.typed = exc, text
        return _card_response(doc, language, card, 409)
    except CharacterError as exc:  # the text stays in the form, with what to remove
        card = _card(doc, found, language.code)
        card.error, card.typed = _refused_character(exc), text
        return _card_response(doc, language, card, 400)
    except WorkflowError as exc:
        card = _card(doc, found, language.code)
        card.error, card.typed = str(exc), text
        return _card_response(doc, language, card, 422)
    advance = request.form.get("advance") == "1"
    if is_htmx():
        response = _card_response(doc, language, _card(doc, found, language.code))
        response.headers["HX-Trigger-After-Swap"] = json.dumps(
            {"ta:saved": {"key": key, "advance": advance}}
        )
        return response
    target = local_target(request.form.get("next"), url_for("editor.page", slug=slug, lang=lang))
    return redirect(f"{target}#seg-{key}", code=303)


def _refused_character(exc: CharacterError) -> str:
    message: str = _(
        "The text holds %(character)s at position %(position)s: remove it (tab and newline "
        "are the only control characters a translation may hold).",
        character=describe(exc.character), position=exc.position,
    )  # fmt: skip
    return message


def _text(value: str | None) -> str:
    """The text as typed, with browser line endings made plain and outer spaces dropped."""
    if value is None:
        abort(400, "the form has no text field")
    return value.replace("\r\n", "\n").strip()


def _version(value: str | None) -> int:
    if value is None or not value.strip().isdigit():
        abort(400, "the form must say which version the text started from")
    return parse_int(value, "version", low=0)


@bp.get("/<slug>/<lang>/segments/<key>/details")
def details(slug: str, lang: str, key: str) -> ResponseReturnValue:
    _user, doc, language = open_editor(slug, lang, doing="open the editor")
    found = lookup.segment(db(), doc, key)
    context = details_context(db(), doc, found, language.code)
    return render_template("editor/_details.html", doc=doc, language=language, **context)


@bp.get("/<slug>/<lang>/segments/<key>/preview")
def preview(slug: str, lang: str, key: str) -> ResponseReturnValue:
    _user, doc, language = open_editor(slug, lang, doing="preview translations")
    found = lookup.segment(db(), doc, key)
    typed = request.args.get("text")
    if typed is None:
        typed = _card(doc, found, language.code).text
    shown = block_preview(db(), found, language.code, typed)
    return render_template("editor/_preview.html", preview=shown, language=language)


@bp.get("/<slug>/<lang>/preview")
def document_page(slug: str, lang: str) -> ResponseReturnValue:
    _user, doc, language = open_editor(slug, lang, doing="preview translations")
    shown = document_preview(db(), doc.slug, language.code)
    return render_template("editor/document.html", doc=doc, language=language, preview=shown)
