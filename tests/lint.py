"""Structural checks on emitted gradient modules, shared by the corpus and golden tests.

- `pyflakes_problems(text)`: pyflakes' messages for the module text (undefined or unused
  names, redefinitions, ...); an empty list when clean.
- `run_balanced(fn, wrt, args)`: executes the emitted text in a fresh namespace with a
  recording `Stack`, calls the gradient, and returns the stacks it made so a test can
  assert every push was popped.
- `missed_lines(fn, inputs)`: the body lines of `fn` that no input set executes.
"""

import builtins
import inspect
import sys

import numpy as np
import pyflakes.api
import pyflakes.reporter

import s2sgrad
from s2sgrad import runtime


class _Collect:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def pyflakes_problems(text, filename="<emitted>"):
    """pyflakes' warnings and errors for `text`, one string each."""
    warnings, errors = _Collect(), _Collect()
    pyflakes.api.check(text, filename, pyflakes.reporter.Reporter(warnings, errors))
    return [line.strip() for line in warnings.lines + errors.lines if line.strip()]


class RecordingStack(runtime.Stack):
    """A Stack that remembers every instance, to check they all end empty."""

    __slots__ = ()
    made = []

    def __init__(self, *args):
        super().__init__(*args)
        RecordingStack.made.append(self)


def _builtins_for(fn):
    """Builtins whose `__import__` maps the user's module stem to the live module."""
    module = sys.modules[fn.__module__]
    stem = fn.__module__.rsplit(".", 1)[-1]
    real = builtins.__import__

    def _import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == stem:
            return module
        return real(name, globals, locals, fromlist, level)

    table = dict(vars(builtins))
    table["__import__"] = _import
    return table


def exec_emitted(fn, wrt):
    """(text, namespace): the emitted module of `fn` executed in a fresh namespace."""
    text = s2sgrad.emit(fn, wrt=wrt)
    code = compile(text, f"<emitted {fn.__name__}>", "exec")
    namespace = {"__name__": "emitted_" + fn.__name__, "__builtins__": _builtins_for(fn)}
    exec(code, namespace)
    return text, namespace


def gradient_name(text):
    """The first function the module defines: the combined value-and-gradient function."""
    for line in text.splitlines():
        if line.startswith("def "):
            return line[4:line.index("(")]
    raise AssertionError("the emitted module defines no function")


def run_balanced(fn, wrt, args):
    """Call the emitted gradient on `args` with recording stacks; return (value, grads, stacks)."""
    text, namespace = exec_emitted(fn, wrt)
    namespace["Stack"] = RecordingStack
    RecordingStack.made = []
    value, grads = namespace[gradient_name(text)](*args, d_result=_seed(fn, args))
    return value, grads, list(RecordingStack.made)


def _seed(fn, args):
    value = fn(*args)
    if np.ndim(value):
        return np.ones_like(value)
    return np.ones((), dtype=np.result_type(value))[()] if isinstance(value, np.generic) else 1.0


def missed_lines(fn, inputs):
    """Lines of `fn`'s body that none of the input sets executes (a `def` line excluded)."""
    code = fn.__code__
    lines, start = inspect.getsourcelines(fn)
    wanted = set()
    for offset, text in enumerate(lines):
        stripped = text.strip()
        if offset and stripped and not stripped.startswith(("#", "else:", "def ")):
            wanted.add(start + offset)
    seen = set()

    def tracer(frame, event, arg):
        if frame.f_code is code:
            if event == "line":
                seen.add(frame.f_lineno)
            return tracer
        return None

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        for args in inputs:
            fn(*args)
    finally:
        sys.settrace(old)
    return sorted(wanted - seen)


def self_assignments(text):
    """Statements `x = x` in the module: they do nothing, so readable output has none."""
    import ast

    found = []
    for node in ast.walk(ast.parse(text)):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Name) and node.targets[0].id == node.value.id):
            found.append(f"line {node.lineno}: {node.targets[0].id} = {node.value.id}")
    return found


def pushed_inputs(fn, text):
    """Parameters of `fn` that its gradient function pushes although `fn` never reassigns them."""
    import ast
    import textwrap

    source = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    func = source.body[0]
    params = {a.arg for a in func.args.args}
    reassigned = {n.id for n in ast.walk(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    gradient = next(n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef))
    pushed = set()
    for node in ast.walk(gradient):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "push"
                and node.args and isinstance(node.args[0], ast.Name)):
            pushed.add(node.args[0].id)
    return sorted(pushed & (params - reassigned))


_SWEEP_BUILTINS = {"range", "reversed", "len"}      # loop structure, not differentiated values


def calls_without_rules(fn, wrt):
    """Callables the emitted module calls that have neither a derivative rule nor a no-gradient
    declaration (stack operations, loop structure and the module's own functions excepted)."""
    import ast

    from s2sgrad import rules

    text, namespace = exec_emitted(fn, wrt)
    tree = ast.parse(text)
    own = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    missing = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        label = ast.unparse(node.func)
        root = node.func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or root.id == "stack" or label in own | {"Stack"} | _SWEEP_BUILTINS:
            continue
        if root.id not in namespace and not hasattr(builtins, root.id):
            missing.add(label + " (a method of a local value)")
            continue
        try:
            obj = eval(label, namespace)
        except AttributeError:
            missing.add(label)
            continue
        if rules.lookup(obj) is None and not rules.is_nograd(obj):
            missing.add(label)
    return sorted(missing)


_SHAPE_CONSTRUCTORS = ("zeros", "ones", "empty", "full", "eye", "identity", "array", "asarray", "arange",
                       "linspace")


def shape_constructors(fn, text):
    """`np.zeros(...)`-style calls in the emitted text that `fn` itself does not make: they would
    build NumPy arrays whatever the input's array library (`np.zeros_like(x)` dispatches)."""
    import re

    source = inspect.getsource(fn)
    found = set(re.findall(r"\bnp\.(" + "|".join(_SHAPE_CONSTRUCTORS) + r")\(", text))
    return sorted(f"np.{name}" for name in found if f"np.{name}(" not in source)
