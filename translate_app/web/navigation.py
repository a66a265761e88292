"""Where to go next: only paths on this site are followed (no open redirects)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def local_target(value: str | None, fallback: str) -> str:
    """``value`` if it is a path on this site (``/x?y``), else ``fallback``."""
    if not value:
        return fallback
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith(("//", "/\\")):
        return fallback
    if any(ch in value for ch in "\r\n\\"):
        return fallback
    return value


def back(fallback: str) -> str:
    """The ``next`` field or parameter of this request, if local, else ``fallback``."""
    return local_target(request.form.get("next") or request.args.get("next"), fallback)
