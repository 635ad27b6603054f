"""Matches: each `match` statement of a supported form -> the `if` / `elif` chain it amounts to.

    match mode:                              if mode == "relu":
        case "relu":                             y = np.maximum(x, 0.0)
            y = np.maximum(x, 0.0)   --->    elif mode == "tanh" or mode == "soft":
        case "tanh" | "soft":                    y = np.tanh(x)
            y = np.tanh(x)                   else:
        case _:                                  y = x
            y = x

Supported patterns: literals and dotted values (`case 0:`, `case Mode.A:`, compared with `==`),
`None`/`True`/`False` (compared with `is`), `_`, a capture (`case v:`), `P as name`, or-patterns
of those without captures, and sequence patterns of fixed length (`case (a, b):`, matched by a
tuple or a list of that length) whose items are any of these; a guard (`case v if v > 0:`) reads
the captured items in place of the names, which the case's body then binds.  A capture is bound
only where its case runs (Python also keeps it after a failing guard).  A `match` with a class,
mapping or star pattern is left as it is, and the fence refuses it where that pattern is.
"""

import gast

from ..naming import unused_name
from ..trees import Transformer, clone, walk


def lower_matches(tree):
    """`tree` (a module) with each supported `match` statement lowered to `if` / `elif`."""
    if not any(isinstance(n, gast.Match) for n in walk(tree)):
        return tree
    taken = {n.id for n in walk(tree) if isinstance(n, gast.Name)}
    return _Matches(taken).visit(tree)


def unsupported_pattern(pattern):
    """The first class, mapping or star pattern (or a capture inside an or-pattern) in `pattern`, or None."""
    if isinstance(pattern, (gast.MatchClass, gast.MatchMapping, gast.MatchStar)):
        return pattern
    if isinstance(pattern, gast.MatchOr):
        captures = [p for p in pattern.patterns for n in walk(p) if isinstance(n, gast.MatchAs) and n.name]
        return _first_unsupported(pattern.patterns) or (captures[0] if captures else None)
    if isinstance(pattern, gast.MatchSequence):
        return _first_unsupported(pattern.patterns)
    if isinstance(pattern, gast.MatchAs) and pattern.pattern is not None:
        return unsupported_pattern(pattern.pattern)
    return None


def _first_unsupported(patterns):
    return next((u for u in map(unsupported_pattern, patterns) if u is not None), None)


class _Matches(Transformer):
    def __init__(self, taken):
        self.taken = taken

    def visit_Match(self, node):
        self.generic_visit(node)
        if any(unsupported_pattern(case.pattern) is not None for case in node.cases):
            return node
        prelude, subject = [], node.subject
        if not isinstance(subject, gast.Name):
            subject = gast.Name(id=unused_name("match_subject", self.taken), ctx=gast.Store(), annotation=None,
                                type_comment=None)
            prelude = [gast.copy_location(gast.Assign(targets=[subject], value=node.subject, type_comment=None), node)]
        chain = []
        for case in reversed(node.cases):
            chain = self._case(case, subject.id, chain)
        return prelude + chain

    def _case(self, case, subject, rest):
        """The statements of `case`, falling to `rest` (statements) where it does not match."""
        tests, binds = [], []
        _pattern(case.pattern, _load(subject), tests, binds)
        places = {n: value for n, value in binds}
        if case.guard is not None:
            tests.append(_Substitute(places).visit(case.guard))
        body = [gast.copy_location(gast.Assign(targets=[_store(n)], value=clone(v), type_comment=None), case.pattern)
                for n, v in binds] + case.body
        if not tests:
            return body
        return [gast.copy_location(gast.If(test=_located(_conjunction(tests), case.pattern), body=body, orelse=rest),
                                   case.pattern)]


def _pattern(pattern, value, tests, binds):
    """Append to `tests` what `value` must pass to match `pattern`, to `binds` the (name, value) it captures."""
    if isinstance(pattern, gast.MatchValue):
        tests.append(gast.Compare(left=clone(value), ops=[gast.Eq()], comparators=[pattern.value]))
    elif isinstance(pattern, gast.MatchSingleton):
        tests.append(gast.Compare(left=clone(value), ops=[gast.Is()],
                                  comparators=[gast.Constant(value=pattern.value, kind=None)]))
    elif isinstance(pattern, gast.MatchOr):
        options = []
        for option in pattern.patterns:
            inner = []
            _pattern(option, value, inner, [])
            options.append(_conjunction(inner))
        tests.append(gast.BoolOp(op=gast.Or(), values=options))
    elif isinstance(pattern, gast.MatchSequence):
        kinds = gast.Tuple(elts=[_load("tuple"), _load("list")], ctx=gast.Load())
        tests.append(gast.Call(func=_load("isinstance"), args=[clone(value), kinds], keywords=[]))
        count = gast.Call(func=_load("len"), args=[clone(value)], keywords=[])
        tests.append(gast.Compare(left=count, ops=[gast.Eq()],
                                  comparators=[gast.Constant(value=len(pattern.patterns), kind=None)]))
        for k, item in enumerate(pattern.patterns):
            element = gast.Subscript(value=clone(value), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())
            _pattern(item, element, tests, binds)
    elif isinstance(pattern, gast.MatchAs):
        if pattern.pattern is not None:
            _pattern(pattern.pattern, value, tests, binds)
        if pattern.name is not None:
            binds.append((pattern.name, value))


def _conjunction(tests):
    if not tests:
        return gast.Constant(value=True, kind=None)
    return tests[0] if len(tests) == 1 else gast.BoolOp(op=gast.And(), values=tests)


class _Substitute(Transformer):
    """A guard's captured names read as the items they capture."""

    def __init__(self, places):
        self.places = places

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.places:
            return gast.copy_location(clone(self.places[node.id]), node)
        return node


def _located(expr, where):
    for node in walk(expr):
        if not hasattr(node, "lineno") and isinstance(node, gast.expr):
            gast.copy_location(node, where)
    return expr


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _store(name):
    return gast.Name(id=name, ctx=gast.Store(), annotation=None, type_comment=None)
