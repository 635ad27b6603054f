"""Standalone: replace `from s2sgrad.runtime import ...` in emitted text by the helpers' source."""

import ast
import importlib
import inspect
import pkgutil
import re
import textwrap

from . import containers, errors, runtime

_IMPORT = re.compile(r"^from s2sgrad\.runtime import (.+)$", re.MULTILINE)


def inline_runtime(text):
    """The emitted module with the runtime helpers it uses written out, so it needs only NumPy."""
    match = _IMPORT.search(text)
    if match is None:
        return text
    names = [n.strip() for n in match.group(1).split(",")]
    outside = [n for n in names if getattr(getattr(runtime, n), "__module__", "") not in _MODULES]
    if outside:         # the ODE solvers' helpers differentiate the right-hand side when they run
        note = (f"# --standalone: not inlined, as {', '.join(outside)} differentiates an ODE's right-hand side\n"
                "# with s2sgrad when the gradient runs: this module imports s2sgrad.runtime\n")
        return text[:match.start()] + note + text[match.start():]
    table = _helpers()
    needed = _closure(names, table)
    blocks = [table[n] for n in needed]
    blocks = _errors_raised(blocks) + blocks
    body = "\n\n\n".join(blocks)
    head = text[:match.start()]
    if "import numpy as np\n" not in head:
        head += "import numpy as np\n"
    standard = "".join(f"import {m}\n" for m in ("dataclasses", "math")
                       if re.search(rf"\b{m}\.", body) and f"import {m}\n" not in head)
    if standard:            # the standard library's imports first, as isort writes them
        head = head.replace("import numpy as np\n", standard + "\nimport numpy as np\n", 1)
    return head + "\n\n# -- s2sgrad.runtime helpers, inlined by --standalone --\n" + body + "\n" + text[match.end():]


_MODULES = (runtime.__name__, containers.__name__)
_DECLARATION = re.compile(r"^@_\w+.*$")                   # `@_pure`: read by the optimizer only
_REGISTRIES = ("_REGISTERED", "_REGISTERED_BY_NAME")     # no container is registered in a standalone module
_LOCAL_IMPORT = re.compile(r"^\s*from \.+\w* import [\w, ]+$")     # the helpers are module-level here


def _helpers():
    """{name: source} of the functions and classes of s2sgrad.containers and of the runtime
    (`runtime.__all__` in its order, then the private helpers of its modules), and of the
    registries the containers' functions read."""
    table = {}
    for name, value in _candidates():
        if name in table or not (inspect.isfunction(value) or inspect.isclass(value)
                                 and not issubclass(value, errors.S2SError)):
            continue
        module = getattr(value, "__module__", "")
        if module not in _MODULES and not module.startswith(runtime.__name__ + "."):
            continue
        lines = _unannotated(inspect.getsource(value).rstrip()).splitlines()
        table[name] = "\n".join(line for line in lines if not _DECLARATION.match(line) and not _LOCAL_IMPORT.match(line))
    table.update({name: f"{name} = {{}}" for name in _REGISTRIES})
    table.update(_constants())
    return table


def _constants():
    """{name: its assignment} for the runtime's exported values that are not functions (`MISSING`)
    and the private constants of its modules and of s2sgrad.containers (`_NUMBERS`, `_LIBRARIES`),
    which a helper may read."""
    wanted = {n for n in runtime.__all__ if not callable(getattr(runtime, n))}
    found = {}
    modules = [containers] + [importlib.import_module(f"{runtime.__name__}.{info.name}")
                              for info in pkgutil.iter_modules(runtime.__path__)]
    for module in modules:
        for stmt in ast.parse(inspect.getsource(module)).body:
            target = getattr(stmt.targets[0], "id", None) if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
                else None
            if target in wanted or target and _PRIVATE_CONSTANT.match(target) and target not in found:
                found[target] = ast.unparse(stmt)
    return found


_PRIVATE_CONSTANT = re.compile(r"^_[A-Z][A-Z0-9_]*$")


def _candidates():
    yield from vars(containers).items()
    yield from ((name, getattr(runtime, name)) for name in runtime.__all__)
    for info in pkgutil.iter_modules(runtime.__path__):
        yield from vars(importlib.import_module(f"{runtime.__name__}.{info.name}")).items()


def _unannotated(source):
    """A function's source with its signature's annotations left out (they name `typing`'s
    objects, which a standalone module does not import); the body as written."""
    node = ast.parse(source).body[0]
    if not isinstance(node, ast.FunctionDef) or not (node.returns or any(
            a.annotation for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs)):
        return source
    for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
        arg.annotation = None
    node.returns = None
    lines = source.splitlines()
    first = node.body[0].lineno - 1
    header = ast.unparse(ast.FunctionDef(name=node.name, args=node.args, body=[ast.Pass()], decorator_list=[],
                                         returns=None, type_params=[], lineno=1)).splitlines()[0]
    decorators = lines[:node.lineno - 1]
    return "\n".join(decorators + [header] + lines[first:])


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


def _closure(names, table):
    """The helpers named and the helpers they call and registries they read, in the modules' order."""
    wanted, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in wanted or name not in table:
            continue
        wanted.add(name)
        todo.extend(other for other in table if other not in wanted
                    and re.search(rf"\b{other}\b" if other in _REGISTRIES or other.isupper() else rf"\b{other}\(",
                                  table[name]))
    return [n for n in table if n in wanted]
