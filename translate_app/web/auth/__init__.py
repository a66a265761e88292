"""Logging in and out, and choosing the UI's language."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from translate_app.web.auth import routes as routes  # noqa: E402  (registers the views)
