"""Resolve: global names of a user function -> objects; two front ends, one core.

`LiveResolver` (the decorator) looks names up in the function's globals, closure and
builtins, on first use.  `StaticResolver` (the CLI) reads the file's imports and
definitions and never runs the file; it only imports the libraries the file imports.
Both derive the emitted module's import lines from the file's own import statements, so
`f.source` and `s2sgrad emit` print the same text.
"""

import builtins
import dataclasses
import importlib

import gast

from .naming import TAPE

_MISSING = object()


@dataclasses.dataclass(frozen=True)
class UserFunction:
    """A function s2sgrad differentiates from its source."""

    name: str
    source: object      # SourceFile
    node: object        # gast.FunctionDef
    resolver: object
    captured: tuple = ()        # a nested function's free locals, passed as trailing arguments
    local_functions: object = None
    key: str = ""
    tape_param: str = ""        # in emitted gradient code: the parameter holding the tape

    @property
    def checkpointed(self):
        """Marked `@s2sgrad.checkpoint`: its adjoint recomputes its forward sweep."""
        for dec in self.node.decorator_list:
            target = dec.func if isinstance(dec, gast.Call) else dec
            if getattr(target, "attr", getattr(target, "id", None)) == "checkpoint":
                return True
        return False


class ModuleScope:
    """What a file binds at top level: imports (with their lines) and definitions."""

    def __init__(self, source):
        self.source = source
        self.imports = {}
        self.defs = {}
        self.constants = {}
        self.custom = {}            # name -> FunctionDef marked @custom_gradient
        self.adjoints = {}          # name -> FunctionDef of its @name.adjoint template
        self.tangents = {}          # name -> FunctionDef of its @name.tangent template
        for node in source.tree.body if source else ():
            self._scan(node)

    def _scan(self, node):
        if isinstance(node, gast.Import):
            for alias in node.names:
                bound = alias.asname or alias.name.split(".")[0]
                target = alias.name if alias.asname else alias.name.split(".")[0]
                line = f"import {alias.name} as {alias.asname}" if alias.asname else f"import {alias.name}"
                self.imports[bound] = (target, None, line)
        elif isinstance(node, gast.ImportFrom) and node.level == 0:
            for alias in node.names:
                bound = alias.asname or alias.name
                line = f"from {node.module} import {alias.name}"
                if alias.asname:
                    line += f" as {alias.asname}"
                self.imports[bound] = (node.module, alias.name, line)
        elif isinstance(node, gast.FunctionDef):
            for dec in node.decorator_list:
                if isinstance(dec, gast.Attribute) and dec.attr in ("adjoint", "tangent") \
                        and isinstance(dec.value, gast.Name):
                    (self.adjoints if dec.attr == "adjoint" else self.tangents)[dec.value.id] = node
                    return
                target = dec.func if isinstance(dec, gast.Call) else dec
                if getattr(target, "attr", getattr(target, "id", None)) == "custom_gradient":
                    self.custom[node.name] = node
            self.defs[node.name] = node
        elif isinstance(node, gast.Assign):
            for target in node.targets:
                if isinstance(target, gast.Name):
                    self.constants[target.id] = node.value

    def import_line(self, name):
        """The statement that binds `name` in an emitted module, or None for builtins."""
        if name in self.imports:
            return self.imports[name][2]
        if name in self.defs or name in self.constants:
            return f"from {self.source.module_name} import {name}"
        if hasattr(builtins, name):
            return None
        module = self.source.module_name if self.source else "__main__"
        return f"from {module} import {name}"


class LiveResolver:
    """Names of a live function, looked up in its closure, globals and builtins."""

    def __init__(self, fn, source):
        self.fn = fn
        self.scope = ModuleScope(source)
        self.closure = {}
        if fn.__closure__:
            for name, cell in zip(fn.__code__.co_freevars, fn.__closure__):
                try:
                    self.closure[name] = cell.cell_contents
                except ValueError:
                    pass

    def lookup(self, name):
        for space in (self.closure, self.fn.__globals__, vars(builtins)):
            if name in space:
                return space[name]
        return _MISSING

    def function(self, obj):
        """A UserFunction for a live Python function, or None if it is not the user's."""
        from .transforms.parse import parse_function
        source, node = parse_function(obj)
        return UserFunction(obj.__name__, source, node, LiveResolver(obj, source), tape_param=tape_param(obj, node))


class StaticResolver:
    """Names of a function in a file that is parsed, never executed."""

    def __init__(self, source):
        self.source = source
        self.scope = ModuleScope(source)
        self._custom = {}

    def lookup(self, name):
        scope = self.scope
        if name in scope.custom:
            if name not in self._custom:
                from .custom_static import static_custom
                self._custom[name] = static_custom(self.source, scope.custom[name], scope.adjoints.get(name),
                                                   scope.tangents.get(name))
            return self._custom[name]
        if name in scope.imports:
            module, attr, _ = scope.imports[name]
            try:
                obj = importlib.import_module(module)
                if attr is not None:
                    obj = getattr(obj, attr, _MISSING)
                    if obj is _MISSING:
                        obj = importlib.import_module(f"{module}.{attr}")
                return obj
            except ImportError:
                return _MISSING
        if name in scope.defs:
            return UserFunction(name, self.source, scope.defs[name], self)
        if name in scope.constants:
            try:
                return gast.literal_eval(scope.constants[name])
            except ValueError:
                return StaticValue(name)
        return getattr(builtins, name, _MISSING)

    def function(self, obj):
        return obj if isinstance(obj, UserFunction) else None


def tape_param(fn, node):
    """The tape's name for a function of an emitted gradient module that takes the tape, else ""."""
    generated = (getattr(fn, "__module__", "") or "").startswith("s2sgrad.generated")
    return TAPE if generated and TAPE in [a.id for a in node.args.args] else ""


def tape_of(fn):
    """The tape's name in a function of an emitted gradient module, or None for the user's code."""
    return TAPE if (getattr(fn, "__module__", "") or "").startswith("s2sgrad.generated") else None


@dataclasses.dataclass(frozen=True)
class StaticValue:
    """A module-level value the CLI cannot know without running the file."""

    name: str


def missing(obj):
    return obj is _MISSING


def resolve_dotted(resolver, parts):
    """Look up `a.b.c`: the root through the resolver, the rest as attributes."""
    obj = resolver.lookup(parts[0])
    for attr in parts[1:]:
        if obj is _MISSING or isinstance(obj, (UserFunction, StaticValue)):
            return _MISSING
        obj = getattr(obj, attr, _MISSING)
    return obj
