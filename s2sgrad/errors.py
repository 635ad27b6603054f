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
        loc = self.location
        out = f"{loc.filename}:{loc.line}:{loc.col + 1}: error: {self.message}"
        if loc.text:
            out += "\n    " + loc.text.rstrip() + "\n    " + " " * loc.col + "^"
        if self.suggestion:
            out += "\n  suggestion: " + self.suggestion
        return out


class S2SError(Exception):
    """Base class of every error s2sgrad raises on purpose."""


class UserCodeError(S2SError):
    """The user's function uses something s2sgrad cannot differentiate; lists every problem."""

    def __init__(self, diagnostics):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.location.filename, d.location.line, d.location.col))
        super().__init__("\n".join(d.render() for d in self.diagnostics))


class NoRuleError(UserCodeError):
    """A call to a function that has no derivative rule and no Python source."""


class ArgumentError(S2SError, ValueError):
    """Bad arguments to the API: an unknown `wrt`, an integer input, a non-scalar `grad`."""


class InternalError(S2SError):
    """A bug in s2sgrad itself, never the user's fault."""

    def __init__(self, message):
        super().__init__(
            f"{message}\nThis is a bug in s2sgrad. Please report it with the function "
            "that triggered it and the output of `s2sgrad emit --debug`."
        )
