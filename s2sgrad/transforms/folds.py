"""Folds: `functools.reduce`, `itertools.accumulate` and `zip(..., strict=True)` -> the loop or
the check they amount to, written just before their statement.

    y = reduce(lambda a, b: a * x + b, cs, 0.0)   --->   reduced = 0.0
                                                          for item in cs:
                                                              reduced = reduced * x + item
                                                          y = reduced

`accumulate` keeps each partial result in a list (`acc_out.append(f(acc_out[-1], item))`), and
`zip(a, b, strict=True)` is `zip(a, b)` after `if len(b) < len(a): raise ValueError(...)` (lengths
that differ and are known when the function is read are refused where the zip is).  A loop
written before the statement is exact only where Python evaluates the call exactly once when the
statement runs: a call in a lambda, a comprehension's element, one arm of `a if c else b`, a
right operand of `and`/`or` or a `while` test is refused, with the statement to write instead.
"""

import ast
import functools
import itertools

import gast

from ..errors import Diagnostic, UserCodeError
from ..naming import unused_name
from ..trees import clone, walk

_DEFERRED = (gast.Lambda, gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp)
_BLOCKS = ("body", "orelse", "finalbody")


def unroll_folds(func, source, found, taken):
    """Rewrite (in place) each reduce, accumulate and strict zip of `func`'s body; `found` maps
    id(call) -> the object it calls, `taken` the names in use."""
    folds = _Folds(source, found, taken)
    folds.block(func.body)
    if folds.problems:
        raise UserCodeError(folds.problems)
    return func


def is_fold(obj, call):
    """`call` (calling `obj`) is rewritten here."""
    return obj is functools.reduce or obj is itertools.accumulate or obj is zip and _strict(call) is not None


def _strict(call):
    return next((k for k in call.keywords if k.arg == "strict"), None)


class _Folds:
    def __init__(self, source, found, taken):
        self.source = source
        self.found = found
        self.taken = taken
        self.problems = []

    def block(self, body):
        out = []
        for stmt in body:
            for field in _BLOCKS:
                if field in stmt._fields and not isinstance(stmt, gast.ClassDef):
                    self.block(getattr(stmt, field))
            for handler in getattr(stmt, "handlers", ()):
                self.block(handler.body)
            out += self.statement(stmt)
        body[:] = out

    def statement(self, stmt):
        """The statements that replace `stmt`: each fold's loop, then `stmt` reading its result."""
        before = []
        for call, deferred in _calls(stmt):
            obj = self.found.get(id(call))
            if not is_fold(obj, call):
                continue
            if deferred:
                self.refuse(call, "here Python evaluates it only when (or each time) this part of the "
                            "statement is reached", "assign it to a name in a statement of its own, before this one")
                continue
            written, value = self.fold(obj, call)
            before += written
            _replace(stmt, call, value)
        return before + [stmt]

    def fold(self, obj, call):
        if obj is zip:
            return self.strict_zip(call)
        if obj is functools.reduce:
            return self.reduce(call)
        return self.accumulate(call)

    def refuse(self, call, why, suggestion):
        self.problems.append(Diagnostic(self.source.location(call), f"`{_spelled(call)}` is written as a loop "
                                        f"before its statement, but {why}", suggestion))

    # -- zip(..., strict=True) ----------------------------------------------------------------
    def strict_zip(self, call):
        keyword = _strict(call)
        call.keywords = [k for k in call.keywords if k is not keyword]
        if not isinstance(keyword.value, gast.Constant) or keyword.value.value not in (True, False):
            self.problems.append(Diagnostic(self.source.location(call), "`zip(..., strict=...)` needs `True` or "
                                            "`False` written in the call", "write `strict=True`"))
            return [], call
        if not keyword.value.value or len(call.args) < 2:
            return [], call
        lengths = [_static_length(a) for a in call.args]
        if None not in lengths:
            if len(set(lengths)) > 1:
                self.problems.append(Diagnostic(self.source.location(call), "`zip(..., strict=True)` raises "
                                                f"ValueError here: its arguments have lengths {lengths}",
                                                "give it sequences of one length"))
            return [], call
        written = []
        for i, arg in enumerate(call.args):
            if not isinstance(arg, gast.Name):
                fresh = unused_name("zip_items", self.taken)
                written.append(_parse(f"{fresh} = list(ITEMS)", call, ITEMS=arg))
                call.args[i] = _name(fresh, call)
        for k in range(1, len(call.args)):
            written += self.length_checks(call, k)
        return written, call

    def length_checks(self, call, k):
        first, other = call.args[0].id, call.args[k].id
        before = "argument 1" if k == 1 else f"arguments 1-{k}"
        return [_parse(f"if len({other}) {op} len({first}):\n"
                       f"    raise ValueError('zip() argument {k + 1} is {word} than {before}')", call)
                for op, word in (("<", "shorter"), (">", "longer"))]

    # -- functools.reduce ------------------------------------------------------------------------
    def reduce(self, call):
        if call.keywords or len(call.args) not in (2, 3) or any(isinstance(a, gast.Starred) for a in call.args):
            self.refuse(call, "its arguments are not `(function, iterable[, initial])`",
                        "write `reduce(f, xs)` or `reduce(f, xs, initial)`")
            return [], call
        written, f = self.function(call.args[0], call)
        acc, item = unused_name("reduced", self.taken), unused_name("item", self.taken)
        step = _applied(f, acc, item, call)
        if len(call.args) == 3:
            written += [_parse(f"{acc} = INITIAL", call, INITIAL=call.args[2]),
                        _parse(f"for {item} in ITEMS:\n    {acc} = STEP", call, ITEMS=call.args[1], STEP=step)]
        else:
            items, bound = self.items(call.args[1], call)
            i = unused_name("i", self.taken)
            written += bound + [_parse(f"{acc} = {items}[0]", call),
                                _parse(f"for {i} in range(1, len({items})):\n    {item} = {items}[{i}]\n"
                                       f"    {acc} = STEP", call, STEP=step)]
        return written, _name(acc, call)

    # -- itertools.accumulate ------------------------------------------------------------------
    def accumulate(self, call):
        args, initial = list(call.args), None
        for k in call.keywords:
            if k.arg == "func" and len(args) == 1:
                args.append(k.value)
            elif k.arg == "initial":
                initial = None if isinstance(k.value, gast.Constant) and k.value.value is None else k.value
            else:
                self.refuse(call, f"`{k.arg}=` is not one of its arguments", "give `func` and `initial=`")
                return [], call
        if len(args) not in (1, 2) or any(isinstance(a, gast.Starred) for a in args):
            self.refuse(call, "its arguments are not `(iterable[, func], initial=...)`", "write them out")
            return [], call
        written, f = self.function(args[1], call) if len(args) == 2 else ([], None)
        out, item = unused_name("accumulated", self.taken), unused_name("item", self.taken)
        step = _applied(f, gast.Subscript(value=_name(out, call), slice=gast.Constant(value=-1, kind=None),
                                          ctx=gast.Load()), item, call)
        if initial is not None:
            written += [_parse(f"{out} = [INITIAL]", call, INITIAL=initial),
                        _parse(f"for {item} in ITEMS:\n    {out}.append(STEP)", call, ITEMS=args[0], STEP=step)]
        else:
            items, bound = self.items(args[0], call)
            i = unused_name("i", self.taken)
            written += bound + [_parse(f"{out} = [{items}[{i}] for {i} in range(min(1, len({items})))]", call),
                                _parse(f"for {i} in range(1, len({items})):\n    {item} = {items}[{i}]\n"
                                       f"    {out}.append(STEP)", call, STEP=step)]
        return written, _name(out, call)

    def items(self, iterable, call):
        """(a name holding the items of `iterable`, the statement that binds it, if any)."""
        if isinstance(iterable, gast.Name):
            return iterable.id, []
        fresh = unused_name("items", self.taken)
        value = "ITEMS" if isinstance(iterable, (gast.List, gast.Tuple)) else "list(ITEMS)"
        return fresh, [_parse(f"{fresh} = {value}", call, ITEMS=iterable)]

    def function(self, f, call):
        """(statements binding it, the function applied at each step: a lambda, or an expression)."""
        if isinstance(f, gast.Lambda):
            if len(f.args.args) != 2 or f.args.vararg or f.args.kwarg or f.args.kwonlyargs or f.args.defaults \
                    or any(isinstance(n, _DEFERRED) for n in walk(f.body)):
                fresh = unused_name("fold_function", self.taken)
                return [_parse(f"{fresh} = F", call, F=f)], _name(fresh, call)
            return [], f
        if _dotted(f):
            return [], f
        fresh = unused_name("fold_function", self.taken)
        return [_parse(f"{fresh} = F", call, F=f)], _name(fresh, call)


def _applied(f, acc, item, call):
    """`f(acc, item)`, with a lambda's body read with its parameters named `acc` and `item`;
    `acc + item` where `f` is None (or `operator.add`)."""
    if f is None:
        return _parse("ACC + ITEM", call, ACC=_expr(acc, call), ITEM=_name(item, call)).value
    if isinstance(f, gast.Lambda):
        names = {f.args.args[0].id: _expr(acc, call), f.args.args[1].id: _name(item, call)}
        body = clone(f.body)
        return _substituted(body, names)
    return gast.Call(func=clone(f), args=[_expr(acc, call), _name(item, call)], keywords=[])


def _expr(value, call):
    return _name(value, call) if isinstance(value, str) else value


def _substituted(node, names):
    if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id in names:
        return clone(names[node.id])
    for field, value in gast.iter_fields(node):
        if isinstance(value, list):
            value[:] = [_substituted(v, names) if isinstance(v, gast.AST) else v for v in value]
        elif isinstance(value, gast.AST):
            setattr(node, field, _substituted(value, names))
    return node


def _calls(stmt):
    """[(call, deferred)] in `stmt`'s own expressions, innermost first; `deferred` where Python
    may evaluate the call other than once when the statement runs."""
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return []
    found = []
    for field, value in gast.iter_fields(stmt):
        if field in _BLOCKS or field == "handlers":
            continue
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, gast.AST):
                _collect(child, isinstance(stmt, gast.While) and field == "test", found)
    return found


def _collect(node, deferred, found):
    if isinstance(node, _DEFERRED):
        for child in _eager_children(node):
            _collect(child, deferred, found)
        for child in _lazy_children(node):
            _collect(child, True, found)
        return
    lazy = _lazy_parts(node)
    for field, value in gast.iter_fields(node):
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, gast.AST):
                _collect(child, deferred or any(child is part for part in lazy), found)
    if isinstance(node, gast.Call):
        found.append((node, deferred))


def _eager_children(node):
    """What a lambda or comprehension evaluates where it is written: the first loop's iterable."""
    return [node.generators[0].iter] if not isinstance(node, gast.Lambda) else []


def _lazy_children(node):
    if isinstance(node, gast.Lambda):
        return [node.body]
    elts = [node.key, node.value] if isinstance(node, gast.DictComp) else [node.elt]
    rest = [c for g in node.generators for c in [g.target] + list(g.ifs)]
    return elts + rest + [g.iter for g in node.generators[1:]]


def _lazy_parts(node):
    if isinstance(node, gast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, gast.BoolOp):
        return node.values[1:]
    return []


def _replace(stmt, old, new):
    if old is new:
        return
    for node in walk(stmt):
        for field, value in gast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[:] = [new if item is old else item for item in value]
                return


def _static_length(arg):
    if isinstance(arg, (gast.List, gast.Tuple)) and not any(isinstance(e, gast.Starred) for e in arg.elts):
        return len(arg.elts)
    if isinstance(arg, gast.Call) and isinstance(arg.func, gast.Name) and arg.func.id == "range" \
            and not arg.keywords and all(isinstance(a, gast.Constant) and type(a.value) is int for a in arg.args):
        return len(range(*[a.value for a in arg.args])) if 1 <= len(arg.args) <= 3 else None
    return None


def _dotted(node):
    return isinstance(node, gast.Name) or isinstance(node, gast.Attribute) and _dotted(node.value)


def _spelled(call):
    try:
        return ast.unparse(gast.gast_to_ast(clone(call.func))) + "(...)"
    except Exception:       # noqa: BLE001 (a name only, for the message)
        return "call"


def _parse(text, where, **holes):
    """The statement `text` placed at `where` (where a diagnostic or an origin comment points), each
    Name spelled as a key of `holes` replaced by (a copy of) its node."""
    stmt = gast.parse(text).body[0]
    for node in walk(stmt):
        if isinstance(node, (gast.expr, gast.stmt)):
            gast.copy_location(node, where)
            node.end_lineno, node.end_col_offset = getattr(where, "end_lineno", None), \
                getattr(where, "end_col_offset", None)
    return _substituted(stmt, holes) if holes else stmt


def _name(ident, where):
    return gast.copy_location(gast.Name(id=ident, ctx=gast.Load(), annotation=None, type_comment=None), where)


__all__ = ["is_fold", "unroll_folds"]
