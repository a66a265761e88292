"""The ``Plural-Forms`` header of a PO file: ``nplurals=3; plural=(n%10==1 ? 0 : 1);``.

The expression is a small C expression over ``n``.  It is parsed here (not
evaluated with ``eval``) and checked the way GNU msgfmt checks it: every
``n`` from 0 to 1000 must give a form below ``nplurals``, without dividing by
zero.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_NPLURALS_RE = re.compile(r"nplurals\s*=\s*([^;\s]*)")
_PLURAL_RE = re.compile(r"(?<![A-Za-z])plural\s*=\s*([^;]*)")
_TOKEN_RE = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY: list[tuple[str, ...]] = [
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
]
_CHECKED_N = range(1001)

Expr = Callable[[int], int]


class PluralFormsError(ValueError):
    """The header is malformed; the message says what is wrong."""


@dataclass(frozen=True)
class PluralForms:
    """A parsed, checked ``Plural-Forms`` value."""

    nplurals: int
    """How many forms a plural entry must give (``msgstr[0]`` … ``msgstr[nplurals-1]``)."""
    expression: str
    """The C expression choosing the form for ``n``, as written."""


def parse_plural_forms(value: str) -> PluralForms:
    """Parse and check a ``Plural-Forms`` value; raise :class:`PluralFormsError` if unusable."""
    count = _NPLURALS_RE.search(value)
    if count is None:
        raise PluralFormsError('there is no "nplurals=NUMBER" in it')
    if not count.group(1).isdigit() or int(count.group(1)) < 1:
        raise PluralFormsError(f"nplurals={count.group(1)} is not a whole number of at least 1")
    nplurals = int(count.group(1))
    plural = _PLURAL_RE.search(value)
    if plural is None:
        raise PluralFormsError('there is no "plural=EXPRESSION" in it')
    expression = plural.group(1).strip()
    function = _compile(expression)
    for n in _CHECKED_N:
        try:
            form = function(n)
        except ZeroDivisionError:
            raise PluralFormsError(f"the plural expression divides by zero for n={n}") from None
        if not 0 <= form < nplurals:
            raise PluralFormsError(
                f"nplurals={nplurals} but the plural expression gives form {form} for n={n}"
            )
    return PluralForms(nplurals, expression)


def _compile(expression: str) -> Expr:
    tokens: list[str] = []
    pos = 0
    while pos < len(expression):
        match = _TOKEN_RE.match(expression, pos)
        if match is None:
            if not expression[pos:].strip():
                break
            raise PluralFormsError(f"the plural expression cannot be read at {expression[pos:]!r}")
        tokens.append(match.group(match.lastindex or 0))
        pos = match.end()
    parser = _Parser(tokens)
    function = parser.conditional()
    if parser.pos != len(tokens):
        raise PluralFormsError(f"the plural expression has extra text at {tokens[parser.pos]!r}")
    return function


class _Parser:
    """Recursive descent over C's precedence levels: ?:, ||, &&, equality, relational, +, *, !."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _expect(self, token: str) -> None:
        if self._peek() != token:
            found = self._peek() or "the end"
            raise PluralFormsError(f"the plural expression needs {token!r} before {found!r}")
        self.pos += 1

    def conditional(self) -> Expr:
        test = self._binary(0)
        if self._peek() != "?":
            return test
        self.pos += 1
        yes = self.conditional()
        self._expect(":")
        no = self.conditional()
        return lambda n: yes(n) if test(n) else no(n)

    def _binary(self, level: int) -> Expr:
        if level == len(_BINARY):
            return self._unary()
        left = self._binary(level + 1)
        while (op := self._peek()) in _BINARY[level]:
            self.pos += 1
            left = _combine(op or "", left, self._binary(level + 1))
        return left

    def _unary(self) -> Expr:
        token = self._peek()
        self.pos += 1
        if token == "!":
            inner = self._unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.conditional()
            self._expect(")")
            return inner
        if token == "n":
            return lambda n: n
        if token is not None and token.isdigit():
            value = int(token)
            return lambda n: value
        raise PluralFormsError(
            f"the plural expression has {token or 'nothing'!r} where a value belongs"
        )


def _combine(op: str, left: Expr, right: Expr) -> Expr:
    if op == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if op == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))
    operation = _OPERATIONS[op]
    return lambda n: operation(left(n), right(n))


_OPERATIONS: dict[str, Callable[[int, int], int]] = {
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b,
    "%": lambda a, b: a % b,
}
