"""Tracebacks at the user's line: an exception raised while emitted code runs shows, right
after each frame of emitted code, a frame at the line of the user's function it comes from.

The emitted module keeps its own line map in its globals (`ORIGINS`), so nothing is kept here
per function.  The added frame is a real frame of a tiny code object compiled under the
user's file name and line number; every traceback printer (Python's and the interpreter's own,
which reads source lines from disk) shows the user's file, line and text for it.
"""

import functools
import linecache
import sys

ORIGINS = "__s2sgrad_origins__"     # in an emitted module's globals: {generated line: ((file, line, name), ...)}


class _Here(Exception):
    """Raised by the added frame's code, only to obtain the frame."""


def at_user_lines(error):
    """Put, after each frame of emitted code in `error`'s traceback, the user's frame it comes
    from (in place); returns `error`."""
    tb = error.__traceback__
    while tb is not None:
        following = tb.tb_next
        origins = tb.tb_frame.f_globals.get(ORIGINS)
        last = tb
        for origin in origins.get(tb.tb_lineno, ()) if origins else ():
            added = _frame_at(*origin)
            if added is not None:
                last.tb_next = last = added
        last.tb_next = following
        tb = following
    return error


def chained(origins, fn):
    """`origins` ({generated line: (file, line, name)}) as {generated line: the frames to show}:
    where a line comes from emitted code itself (the gradient of a gradient), from the user's
    lines that code comes from too."""
    inner = getattr(fn, "__globals__", {}).get(ORIGINS) or {}
    emitted = getattr(getattr(fn, "__code__", None), "co_filename", None)
    return {at: (origin,) + (inner.get(origin[1], ()) if origin[0] == emitted else ())
            for at, origin in origins.items()}


def _frame_at(filename, line, name):
    code = _code_at(filename, line, name)
    if code is None:
        return None
    try:
        exec(code, {"_Here": _Here})
    except _Here:
        return sys.exc_info()[2].tb_next
    return None


@functools.lru_cache(maxsize=512)
def _code_at(filename, line, name):
    """Code that raises at `filename`:`line` in a frame named `name`, its statement spanning
    the user's line as printed (so that no printer underlines a part of it)."""
    if not isinstance(line, int) or line < 1:
        return None
    text = linecache.getline(filename, line).rstrip()
    indent = len(text) - len(text.lstrip())
    statement = "raise (_Here" + " " * max(0, len(text) - indent - 13) + ")"
    if indent and line > 1:
        source = "\n" * (line - 2) + "if 1:\n" + " " * indent + statement
    else:
        source = "\n" * (line - 1) + statement
    code = compile(source, filename, "exec")
    fields = {"co_name": name}
    if sys.version_info >= (3, 11):
        fields["co_qualname"] = name
    return code.replace(**fields)
