"""The web UI and the JSON API (Flask): thin views around the workflow's service calls.

One package per area (``auth``, ``dashboard``, ``editor``, ``review``,
``activity``, ``admin``, ``profile``) and ``api`` for ``/api/v1``.  Server-rendered
Jinja2 with htmx; pages stay readable without JavaScript.
"""

from __future__ import annotations

from translate_app.web.app import create_app

__all__ = ["create_app"]
