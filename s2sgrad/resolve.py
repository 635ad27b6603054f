"""Resolve: global names of a user function -> objects; two front ends, one core.

`LiveResolver` (the decorator) looks names up in the function's closure, globals and
builtins, on first use, and logs what it found (`Resolutions`) so a cached transform can
tell when a name it read was rebound.  `StaticResolver` (the CLI) reads the file's imports
and definitions and never runs the file; it only imports the libraries the file imports.
Both derive the emitted module's import lines from the file's own import statements, so
`f.source` and `s2sgrad emit` print the same text.  A user's name that emitted code uses for
something else is renamed first (transforms/rename.py); the resolvers look an alias up under
the name it stands for.
"""

import builtins
import dataclasses
import functools
import importlib
import types

import gast

from .errors import ArgumentError, InternalError, printable
from .naming import TAPE
from .transforms.codegen import from_import
from .trees import walk

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

    strict = False          # the CLI's: emitted code must import the file by its name

    def __init__(self, source):
        self.source = source
        self.aliases = {}           # a renamed global -> the name it stands for (transforms/rename.py)
        self.builtin_aliases = set()    # those that stand for the builtin itself
        self.cell_aliases = set()       # those that stand for a closure value (served by the API only)
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
                if isinstance(target, gast.Name) and isinstance(node.value, gast.Lambda):
                    from .transforms.parse import lambda_def
                    self.defs[target.id] = lambda_def(node.value, target.id)
                elif isinstance(target, gast.Name):
                    self.constants[target.id] = node.value

    @functools.cached_property
    def bound(self):
        """Every name the file binds at module level, in any block (`try`/`if`/`for`), or declares
        `global` in a function."""
        found, stack = set(), list(self.source.tree.body) if self.source else []
        while stack:
            node = stack.pop()
            if isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef)):
                found.add(node.name)
                found.update(n for g in walk(node) if isinstance(g, gast.Global) for n in g.names)
                continue
            if isinstance(node, (gast.Import, gast.ImportFrom)):
                found.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, gast.Name) and not isinstance(node.ctx, gast.Load):
                found.add(node.id)
            stack.extend(gast.iter_child_nodes(node))
        return found

    @functools.cached_property
    def names(self):
        """Every identifier of the file: what a fresh alias must not be."""
        tree = self.source.tree if self.source else gast.Module(body=[], type_ignores=[])
        found = {n.id for n in walk(tree) if isinstance(n, gast.Name)}
        return found | {n.name for n in walk(tree) if isinstance(n, (gast.FunctionDef, gast.ClassDef))}

    def import_line(self, name):
        """The statement that binds `name` in an emitted module, or None for builtins."""
        if name in self.aliases:
            return self._alias_line(self.aliases[name], name)
        if name in self.imports:
            return self.imports[name][2]
        if hasattr(builtins, name) and name not in self.defs and name not in self.constants:
            return None
        if self.strict and name not in self.bound and "*" not in self.imports:
            raise InternalError(f"the emitted code reads `{name}` as a global, and "
                                f"{printable(self.source.filename)} binds no `{name}`")
        return from_import(self.module_name, name)

    @property
    def module_name(self):
        """The module emitted code imports the file's own names from."""
        if self.source and not self.source.importable and self.strict:
            raise ArgumentError(f"{printable(self.source.filename)}: emitted code imports names from this file, "
                                "and no import reaches a file whose name has a dot before `.py`; rename the file")
        return self.source.module_name if self.source else "__main__"

    def _alias_line(self, original, alias):
        """The statement that binds the global `original` under the name `alias`."""
        if alias in self.cell_aliases:
            return from_import(self.module_name, alias)
        if original in self.imports:
            module, attr, _ = self.imports[original]
            return f"import {module} as {alias}" if attr is None else from_import(module, attr, alias)
        if alias in self.builtin_aliases:
            return f"from builtins import {original} as {alias}"
        return from_import(self.module_name, original, alias)


class Resolutions:
    """What transforms looked up in live namespaces: enough to tell, cheaply, that one was rebound."""

    def __init__(self):
        self._spaces = {}           # (id(namespace), name) -> (namespace, name, object or _MISSING)
        self._cells = {}            # id(cell) -> (cell, object)
        self.claims = {}            # a name in the emitted module -> the object it reads (transforms/rename.py)

    def record(self, space, name, obj):
        self._spaces.setdefault((id(space), name), (space, name, obj))

    def record_cell(self, cell, obj):
        self._cells.setdefault(id(cell), (cell, obj))

    def checks(self):
        """(namespace checks, cell checks), for `changed`."""
        return tuple(self._spaces.values()), tuple(self._cells.values())


def changed(checks):
    """True when a name or closure cell recorded in `checks` is no longer bound to what it was."""
    spaces, cells = checks
    for space, name, obj in spaces:
        if space.get(name, _MISSING) is not obj:
            return True
    for cell, obj in cells:
        try:
            if cell.cell_contents is not obj:
                return True
        except ValueError:          # emptied
            return True
    return False


class LiveResolver:
    """Names of a live function, looked up in its closure, globals and builtins (and logged)."""

    def __init__(self, fn, source, log=None):
        self.fn = fn
        self.scope = ModuleScope(source)
        self.log = log if log is not None else Resolutions()
        self.cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))

    def lookup(self, name):
        name = self.scope.aliases.get(name, name)
        cell = self.cells.get(name)
        if cell is not None:
            try:
                obj = cell.cell_contents
            except ValueError:
                obj = _MISSING
            self.log.record_cell(cell, obj)
            if obj is not _MISSING:
                return obj
        for space in (self.fn.__globals__, vars(builtins)):
            obj = space.get(name, _MISSING)
            self.log.record(space, name, obj)
            if obj is not _MISSING:
                return obj
        return _MISSING

    @property
    def claims(self):
        return self.log.claims

    def unknown(self, name):
        """Why `name` (a global the function reads) is bound nowhere, or None."""
        if self.lookup(name) is not _MISSING:
            return None
        return f"`{name}` is not defined: no closure value, global or builtin has that name"

    def binding(self, name):
        """Where `name` is bound for this function: its closure cell, its globals, or None (a builtin)."""
        name = self.scope.aliases.get(name, name)
        if name in self.cells:
            return self.cells[name]
        return self.fn.__globals__ if name in self.fn.__globals__ else None

    def function(self, obj):
        """A UserFunction for a live Python function, or None if it is not the user's."""
        from .transforms.parse import parse_function
        source, node = parse_function(obj)
        resolver = LiveResolver(obj, source, self.log)
        if tape_of(obj) is None:
            rename_reserved(node, resolver)
        # Closures of one code (a factory's) differ by their cells: each is a function of its own.
        key = f"{node.name}@{id(obj):x}" if obj.__closure__ else ""
        return UserFunction(node.name, source, node, resolver, key=key, tape_param=tape_param(obj, node))


class StaticResolver:
    """Names of a function in a file that is parsed, never executed."""

    def __init__(self, source):
        self.source = source
        self.scope = ModuleScope(source)
        self.scope.strict = True
        self._custom = {}

    def definition(self, name):
        """The FunctionDef of the file's top-level function `name`, ready for the pipeline, or None."""
        node = self.scope.defs.get(name)
        if node is not None and not hasattr(node, "s2s_flat"):
            from .transforms.parse import flatten_signature
            node.s2s_flat = True        # set first: renaming a recursive function looks it up again
            rename_reserved(flatten_signature(node), self)
        return node

    def lookup(self, name):
        scope = self.scope
        name = scope.aliases.get(name, name)
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
            return UserFunction(name, self.source, self.definition(name), self)
        if name in scope.constants:
            try:
                return gast.literal_eval(scope.constants[name])
            except ValueError:
                return StaticValue(name)
        return getattr(builtins, name, _MISSING)

    def function(self, obj):
        return obj if isinstance(obj, UserFunction) else None

    def unknown(self, name):
        """Why `name` (a global the function reads) is bound nowhere in the file, or None."""
        scope = self.scope
        if name in scope.imports:
            module, attr, _ = scope.imports[name]
            if attr is None or self.lookup(name) is not _MISSING:
                return None
            try:
                importlib.import_module(module)
            except Exception:           # not importable here: emitted code may import it elsewhere
                return None
            return f"`{name}` is imported from {module}, which has no `{attr}`"
        if name in scope.bound or "*" in scope.imports or hasattr(builtins, name):
            return None
        return f"`{name}` is not defined: {printable(self.source.filename)} neither defines nor imports it"


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


def rename_reserved(node, resolver):
    """Rename the user's names in `node` that emitted code uses for itself (see transforms/rename.py)."""
    from .transforms.rename import rename_reserved as rename
    return rename(node, resolver)


def missing(obj):
    return obj is _MISSING


# Libraries whose module attributes are taken to stay put: a transform does not watch them.
_FIXED_LIBRARIES = {"numpy", "scipy", "s2sgrad", "math", "builtins"}


def resolve_dotted(resolver, parts):
    """Look up `a.b.c`: the root through the resolver, the rest as attributes.

    An attribute of one of the user's own modules (`helpers.step`, `config.K`) is logged like
    a global, so rebinding it is seen too."""
    obj = resolver.lookup(parts[0])
    log = getattr(resolver, "log", None)
    for attr in parts[1:]:
        if obj is _MISSING or isinstance(obj, (UserFunction, StaticValue)):
            return _MISSING
        parent, obj = obj, getattr(obj, attr, _MISSING)
        if log is not None and isinstance(parent, types.ModuleType) \
                and parent.__name__.partition(".")[0] not in _FIXED_LIBRARIES:
            log.record(vars(parent), attr, obj)
    return obj
