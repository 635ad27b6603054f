"""Modules: the user's own modules a file imports, found on disk and read (never run), for the CLI.

`s2sgrad emit model.py` follows `from mylayers import dense`, `import mylayers as L`,
`from .layers import dense`, `from . import layers` and `from pkg.sub import f` into the
user's files, as the API follows a live function into the file it was defined in: each module
found is parsed once and read by its own `StaticResolver`, so its functions are differentiated
like the file's own and emitted code imports its globals under the module's name (`from
mylayers import SCALE`).

A module is the user's when its file lies in the project: under the differentiated file's
package root or folder, the working directory or a `sys.path` entry, inside the project folder (the
nearest one above the file with a pyproject.toml, setup.py, setup.cfg or .git) and outside
virtual environments and `site-packages`.  The standard library and the array libraries are
never followed; any other module is imported as a library, as before.  Following stops with a
located error at the import that breaks: a module found nowhere, a name it does not bind, an
import cycle, a relative import with no package, a star import from the user's module.
"""

import dataclasses
import functools
import importlib.util
import os
import sys

import gast

from .errors import Diagnostic, printable
from .transforms.parse import display_path, parse_file

# Libraries whose functions are never the user's (their rules are s2sgrad's, or none).
LIBRARIES = ("numpy", "scipy", "s2sgrad", "autograd", "jax", "torch", "cupy")
_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


def is_library(dotted):
    """Whether the module `dotted` is never read as the user's: the standard library, the array libraries."""
    top = dotted.partition(".")[0]
    return top in LIBRARIES or top in getattr(sys, "stdlib_module_names", ()) or top in sys.builtin_module_names


@dataclasses.dataclass(eq=False)
class StaticModule:
    """One of the user's modules as a value (`import mylayers as L`): its names are read from its
    source by `resolver`, its submodules found on disk; a namespace package has no resolver."""

    name: str
    path: str               # its file, or its folder for a namespace package
    project: object
    resolver: object = None

    def member(self, attr, shallow=False):
        """(object, problem) of `module.attr`; see Project.member."""
        return self.project.member(self, attr, shallow)

    @property
    def label(self):
        return f"{self.name} ({printable(_display(self.path))})"


class Project:
    """The user's modules one `s2sgrad emit` reads: where they are found, each parsed once (one
    resolver per file, shared by every file importing it), and the imports being followed."""

    def __init__(self, source):
        self.main = source
        self.resolvers = {}         # absolute path -> StaticResolver (or the error parsing it raised)
        self.modules = {}           # dotted name (or ("namespace", name)) -> StaticModule or None
        self.following = []         # (file, name) of the imports being followed: a repeat is a cycle
        self.claims = {}            # a name in the emitted module -> the object it reads (transforms/rename.py)

    def register(self, resolver):
        self.resolvers.setdefault(_key(resolver.source.filename), resolver)

    @functools.cached_property
    def roots(self):
        """The folders a top-level module of the user's is looked for in, in order."""
        path = os.path.abspath(self.main.filename)
        root = _package_root(path, self.main.module_name)
        project = _project_folder(root)
        prefixes = {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        prefixes = {p for p in prefixes if not _inside(project, p)}     # not one that holds the project
        found = [root]
        for entry in [os.path.dirname(path), os.getcwd()] + sys.path:     # the file's folder: run as a script
            entry = os.path.abspath(entry or os.getcwd())
            parts = set(entry.split(os.sep))
            if _inside(entry, project) and os.path.isdir(entry) and not parts & {"site-packages", "dist-packages"} \
                    and not any(_inside(entry, p) for p in prefixes) and entry not in found:
                found.append(entry)
        return found

    def module(self, dotted):
        """The StaticModule of the user's module `dotted` (a file or a package), or None."""
        if dotted not in self.modules:
            found = None if is_library(dotted) else _locate(dotted.split("."), self.roots)
            if found is not None and found[0] is not None:
                found = StaticModule(dotted, found[0], self, self.resolver(found[0], dotted))
            self.modules[dotted] = found if isinstance(found, StaticModule) else None
        return self.modules[dotted]

    def namespace(self, dotted):
        """A folder of the project without `__init__.py` named `dotted` (a namespace package), or
        None; as in Python, a regular package or module installed under its name comes first."""
        key = ("namespace", dotted)
        if key not in self.modules:
            found = None if is_library(dotted) or _regular(dotted) else _locate(dotted.split("."), self.roots)
            self.modules[key] = StaticModule(dotted, found[1], self) if found and found[0] is None else None
        return self.modules[key]

    def resolver(self, path, dotted):
        """The StaticResolver of the user's file at `path`, imported as `dotted`; parsed once."""
        key = _key(path)
        if key not in self.resolvers:
            from .resolve import StaticResolver
            try:
                source = parse_file(path)
            except Exception as err:        # a syntax error in it: located, raised wherever it is read
                self.resolvers[key] = err
                raise
            source.module_name = dotted[:-len(".__init__")] if dotted.endswith(".__init__") else dotted
            self.resolvers[key] = StaticResolver(source, self)
        found = self.resolvers[key]
        if isinstance(found, Exception):
            raise found
        return found

    def follow(self, importer, bound, missing, shallow=False):
        """(object, problem) for the global `bound` that `importer` (a StaticResolver) imports:
        read from the user's module, else imported from a library; `problem` is a Diagnostic
        where the import cannot be followed.  `missing` is what stands for no object; `shallow`:
        see StaticResolver.identity."""
        module, attr, _ = importer.scope.imports[bound]
        where = importer.source.location(importer.scope.import_nodes[bound])
        found = None if is_library(module) else self.module(module) or self.namespace(module)
        if found is None:
            obj = importer.import_library(module, attr)
            if obj is not missing or _installed(module):
                return obj, None
            return missing, self._not_found(module_location(importer, bound), module)
        if attr is None:
            return found, None
        key = (_key(importer.source.filename), bound)
        if key in self.following:
            return missing, self._cycle(where, key, bound)
        self.following.append(key)
        try:
            obj, problem = self.member(found, attr, shallow)
        finally:
            self.following.pop()
        if obj is missing and problem is None and not (found.resolver is not None and found.resolver.binds(attr)):
            # (a name the module binds with no value read from its source, a class, is no problem)
            problem = Diagnostic(where, f"`{attr}` is imported from {found.label}, which neither defines nor "
                                 "imports it", f"import a name {found.name} binds at its top level")
        return obj, problem

    def member(self, module, attr, shallow=False):
        """(object, problem) of the attribute `attr` of the user's module: a name it binds at top
        level, else its submodule `module.attr` (`shallow`: see StaticResolver.identity)."""
        from .resolve import _MISSING
        resolver = module.resolver
        if resolver is not None and resolver.binds(attr):
            return resolver.resolve(attr, shallow)
        sub = self.module(f"{module.name}.{attr}") or self.namespace(f"{module.name}.{attr}")
        if sub is not None:
            return sub, None
        return _MISSING, resolver.star_problem(attr) if resolver is not None else None

    def _not_found(self, where, module):
        searched = ", ".join(f"`{printable(_display(root))}`" for root in self.roots)
        return Diagnostic(where, f"s2sgrad cannot find the module `{module}`: it is neither a file of this project "
                          f"(searched {searched}) nor an installed library",
                          "check the module's name, or run s2sgrad emit from the folder the program runs in")

    def _cycle(self, where, key, bound):
        chain = self.following[self.following.index(key):] + [key]
        files = " -> ".join(printable(_display(path)) for path, _ in chain)
        return Diagnostic(where, f"the import of `{bound}` goes round a cycle ({files}): no module defines it",
                          "import it from the module that defines it")


def relative_module(importer, level, module):
    """(the absolute name of `from <level dots><module> import ...` in `importer`'s file, problem)."""
    source = importer.source
    name = source.module_name
    if os.path.basename(source.filename) == "__init__.py":
        package = name[:-len(".__init__")] if name.endswith(".__init__") else name
    else:
        package = name.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level > len(parts):
        what = "is not in a package (no __init__.py beside it)" if not parts else \
            f"is in the package `{package}`, and {level} dots climb above its top level"
        return None, (f"a relative import needs a package to start from: {printable(source.filename)} {what}",
                      "import it by its absolute name, or add an __init__.py to the package folder")
    base = parts[:len(parts) - level + 1]
    return ".".join(base + ([module] if module else [])), None


def module_location(importer, bound):
    """Where the module name is written in the statement that imports `bound`."""
    statement = importer.scope.import_statements[bound]
    written = "." * statement.level + (statement.module or "") if isinstance(statement, gast.ImportFrom) else \
        next(a.name for a in statement.names if (a.asname or a.name.split(".")[0]) == bound)
    where = importer.source.location(statement)
    col = where.text.find(written, where.col + 4)
    return dataclasses.replace(where, col=col) if col >= 0 else importer.source.location(
        importer.scope.import_nodes[bound])


def _locate(parts, folders):
    """(file, package folder) of the module named by `parts` under `folders`: (None, folder) for
    a namespace package; None when there is none.  Python's order in each folder: a package,
    a module, then (in no folder a regular one) a namespace package."""
    found = None
    for i, part in enumerate(parts):
        found = _find(part, folders)
        if found is None or i < len(parts) - 1 and found[1] is None:
            return None
        folders = [found[1]]
    return found


def _find(part, folders):
    namespace = None
    for folder in folders:
        base = os.path.join(folder, part)
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return os.path.join(base, "__init__.py"), base
        if os.path.isfile(base + ".py"):
            return base + ".py", None
        if namespace is None and part.isidentifier() and os.path.isdir(base):
            namespace = base
    return (None, namespace) if namespace else None


def _installed(module):
    """Whether `module` is importable here (a library that simply lacks the name asked for)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _regular(dotted):
    """Whether a regular module or package (not a namespace package) is installed as the top
    level of `dotted` (found without running anything)."""
    try:
        spec = importlib.util.find_spec(dotted.partition(".")[0])
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin is not None


def _package_root(path, module_name):
    """The folder `module_name` (the file at `path`) is imported from: above its top package."""
    folder = os.path.dirname(path)
    depth = module_name.count(".") + (os.path.basename(path) == "__init__.py" and not module_name.endswith("__init__"))
    for _ in range(depth):
        folder = os.path.dirname(folder)
    return folder


def _project_folder(root):
    """The nearest folder at or above `root` that marks a project; `root` itself when none does."""
    folder = root
    while True:
        if any(os.path.exists(os.path.join(folder, marker)) for marker in _MARKERS):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return root
        folder = parent


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _key(path):
    return os.path.normcase(os.path.abspath(path))


def _display(path):
    return display_path(path)
