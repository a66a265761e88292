"""The UI's language (Flask-Babel): the person's choice, else the browser's, else English.

Dates and numbers are formatted by Babel in the same locale.  The UI's own
messages live in ``translate_app/translations`` (``pybabel extract`` with
``babel.cfg`` at the repository root).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, tzinfo

from babel import dates, numbers
from babel.support import NullTranslations
from flask import Flask, g, request, session
from flask_babel import Babel, format_decimal, get_locale, get_timezone, get_translations
from markupsafe import Markup, escape

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


@dataclass(frozen=True)
class Ui:
    """This request's locale, time zone and message catalog, looked up once.

    Flask-Babel looks them up through several request-local proxies on every call; a page
    of forty segments makes hundreds of such calls (issue 4's latency target).
    """

    locale: str
    timezone: tzinfo
    translations: NullTranslations

    def gettext(self, message: str) -> str:
        """``message`` in the UI's language."""
        return str(self.translations.ugettext(message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` for ``n`` in the UI's language."""
        return str(self.translations.ungettext(singular, plural, n))


def ui() -> Ui:
    """The :class:`Ui` of this request (cached on ``g``: call :func:`forget` after
    ``flask_babel.refresh()``)."""
    found = g.get("_ta_ui")
    if found is None:
        found = Ui(str(get_locale() or "en"), get_timezone(), get_translations())
        g._ta_ui = found
    return found  # type: ignore[no-any-return]


def forget() -> None:
    """Drop the cached :class:`Ui` (after the person changed the UI's language)."""
    g.pop("_ta_ui", None)


def gettext(message: str, **variables: object) -> str:
    """``flask_babel.gettext`` through the request's cached catalog (same result, less work)."""
    text = ui().gettext(message)
    return text % variables if variables else text


def current_locale() -> str:
    """The locale code of this request (``uk``)."""
    return ui().locale


def when(value: datetime | None, style: str = "medium") -> Markup:
    """A date and time in the UI's locale, as a ``<time>`` element (empty for None)."""
    if value is None:
        return Markup("")
    here = ui()
    # The text only depends on what the style shows: "short" has no seconds, and no style
    # shows fractions.  Equal keys hit the cache (a page's drafts often share a minute).
    shown = value.replace(second=0, microsecond=0) if style == "short" else value.replace(
        microsecond=0
    )
    text = _formatted(shown, style, here.locale, here.timezone)
    return Markup(f'<time datetime="{escape(value.isoformat())}">{escape(text)}</time>')


@functools.lru_cache(maxsize=4096)
def _formatted(value: datetime, style: str, locale: str, zone: tzinfo) -> str:
    return dates.format_datetime(value, style, tzinfo=zone, locale=locale)


def number(value: float | int) -> str:
    """A number in the UI's locale (``1 234``)."""
    return str(format_decimal(value))


def percent(value: float) -> str:
    """A share given in percent (``42.5``) in the UI's locale (``42,5%``), tenths kept."""
    return numbers.format_percent(
        round(value / 100, 3), locale=current_locale(), decimal_quantization=False
    )


def _template_gettext(message: str) -> str:
    return ui().gettext(message)


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    return ui().ngettext(singular, plural, n)


def _template_pgettext(context: str, message: str) -> str:
    return str(ui().translations.upgettext(context, message))


def _template_npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return str(ui().translations.unpgettext(context, singular, plural, n))


def init_app(app: Flask) -> None:
    """Set up Flask-Babel and the formatting filters."""
    Babel(app, locale_selector=select_locale)
    # The templates' _() and ngettext() (newstyle: Jinja escapes and fills in the variables)
    # through the request's cached catalog; Flask-Babel's own callables look it up each time.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        newstyle=True,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
    )
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.globals["ui_locales"] = LOCALE_NAMES
    app.jinja_env.globals["current_locale"] = current_locale
