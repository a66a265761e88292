"""The names the templates see: every Jinja filter and global, registered in one place.

The helpers live in the modules that own them (:mod:`.templating` for text and rights,
:mod:`.cardkit` for what a page's cards share, :mod:`.fragments` for kept cards); this
module only puts them on the application's Jinja environment, so those modules need not
import one another to be reachable from a template.
"""

from __future__ import annotations

from flask import Flask, current_app, url_for

from translate_app.store.states import State
from translate_app.web.accounts import me
from translate_app.web.cardkit import card_kit
from translate_app.web.fragments import CSRF_MARK, NEXT_MARK, card_html
from translate_app.web.templating import (
    action_name,
    block_label,
    can_edit,
    can_review,
    chips,
    diff,
    diff_pieces,
    mentions,
    new_activity,
    origin,
    state_name,
    state_names,
)


def init_app(app: Flask, *, htmx: str, version: str) -> None:
    """Register the helpers on ``app``'s Jinja environment."""
    env = app.jinja_env
    env.filters.update(chips=chips, diff=diff, origin=origin, mentions=mentions,
                       state_name=state_name, action_name=action_name,
                       diff_pieces=diff_pieces)  # fmt: skip
    env.globals.update(
        me=me,
        can_edit=can_edit,
        can_review=can_review,
        state_names=state_names,
        State=State,
        app_version=version,
        htmx_url=lambda: url_for("static", filename=htmx),
        has_view=lambda name: name in current_app.view_functions,
        block_label=block_label,
        card_kit=card_kit,
        card_html=card_html,
        csrf_mark=CSRF_MARK,
        next_mark=NEXT_MARK,
        new_activity=new_activity,
    )
