"""Errors: located user diagnostics, missing rules, and internal failures."""

import dataclasses


@dataclasses.dataclass(frozen=True)
class Location:
    """A place in user source: file, 1-based line, 0-based column, and the line's text."""

    filename: str
    line: int
    col: int
    text: str = ""


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One problem in the user's code, printed compiler-style."""

    location: Location
    message: str
    suggestion: str = ""

    def render(self):
        """`file:line:col: error: message`, the line, a caret under the column, the suggestion.

        User text is printed inert: a control character (an escape sequence, a newline in a
        file name) is written as its Python escape, so it cannot move the cursor or start a line."""
        loc = self.location
        out = f"{printable(loc.filename)}:{loc.line}:{loc.col + 1}: error: {printable(self.message)}"
        text = loc.text.rstrip()
        if text:
            before = printable(text[:loc.col])
            caret = "".join(c if c == "\t" else " " for c in before)
            out += "\n    " + printable(text) + "\n    " + caret + "^"
        if self.suggestion:
            out += "\n  suggestion: " + printable(self.suggestion)
        return out


def printable(text):
    """`text` with every character that is not printable (but a tab) written as its Python escape:
    `\\n`, `\\x1b`, `\\u2028`.  Printed or written into a comment, it stays on its line and inert."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\t" else c.encode("unicode_escape").decode("ascii") for c in text)


class S2SError(Exception):
    """Base class of every error s2sgrad raises on purpose."""


class SharedUpdateError(S2SError, ValueError):
    """Raised by a gradient at run time: `a += b` on an array that another name (or the caller)
    sees, which s2sgrad cannot differentiate (docs/python-subset.md)."""


class UnsupportedValueError(S2SError, TypeError):
    """Raised by a gradient at run time, with the user's line: values the emitted code cannot
    differentiate, known only when it runs (`sorted` of differentiated numbers, tied sort keys)."""


class UserCodeError(S2SError):
    """The user's function uses something s2sgrad cannot differentiate; lists every problem."""

    def __init__(self, diagnostics):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.filename, d.location.line, d.location.col))
        super().__init__("\n".join(d.render() for d in self.diagnostics))


class NoRuleError(UserCodeError):
    """A call to a function that has no derivative rule and no Python source."""


class ArgumentError(S2SError, ValueError):
    """Bad arguments to the API: an unknown `wrt`, an integer input, a non-scalar `grad`."""


class RuleMismatch(Exception):
    """A call that does not fit its rule's signature or declared options (`inline`): the transform
    refuses it at the call's line.  Not a TypeError, so that a bug in the inliner is never read
    as the user's call not matching."""


class InternalError(S2SError):
    """A bug in s2sgrad itself, never the user's fault."""

    def __init__(self, message):
        super().__init__(
            f"{message}\nThis is a bug in s2sgrad. Please report it with the function "
            "that triggered it and the output of `s2sgrad emit --debug`."
        )
