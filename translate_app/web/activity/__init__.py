"""The activity feed: who changed, approved or rejected what, per document and language."""

from __future__ import annotations

from translate_app.web.activity import routes as routes  # registers its views on bp
from translate_app.web.activity.blueprint import bp

__all__ = ["bp"]
