"""Administration: people (roles, languages, deactivation) and machine drafting."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_login)

from translate_app.web.admin import drafting as drafting  # noqa: E402  (registers the views)
from translate_app.web.admin import people as people  # noqa: E402  (and these)
