"""Scope: what a file binds at top level (`ModuleScope`): its imports, with the lines that make
them, its definitions, constants and custom-gradient templates, read from its source."""

import builtins
import functools

import gast

from .errors import ArgumentError, InternalError, printable
from .transforms.codegen import from_import
from .trees import children, file_fact, walk
from .transforms.parse import lambda_def


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
        self.classes = {}           # name -> ClassDef of a module-level class
        self.custom = {}            # name -> FunctionDef marked @custom_gradient
        self.adjoints = {}          # name -> FunctionDef of its @name.adjoint template
        self.tangents = {}          # name -> FunctionDef of its @name.tangent template
        self.import_nodes = {}      # an imported name -> where it is imported (its alias, for locations)
        self.import_statements = {}     # an imported name -> its import statement
        self.relative = {}          # a name imported relatively -> (level, module, attr)
        self.stars = []             # (level, module, node) of each `from module import *`
        for node in source.tree.body if source else ():
            self._scan(node)

    def _scan(self, node):
        scan = {gast.Import: self._scan_import, gast.ImportFrom: self._scan_import_from,
                gast.FunctionDef: self._scan_def, gast.Assign: self._scan_assign,
                gast.ClassDef: self._scan_class}.get(type(node))
        if scan is not None:
            scan(node)

    def _scan_import(self, node):
        for alias in node.names:
            bound = alias.asname or alias.name.split(".")[0]
            target = alias.name if alias.asname else alias.name.split(".")[0]
            line = f"import {alias.name} as {alias.asname}" if alias.asname else f"import {alias.name}"
            self.imports[bound] = (target, None, line)
            self.import_nodes[bound] = alias if hasattr(alias, "lineno") else node
            self.import_statements[bound] = node

    def _scan_import_from(self, node):
        for alias in node.names:
            bound = alias.asname or alias.name
            if alias.name == "*":
                self.stars.append((node.level, node.module, node))
            if node.level:
                self.relative[bound] = (node.level, node.module, alias.name)
            else:
                self.imports[bound] = (node.module, alias.name, import_from_line(node.module, alias))
            self.import_nodes[bound] = alias if hasattr(alias, "lineno") else node
            self.import_statements[bound] = node

    def _scan_def(self, node):
        for dec in node.decorator_list:
            if isinstance(dec, gast.Attribute) and dec.attr in ("adjoint", "tangent") \
                    and isinstance(dec.value, gast.Name):
                (self.adjoints if dec.attr == "adjoint" else self.tangents)[dec.value.id] = node
                return
            target = dec.func if isinstance(dec, gast.Call) else dec
            if getattr(target, "attr", getattr(target, "id", None)) == "custom_gradient":
                self.custom[node.name] = node
        self.defs[node.name] = node

    def _scan_class(self, node):
        self.classes[node.name] = node

    def _scan_assign(self, node):
        for target in node.targets:
            if isinstance(target, gast.Name) and isinstance(node.value, gast.Lambda):
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
            stack.extend(children(node))
        return found

    @functools.cached_property
    def names(self):
        """Every identifier of the file: what a fresh alias must not be."""
        return set(file_fact(self.source, _identifiers)) if self.source else set()

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


def import_from_line(module, alias):
    """`from module import name [as asname]`, for the alias node of an import."""
    line = f"from {module} import {alias.name}"
    return line + f" as {alias.asname}" if alias.asname else line


def _identifiers(tree):
    """Every name, function and class name of a file: one walk, kept per file (a long file's
    names are asked for every function)."""
    found = set()
    for n in walk(tree):
        if isinstance(n, gast.Name):
            found.add(n.id)
        elif isinstance(n, (gast.FunctionDef, gast.ClassDef)):
            found.add(n.name)
    return frozenset(found)
