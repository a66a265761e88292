"""A self-hosted LibreTranslate: the privacy-preserving choice (no text leaves your machine).

Run one locally with only the languages you need (the first start downloads the models)::

    docker run -d --name libretranslate -p 127.0.0.1:5001:5000 \\
        libretranslate/libretranslate --load-only en,uk,de,fr,pl,es
    export TRANSLATE_APP_LIBRE_URL=http://127.0.0.1:5001/
    translate-app draft crossing-thresholds --lang uk --engine libre

(``--engine-url http://127.0.0.1:5001/`` works too; ``TRANSLATE_APP_LIBRE_KEY``
if the server was started with ``--api-keys``.)

This is a small client of LibreTranslate's own batched JSON API, not
deep-translator's ``LibreTranslator`` (which sends one text per request in the
query string and has no Ukrainian in its language table): ``POST /translate``
with ``q`` as a list and ``format: html``, so the placeholders travel as tags.
A request holds at most ``TRANSLATE_APP_LIBRE_BATCH_SIZE`` texts (default 50) and
``TRANSLATE_APP_LIBRE_BATCH_CHARS`` characters (default 5,000): keep them within
the server's ``--batch-limit`` and ``--char-limit``.
"""

from __future__ import annotations

from typing import Any

from translate_app.errors import ConfigurationError
from translate_app.machinery.base import Engine
from translate_app.machinery.errors import UnusableOutputError
from translate_app.machinery.masking import MarkerStyle
from translate_app.machinery.registry import register


@register
class LibreEngine(Engine):
    """LibreTranslate at ``TRANSLATE_APP_LIBRE_URL`` (or ``--engine-url``)."""

    name = "libre"
    style = MarkerStyle.XML
    max_batch = 50
    max_chars = 5000
    languages = {"zh": "zh-Hans", "pt-BR": "pb"}  # noqa: RUF012 -- read-only table

    def check_settings(self) -> None:
        if not self.settings.url:
            raise ConfigurationError(
                "the libre engine needs the address of a LibreTranslate server: set "
                "TRANSLATE_APP_LIBRE_URL or give --engine-url (see translate_app.machinery.libre "
                "to run one: docker run -p 127.0.0.1:5001:5000 libretranslate/libretranslate "
                "--load-only en,uk)"
            )

    @property
    def endpoint(self) -> str:
        return self.settings.url.rstrip("/") + "/translate"

    def send(self, texts: list[str], source: str, target: str) -> list[Any]:
        body: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "html"}
        if self.settings.api_key:
            body["api_key"] = self.settings.api_key
        response = self.http().request("POST", self.endpoint, json=body)
        try:
            answer = response.json()
        except ValueError as exc:
            raise self.error("the answer is not JSON", UnusableOutputError) from exc
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list):
            raise self.error(f"no translatedText list in the answer: {answer!r:.200}")
        return translated
