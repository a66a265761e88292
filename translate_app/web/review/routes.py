"""Views of the review page.  Four-eyes and approvals-needed are the workflow's to enforce."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from translate_app import workflow
from translate_app.errors import ConflictError, PermissionDeniedError, WorkflowError
from translate_app.store.models import Document, Language, Segment, User
from translate_app.store.states import State
from translate_app.web import lookup
from translate_app.web.accounts import person
from translate_app.web.cards import Card, load_cards
from translate_app.web.database import db
from translate_app.web.error_pages import is_htmx
from translate_app.web.inputs import form_int, query_int
from translate_app.web.listing import Filters, matching, pages
from translate_app.web.navigation import local_target
from translate_app.web.review.blueprint import bp
from translate_app.workflow.policy import require

SHOW = {"translated": State.TRANSLATED, "approved": State.APPROVED, "draft": State.DRAFT}
"""What the review page can list (default: texts waiting for review)."""


def _open(slug: str, lang: str, *, doing: str) -> tuple[User, Document, Language]:
    user = person()
    session = db()
    language = lookup.language(session, lang)
    require(session, user, language.code, review=True, doing=doing)
    return user, lookup.document(session, slug), language


@bp.get("/<slug>/<lang>/")
def page(slug: str, lang: str) -> ResponseReturnValue:
    user, doc, language = _open(slug, lang, doing="review")
    show = request.args.get("show", "translated")
    state = SHOW.get(show, State.TRANSLATED)
    filters = Filters(state=state, q=request.args.get("q", "").strip()[:200],
                      checks=request.args.get("checks") == "1")  # fmt: skip
    all_pages = pages(matching(db(), doc, language.code, filters, user))
    number = min(max(query_int("page", 1) or 1, 1), max(len(all_pages), 1))
    cards = load_cards(db(), all_pages[number - 1] if all_pages else [], language.code)
    return render_template(
        "review/page.html", doc=doc, language=language, cards=cards, show=show, filters=filters,
        page=number, page_count=len(all_pages), matches=sum(len(p) for p in all_pages),
        return_to=request.full_path.rstrip("?"),
    )  # fmt: skip


def _row(
    doc: Document, language: Language, segment: Segment, status: int, error: str
) -> ResponseReturnValue:
    card = load_cards(db(), [segment.id], language.code)[0]
    card.error = error
    view = request.form.get("view", "row")
    return_to = local_target(
        request.form.get("next"), url_for("review.page", slug=doc.slug, lang=language.code)
    )
    if not is_htmx():
        if error:
            flash(error, "error")
        return redirect(f"{return_to}#seg-{segment.key}", 303)
    template = "editor/_card.html" if view == "card" else "review/_row.html"
    context = {"doc": doc, "language": language, "card": card, "return_to": return_to}
    return Response(render_template(template, **context), status=status)


def _decide(slug: str, lang: str, key: str, *, approving: bool) -> ResponseReturnValue:
    user, doc, language = _open(slug, lang, doing="approve" if approving else "reject")
    segment = lookup.segment(db(), doc, key)
    version = form_int("version")
    if version is None:
        return _row(doc, language, segment, 400, _("The form did not say which version you saw."))
    try:
        if approving:
            workflow.approve(db(), segment, language.code, user=user, version=version)
        else:
            reason = request.form.get("reason", "").strip()
            workflow.reject(db(), segment, language.code, user=user, version=version,
                            reason=reason)  # fmt: skip
    except ConflictError as exc:
        return _row(doc, language, segment, 409, str(exc))
    except PermissionDeniedError as exc:
        return _row(doc, language, segment, 403, str(exc))
    except WorkflowError as exc:
        return _row(doc, language, segment, 422, str(exc))
    return _row(doc, language, segment, 200, "")


@bp.post("/<slug>/<lang>/segments/<key>/approve")
def approve(slug: str, lang: str, key: str) -> ResponseReturnValue:
    return _decide(slug, lang, key, approving=True)


@bp.post("/<slug>/<lang>/segments/<key>/reject")
def reject(slug: str, lang: str, key: str) -> ResponseReturnValue:
    return _decide(slug, lang, key, approving=False)


@dataclass
class Skipped:
    """A selected segment that was not approved, and why."""

    key: str
    reason: str


@bp.post("/<slug>/<lang>/approve")
def approve_batch(slug: str, lang: str) -> ResponseReturnValue:
    """Approve the selected segments that pass every error-level check; report the others."""
    user, doc, language = _open(slug, lang, doing="approve")
    keys = list(dict.fromkeys(request.form.getlist("key")))
    segments = [lookup.segment(db(), doc, key) for key in keys]
    cards = {card.key: card for card in load_cards(db(), [s.id for s in segments], language.code)}
    approved, skipped = 0, []
    for segment in segments:
        card: Card = cards[segment.key]
        version = form_int(f"version-{segment.key}")
        if card.blocking:
            skipped.append(Skipped(segment.key, "; ".join(card.blocking)))
            continue
        try:
            workflow.approve(db(), segment, language.code, user=user,
                             version=card.version if version is None else version)  # fmt: skip
            approved += 1
        except (WorkflowError, PermissionDeniedError) as exc:
            skipped.append(Skipped(segment.key, str(exc)))
    if approved:
        flash(ngettext("Approved %(num)d segment.", "Approved %(num)d segments.", approved),
              "success")  # fmt: skip
    for item in skipped:
        flash(_("Not approved: %(reason)s", reason=item.reason), "error")
    if not keys:
        flash(_("Select the segments to approve first."), "error")
    target = local_target(request.form.get("next"), url_for("review.page", slug=slug, lang=lang))
    return redirect(target, 303)
