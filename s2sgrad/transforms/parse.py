"""Parse: Python source -> gast trees whose line numbers are those of the user's file."""

import ast
import collections
import dataclasses
import inspect
import io
import linecache
import os
import re
import textwrap
import tokenize

import gast

from ..errors import Diagnostic, Location, UserCodeError
from ..trees import clone, walk
from .generators import generators_as_lists
from .matches import lower_matches

# A global of every emitted gradient module run by the API: the module name of the user's
# code it was generated from (so its own imports are served from the live objects again).
GENERATED_FROM = "__s2sgrad_from__"

# The deepest nesting of syntax (statements and expressions) the passes are given: they walk
# trees recursively, and a deeper tree would end in a RecursionError somewhere inside them.
MAX_DEPTH = 100


@dataclasses.dataclass
class SourceFile:
    """A user's source file: its display name, module name, lines and module tree."""

    filename: str
    module_name: str
    lines: list
    tree: object
    importable: bool = True     # False: its file name has a dot, so no import statement reaches it

    def location(self, node, col_shift=0):
        """Where `node` is; its column counted in characters (a tree counts UTF-8 bytes)."""
        line = getattr(node, "lineno", 1) or 1
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        col = len(text.encode("utf-8")[:getattr(node, "col_offset", 0) or 0].decode("utf-8", "replace"))
        return Location(self.filename, line, col + col_shift, text)

    def line_text(self, line):
        """The statement that starts on `line`, as one line: a statement written over several lines
        joined (its first line and `...` where a line of it holds a comment, or it is long)."""
        if not 0 < line <= len(self.lines):
            return ""
        end = self._statement_ends().get(line, line)
        parts = [text.strip().removesuffix("\\").strip() for text in self.lines[line - 1:end]]
        joined = _TIGHT.sub(lambda m: m.group(0).strip(), " ".join(p for p in parts if p))
        if end == line or "#" in "".join(parts) or len(joined) > _LONGEST_QUOTE:
            return parts[0] + (" ..." if end > line else "")
        return joined

    def _statement_ends(self):
        """{first line: last line} of the statements written over several lines (a compound
        statement: its header)."""
        ends = getattr(self, "_ends", None)
        if ends is None:
            ends = {}
            for node in gast.walk(self.tree) if self.tree is not None else ():
                if not isinstance(node, gast.stmt) or isinstance(node, _BLOCKS):
                    continue
                head = getattr(node, "test", None) or getattr(node, "iter", None) \
                    if isinstance(node, (gast.If, gast.While, gast.For)) else node
                last = getattr(head, "end_lineno", None)
                if last and node.lineno and last > node.lineno:
                    ends[node.lineno] = max(ends.get(node.lineno, 0), last)
            self._ends = ends
        return ends

    def function(self, name):
        """The file's top-level `def name` (or `name = lambda ...`, as a FunctionDef), or None."""
        for node in self.tree.body:
            if isinstance(node, gast.FunctionDef) and node.name == name:
                return node
            if isinstance(node, gast.Assign) and isinstance(node.value, gast.Lambda) \
                    and any(isinstance(t, gast.Name) and t.id == name for t in node.targets):
                return lambda_def(node.value, name)
        return None


# Compound statements whose header the comment does not join (their first line is quoted).
_BLOCKS = tuple(getattr(gast, n) for n in ("FunctionDef", "AsyncFunctionDef", "ClassDef", "With", "AsyncWith", "Try",
                                            "TryStar", "Match") if hasattr(gast, n))
# `( a` -> `(a`, `b )` -> `b)`: the spaces a joined line break leaves inside brackets
_TIGHT = re.compile(r"[(\[{] +| +[)\]}]")
_LONGEST_QUOTE = 160


def display_path(path):
    """The path as users see it in headers and diagnostics: relative to the working directory."""
    path = os.path.abspath(path)
    rel = os.path.relpath(path, os.getcwd())
    return path if rel.startswith("..") else rel.replace(os.sep, "/")


def module_name_of(path):
    """`pkg/sub/mod.py` -> `pkg.sub.mod` (`pkg/__init__.py` -> `pkg`), climbing the folders
    that hold an `__init__.py`."""
    path = os.path.abspath(path)
    stem = os.path.splitext(os.path.basename(path))[0]
    parts = [] if stem == "__init__" and os.path.basename(path) == "__init__.py" else [stem]
    folder = os.path.dirname(path)
    while os.path.exists(os.path.join(folder, "__init__.py")):
        parts.append(os.path.basename(folder))
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return ".".join(reversed(parts))


def source_lines(text):
    """The lines of `text` as Python's tokenizer counts them: split at \\n, \\r\\n and \\r only
    (`str.splitlines` also splits at form feeds, \\x1c-\\x1e, \\x85 and \\u2028-\\u2029)."""
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def parse_source(text, filename, module_name=None):
    """Parse a whole file; a syntax error, or syntax nested too deep, becomes a located diagnostic."""
    lines = source_lines(text)
    try:
        tree = ast.parse(text, filename=filename)
    except (RecursionError, MemoryError):
        raise UserCodeError([Diagnostic(Location(filename, 1, 0, lines[0] if lines else ""),
                                        "this file is nested too deep for Python's parser")]) from None
    except (SyntaxError, ValueError) as err:     # ValueError: a null byte, on Python 3.10 and 3.11
        line = getattr(err, "lineno", None) or 1
        text_line = lines[line - 1] if 0 < line <= len(lines) else ""
        loc = Location(filename, line, max((getattr(err, "offset", None) or 1) - 1, 0), text_line)
        raise UserCodeError([Diagnostic(loc, f"syntax error: {getattr(err, 'msg', None) or err}")]) from None
    source = SourceFile(filename, module_name or os.path.splitext(os.path.basename(filename))[0], lines, None)
    _check_depth(source, tree)
    source.tree = generators_as_lists(lower_matches(gast.ast_to_gast(tree)))
    return source


def _check_depth(source, tree):
    """Refuse, where it is, the first syntax nested deeper than MAX_DEPTH (walked without recursion)."""
    stack = [(tree, 0, tree)]
    while stack:
        node, depth, where = stack.pop()
        where = node if isinstance(node, ast.stmt) else where      # point at the statement
        if depth > MAX_DEPTH:
            raise UserCodeError([Diagnostic(source.location(where), f"this code is nested more than {MAX_DEPTH} "
                                            "levels deep (operators, calls, brackets and blocks), deeper than "
                                            "s2sgrad differentiates",
                                            "split the expression into several statements")])
        stack.extend((child, depth + 1, where) for child in ast.iter_child_nodes(node))


def read_source(path):
    """The text of a Python file, decoded as Python decodes it (a PEP 263 coding cookie, a UTF-8
    byte order mark, else UTF-8); bytes that are not in that encoding are a located error."""
    with open(path, "rb") as fh:
        data = fh.read()
    filename = display_path(path)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as err:
        raise UserCodeError([Diagnostic(Location(filename, getattr(err, "lineno", None) or 1, 0),
                                        f"cannot read the file: {err.msg}",
                                        "declare an encoding Python knows, or save the file as UTF-8")]) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        start = data.rfind(b"\n", 0, err.start) + 1
        text = data[start:].split(b"\n", 1)[0].decode(encoding, errors="replace")
        col = len(data[start:err.start].decode(encoding, errors="replace"))
        raise UserCodeError([Diagnostic(Location(filename, line, col, text),
                                        f"this byte is not {encoding} text ({err.reason})",
                                        "declare the file's encoding with a `# -*- coding: ... -*-` line, "
                                        "or save it as UTF-8")]) from None


def parse_file(path):
    """Parse the file at `path`, read as Python reads it."""
    source = parse_source(read_source(path), display_path(path), module_name_of(path))
    source.importable = "." not in os.path.splitext(os.path.basename(path))[0]
    return source


def parse_function(fn):
    """The FunctionDef of a live function, with line numbers of its file, and that file.

    A lambda becomes a FunctionDef named after the name it is assigned to (else `lambda`)
    whose body returns its expression.  Every parameter is listed in `args.args` (see
    `flatten_signature`).
    """
    path, lines, start = _source_lines(fn)
    source = _whole_file(fn, path)
    node = _find(source, fn) if source is not None else None
    node = clone(node)      # the file's tree is shared (see _cached_file); passes change theirs
    if node is None:
        # Not found in a parsed file (e.g. defined in a notebook cell): parse the snippet alone.
        source = _snippet(fn, path, lines, start)
        node = _find(source, fn)
        if node is None and not _is_lambda(fn) and isinstance(source.tree.body[0], _DEFS):
            node = source.tree.body[0]         # a function whose __name__ was changed
        if node is None:
            raise UserCodeError([Diagnostic(Location(source.filename, start, 0, lines[0] if lines else ""),
                                            f"cannot find the source of {_described(fn)} on this line",
                                            "define it with `def` in a .py file")])
    return source, flatten_signature(node)


def _described(fn):
    return "a lambda" if _is_lambda(fn) else repr(getattr(fn, "__qualname__", fn))


def _is_lambda(fn):
    return fn.__code__.co_name == "<lambda>"


def _source_lines(fn):
    """(path, lines, first line) of a live function's source, or a located error."""
    try:
        fn.__code__
        path = inspect.getsourcefile(fn)
        lines, at = inspect.findsource(fn)      # as getsourcelines, which reads `__wrapped__`'s lines instead
        lines, start = inspect.getblock(lines[at:]), at + 1
    except (OSError, TypeError, AttributeError):
        raise UserCodeError([Diagnostic(
            Location(getattr(fn, "__module__", "?") or "?", 1, 0),
            f"cannot read the source of {getattr(fn, '__qualname__', fn)!r}",
            "define it in a .py file, or register a rule with s2sgrad.extend",
        )]) from None
    return path, lines, start


def _whole_file(fn, path):
    """The parsed file `fn` comes from, or None: a file on disk, or emitted code in linecache."""
    if path and os.path.exists(path):
        try:
            return _cached_file(path)
        except UserCodeError:
            return None
    owner = getattr(fn, "__globals__", {}).get(GENERATED_FROM)
    if path and owner is not None:     # emitted gradient code, differentiated again
        return parse_source("".join(linecache.getlines(path)), path, owner)
    return None


_PARSED = collections.OrderedDict()     # the last files parsed for live functions, by path and version


def _cached_file(path):
    """`parse_file(path)`, kept for the next function of the same unchanged file: a factory's
    thousand closures read their file once, not a thousand times."""
    stat = os.stat(path)
    key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns, os.getcwd())
    source = _PARSED.pop(key, None) or parse_file(path)
    _PARSED[key] = source
    while len(_PARSED) > 16:
        _PARSED.popitem(last=False)
    return source


def _snippet(fn, path, lines, start):
    """The function's own lines, parsed alone, with the line numbers and columns of its file."""
    text = "".join(lines)
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    filename = display_path(path) if path else "<unknown>"
    try:
        tree = ast.parse(textwrap.dedent(text))
    except (RecursionError, MemoryError):
        raise UserCodeError([Diagnostic(Location(filename, start, indent, lines[0] if lines else ""),
                                        "this function is nested too deep for Python's parser")]) from None
    except SyntaxError:
        raise UserCodeError([Diagnostic(Location(filename, start, indent, lines[0] if lines else ""),
                                        f"cannot read the source of {_described(fn)}: its lines are not a "
                                        "statement of their own", "define it with `def`")]) from None
    for node in walk(tree):
        if hasattr(node, "col_offset"):
            node.col_offset += indent
            node.end_col_offset = (node.end_col_offset or 0) + indent
    ast.increment_lineno(tree, start - 1)
    module = getattr(fn, "__module__", None)        # a file that is not a module (a notebook cell)
    if not (module and all(part.isidentifier() for part in module.split("."))):
        module = "__main__"
    source = SourceFile(filename, module, [""] * (start - 1) + source_lines(text), None)
    _check_depth(source, tree)
    source.tree = generators_as_lists(lower_matches(gast.ast_to_gast(tree)))
    return source


def _find(source, fn):
    code = fn.__code__
    if _is_lambda(fn):
        return _find_lambda(source, code)
    return _find_def(source.tree, code.co_firstlineno, code.co_name)


_DEFS = (gast.FunctionDef, gast.AsyncFunctionDef)


def _find_def(tree, first_line, name):
    for node in walk(tree):
        if isinstance(node, _DEFS) and node.name == name:
            lines = [node.lineno] + [d.lineno for d in node.decorator_list]
            if first_line in lines:
                return node
    return None


def _find_lambda(source, code):
    """The lambda of `code`: the one on its first line with its parameters, told apart by position."""
    found = [n for n in walk(source.tree) if isinstance(n, gast.Lambda) and n.lineno == code.co_firstlineno
             and _param_names(n.args) == _code_params(code)]
    if len(found) > 1:
        found = _innermost(found, _spans(code)) or found
    if len(found) > 1:
        raise UserCodeError([Diagnostic(source.location(found[0]), "several lambdas on this line take the same "
                                        "parameters, and this Python cannot tell which one was given",
                                        "put the lambda on a line of its own, or use `def`")])
    return lambda_def(found[0], _assigned_name(source.tree, found[0])) if found else None


def _param_names(args):
    names = [a.id for a in list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)]
    return names + [a.id for a in (args.vararg, args.kwarg) if a is not None]


def _code_params(code):
    count = code.co_argcount + code.co_kwonlyargcount
    count += bool(code.co_flags & inspect.CO_VARARGS) + bool(code.co_flags & inspect.CO_VARKEYWORDS)
    return list(code.co_varnames[:count])


def _spans(code):
    """The source spans of `code`'s instructions (Python 3.11+), zero-width ones left out."""
    positions = getattr(code, "co_positions", lambda: ())()
    return [(line, col, end_line, end_col) for line, end_line, col, end_col in positions
            if None not in (line, end_line, col, end_col) and (end_line, end_col) > (line, col)]


def _innermost(lambdas, spans):
    """The lambdas whose text holds every span, innermost first cut to the innermost one."""
    if not spans:
        return []

    def holds(lam, span):
        return (lam.lineno, lam.col_offset) <= span[:2] and span[2:] <= (lam.end_lineno, lam.end_col_offset)
    holding = [lam for lam in lambdas if all(holds(lam, span) for span in spans)]
    holding.sort(key=lambda lam: (lam.end_lineno - lam.lineno, lam.end_col_offset - lam.col_offset))
    return holding[:1]


def _assigned_name(tree, lam):
    """`f` for `f = lambda ...` (or `f, g = lambda ..., ...`), else `lambda`."""
    for node in walk(tree):
        if not isinstance(node, gast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if value is lam and isinstance(target, gast.Name):
            return target.id
        if isinstance(value, (gast.Tuple, gast.List)) and isinstance(target, (gast.Tuple, gast.List)) \
                and len(value.elts) == len(target.elts):
            for elt, item in zip(target.elts, value.elts):
                if item is lam and isinstance(elt, gast.Name):
                    return elt.id
    return "lambda"


def lambda_def(lam, fname):
    """The FunctionDef `def fname(<lam's parameters>): return <lam's body>`, at the lambda's place."""
    ret = gast.Return(value=lam.body)
    gast.copy_location(ret, lam.body)
    fdef = gast.FunctionDef(name=fname, args=lam.args, body=[ret], decorator_list=[], returns=None,
                            type_comment=None, type_params=[])
    return gast.copy_location(fdef, lam)


def flatten_signature(func):
    """List every parameter of `func` in `args.args`, which is where every pass looks for them.

    Positional-only parameters come first; keyword-only ones last, each marked `s2s_kwonly`
    with its default (or None) as `s2s_default`, so an emitted signature can keep them
    keyword-only.  Idempotent.
    """
    args = func.args
    for param, default in zip(args.kwonlyargs, args.kw_defaults):
        param.s2s_kwonly, param.s2s_default = True, default
    args.args = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
    args.posonlyargs, args.kwonlyargs, args.kw_defaults = [], [], []
    return func


def pack_variadic(func, n_extra, keywords):
    """`func` read for calls that pass `n_extra` positional arguments to its `*args` and the
    `keywords` to its `**kwargs`: `def g(a, *xs, **kw)` for 2 and ["s"] is read as
    `def g(a, xs_0, xs_1, *, kw_s=None): xs = (xs_0, xs_1); kw = {"s": kw_s}; ...`.
    Returns (the new FunctionDef, {keyword: its parameter}); plain parameters, so the rest of
    s2sgrad needs nothing new for them."""
    spec = func.args
    taken = {n.id for n in walk(func) if isinstance(n, gast.Name)} | {a.id for a in spec.args}
    stars = [_fresh(f"{spec.vararg.id}_{i}", taken) for i in range(n_extra)] if spec.vararg is not None else []
    stored = {k: _fresh(f"{spec.kwarg.id}_{k}", taken) for k in keywords} if spec.kwarg is not None else {}
    new = clone(func)
    _add_parameters(new.args, stars, stored)
    new.args.vararg = new.args.kwarg = None
    new.body = _packing(spec, stars, stored, func) + list(new.body)
    return new, stored


def _add_parameters(args, stars, stored):
    """Give `args` the positional parameters `stars` after its plain ones, and keyword-only ones
    (default None) named by `stored`'s values after its keyword-only ones."""
    kwonly = [a for a in args.args if getattr(a, "s2s_kwonly", False)]
    params = [a for a in args.args if not getattr(a, "s2s_kwonly", False)] + [_param(n) for n in stars]
    for n in stored.values():
        param = _param(n)
        param.s2s_kwonly, param.s2s_default = True, gast.Constant(value=None, kind=None)
        kwonly.append(param)
    args.args = params + kwonly
    if args.defaults:           # parameters after one with a default need one too
        args.defaults = list(args.defaults) + [gast.Constant(value=None, kind=None) for _ in stars]


def _packing(spec, stars, stored, func):
    """The statements that bind `*args` (`spec.vararg`) to the tuple of `stars` and `**kwargs` to
    the dict of `stored`'s parameters, at the top of `func`."""
    prelude = []
    if spec.vararg is not None:
        prelude.append(_bind(spec.vararg.id, gast.Tuple(elts=[_load(n) for n in stars], ctx=gast.Load()), func))
    if spec.kwarg is not None:
        prelude.append(_bind(spec.kwarg.id, gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in stored],
                                                      values=[_load(n) for n in stored.values()]), func))
    return prelude


def _fresh(hint, taken):
    candidate, k = hint, 2
    while candidate in taken:
        candidate, k = f"{hint}_{k}", k + 1
    taken.add(candidate)
    return candidate


def _param(pname):
    return gast.Name(id=pname, ctx=gast.Param(), annotation=None, type_comment=None)


def _load(pname):
    return gast.Name(id=pname, ctx=gast.Load(), annotation=None, type_comment=None)


def _bind(target, value, origin):
    stmt = gast.Assign(targets=[gast.Name(id=target, ctx=gast.Store(), annotation=None, type_comment=None)],
                       value=value, type_comment=None)
    stmt.lineno, stmt.col_offset = getattr(origin, "lineno", 1), getattr(origin, "col_offset", 0)
    return stmt
