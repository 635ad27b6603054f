"""Rename: the user's names that emitted code uses for something else get fresh names.

Emitted code binds the seed `d_result`, the tape `stack`, `np`, `Stack` and the runtime
helpers, and its normal form calls builtins (`range`, `len`, `reversed`, ...).  So before
any other pass reads a function, each of its names that would collide is renamed, everywhere
in the function (nested scopes included, so scoping is unchanged):

- a parameter or local with a reserved name or a builtin's name;
- a local named as forward mode names a parameter's tangent (`t_x` where `x` is a parameter);
- a global or closure value with a reserved name, unless it is the very object emitted
  code means by it (`np` bound to NumPy);
- a global that shadows a builtin (`ord = 3`, `def range(n): ...`), as Python reads it.

    def f(x, stack):                    def f(x, stack_2):
        return np.sum(x * ord)   --->       return np.sum(x * ord_2)

A renamed global is an alias: the resolver looks it up under the name it stands for, and the
emitted module imports it as `from m import ord as ord_2`.  Aliases avoid every identifier
of the file, so one name gets the same alias in every function of a file.
"""

import builtins
import dataclasses
import inspect
import re

import gast
import numpy

from ..analyses.liveness import bound_in_scope
from ..errors import Diagnostic, UserCodeError
from ..naming import TANGENT_TAPE, TAPE, Namer
from ..rules import RUNTIME_NAMES
from ..trees import walk
from .. import checkpointing, runtime
from .parse import parse_function


# The names emitted code binds or reads for itself: no name s2sgrad makes up is one of them.
RESERVED = frozenset({"np", TAPE, TANGENT_TAPE, "d_result", "Stack", "CheckpointedLoop"} | set(RUNTIME_NAMES))


def reserved_names():
    """The names emitted code binds or reads for itself, and the objects it means by them."""
    meaning = {name: getattr(runtime, name) for name in RESERVED if hasattr(runtime, name)}
    meaning.update(np=numpy, CheckpointedLoop=checkpointing.CheckpointedLoop)
    return set(RESERVED) | set(meaning), meaning


def rename_reserved(func, resolver):
    """Rename, in place, the names of `func` that collide (see the module docstring).

    Records {old: new} on `func.s2s_renames` (its parameters are looked up there by `wrt`) and
    each renamed global in `resolver.scope.aliases`.  A keyword argument of a call to a
    function of the user's follows the renaming of that function's parameter.  Idempotent.
    """
    if hasattr(func, "s2s_renames"):
        return func.s2s_renames
    check_defined(func, resolver)
    reserved, meaning = reserved_names()
    census = _Census(func, reserved | _builtins())
    identifiers, bound = census.identifiers, census.bound
    namer = _namer(identifiers, resolver.scope.names, reserved)
    renames = {}
    params = {a.id for a in _parameters(func.args)}
    tangents = {"t_" + p for p in params} - params      # forward mode's keyword for each parameter
    for name in sorted(identifiers):
        if name in tangents and name in bound or _collides(name, name in bound, resolver, reserved, meaning):
            renames[name] = alias = namer.fresh(name)
            resolver.scope.aliases[alias] = name
            if name in _builtins() and resolver.identity(name) is getattr(builtins, name):
                resolver.scope.builtin_aliases.add(alias)   # a global read of it means the builtin
    _claim(identifiers - bound, renames, namer, resolver)
    _rename_keywords(census.calls, renames, bound, resolver)
    if renames:
        census.rename(renames)
    func.s2s_renames = renames
    return renames


def check_defined(func, resolver):
    """Refuse, where each is first read, the globals of `func` that are bound nowhere (emitted code
    would import them and fail)."""
    unknown = getattr(resolver, "unknown", None)
    if unknown is None:
        return
    problems, broken = [], set()
    seen = _imported_inside(func)       # the fence refuses the import itself, where it is
    reads = sorted(_global_reads(func), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
    for node in reads:
        if node.id in seen:
            continue
        seen.add(node.id)
        why = unknown(node.id)
        if why:
            broken.add(node.id)
            problems.append(why if isinstance(why, Diagnostic) else Diagnostic(
                resolver.scope.source.location(node), why, "define or import it, or pass it as an argument"))
    problems += _unknown_attributes(func, {id(n) for n in reads if n.id not in broken}, resolver)
    if problems:
        raise UserCodeError(list({p.render(): p for p in problems}.values()))


def _unknown_attributes(func, roots, resolver):
    """Diagnostics for `m.name` where `m` (a global read, Name node ids `roots`) is one of the
    user's modules that binds no `name` (the CLI's resolver tells; the API's has no such method)."""
    unknown = getattr(resolver, "unknown_attribute", None)
    if unknown is None:
        return []
    problems = []
    for node in walk(func):
        if not (isinstance(node, gast.Attribute) and isinstance(node.ctx, gast.Load)):
            continue
        parts, base = [node.attr], node.value
        while isinstance(base, gast.Attribute):
            parts.insert(0, base.attr)
            base = base.value
        if isinstance(base, gast.Name) and id(base) in roots:
            why = unknown([base.id] + parts)
            if why:
                problems.append(why if isinstance(why, Diagnostic) else Diagnostic(
                    resolver.scope.source.location(node), why, "check the name, or import it from its module"))
    return problems


def _imported_inside(func):
    """The names an `import` inside `func` binds."""
    return {(a.asname or a.name).partition(".")[0] for node in walk(func)
            if isinstance(node, (gast.Import, gast.ImportFrom)) for a in node.names}


def _global_reads(func, enclosing=frozenset()):
    """The Name nodes of `func` (nested functions included) that read a global: bound neither in
    their own function nor in one around it.  Annotations are not read when it runs."""
    body = func.body if isinstance(func.body, list) else [func.body]        # a lambda's is one expression
    bound = enclosing | {a.id for a in _parameters(func.args)} | bound_in_scope(body)
    found, stack = [], list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (gast.FunctionDef, gast.Lambda)):
            stack.extend(_defaults(node.args) + list(getattr(node, "decorator_list", [])))
            found += _global_reads(node, frozenset(bound))
            continue
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id not in bound:
            found.append(node)
        stack += _children(node)
    if enclosing == frozenset():
        found += [n for d in _defaults(func.args) for n in walk(d) if isinstance(n, gast.Name)]
    return found


def _parameters(args):
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs) + extra


def _defaults(args):
    """Default expressions (keyword-only ones of a flattened signature too, see parse.py)."""
    found = list(args.defaults) + list(args.kw_defaults) + [getattr(a, "s2s_default", None) for a in args.args]
    return [d for d in found if d is not None]


_READ_FIELDS = {}       # node class -> its fields that may hold a node read when the function runs


def _children(node):
    """The child nodes of `node` but its annotations, in field order."""
    cls = type(node)
    fields = _READ_FIELDS.get(cls)
    if fields is None:
        fields = _READ_FIELDS[cls] = tuple(f for f in cls._fields if f not in ("annotation", "returns"))
    children = []
    for field in fields:
        value = getattr(node, field, None)
        if type(value) is list:
            children += [child for child in value if isinstance(child, _AST)]
        elif isinstance(value, _AST):
            children.append(value)
    return children


_AST = gast.AST


def _claim(free, renames, namer, resolver):
    """Give a free name of a function (one of `free`) an alias when another function of the same emitted module
    reads a different object under that name (two closures of one factory, two modules' `K`)."""
    claims = getattr(resolver, "claims", None)
    if claims is None:              # the CLI: one file, one namespace
        return
    from ..resolve import missing
    namer.reserve(claims)
    for name in sorted(free):
        binding, obj = resolver.binding(name), resolver.identity(name)
        if binding is None or missing(obj):
            continue
        if claims.setdefault(renames.get(name, name), obj) is not obj:
            renames[name] = alias = namer.fresh(name)
            claims[alias] = obj
            resolver.scope.aliases[alias] = name
            if getattr(resolver, "fn", None) is not None and binding is not resolver.fn.__globals__:
                # a closure value: the API serves it
                resolver.scope.cell_aliases.add(alias)


_UNKNOWN = {}       # (file, name) -> a stand-in for a global the CLI cannot read the value of (a class)


def claim_introduced(func, before, resolver):
    """Aliases, in place, for the globals a later pass made `func` read that it did not (`before`:
    the function as written): objects.py's dispatch names a plain class.  As `_claim` does for the
    names a function reads, so that two files' classes of one name stay apart in the emitted
    module: a name another function of the module claimed already for another object gets an alias
    of its own (for the same object, the one import serves both)."""
    claims = getattr(resolver, "claims", None)
    if claims is None or func is before:
        return
    identifiers, bound = _names(func)
    introduced = identifiers - bound - _names(before)[0]
    if not introduced:
        return
    from ..resolve import missing
    reserved, _ = reserved_names()
    namer = _namer(identifiers, resolver.scope.names, reserved)
    namer.reserve(claims)
    renames = {}
    for name in sorted(introduced):
        if resolver.binding(name) is None:
            continue
        obj = resolver.identity(name)
        if missing(obj):
            obj = _UNKNOWN.setdefault(_defined_at(resolver, name), object())
        if claims.setdefault(name, obj) is obj:
            continue        # unclaimed, or the very object another function claimed: one import binds it
        # Claimed by another function of the module for another object: an alias of its own.
        alias = namer.fresh(name)
        renames[name] = alias
        claims[alias] = obj
        resolver.scope.aliases[alias] = name
    if renames:
        _Census(func, frozenset()).rename(renames)


def _defined_at(resolver, name):
    """(module, name) that the global `name` of `resolver`'s file is defined under, following a
    `from m import name`: two files that import one class name the same thing."""
    scope = resolver.scope
    imported = getattr(scope, "imports", {}).get(name)
    if imported is not None and imported[1] is not None:
        return imported[0], imported[1]
    try:
        return scope.module_name, name
    except Exception:           # noqa: BLE001 -- a file no import reaches: its own name stands apart
        return getattr(getattr(resolver, "source", None), "filename", ""), name


def _namer(identifiers, file_names, reserved):
    """Fresh names that avoid every identifier of the file and of a function (`identifiers`)."""
    return Namer(file_names | identifiers | reserved | _builtins())


def parameter_renames(func, file_names):
    """{parameter: new name} that `rename_reserved` gives `func`'s own parameters."""
    if hasattr(func, "s2s_renames"):
        return func.s2s_renames
    reserved, _ = reserved_names()
    namer = _namer(_names(func)[0], file_names, reserved)
    params = {a.id for a in func.args.args}
    return {p: namer.fresh(p) for p in sorted(params) if p in reserved or p in _builtins()}


def _rename_keywords(calls, renames, bound, resolver):
    """`g(x, stack=w)` -> `g(x, stack_2=w)` where g's parameter `stack` is renamed (`calls`: the
    calls that pass a keyword with a reserved or a builtin's name)."""
    for call, keywords in calls:
        if isinstance(call.func, gast.Name) and call.func.id in bound:
            callee = renames                    # a nested function: renamed with `func`
        else:
            callee = _callee_renames(call.func, resolver)
        for kw in keywords:
            kw.arg = callee.get(kw.arg, kw.arg)


def _callee_renames(func, resolver):
    """The parameter renames of the user's function that `func` (a Name or a.b.c) calls, else {}."""
    from ..analyses.ops import is_user_function
    from ..resolve import ModuleScope, UserFunction, resolve_dotted, tape_of
    parts = []
    while isinstance(func, gast.Attribute):
        parts.insert(0, func.attr)
        func = func.value
    if not isinstance(func, gast.Name):
        return {}
    obj = resolve_dotted(resolver, [func.id] + parts)
    obj = getattr(obj, "__wrapped__", obj)
    if isinstance(obj, UserFunction):
        return parameter_renames(obj.node, ModuleScope(obj.source).names)
    if not inspect.isfunction(obj) or tape_of(obj) is not None or not is_user_function(obj):
        return {}               # a library function keeps its parameter names (`np.linalg.norm(x, ord=1)`)
    try:
        source, node = parse_function(obj)
    except Exception:       # no source: a rule or an error reported where the call is classified
        return {}
    return parameter_renames(node, ModuleScope(source).names)


def _builtins():
    """The builtins' public names (not `_`, which an interactive session binds there), worked
    out again only when a name is added to the builtins or taken from them."""
    table = vars(builtins)
    if _BUILTINS[0] != len(table):
        _BUILTINS[:] = [len(table), frozenset(name for name in table if not name.startswith("_"))]
    return _BUILTINS[1]


_BUILTINS = [None, frozenset()]         # [the size of vars(builtins), its public names]


def _collides(name, bound, resolver, reserved, meaning):
    is_builtin = name in _builtins()
    if bound:
        return name in reserved or is_builtin
    if name not in reserved and not is_builtin:
        return False
    from ..resolve import missing
    obj = resolver.identity(name)
    if name in reserved:
        return name not in meaning or obj is not meaning[name]
    return not missing(obj) and obj is not getattr(builtins, name)


def _names(func):
    """(the names `func` reads or binds, nested functions' own included, not func's own name;
    the names some scope inside it binds: parameters, targets, nested defs), in one walk."""
    census = _Census(func, frozenset())
    return census.identifiers, census.bound


class _Census:
    """What renaming asks of a function, from one walk: `identifiers` and `bound` (see `_names`),
    and the nodes a renaming rewrites: the `Name` nodes, the nested defs, and `calls`, the calls
    that pass a keyword named in `keywords` as (call, those keywords)."""

    def __init__(self, func, keywords):
        identifiers, bound = self.identifiers, self.bound = set(), set()
        self.names, self.defs, self.calls = [], [], []
        annotations = set()         # the nodes of a parameter's annotation: renaming leaves them as written
        name, function_def, call, load = gast.Name, gast.FunctionDef, gast.Call, gast.Load
        for node in walk(func):
            cls = type(node)
            if cls is name:
                if id(node) not in annotations:
                    self.names.append(node)
                if node.annotation is not None:
                    annotations.update(id(n) for n in walk(node.annotation))
                identifiers.add(node.id)
                if type(node.ctx) is not load:
                    bound.add(node.id)
            elif cls is function_def and node is not func:
                self.defs.append(node)
                identifiers.add(node.name)
                bound.add(node.name)
            elif cls is call and node.keywords:
                passed = [kw for kw in node.keywords if kw.arg in keywords]
                if passed:
                    self.calls.append((node, passed))

    def rename(self, renames):
        """Rename, in place, each name and nested def that `renames` ({old: new}) names."""
        for node in self.names:
            node.id = renames.get(node.id, node.id)
        for node in self.defs:
            node.name = renames.get(node.name, node.name)


def as_written(error, aliases):
    """`error` (a UserCodeError) with each alias in `aliases` ({new: old}) inside backticks spelled
    as the user wrote it: a message names `np.sum`, not `np_2.sum`."""

    def spell(text):
        return re.sub(r"`[^`]*`", lambda m: re.sub(r"\b\w+\b", lambda w: aliases.get(w.group(), w.group()),
                                                   m.group()), text)
    diagnostics = [dataclasses.replace(d, message=spell(d.message), suggestion=spell(d.suggestion))
                   for d in error.diagnostics]
    return type(error)(diagnostics)
