"""Publish: the publish gate per language, builds of editions, and their downloads."""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("publish", __name__, url_prefix="/publish")
bp.before_request(require_login)

from translate_app.web.publish import routes as routes  # noqa: E402  (registers the views)
