"""Standalone: replace `from s2sgrad.runtime import ...` in emitted text by the helpers' source."""

import inspect
import re

from . import runtime

_IMPORT = re.compile(r"^from s2sgrad\.runtime import (.+)$", re.MULTILINE)


def inline_runtime(text):
    """The emitted module with the runtime helpers it uses written out, so it needs only NumPy."""
    match = _IMPORT.search(text)
    if match is None:
        return text
    names = [n.strip() for n in match.group(1).split(",")]
    outside = [n for n in names if getattr(getattr(runtime, n), "__module__", "") != runtime.__name__]
    if outside:         # the ODE solvers' helpers differentiate the right-hand side when they run
        note = (f"# --standalone: not inlined, as {', '.join(outside)} differentiates an ODE's right-hand side\n"
                "# with s2sgrad when the gradient runs: this module imports s2sgrad.runtime\n")
        return text[:match.start()] + note + text[match.start():]
    needed = _closure(names)
    blocks = [_source(n) for n in needed]
    body = "\n\n\n".join(blocks)
    head = text[:match.start()]
    if "import numpy as np" not in head:
        head += "import numpy as np\n"
    return head + "\n\n# -- s2sgrad.runtime helpers, inlined by --standalone --\n" + body + "\n" + text[match.end():]


def _source(helper):
    """A helper's source without its `@_pure` declaration, which only the optimizer reads."""
    lines = inspect.getsource(getattr(runtime, helper)).rstrip().splitlines()
    return "\n".join(line for line in lines if line != "@_pure")


def _closure(names):
    """The helpers named and the helpers they call, in runtime.py's order."""
    order = [n for n in vars(runtime) if not n.startswith("_") and callable(getattr(runtime, n))
             and getattr(getattr(runtime, n), "__module__", "") == runtime.__name__]
    wanted = set(names)
    changed = True
    while changed:
        changed = False
        for n in list(wanted):
            source = inspect.getsource(getattr(runtime, n))
            for other in order:
                if other not in wanted and re.search(rf"\b{other}\(", source):
                    wanted.add(other)
                    changed = True
    return [n for n in order if n in wanted]
