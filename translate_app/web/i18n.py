"""The UI's language (Flask-Babel): the person's choice, else the browser's, else English.

Dates and numbers are formatted by Babel in the same locale.  The UI's own
messages live in ``translate_app/translations`` (``pybabel extract`` with
``babel.cfg`` at the repository root).
"""

from __future__ import annotations

from datetime import datetime

from babel import numbers
from flask import Flask, request, session
from flask_babel import Babel, format_datetime, format_decimal, get_locale
from markupsafe import Markup

from translate_app.web.accounts import me

UI_LOCALES = ("en", "uk")
"""Languages the UI is translated into."""
LOCALE_NAMES = {"en": "English", "uk": "Українська"}
"""Each UI language in itself, for the language switcher."""
SESSION_KEY = "ui_locale"
"""Where an anonymous visitor's choice is kept."""


def select_locale() -> str:
    """The person's saved choice, the visitor's choice in this session, or the browser's."""
    user = me()
    if user is not None and user.ui_locale in UI_LOCALES:
        return user.ui_locale
    chosen = session.get(SESSION_KEY)
    if isinstance(chosen, str) and chosen in UI_LOCALES:
        return chosen
    return request.accept_languages.best_match(UI_LOCALES) or "en"


def current_locale() -> str:
    """The locale code of this request (``uk``)."""
    return str(get_locale() or "en")


def when(value: datetime | None, style: str = "medium") -> Markup:
    """A date and time in the UI's locale, as a ``<time>`` element (empty for None)."""
    if value is None:
        return Markup("")
    text = str(format_datetime(value, style))
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), text)


def number(value: float | int) -> str:
    """A number in the UI's locale (``1 234``)."""
    return str(format_decimal(value))


def percent(value: float) -> str:
    """A share given in percent (``42.5``) in the UI's locale (``42,5%``), tenths kept."""
    return numbers.format_percent(
        round(value / 100, 3), locale=current_locale(), decimal_quantization=False
    )


def init_app(app: Flask) -> None:
    """Set up Flask-Babel and the formatting filters."""
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.globals["ui_locales"] = LOCALE_NAMES
    app.jinja_env.globals["current_locale"] = current_locale
