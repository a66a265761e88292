"""The workflow of translations (DESIGN §4): the only way anything changes one.

Rooms, from the top:

- ``editing``: save, restore, link and unlink a translation; its history;
- ``approvals``: approve and reject;
- ``comments``, ``assignments``: discussion and who works on what;
- ``source_updates``: what a new revision of the source does to translations;
- ``check_results``: the quality checks' failures recorded per translation version;
- ``policy``: who may do what (roles, languages, the four-eyes rule);
- ``revisions``: the low-level, race-safe writer and the history events;
- ``progress``: counts per document and language.

Callers use the names re-exported here (``workflow.save``, ``workflow.approve``…).
"""

from __future__ import annotations

from translate_app.workflow.approvals import approvals, approve, reject
from translate_app.workflow.comments import add_comment, comments, resolve_comment
from translate_app.workflow.editing import (
    SAVE_ACTIONS,
    get_translation,
    history,
    link,
    restore,
    save,
    unlink,
)
from translate_app.workflow.policy import WorkflowPolicy
from translate_app.workflow.source_updates import fill_from_group, outdate

__all__ = [
    "SAVE_ACTIONS",
    "WorkflowPolicy",
    "add_comment",
    "approvals",
    "approve",
    "comments",
    "fill_from_group",
    "get_translation",
    "history",
    "link",
    "outdate",
    "reject",
    "resolve_comment",
    "restore",
    "save",
    "unlink",
]
