"""Hypothesis strategies that generate Jekyll Markdown documents."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "the", "resistance", "occupied", "Kherson", "U.S.", "e.g.", "Dr.", "31st", "1.5",
        "territories", "партизани", "опір", "A", "report", "2024", "“quoted”", "don’t",
        "[Russians]", "snake_case", "a*b", "50%", "x<y", "&", "—", "...", "co-op", "#hash",
    ]
)  # fmt: skip
CAPITALIZED = st.sampled_from(["Russia", "The", "Ukrainian", "Interviewees", "Опір", "In", "This"])
END = st.sampled_from([".", "!", "?", ".”", ". . . .", "…"])


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = [draw(CAPITALIZED), *draw(st.lists(WORDS, min_size=0, max_size=6))]
    return " ".join(words) + draw(END)


@st.composite
def inline_run(draw: st.DrawFn, depth: int = 0) -> str:
    """A few words, possibly wrapped in inline markup."""
    text = " ".join(draw(st.lists(WORDS, min_size=1, max_size=3)))
    kind = draw(
        st.sampled_from(
            [
                "plain",
                "em",
                "strong",
                "em_",
                "link",
                "code",
                "html",
                "liquid",
                "escape",
                "entity",
                "nested",
                "image",
                "autolink",
                "strike",
                "linked-sentences",
            ]
        )
    )
    if kind == "em":
        return f"*{text}*"
    if kind == "em_":
        return f"_{text}_"
    if kind == "strong":
        return f"**{text}**"
    if kind == "link":
        return f'[{text}](https://example.org/{draw(st.integers(0, 99))} "title")'
    if kind == "code":
        return f"`{text}`"
    if kind == "html":
        return f"<b>{text}</b>"
    if kind == "liquid":
        return "{{ site.url }}"
    if kind == "escape":
        return r"\*not emphasis\*"
    if kind == "entity":
        return "&amp; &mdash;"
    if kind == "nested":
        return f"**{text} [a *b* c](https://example.org/x) `d`**"
    if kind == "image":
        return f"![{text}](figure.png)"
    if kind == "autolink":
        return "<https://example.org/page>"
    if kind == "strike":
        return f"~~{text}~~"
    if kind == "linked-sentences":
        return "[One sentence. Two sentences.](https://example.org/two)"
    return text


@st.composite
def paragraph_text(draw: st.DrawFn) -> str:
    """Sentences with inline markup, emphasis sometimes across a sentence boundary."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        s = draw(sentence())
        if draw(st.booleans()):
            words = s.split(" ")
            at = draw(st.integers(1, len(words)))
            words.insert(at, draw(inline_run()))
            s = " ".join(words)
        parts.append(s)
    if len(parts) > 1 and draw(st.booleans()):
        parts[0] = "*" + parts[0]
        parts[1] = parts[1] + "*"
    if draw(st.booleans()):
        parts.append("[^1]")
    joiner = draw(st.sampled_from([" ", "\n", "  \n"]))
    return joiner.join(parts)


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    choices = ["para", "para", "heading", "setext", "list", "ordered", "code", "html", "table"]
    choices += ["quote", "wrapped", "pullquote", "liquid", "hr", "ial"] if depth < 2 else []
    kind = draw(st.sampled_from(choices))
    if kind == "para":
        return draw(paragraph_text())
    if kind == "heading":
        closing = draw(st.sampled_from(["", " ##"]))
        return "#" * draw(st.integers(1, 6)) + " " + draw(sentence()) + closing
    if kind == "setext":
        return draw(sentence()) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind in ("list", "ordered"):
        items = draw(st.lists(paragraph_text(), min_size=1, max_size=3))
        marker = draw(st.sampled_from(["-", "*", "-\t"])) if kind == "list" else "1."
        pad = " " * (len(marker) + 1)
        body = [marker + " " + item.replace("\n", "\n" + pad) for item in items]
        if depth < 2 and draw(st.booleans()):
            nested = draw(block(depth + 1)).replace("\n", "\n" + pad)
            body.append(pad + nested)
        return "\n".join(body)
    if kind == "code":
        return "```python\nprint('Not. Translated.')\n```"
    if kind == "html":
        return '<div class="note">\nRaw HTML. Not translated.\n</div>'
    if kind == "table":
        rows = [" | ".join(draw(st.lists(sentence(), min_size=2, max_size=2))) for _ in range(2)]
        return f"| {rows[0]} |\n|---|---|\n| {rows[1]} |"
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if kind == "wrapped":
        mark = draw(st.sampled_from(["_", "*", "__", "**"]))
        return mark + draw(sentence()) + " " + draw(sentence()) + mark
    if kind == "pullquote":
        return "___`" + draw(sentence()) + " " + draw(sentence()) + "`___"
    if kind == "liquid":
        return '{% include figure.html src="a.png" %}'
    if kind == "ial":
        return draw(paragraph_text()) + "\n{: .lead}"
    return "---"


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks) + "\n"
    if text.startswith("---"):  # Jekyll would read a leading rule as front matter
        text = "Start.\n\n" + text
    if "[^1]" in text:
        text += "\n[^1]: " + draw(sentence()) + " " + draw(sentence()) + "\n"
    if draw(st.booleans()):
        title = draw(st.sampled_from(["Crossing Thresholds", '"Quoted: title"', "'Single'"]))
        text = f"---\nlayout: post\ntitle : {title}\ndescription: Resistance\n---\n\n" + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text
