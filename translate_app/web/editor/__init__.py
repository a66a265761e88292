"""The editor: one document in one language, segment by segment."""

from __future__ import annotations

from translate_app.web.editor import assigning as assigning  # registers its views on bp
from translate_app.web.editor import discussion as discussion  # registers its views on bp
from translate_app.web.editor import routes as routes  # registers its views on bp
from translate_app.web.editor.blueprint import bp

__all__ = ["bp"]
