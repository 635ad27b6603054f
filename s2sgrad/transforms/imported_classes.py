"""Imported classes: the plain classes a file takes from another file of the user's.

    # mylib.py                              # model.py
    import numpy as np                      import numpy as np
                                            from mylib import Layer
    class Layer:
        def __init__(self, W):              def loss(W, x):
            self.W = W                          return np.sum(Layer(W)(x))
        def __call__(self, v):
            return np.tanh(self.W @ v)

`from mylib import Layer` (or `import mylib` and `mylib.Layer(...)`) binds a class of another file;
where it is plain there (objects.py), its objects are made and called as records here too.  Its
methods become nested functions of the function that uses them, and read their free names in
*this* file: each such name must be bound here as it is in the class's file (the same import, or
an import of the name from that file), else the class is refused where it is used, with the names
to import.  Names resolved against the wrong file would differentiate other code than the class's.
The other file is found beside this one or on sys.path, and read, never imported: no user code runs.
Modules are named by their files' absolute paths here.
"""

import builtins
import dataclasses
import importlib.machinery
import os
import sys

import gast

from ..errors import Diagnostic, UserCodeError
from ..trees import walk
from .parse import parse_file


def imported_plain_classes(source, plain_classes):
    """{the name this file calls it by ("Layer", "mylib.Layer"): its _Plain, `origin` the file that
    defines it} for the plain classes of the user's other files that `source`'s module imports."""
    found = {}
    for name, path in _imported_modules(source).items():        # `import mylib`, `from pkg import mylib`
        for cls, plain in _plain_of(path, plain_classes).items():
            found[f"{name}.{cls}"] = (plain, path)
    for name, (path, attr) in _imported_names(source).items():   # `from mylib import Layer`
        plain = _plain_of(path, plain_classes).get(attr)
        if plain is not None:
            found[name] = (plain, path)
    return {name: dataclasses.replace(plain, name=name, origin=path) for name, (plain, path) in found.items()}


def module_functions(source):
    """{how `source`'s file calls a function of the user's (`f`, `mylib.f`): (its file, its name)}
    for the functions it defines or imports from the user's other files."""
    tree = getattr(source, "tree", None)
    own = _path(source)
    out = {s.name: (own, s.name) for s in getattr(tree, "body", ()) if isinstance(s, gast.FunctionDef)}
    for name, (path, attr) in _imported_names(source).items():
        out[name] = (path, attr)
    for name, path in _imported_modules(source).items():
        out.update({f"{name}.{f}": (path, f) for f in _functions_of(path)})
    return out


def unbound_names(plain, source):
    """The names the methods of the imported class read that `source`'s file does not bind as the
    class's own file does, sorted."""
    own, here = _bindings(_source_of(plain.origin)), _bindings(source)
    wrong = []
    for free in sorted(_free_names(plain)):
        allowed = {("from", plain.origin, free)}        # the name imported from their file
        if own.get(free) is not None:
            allowed.add(own[free])                      # the same import as theirs
        if here.get(free) not in allowed:
            wrong.append(free)
    return wrong


def check_free_names(plain, source, call):
    """Raise a located UserCodeError at `call` (which makes an object of the imported class) when
    its methods read names that `source`'s file does not bind as the class's own file does."""
    wrong = unbound_names(plain, source)
    if wrong:
        listed = ", ".join(f"`{n}`" for n in wrong)
        label = os.path.basename(plain.origin)
        module = os.path.splitext(label)[0]
        raise UserCodeError([Diagnostic(
            source.location(call),
            f"the methods of `{plain.name}` (a class of {label}) read {listed}, which this file does not bind as "
            f"{label} does: s2sgrad reads the class's methods in this file",
            f"import them here as {label} does, or from it: `from {module} import {', '.join(wrong)}`")])


# -- what a file imports, and from which file ------------------------------------------------------
def _imported_names(source):
    """{name: (the user's file it is imported from, its name there)} for `from m import x as name`."""
    out = {}
    for stmt in getattr(getattr(source, "tree", None), "body", ()):
        if isinstance(stmt, gast.ImportFrom):
            path = _module_file(stmt.module, stmt.level, source)
            if path is not None:
                for alias in stmt.names:
                    out[alias.asname or alias.name] = (path, alias.name)
    return out


def _imported_modules(source):
    """{name: the user's file} for `import m as name` and `from package import m as name`."""
    out = {}
    for stmt in getattr(getattr(source, "tree", None), "body", ()):
        if isinstance(stmt, gast.Import):
            for alias in stmt.names:
                if alias.asname or "." not in alias.name:       # `import a.b` binds `a`: not read here
                    path = _module_file(alias.name, 0, source)
                    if path is not None:
                        out[alias.asname or alias.name] = path
        elif isinstance(stmt, gast.ImportFrom):
            for alias in stmt.names:
                path = _module_file(((stmt.module or "") + "." + alias.name).lstrip("."), stmt.level, source)
                if path is not None:
                    out[alias.asname or alias.name] = path
    return out


def _module_file(module, level, source):
    """The user's file of `from <level dots><module> import` in `source`'s file, or None (a library's)."""
    here = _path(source)
    if here is None:
        return None
    parts = [p for p in (module or "").split(".") if p]
    return _relative_file(parts, level, here) if level else _absolute_file(parts, here)


def _relative_file(parts, level, here):
    """The file of `from <level dots><parts> import` in the file `here`, or None."""
    folder = os.path.dirname(here)
    for _ in range(level - 1):
        folder = os.path.dirname(folder)
    return _find(parts, [folder]) if parts else None


def _absolute_file(parts, here):
    """The user's file of the module `parts` imported in the file `here` (found beside it or on
    sys.path), or None: the standard library's, a builtin or an installed package's."""
    if not parts or parts[0] in getattr(sys, "stdlib_module_names", ()) or parts[0] in sys.builtin_module_names:
        return None
    try:
        spec = importlib.machinery.PathFinder.find_spec(parts[0], [os.path.dirname(here)] + sys.path)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or _library(spec.origin):
        return None
    if len(parts) == 1:
        return spec.origin if spec.origin.endswith(".py") else None
    return _find(parts[1:], list(spec.submodule_search_locations or ()))


def _find(parts, folders):
    """The file of the submodule `parts` under `folders`, looked up as Python does, or None."""
    origin = None
    for part in parts:
        origin = next((c for f in folders for c in (os.path.join(f, part + ".py"), os.path.join(f, part, "__init__.py"))
                       if os.path.isfile(c)), None)
        if origin is None:
            return None
        folders = [os.path.dirname(origin)] if origin.endswith("__init__.py") else []
    return os.path.abspath(origin) if origin is not None and not _library(origin) else None


def _library(path):
    """Whether `path` is an installed package's (site-packages), not one of the user's files."""
    parts = os.path.normpath(path).split(os.sep)
    return "site-packages" in parts or "dist-packages" in parts


def _path(source):
    filename = getattr(source, "filename", None)
    return os.path.abspath(filename) if filename and os.path.isfile(filename) else None


_FILES = {}         # (a file's absolute path, its mtime_ns, its size) -> its parsed source, or None


def _source_of(path):
    """The parsed source of the file at `path`, read again when the file changed since it was
    parsed (its modification time or size differ): a file edited between two transforms of one
    process is not read stale."""
    if path is None:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    key = (path, status.st_mtime_ns, status.st_size)
    if key not in _FILES:
        if len(_FILES) > 256:
            _FILES.clear()
        try:
            _FILES[key] = parse_file(path)
        except Exception:       # noqa: BLE001 (a file s2sgrad cannot parse holds no plain class)
            _FILES[key] = None
    return _FILES[key]


def _plain_of(path, plain_classes):
    source = _source_of(path)
    return plain_classes(source) if source is not None else {}


def _functions_of(path):
    tree = getattr(_source_of(path), "tree", None)
    return [s.name for s in getattr(tree, "body", ()) if isinstance(s, gast.FunctionDef)]


def _bindings(source):
    """{module-level name: how the file binds it}: ("module", file or name) for `import m as n`,
    ("from", file or module, x) for `from m import x as n` (a user's module named by its file), None
    for a def, class or assignment of the file."""
    out = {}
    for stmt in getattr(getattr(source, "tree", None), "body", ()):
        if isinstance(stmt, gast.Import):
            out.update(_module_bindings(stmt, source))
        elif isinstance(stmt, gast.ImportFrom):
            module = _module_file(stmt.module, stmt.level, source) or "." * stmt.level + (stmt.module or "")
            out.update({alias.asname or alias.name: ("from", module, alias.name) for alias in stmt.names})
        elif isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
            out[stmt.name] = None
        else:
            out.update(dict.fromkeys(n.id for n in walk(stmt)
                                     if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)))
    return out


def _module_bindings(stmt, source):
    """{name: ("module", file or name)} for the names an `import` binds."""
    out = {}
    for alias in stmt.names:
        written = alias.name if alias.asname else alias.name.split(".")[0]
        out[alias.asname or written] = ("module", _module_file(written, 0, source) or written)
    return out


def _free_names(plain):
    """The names the class's methods read that are neither their own (parameters, locals) nor builtins."""
    free = set()
    for method in plain.methods.values():
        own = _own_names(method)
        free |= {n.id for n in walk(method) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)
                 and n.id not in own and not hasattr(builtins, n.id)}
    return free


def _own_names(method):
    """A method's own names: its parameters, the names it assigns and the functions it defines."""
    args = method.args
    own = {a.id for a in args.args + args.kwonlyargs} | {a.id for a in (args.vararg, args.kwarg) if a is not None}
    own |= {n.id for n in walk(method) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    own |= {n.name for n in walk(method) if isinstance(n, gast.FunctionDef) and n is not method}
    return own
