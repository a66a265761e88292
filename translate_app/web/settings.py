"""Flask settings of the web UI, from the environment (``translate_app.config.Config``).

The secret key comes from ``TRANSLATE_APP_SECRET_KEY``; without it one is
generated once into the instance folder (``instance/secret_key``, mode 0600)
and read from there on later starts.  It is never written into the repository.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from translate_app.config import Config
from translate_app.errors import ConfigurationError

SECRET_FILE = "secret_key"
"""Name of the generated secret key in the instance folder."""
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
"""The UI's own message catalogs (``pybabel compile`` output next to the ``.po`` files)."""


def secret_key(config: Config) -> str:
    """``TRANSLATE_APP_SECRET_KEY``, or the key in the instance folder (created on first use)."""
    given = config.extra.get("TRANSLATE_APP_SECRET_KEY", "").strip()
    if given:
        return given
    path = config.instance_path / SECRET_FILE
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:  # O_EXCL: two processes starting at once agree on the first key written
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    except OSError as exc:
        raise ConfigurationError(
            f"{path}: cannot write the generated secret key ({exc.strerror}); "
            "set TRANSLATE_APP_SECRET_KEY instead"
        ) from exc
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ConfigurationError(f"{path}: the secret key is too short; delete the file to renew")
    return key


def flask_settings(config: Config, *, secret: str | None = None) -> dict[str, Any]:
    """Flask, Flask-WTF and Flask-Babel settings for ``config`` (``secret``: a given key)."""
    return {
        "SECRET_KEY": secret or secret_key(config),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "translate_app_session",
        "SESSION_COOKIE_SECURE": config.extra.get("TRANSLATE_APP_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Editors keep a page open for hours: the token lives as long as the session.
        "WTF_CSRF_TIME_LIMIT": None,
        # CSRF is checked in app.before_request, which exempts token-authenticated API calls.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "BABEL_TRANSLATION_DIRECTORIES": str(TRANSLATIONS),
        "JSON_SORT_KEYS": False,
    }
