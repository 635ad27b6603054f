"""Run an emitted module's code: its imports of the user's own modules are served from the objects
the transform resolved (never importing, so never running, a script or a module again)."""

import builtins

from .errors import Diagnostic, InternalError, UserCodeError
from .resolve import missing
from .transforms import codegen
from .transforms.parse import GENERATED_FROM
from .tracebacks import ORIGINS

_NOT_GIVEN = object()


def execute(module, source, fname, code, module_name, origins):
    """Run the emitted module's code; its function `fname` (a tuple of them for a tuple of
    names).  `origins` (see `tracebacks`) stay in its globals."""
    table = _importing_builtins(module, source)
    namespace = {"__name__": module_name, GENERATED_FROM: source.module_name, "__builtins__": table,
                 ORIGINS: origins}
    try:
        exec(code, namespace)
    finally:        # the imports have run: let go of the transform the hook refers to
        table["__import__"] = __import__
    if isinstance(fname, tuple):
        return tuple(namespace[f] for f in fname)
    return namespace[fname]


def _importing_builtins(module, source):
    """Builtins whose `__import__` serves the user's own modules from the objects the transform
    resolved (never importing, so never running, a script or a module again)."""
    readers = _readers(module)
    owns = {unit.source.module_name for unit in readers[None]} | {source.module_name}
    real_import = builtins.__import__

    def _import(name, globals=None, locals=None, fromlist=(), level=0):
        if name in owns and fromlist:
            values = {}
            for item in fromlist:
                units = [u for u in readers.get(item) or readers[None] if u.source.module_name == name]
                # code read again (forward over a gradient) imports a renamed global under its alias,
                # and may bind the first name to something else (`unbroadcast`, the helper)
                obj = _imported_as(readers[None], name, item)
                if obj is _NOT_GIVEN:
                    obj = _resolved(units or readers[None], item)
                if obj is _NOT_GIVEN:       # the function reads no such global (see rename.check_defined)
                    raise InternalError(f"the emitted code reads `{item}` as a global, and nothing of "
                                        f"that name is bound where {source.filename} defines its functions")
                values[item] = obj
            return _Namespace(values)
        try:
            return real_import(name, globals, locals, fromlist, level)
        except ImportError:
            # code read again (forward over a gradient) names the module of a global as the file's
            # folders do (`app.layers`), which may not be how it was imported (`src.app.layers`)
            values = {item: _resolved(readers[None], item) for item in fromlist or ()}
            if not values or any(v is _NOT_GIVEN for v in values.values()):
                raise
            return _Namespace(values)

    table = dict(vars(builtins))
    table["__import__"] = _import
    return table


def _readers(module):
    """{global name: the units whose emitted functions read it}; None: every unit."""
    readers = {None: []}
    for func, _, unit in module.functions:
        readers[None].append(unit)
        scope = unit.resolver.scope
        for free in codegen.free_names([func]):
            # imported as `from m import ord as ord_2`, or as itself for a closure value
            item = free if free in scope.cell_aliases else scope.aliases.get(free, free)
            readers.setdefault(item, []).append(unit)
    return readers


def _resolved(units, name):
    """The object `name` is to the units that read it; a located error when they disagree."""
    found = {}
    for unit in units:
        obj = unit.resolver.lookup(name)
        if not missing(obj):
            found.setdefault(id(obj), (obj, []))[1].append(unit)
    if len(found) > 1:
        raise UserCodeError([Diagnostic(unit.source.location(unit.node), f"`{name}` here is not the `{name}` "
                                        "of another function differentiated with it, and their gradient code "
                                        "shares one module", f"give one of the two `{name}` another name")
                             for _, readers in found.values() for unit in readers[:1]])
    return next(iter(found.values()))[0] if found else _NOT_GIVEN


def _imported_as(units, module, item):
    """What a unit's source binds by `from module import item as other`: a global of the user's
    that the gradient code renamed, read again by forward mode over that code."""
    for unit in units:
        for bound, entry in unit.resolver.scope.imports.items():
            if entry[:2] == (module, item):
                obj = unit.resolver.lookup(bound)
                if not missing(obj):
                    return obj
    return _NOT_GIVEN


class _Namespace:
    """What `from module import a, b` reads a and b from."""

    def __init__(self, values):
        self.__dict__.update(values)
