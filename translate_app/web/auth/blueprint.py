"""The blueprint of logging in and out: URLs under ``/auth``, open to everyone.

The views register on ``bp`` in their own modules, and the package's ``__init__``
imports those modules: they import ``bp`` from here, never the package.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")
