"""Codegen: functions -> deterministic module text with comments and a line map; compile it.

`ast.unparse` prints expressions and simple statements; this module owns the layout:
indentation, the comment naming the source line each adjoint block reverses, blank lines,
the header, and the imports.  Compiled code is registered in `linecache`, so tracebacks,
`pdb` and `inspect.getsource` show the generated text.

User text reaches emitted code only inert: a file, module or function name, `--wrt` text or a
source line in a comment is written with its control and line-separator characters escaped
(one `emit` is one physical line), a module name that is not a dotted identifier is imported
with `__import__("...")`, and no header line can declare an encoding.
"""

import ast
import builtins
import keyword
import linecache
import re
import shlex

import gast

from ..errors import printable
from ..trees import NAMELESS, node_fields, walk

_INDENT = "    "
_COOKIE = re.compile(r"coding([:=])")       # PEP 263: read in a comment on line 1 or 2


class Printer:
    """Prints gast statements; `line_text(n)` gives the user's source line n for comments."""

    def __init__(self, line_text):
        self.line_text = line_text
        self.lines = []
        self.line_map = {}      # generated line (1-based) -> source line
        self.labels = {}        # generated comment line -> the source line it quotes

    def emit(self, text, depth, source_line=None):
        """Append one line; user text in it is escaped so that it stays one inert line."""
        text = printable(text)
        if len(self.lines) < 2 and text.startswith("#"):
            text = _COOKIE.sub(lambda m: "coding" + _escape(m.group(1)), text)
        self.lines.append(_INDENT * depth + text if text else "")
        if source_line:
            self.line_map[len(self.lines)] = source_line

    def function(self, func, depth=0, docstring=None):
        header = gast.FunctionDef(name=func.name, args=func.args, body=[gast.Pass()], decorator_list=[],
                                  returns=None, type_comment=None, type_params=[])
        text = unparse(header).splitlines()[0]
        self.emit(text, depth)
        if docstring:
            self.emit(f'"""{docstring}"""', depth + 1)
        self.block(func.body, depth + 1)

    def block(self, body, depth):
        last = None
        for stmt in body:
            if getattr(stmt, "s2s_blank", False):
                self.emit("", depth)
                last = None
            line = getattr(stmt, "s2s_line", None)
            if line and line != last:
                text = self.line_text(line)
                if text:
                    self.emit("# " + text, depth)
                    self.labels[len(self.lines)] = line
                last = line
            self.statement(stmt, depth)

    def statement(self, stmt, depth):
        line = getattr(stmt, "s2s_line", None) or getattr(stmt, "lineno", None)
        if isinstance(stmt, gast.If):
            self._if(stmt, depth, line, "if")
        elif isinstance(stmt, gast.For):
            self.emit(f"for {unparse(stmt.target)} in {unparse(stmt.iter)}:", depth, line)
            self.block(stmt.body, depth + 1)
        elif isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Tuple):
            self.emit(f"{_bare_tuple(stmt.targets[0])} = {unparse(stmt.value)}", depth, line)
        elif isinstance(stmt, gast.Return) and isinstance(stmt.value, gast.Tuple) and stmt.value.elts:
            self.emit("return " + _bare_tuple(stmt.value), depth, line)
        elif isinstance(stmt, gast.While):
            self.emit(f"while {unparse(stmt.test)}:", depth, line)
            self.block(stmt.body, depth + 1)
        else:
            for text in unparse(stmt).splitlines():
                self.emit(text, depth, line)

    def _if(self, stmt, depth, line, keyword):
        body, orelse, test = stmt.body, stmt.orelse, stmt.test
        if _is_pass(body) and orelse:
            body, orelse = orelse, []
            test = gast.UnaryOp(op=gast.Not(), operand=test)
        self.emit(f"{keyword} {unparse(test)}:", depth, line)
        self.block(body, depth + 1)
        if len(orelse) == 1 and isinstance(orelse[0], gast.If) and not getattr(orelse[0], "s2s_line", None):
            self._if(orelse[0], depth, line, "elif")
        elif orelse:
            self.emit("else:", depth)
            self.block(orelse, depth + 1)

    def text(self):
        return "\n".join(self.lines) + "\n"


def _is_pass(body):
    return len(body) == 1 and isinstance(body[0], gast.Pass)


def _bare_tuple(node):
    """`a, b` (and `a,` for one element): a tuple without its parentheses."""
    text = ", ".join(unparse(e) for e in node.elts)
    return text + "," if len(node.elts) == 1 else text


def unparse(node):
    tree = to_ast(node)
    if isinstance(tree, ast.stmt) and not hasattr(tree, "body"):
        # `ast.unparse` reads a line number only from statements (for their type comment):
        # a simple statement holds no other, so one line number is all it needs
        if not hasattr(tree, "lineno"):
            tree.lineno = 1
    else:
        ast.fix_missing_locations(tree)
    return ast.unparse(tree)


# gast classes converted field by field to the `ast` class of the same name and fields, as
# `gast.gast_to_ast` converts them; any other node (a lambda's arguments, an f-string, a nested
# def) is converted by gast itself.
_SAME_FIELDS = {cls: getattr(ast, cls.__name__) for cls in (
    gast.Attribute, gast.BinOp, gast.BoolOp, gast.Call, gast.Compare, gast.Constant, gast.Dict, gast.DictComp,
    gast.GeneratorExp, gast.IfExp, gast.List, gast.ListComp, gast.Set, gast.SetComp, gast.Slice, gast.Starred,
    gast.Subscript, gast.Tuple, gast.UnaryOp, gast.comprehension, gast.keyword, gast.NamedExpr,
    gast.Expr, gast.Return, gast.AugAssign, gast.Pass, gast.Assert, gast.Raise, gast.Break, gast.Continue)}
_SAME_FIELDS.update({getattr(gast, cls.__name__): cls for base in (ast.expr_context, ast.operator, ast.unaryop,
                                                                     ast.cmpop, ast.boolop)
                     for cls in base.__subclasses__() if hasattr(gast, cls.__name__)})


def to_ast(node):
    """`gast.gast_to_ast(node)`, the same tree, made faster for the nodes emitted code is made of."""
    cls = type(node)
    if cls is gast.Name:
        return ast.Name(node.id, to_ast(node.ctx))
    if cls is gast.Assign:          # gast leaves out the type comment
        return ast.Assign([to_ast(t) for t in node.targets], to_ast(node.value))
    target = _SAME_FIELDS.get(cls)
    if target is None:
        return gast.gast_to_ast(node)
    new = target()
    for field in cls._fields:
        value = getattr(node, field, None)
        if type(value) is list:
            value = [to_ast(item) if isinstance(item, gast.AST) else item for item in value]
        elif isinstance(value, gast.AST):
            value = to_ast(value)
        setattr(new, field, value)
    return new


def free_names(funcs):
    """Global names the functions read, sorted; builtins excluded (nested defs see their scope)."""
    defined = {f.name for f in funcs}
    free = set()
    for func in funcs:
        free |= _free_in(func, defined)
    return sorted(n for n in free if not hasattr(builtins, n))


def _free_in(func, enclosing):
    """Names `func` reads that neither it nor an enclosing scope binds (its defaults are read
    where it is defined)."""
    local = {a.id for a in func.args.args} | {a.id for a in func.args.kwonlyargs} | set(enclosing)
    nested, loads, stores = _scope_names(func.body)
    local |= stores
    free = loads - local
    defaults = [d for d in list(func.args.defaults) + list(func.args.kw_defaults) if d is not None]
    free |= {n.id for d in defaults for n in walk(d) if isinstance(n, gast.Name)} - set(enclosing)
    for inner in nested:
        if isinstance(inner, gast.Lambda):
            inner = gast.FunctionDef(name="<lambda>", args=inner.args, body=[gast.Return(value=inner.body)],
                                     decorator_list=[], returns=None, type_comment=None, type_params=[])
        free |= _free_in(inner, local)
    return free


def _scope_names(body):
    """(the defs and lambdas nested in `body`, the names it loads, the names it stores), not
    looking inside the nested ones (a def's name is stored)."""
    nested, loads, stores = [], set(), set()
    stack = list(body)
    pop, push, ast_node = stack.pop, stack.append, gast.AST
    name, store, function, lam = gast.Name, gast.Store, gast.FunctionDef, gast.Lambda
    while stack:
        node = pop()
        cls = type(node)
        if cls is name:
            (stores if type(node.ctx) is store else loads).add(node.id)
            if node.annotation is not None:
                push(node.annotation)
            continue
        if cls is function or cls is lam:
            if cls is function:
                stores.add(node.name)
            nested.append(node)
            continue
        if cls in NAMELESS:
            continue
        for field in node_fields(cls):          # push_children, inlined
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast_node):
                        push(item)
            elif isinstance(value, ast_node):
                push(value)
    return nested, loads, stores


def _escape(char):
    return f"\\x{ord(char):02x}"


_SHELL_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\f": "\\f"}


def shell_word(text):
    """`text` as one word of a shell command line that stays on its line and means `text`:
    `shlex.quote`, or bash's `$'...'` quoting where `text` has a character that is not printable
    (a newline, U+2028, a byte that is not UTF-8, kept by Python as a lone surrogate)."""
    if text.isprintable():
        return shlex.quote(text)
    out = []
    for char in text:
        code = ord(char)
        if char in "\\'":
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif char in _SHELL_ESCAPES:
            out.append(_SHELL_ESCAPES[char])
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif 0xDC80 <= code <= 0xDCFF:          # os.fsdecode's stand-in for an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "$'" + "".join(out) + "'"


def is_module_name(name):
    """True when `name` can follow `from` in an import statement: dotted identifiers, no keyword."""
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))


def from_import(module, name, alias=None):
    """The line that binds `alias` (or `name`) to `module.name`.  A module whose file name is not
    an identifier (`my-model.py`, `2model.py`, `class.py`) is imported by `__import__`, which
    finds it where an import statement would."""
    if is_module_name(module):
        return f"from {module} import {name}" + (f" as {alias}" if alias and alias != name else "")
    return f"{alias or name} = __import__({module!r}, fromlist=[{name!r}]).{name}"


def import_block(lines):
    """Deterministic imports: `import` lines, then `from` lines, same-module names merged, then
    names bound from modules that need `__import__`."""
    plain = sorted({line for line in lines if line.startswith("import ")})
    merged = {}
    for line in lines:
        if line.startswith("from "):
            module, _, names = line[5:].partition(" import ")
            merged.setdefault(module, set()).add(names)
    froms = [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(merged.items())]
    bound = sorted(line for line in lines if not line.startswith(("import ", "from ")))
    return plain + froms + bound


def register(text, filename):
    """Put generated text in linecache under `filename` and compile it.  Another text registered
    under the same name (two inline lambdas of one file) gets the name with ` #2`, ` #3`, ...:
    the gradient of a gradient reads its source back from linecache."""
    lines = text.splitlines(keepends=True)
    name, count = filename, 1
    while linecache.cache.get(name, (None, None, lines))[2] != lines:
        count += 1
        name = f"{filename} #{count}"
    linecache.cache[name] = (len(text), None, lines, name)
    return compile(text, name, "exec")


_OPERATOR_WIDTH = 5        # ` not in `-style operators at most, with their spaces, and a pair of parentheses


def length_bound(node):
    """An upper bound on `len(unparse(node))` for the statements and expressions the
    optimizer folds, worked out without printing (None: print it to know): a sum over the
    nodes, each measured on its own."""
    total = 0
    todo = [node]
    pop, name = todo.pop, gast.Name
    while todo:
        node = pop()
        cls = type(node)
        if cls is name and node.annotation is None:
            total += len(node.id)
            continue
        measure = _MEASURES.get(cls)
        if measure is None:
            return None
        children = _children(node)
        own = measure(node, len(children))
        if own is None:
            return None
        total += own
        todo += children
    return total


_NOT_PRINTED_APART = (gast.expr_context, gast.operator, gast.unaryop, gast.cmpop, gast.boolop)
_FIELDS = {}


def _children(node):
    """The child nodes `length_bound` measures: operators and contexts are in their parent's own width."""
    cls = type(node)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = cls._fields
    children = []
    for field in fields:
        value = getattr(node, field, None)
        if type(value) is list:
            children += [item for item in value if isinstance(item, gast.AST)]
        elif isinstance(value, gast.AST) and not isinstance(value, _NOT_PRINTED_APART):
            children.append(value)
    return children


def _constant_width(node):
    value = node.value
    if isinstance(value, (bool, int, float)) or value is None:
        return len(repr(value)) + 2          # a negative number may be parenthesized
    if isinstance(value, str) and value.isascii() and value.isprintable() and not set(value) & set("'\"\\"):
        return len(value) + 2
    return None


def _counted(own):
    """A measure: `own(node)` characters besides the children, plus separators between them."""
    return lambda node, count: own(node) + 2 * count + 2


_MEASURES = {
    gast.Name: lambda node, count: len(node.id),
    gast.Attribute: _counted(lambda node: 1 + len(node.attr)),
    gast.Call: _counted(lambda node: 2 + sum(len(k.arg or "") + 3 for k in node.keywords)),
    gast.keyword: _counted(lambda node: 0),
    gast.BinOp: _counted(lambda node: _OPERATOR_WIDTH),
    gast.UnaryOp: _counted(lambda node: _OPERATOR_WIDTH),
    gast.BoolOp: _counted(lambda node: _OPERATOR_WIDTH * len(node.values)),
    gast.Compare: _counted(lambda node: 4 * len(node.ops) + 4),
    gast.IfExp: _counted(lambda node: 10),
    gast.Subscript: _counted(lambda node: 4),
    gast.Slice: _counted(lambda node: 2),
    gast.Tuple: _counted(lambda node: 3),
    gast.List: _counted(lambda node: 3),
    gast.Starred: _counted(lambda node: 1),
    gast.Assign: _counted(lambda node: 3 * len(node.targets)),
    gast.AugAssign: _counted(lambda node: 4),
    gast.Expr: lambda node, count: 0,
    gast.Constant: lambda node, count: _constant_width(node),
}
