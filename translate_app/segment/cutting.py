"""Where a long Markdown text may be cut into parts that parse alone as they parse together.

Worker processes segment the parts of a long document at the same time (see
``segment.begin_segmenting``).  A part can only be parsed on its own where nothing of
the block structure carries over its first line: the line before it is blank and it
starts with a letter or ``#``, at the margin.  After a blank line such a line ends every
open paragraph, list, block quote, table and indented code, and starts a paragraph or a
heading of its own at the top level, unless a fenced code block or a raw HTML block
(``<!--``, ``<pre>``, ``<script>``...) that only its closing line ends is still open:
those the worker that parses the part before the cut finds (the block runs to the end
of its part) and then the document is parsed whole (``markdown.walk_alone``).

What else would carry over a cut is document-wide: link reference definitions and
footnotes.  A text where either may occur (``]:`` or ``^[`` anywhere in it) is not cut
here; its block structure is parsed once, over all of it (``markdown.parse_blocks``).

No markdown-it here: the caller forks its workers before it loads the parser.
"""

from __future__ import annotations

import re

from translate_app.segment.frontmatter import front_matter_end

_CUTTABLE = re.compile(r"\n[ \t]*\n(?=[#]|[^\W\d_])")
"""A blank line, and after it a line starting with ``#`` or a letter at the margin."""


def cut_text(norm: str, parts: int) -> list[int] | None:
    """Offsets cutting the folded text ``norm`` into at most ``parts`` runs of about equal
    length, each after the first starting at a cuttable line (see above); the first offset
    is 0, the last ``len(norm)``.  None when the text cannot be cut so (fewer than two
    runs, or link reference definitions or footnotes may occur in it)."""
    if "]:" in norm or "^[" in norm:
        return None
    body = front_matter_end(norm)
    if body == 0 and norm.startswith("---"):  # a front matter block that never closes
        return None
    cuts = [0]
    for i in range(1, parts):
        found = _CUTTABLE.search(norm, max(body, len(norm) * i // parts, cuts[-1]))
        if found is None:
            break
        cut = found.end()
        if cut > cuts[-1] and cut < len(norm):
            cuts.append(cut)
    if len(cuts) < 2:
        return None
    return [*cuts, len(norm)]
