"""The dashboard: progress of every document in every language, and my queues."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("dashboard", __name__)
bp.before_request(require_login)

from translate_app.web.dashboard import routes as routes  # noqa: E402  (registers the views)
