"""The editor: one document in one language, segment by segment."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("editor", __name__, url_prefix="/documents")
bp.before_request(require_login)

from translate_app.web.editor import assigning as assigning  # noqa: E402  (and these)
from translate_app.web.editor import discussion as discussion  # noqa: E402
from translate_app.web.editor import routes as routes  # noqa: E402  (registers the views)
