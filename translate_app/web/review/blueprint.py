"""Review's blueprint: URLs under ``/review``, for people logged in.

The views register on ``bp`` in their own modules, and the package's ``__init__``
imports those modules: they import ``bp`` from here, never the package.
"""

from __future__ import annotations

from flask import Blueprint

from translate_app.web.accounts import require_login

bp = Blueprint("review", __name__, url_prefix="/review")
bp.before_request(require_login)
