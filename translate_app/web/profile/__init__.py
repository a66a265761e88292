"""My profile: password, UI language, API tokens."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("profile", __name__, url_prefix="/profile")
bp.before_request(require_login)

from translate_app.web.profile import routes as routes  # noqa: E402  (registers the views)
