"""Assigning segments from the editor page: those on the page, or all that match its filters."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from translate_app.errors import NotFoundError, WorkflowError
from translate_app.store.models import Document, Segment, User
from translate_app.web import lookup
from translate_app.web.accounts import person
from translate_app.web.database import db
from translate_app.web.editor.blueprint import bp
from translate_app.web.listing import Filters, matching
from translate_app.web.navigation import local_target
from translate_app.workflow import assignments
from translate_app.workflow.policy import require


@bp.post("/<slug>/<lang>/assignments")
def assign(slug: str, lang: str) -> ResponseReturnValue:
    """Form fields: ``action`` (``assign`` or ``unassign``), ``assignee`` (a login name, to
    assign), ``scope`` (``page``: the segments named by the ``key`` fields; ``all``: every
    segment matching the filters sent along, as the editor page's query has them), ``next``."""
    user = person()
    session = db()
    language = lookup.language(session, lang)
    require(session, user, language.code, review=True, doing="assign segments")
    doc = lookup.document(session, slug)
    action = request.form.get("action")
    if action not in {"assign", "unassign"}:
        abort(400, "action must be assign or unassign")
    ids = _chosen(doc, user, language.code)
    name = request.form.get("assignee", "")
    try:
        if not ids:
            flash(_("No segments were chosen."), "error")
        elif action == "assign" and not name:
            flash(_("Choose the person to assign the segments to."), "error")
        elif action == "assign":
            assignee = _assignee(name)
            done = assignments.assign(session, ids, language.code, assignee, by=user)
            flash(ngettext("Assigned %(num)d segment to %(name)s.",
                           "Assigned %(num)d segments to %(name)s.", done,
                           name=assignee.label), "success")  # fmt: skip
        else:
            done = assignments.unassign(session, ids, language.code, by=user)
            flash(ngettext("Unassigned %(num)d segment.", "Unassigned %(num)d segments.", done),
                  "success")  # fmt: skip
    except WorkflowError as exc:  # nothing was written: the service checks before it writes
        flash(str(exc), "error")
    target = local_target(
        request.form.get("next"), url_for("editor.page", slug=doc.slug, lang=language.code)
    )
    return redirect(target, 303)


def _chosen(doc: Document, user: User, lang: str) -> list[int]:
    """Ids of the segments the form names (its ``scope``)."""
    if request.form.get("scope") == "all":
        filters = Filters.from_args(request.form)
        return [sid for sid, _block in matching(db(), doc, lang, filters, user)]
    keys = list(dict.fromkeys(request.form.getlist("key")))
    query = select(Segment.key, Segment.id).where(
        Segment.document_id == doc.id, Segment.key.in_(keys)
    )
    found = dict(db().execute(query).all())
    missing = [key for key in keys if key not in found]
    if missing:
        raise NotFoundError(f"no segment {missing[0]!r} in {doc.slug}")
    return [found[key] for key in keys]


def _assignee(name: str) -> User:
    found = db().scalar(select(User).where(User.name == name))
    if found is None:
        raise NotFoundError(f"no user {name!r}")
    return found
