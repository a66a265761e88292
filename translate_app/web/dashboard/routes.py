"""Views of the dashboard."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from translate_app.people.languages import enabled_languages
from translate_app.web.accounts import person
from translate_app.web.dashboard.blueprint import bp
from translate_app.web.database import db
from translate_app.web.queues import queues
from translate_app.workflow.progress import status


@bp.get("/")
def index() -> ResponseReturnValue:
    user = person()
    session = db()
    languages = {language.code: language for language in enabled_languages(session)}
    return render_template(
        "dashboard/index.html",
        documents=status(session),
        languages=languages,
        queues=queues(session, user),
    )
