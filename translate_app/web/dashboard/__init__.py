"""The dashboard: progress of every document in every language, and my queues."""

from __future__ import annotations

from translate_app.web.dashboard import routes as routes  # registers its views on bp
from translate_app.web.dashboard.blueprint import bp

__all__ = ["bp"]
