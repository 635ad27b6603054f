"""Standalone: replace `from s2sgrad.runtime import ...` in emitted text by the helpers' source."""

import inspect
import re
import textwrap

from . import errors, runtime

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
    blocks = _errors_raised(blocks) + blocks
    body = "\n\n\n".join(blocks)
    head = text[:match.start()]
    if "import numpy as np" not in head:
        head += "import numpy as np\n"
    return head + "\n\n# -- s2sgrad.runtime helpers, inlined by --standalone --\n" + body + "\n" + text[match.end():]


def _source(helper):
    """A helper's source without its `@_pure` declaration, which only the optimizer reads."""
    lines = inspect.getsource(getattr(runtime, helper)).rstrip().splitlines()
    return "\n".join(line for line in lines if line != "@_pure")


def _errors_raised(blocks):
    """The s2sgrad errors the helpers raise, written for a module without s2sgrad: the same name,
    a subclass of the same built-in exception (there is no `S2SError` to derive from)."""
    raised = [name for name, value in vars(runtime).items() if isinstance(value, type)
              and issubclass(value, errors.S2SError) and any(re.search(rf"\b{name}\(", b) for b in blocks)]
    return [_error_source(getattr(runtime, name)) for name in sorted(raised)]


def _error_source(error):
    bases = ", ".join(b.__name__ for b in error.__bases__ if not issubclass(b, errors.S2SError))
    doc = textwrap.fill(" ".join(inspect.getdoc(error).split()), 96, initial_indent="    ",
                        subsequent_indent="    ").strip()
    return f'class {error.__name__}({bases or "Exception"}):\n    """{doc}"""'


def _closure(names):
    """The helpers named and the helpers they call, in the order of `runtime.__all__`."""
    order = [n for n in runtime.__all__ if not n.startswith("_") and callable(getattr(runtime, n))
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
