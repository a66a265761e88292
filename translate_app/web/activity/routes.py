"""Views of the activity feed."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from translate_app.store.models import Document, Role, utcnow
from translate_app.web.accounts import person
from translate_app.web.activity.blueprint import bp
from translate_app.web.database import db
from translate_app.web.feed import ACTIONS, FeedFilters, feed
from translate_app.web.inputs import query_int
from translate_app.web.navigation import back
from translate_app.web.queues import languages_of
from translate_app.workflow.policy import require


@bp.get("/")
def index() -> ResponseReturnValue:
    user = person()
    session = db()
    filters = FeedFilters.from_args(request.args)
    if filters.lang:  # a language the person does not work on is refused, not silently empty
        require(session, user, filters.lang, review=False, doing="follow its activity")
    codes = languages_of(session, user)
    page = max(query_int("page", 1) or 1, 1)
    entries, pages = feed(session, filters, codes, user.activity_seen_at, page)
    documents = list(session.scalars(select(Document.slug).order_by(Document.slug)))
    return render_template(
        "activity/feed.html", entries=entries, filters=filters, page=page, pages=pages,
        languages=codes, documents=documents, actions=ACTIONS,
        seen=user.activity_seen_at, is_admin=user.role == Role.ADMIN,
    )  # fmt: skip


@bp.post("/seen")
def seen() -> ResponseReturnValue:
    """Mark everything up to now as seen ("changed since I last looked" starts again)."""
    person().activity_seen_at = utcnow()
    return redirect(back(url_for("activity.index")), 303)
