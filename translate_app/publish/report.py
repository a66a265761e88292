"""The publish gate in words, for ``status --lang`` and ``build`` (before anything is built)."""

from __future__ import annotations

from translate_app.publish.gate import BELOW, Gate

SHOWN = 15
"""Segments listed per kind before ``... N more``."""


def gate_lines(gate: Gate, *, fallback: str = "source", shown: int = SHOWN) -> list[str]:
    """What goes into the edition of ``gate``, what falls back to the source and why."""
    total = len(gate.decisions)
    included = len(gate.included)
    falling = gate.falling_back
    lines = [
        f"{gate.slug} [{gate.lang}]: publish gate at {gate.min_state.label} "
        f"(checks: {gate.checks})",
        f"  in the edition:        {included:>5} of {total} segments",
    ]
    below = gate.below_by_state()
    if below:
        detail = ", ".join(f"{state.label} {n}" for state, n in below.items())
        lines.append(f"  below the gate:        {sum(below.values()):>5}  ({detail})")
    lines.append(f"  blocked by checks:     {len(gate.blocked):>5}")
    if falling:
        if fallback == "fail":
            lines.append(f"  --fallback fail: the build is refused ({len(falling)} segments)")
        else:
            lines.append(f"  shown in the source language: {len(falling)} segments")
    for d in gate.blocked[:shown]:
        for failure in d.errors:
            lines.append(
                f"  error  line {d.segment.line:<5} {d.segment.key}  {failure.check_id}: "
                f"{failure.message}"
            )
    if len(gate.blocked) > shown:
        lines.append(f"  ... and {len(gate.blocked) - shown} more blocked (--json for all)")
    below_list = [d for d in falling if d.outcome == BELOW]
    for d in below_list[:shown]:
        text = d.segment.source if len(d.segment.source) <= 60 else d.segment.source[:57] + "..."
        where = f"line {d.segment.line:<5} {d.segment.key}"
        lines.append(f"  source {where}  {d.state.label:<10} {text}")
    if len(below_list) > shown:
        lines.append(f"  ... and {len(below_list) - shown} more below the gate (--json for all)")
    return lines
