"""Resolve: global names of a user function -> objects; two front ends, one core.

`LiveResolver` (the decorator) looks names up in the function's closure, globals and
builtins, on first use, and logs what it found (`Resolutions`) so a cached transform can
tell when a name it read was rebound.  `StaticResolver` (the CLI) reads the file's imports
and definitions, and those of the user's own modules it imports (modules.py), and never runs
them; it only imports the libraries they import.
Both derive the emitted module's import lines from the file's own import statements, so
`f.source` and `s2sgrad emit` print the same text.  A user's name that emitted code uses for
something else is renamed first (transforms/rename.py); the resolvers look an alias up under
the name it stands for.
"""

import builtins
import dataclasses
import importlib
import types

import gast

from .decorators import check_static
from .errors import Diagnostic, UserCodeError, printable
from .modules import Project, StaticModule, is_library, module_location, relative_module
from .naming import TAPE
from .scope import ModuleScope, import_from_line  # noqa: F401  (re-exported)
from .static_records import getter_function, is_getter, static_dataclass
from .transforms.rename import rename_reserved as rename
from .transforms.parse import flatten_signature, parse_function
from .custom_static import static_custom

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


class Resolutions:
    """What transforms looked up in live namespaces: enough to tell, cheaply, that one was rebound."""

    def __init__(self):
        self._spaces = {}           # (id(namespace), name) -> (namespace, name, object or _MISSING)
        self._cells = {}            # id(cell) -> (cell, object)
        self._items = {}            # id(list) -> (list, its items): a list of functions a transform unrolled
        self.claims = {}            # a name in the emitted module -> the object it reads (transforms/rename.py)

    def record(self, space, name, obj):
        self._spaces.setdefault((id(space), name), (space, name, obj))

    def record_cell(self, cell, obj):
        self._cells.setdefault(id(cell), (cell, obj))

    def record_items(self, sequence):
        """A list whose items a transform read (functions it calls by position): changed in place, stale."""
        self._items.setdefault(id(sequence), (sequence, tuple(sequence)))

    def checks(self):
        """(namespace checks, cell checks, item checks), for `changed`."""
        return tuple(self._spaces.values()), tuple(self._cells.values()), tuple(self._items.values())


def changed(checks):
    """True when a name or closure cell recorded in `checks` is no longer bound to what it was, or a
    list recorded there no longer holds the same items."""
    spaces, cells, items = checks
    for space, name, obj in spaces:
        if space.get(name, _MISSING) is not obj:
            return True
    for cell, obj in cells:
        try:
            if cell.cell_contents is not obj:
                return True
        except ValueError:          # emptied
            return True
    return any(len(sequence) != len(held) or any(a is not b for a, b in zip(sequence, held))
               for sequence, held in items)


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

    def identity(self, name):
        """What `name` is bound to, to tell two bindings apart (transforms/rename.py)."""
        return self.lookup(name)

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
        source, node = parse_function(obj)
        resolver = LiveResolver(obj, source, self.log)
        if tape_of(obj) is None:
            rename_reserved(node, resolver)
        # Closures of one code (a factory's) differ by their cells, and lambdas share one name (two
        # of a module-level list): each is a function of its own.
        key = f"{node.name}@{id(obj):x}" if obj.__closure__ or obj.__name__ == "<lambda>" else ""
        return UserFunction(node.name, source, node, resolver, key=key, tape_param=tape_param(obj, node))


class StaticResolver:
    """Names of a function in a file that is parsed, never executed.

    An import of one of the user's own modules is followed into its source (modules.py): each
    of the project's files has one resolver, shared by every file that imports it."""

    def __init__(self, source, project=None):
        self.source = source
        self.scope = ModuleScope(source)
        self.scope.strict = True
        self._custom = {}
        self._found = {}            # name -> (object, problem): one object per name, as claims need
        self.project = project or Project(source)
        self.project.register(self)
        self.import_problems = {}   # a name imported relatively with no package -> Diagnostic
        self.emitted = False        # the file is an emitted gradient module (its functions may take the tape)
        for bound, (level, module, attr) in self.scope.relative.items():
            self._absolute(bound, level, module, attr)

    def _absolute(self, bound, level, module, attr):
        """Record `from .module import attr` as the import of its absolute module name."""
        absolute, problem = relative_module(self, level, module)
        if problem is not None:
            self.import_problems[bound] = Diagnostic(module_location(self, bound), *problem)
            return
        alias = gast.alias(name=attr, asname=None if bound == attr else bound)
        self.scope.imports[bound] = (absolute, attr, import_from_line(absolute, alias))

    @property
    def claims(self):
        return self.project.claims

    def definition(self, name):
        """The FunctionDef of the file's top-level function `name`, ready for the pipeline, or None."""
        return self._ready(self.scope.defs.get(name))

    def _static_record(self, node):
        """The stand-in of a dataclass of the file (static_records.py) whose methods are the file's
        functions, so that `Stats.spread(s)` reads as a call of one."""
        record = static_dataclass(node)
        for method in node.body if record is not None else ():
            if isinstance(method, gast.FunctionDef) and not method.name.startswith("__") and not method.decorator_list:
                setattr(record, method.name, UserFunction(method.name, self.source, self._ready(method), self))
            elif is_getter(method):     # `Stats.spread.fget(s)`: how properties.py reads a property
                getter = UserFunction(method.name, self.source, self._ready(getter_function(method)), self)
                setattr(record, method.name, property(getter))
        return record

    def _ready(self, node):
        if node is not None and not hasattr(node, "s2s_flat"):
            node.s2s_flat = True        # set first: renaming a recursive function looks it up again
            try:
                check_static(node, self)        # a decorator that changes what calling it runs: refused
                flatten_signature(node)
                if not self.emitted:        # emitted code names its tape `stack` on purpose
                    rename_reserved(node, self)
            except UserCodeError as error:      # raised again wherever it is looked up (one caller may not report it)
                node.s2s_failed = error
        if getattr(node, "s2s_failed", None) is not None:
            raise node.s2s_failed
        return node

    def lookup(self, name):
        return self.resolve(name)[0]

    def identity(self, name):
        """What `name` is bound to, to tell two bindings apart (transforms/rename.py): a function
        of the user's as its FunctionDef, not yet prepared.  Preparing one renames its names, and
        the order of those renames is the API's: a callee is prepared when its call is read."""
        return self.resolve(name, shallow=True)[0]

    def resolve(self, name, shallow=False):
        """(object, problem): what the file binds `name` to, and a Diagnostic where the import
        that binds it cannot be followed (then the object is missing).  `shallow`: a function
        is its FunctionDef as written (see `identity`)."""
        name = self.scope.aliases.get(name, name)
        if shallow and name in self.scope.defs and name not in self.scope.custom:
            return self.scope.defs[name], None
        if shallow and name in self.scope.imports and name not in self._found:
            return self.project.follow(self, name, _MISSING, shallow=True)
        if name not in self._found:
            found = self._resolve(name)
            self._found.setdefault(name, found)
        return self._found[name]

    def _resolve(self, name):
        scope = self.scope
        if name in scope.custom:
            if name not in self._custom:
                self._custom[name] = static_custom(self.source, scope.custom[name], scope.adjoints.get(name),
                                                   scope.tangents.get(name))
            return self._custom[name], None
        if name in self.import_problems:
            return _MISSING, self.import_problems[name]
        if name in scope.imports:
            return self.project.follow(self, name, _MISSING)
        if name in scope.defs:
            node = self.definition(name)
            tape = TAPE if self.emitted and TAPE in [a.id for a in node.args.args] else ""
            return UserFunction(name, self.source, node, self, tape_param=tape), None
        if name in scope.constants:
            try:
                return gast.literal_eval(scope.constants[name]), None
            except ValueError:
                return StaticValue(name, scope.constants[name], self), None
        if name in scope.classes and static_dataclass(scope.classes[name]) is not None:
            return self._static_record(scope.classes[name]), None
        return getattr(builtins, name, _MISSING), None

    def import_library(self, module, attr):
        """`module` (or its `attr`) imported: a library, which runs when imported; or missing."""
        try:
            obj = importlib.import_module(module)
            if attr is not None:
                obj = getattr(obj, attr, _MISSING)
                if obj is _MISSING:
                    obj = importlib.import_module(f"{module}.{attr}")
            return obj
        except ImportError:
            return _MISSING

    def binds(self, name):
        """Whether the file binds `name` at top level (as an attribute of the module)."""
        scope = self.scope
        return any(name in names for names in (scope.imports, scope.defs, scope.constants, scope.custom,
                                               self.import_problems, scope.bound))

    def binding(self, name):
        """The file's scope where it binds `name`, or None (a builtin): see transforms/rename.py."""
        name = self.scope.aliases.get(name, name)
        return self.scope if name in self.scope.bound else None

    def function(self, obj):
        return obj if isinstance(obj, UserFunction) else None

    def unknown(self, name):
        """Why `name` (a global the function reads) is bound nowhere in the file, or None: a string
        (located where it is read) or a Diagnostic (where the import that binds it breaks)."""
        scope = self.scope
        if name in scope.imports or name in self.import_problems:
            obj, problem = self.resolve(name, shallow=True)
            if problem is not None:
                return problem
            module, attr, _ = scope.imports[name]
            if attr is None or obj is not _MISSING:
                return None
            if not is_library(module) and (self.project.module(module) or self.project.namespace(module)):
                return None         # one of the user's modules binds it (a class): followed above
            try:
                importlib.import_module(module)
            except Exception:           # not importable here: emitted code may import it elsewhere
                return None
            return f"`{name}` is imported from {module}, which has no `{attr}`"
        if name not in scope.bound:
            star = self.star_problem(name)
            if star is not None:
                return star
        if name in scope.bound or "*" in scope.imports or hasattr(builtins, name):
            return None
        return f"`{name}` is not defined: {printable(self.source.filename)} neither defines nor imports it"

    def unknown_attribute(self, parts):
        """Why `a.b.c` (`a` a global the function reads) names nothing, where `a` is one of the
        user's modules; else None."""
        obj = self.identity(parts[0])
        for i, attr in enumerate(parts[1:], 1):
            if not isinstance(obj, StaticModule):
                return None
            module = obj
            obj, problem = module.member(attr, shallow=True)
            if problem is not None:
                return problem
            if obj is _MISSING and not (module.resolver is not None and module.resolver.binds(attr)):
                return f"`{'.'.join(parts[:i + 1])}` names nothing: {module.label} has no `{attr}`"
            if obj is _MISSING:
                return None         # a name it binds with no value read from its source: a class
        return None

    def star_problem(self, name):
        """A Diagnostic where `name`, unbound in the file, may come from a star import of one of
        the user's modules (which the CLI does not follow), else None."""
        for level, module, node in self.scope.stars:
            absolute = relative_module(self, level, module)[0] if level else module
            if absolute is None or is_library(absolute):
                continue
            found = self.project.module(absolute)
            if found is None:
                continue
            star_bound = found.resolver.scope
            if hasattr(builtins, name) and name not in star_bound.bound and not star_bound.stars:
                continue            # the builtin: the star import does not bind it
            written = "." * level + (module or "")
            return Diagnostic(self.source.location(node), f"`{name}` may come from `from {written} import *`: s2sgrad "
                              f"emit reads {found.label} without running it and does not follow star imports",
                              f"import the names you use: from {written} import {name}")
        return None


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
    written: object = dataclasses.field(default=None, compare=False)     # its expression in the file
    resolver: object = dataclasses.field(default=None, compare=False)    # the file's StaticResolver


def rename_reserved(node, resolver):
    """Rename the user's names in `node` that emitted code uses for itself (see transforms/rename.py)."""
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
        if isinstance(obj, StaticModule):        # the CLI: one of the user's modules, read from its source
            obj = obj.member(attr)[0]
            continue
        if obj is _MISSING or isinstance(obj, (UserFunction, StaticValue)):
            return _MISSING
        parent, obj = obj, getattr(obj, attr, _MISSING)
        if log is not None and isinstance(parent, types.ModuleType) \
                and parent.__name__.partition(".")[0] not in _FIXED_LIBRARIES:
            log.record(vars(parent), attr, obj)
    return obj
