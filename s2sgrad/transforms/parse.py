"""Parse: Python source -> gast trees whose line numbers are those of the user's file."""

import ast
import dataclasses
import inspect
import os
import textwrap

import gast

from ..errors import Diagnostic, Location, UserCodeError


@dataclasses.dataclass
class SourceFile:
    """A user's source file: its display name, module name, lines and module tree."""

    filename: str
    module_name: str
    lines: list
    tree: object

    def location(self, node, col_shift=0):
        line = getattr(node, "lineno", 1) or 1
        col = (getattr(node, "col_offset", 0) or 0) + col_shift
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Location(self.filename, line, col, text)

    def line_text(self, line):
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""

    def function(self, name):
        for node in self.tree.body:
            if isinstance(node, gast.FunctionDef) and node.name == name:
                return node
        return None


def display_path(path):
    """The path as users see it in headers and diagnostics: relative to the working directory."""
    path = os.path.abspath(path)
    rel = os.path.relpath(path, os.getcwd())
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def module_name_of(path):
    """`pkg/sub/mod.py` -> `pkg.sub.mod`, climbing the folders that hold an `__init__.py`."""
    path = os.path.abspath(path)
    parts = [os.path.splitext(os.path.basename(path))[0]]
    folder = os.path.dirname(path)
    while os.path.exists(os.path.join(folder, "__init__.py")):
        parts.append(os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return ".".join(reversed(parts))


def parse_source(text, filename, module_name=None):
    """Parse a whole file; a syntax error becomes a located diagnostic."""
    try:
        tree = gast.parse(text, filename=filename)
    except SyntaxError as err:
        loc = Location(filename, err.lineno or 1, max((err.offset or 1) - 1, 0), err.text or "")
        raise UserCodeError([Diagnostic(loc, f"syntax error: {err.msg}")]) from None
    stem = module_name or os.path.splitext(os.path.basename(filename))[0]
    return SourceFile(filename, stem, text.splitlines(), tree)


def parse_file(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    return parse_source(text, display_path(path), module_name_of(path))


def parse_function(fn):
    """The FunctionDef of a live function, with line numbers of its file, and that file."""
    try:
        path = inspect.getsourcefile(fn)
        lines, start = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        raise UserCodeError([Diagnostic(
            Location(getattr(fn, "__module__", "?") or "?", 1, 0),
            f"cannot read the source of {getattr(fn, '__qualname__', fn)!r}",
            "define it in a .py file, or register a rule with s2sgrad.extend",
        )]) from None
    source = None
    if path and os.path.exists(path):
        try:
            source = parse_file(path)
        except UserCodeError:
            source = None
    if source is not None:
        node = _find_def(source.tree, fn.__code__.co_firstlineno, fn.__name__)
        if node is not None:
            return source, node
    # Not found in a parsed file (e.g. defined in a notebook cell): parse the snippet alone.
    text = textwrap.dedent("".join(lines))
    tree = ast.parse(text)
    ast.increment_lineno(tree, start - 1)
    module = gast.ast_to_gast(tree)
    filename = display_path(path) if path else "<unknown>"
    full = SourceFile(filename, os.path.splitext(os.path.basename(filename))[0],
                      [""] * (start - 1) + text.splitlines(), module)
    return full, module.body[0]


def _find_def(tree, first_line, name):
    for node in gast.walk(tree):
        if isinstance(node, gast.FunctionDef) and node.name == name:
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            if first_line in lines:
                return node
    return None
