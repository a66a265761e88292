"""The activity feed: who changed, approved or rejected what, per document and language."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("activity", __name__, url_prefix="/activity")
bp.before_request(require_login)

from translate_app.web.activity import routes as routes  # noqa: E402  (registers the views)
