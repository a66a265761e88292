"""Review: editors approve or reject translations, one by one or in batch."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("review", __name__, url_prefix="/review")
bp.before_request(require_login)

from translate_app.web.review import routes as routes  # noqa: E402  (registers the views)
