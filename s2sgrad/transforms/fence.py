"""Fence: reject every construct s2sgrad cannot differentiate yet, all problems at once."""

import gast
import numpy as np

from .. import rules
from ..analyses.ops import dotted
from ..errors import Diagnostic, UserCodeError
from ..resolve import resolve_dotted
from ..trees import Visitor, name_ids, walk, walks_kept
from .lambdas import lambda_arguments
from .matches import unsupported_pattern
from .function_containers import named_lambdas
from .object_function_lists import lists_given_twice
from .piecewise import piecewise_lambdas
from .normalize import assigned_names, module_displays, static_displays, static_keywords

_REFUSED = {
    gast.Try: ("`try` is not supported", "move the try/except outside the differentiated function"),
    gast.TryStar: ("`try` ... `except*` is not supported", "move the try/except outside the differentiated function"),
    gast.AsyncFunctionDef: ("async functions are not supported", "use a plain `def`"),
    gast.AsyncFor: ("`async for` is not supported", "use a plain `for`"),
    gast.AsyncWith: ("`async with` is not supported", "move it outside the function"),
    gast.Await: ("`await` is not supported", "compute the value before calling the function"),
    gast.Yield: ("generators (`yield`) are not supported", "return a list instead"),
    gast.YieldFrom: ("generators (`yield from`) are not supported", "return a list instead"),
    gast.Global: ("`global` is not supported", "pass the value as an argument and return the new one"),
    gast.Nonlocal: ("`nonlocal` is not supported", "pass the value as an argument and return the new one"),
    gast.ClassDef: ("a `class` inside the function is not supported", "define the class at module level"),
    gast.Lambda: ("a `lambda` is supported only as `name = lambda ...` or as the argument of a call",
                  "name it, or use a nested `def`"),
    gast.Delete: ("`del` is not supported", "let the name go out of scope instead"),
    gast.Import: ("`import` inside the function is not supported", "import at module level"),
    gast.ImportFrom: ("`import` inside the function is not supported", "import at module level"),
    gast.SetComp: ("set comprehensions are not supported", "write the loop out"),
    gast.Starred: ("`*` unpacking is supported in a call's arguments and in an assignment's target",
                   "write the items out"),
    gast.JoinedStr: None,
}


def is_gradient_hook(node):
    """`with grad_of(name) as name:` (grad_of reached by any dotted name)."""
    if not (isinstance(node, gast.With) and len(node.items) == 1):
        return False
    item = node.items[0]
    call = item.context_expr
    func = getattr(call, "func", None)
    called = getattr(func, "attr", getattr(func, "id", None))
    return isinstance(call, gast.Call) and called == "grad_of" and len(call.args) == 1 and not call.keywords \
        and isinstance(call.args[0], gast.Name) and isinstance(item.optional_vars, gast.Name)


class Fence(Visitor):
    """Collects a diagnostic for each refused construct in a function body."""

    def __init__(self, source, func=None, resolver=None):
        self.source = source
        self.func = func
        self.problems = []
        local = self.local = {a.id for a in func.args.args} | assigned_names(func.body) if func is not None else set()
        self.displays = {**module_displays(source, local), **static_displays(func)} if func is not None else {}
        self.statement = None           # the statement of the body being visited
        self.walruses = set()           # the `:=` refused in a comprehension or a lambda
        self._arguments = (None, set())     # (its statement, the ids of lambdas passed to calls in it)
        # `for f in [lambda v: ...]`: named where the display is (transforms/function_containers.py)
        self.unrolled = named_lambdas(func, resolver, source) if func is not None else set()
        # `xs.append(v)` as a statement of its own, on a local: the appends the transform follows
        self.growing = _list_growth_misused(func, local) if func is not None else []
        for node in self.growing:
            self.refuse(node, f"`{node.value.id}.{node.attr}` used as a value (held in a name, passed on, or called "
                        "inside an expression) is not differentiated: the list grows where the transform cannot "
                        "follow it", f"call it as a statement of its own: `{node.value.id}.{node.attr}(v)`")

    @property
    def arguments(self):
        """The ids of the lambdas passed to calls in the statement being visited, which are named
        before it (transforms/lambdas.py), and of the lambdas a loop over a display names (worked
        out for a statement when it has a lambda)."""
        stmt, found = self._arguments
        if stmt is not self.statement:
            found = {id(lam) for node in _statements(self.statement) for lam in lambda_arguments(node)} \
                if self.statement is not None else set()
            self._arguments = self.statement, found
        return found | self.unrolled

    def refuse(self, node, message, suggestion=""):
        self.problems.append(Diagnostic(self.source.location(node), message, suggestion))

    def generic_visit(self, node):
        entry = getattr(node, "s2s_refusal", None) or _REFUSED.get(type(node), False)     # (generators.py)
        if entry:
            self.refuse(node, *entry)       # and look inside too: every problem at once
        super().generic_visit(node)

    def visit_With(self, node):
        if not is_gradient_hook(node):
            self.refuse(node, "`with` is supported only as a gradient hook, `with s2sgrad.grad_of(h) as dh:`",
                        "move the with-block outside the differentiated function")
        for stmt in node.body:
            if any(isinstance(n, (gast.Return, gast.Break, gast.Continue, gast.FunctionDef, gast.Lambda))
                   for n in walk(stmt)):
                self.refuse(stmt, "a gradient hook's body runs in the adjoint sweep: it cannot return, break, "
                            "continue or define functions", "compute the new gradient in `dh` only")
        if is_gradient_hook(node):
            self._hook_writes(node)
        self.generic_visit(node)

    def _hook_writes(self, hook):
        """A hook's body runs in the adjoint sweep: a name it assigns that the function uses outside
        the hook would be assigned at another time than Python assigns it."""
        inside = {id(n) for n in walk(hook)}
        outside = {n.id for n in walk(self.func) if isinstance(n, gast.Name) and id(n) not in inside}
        own = hook.items[0].optional_vars.id
        for target in walk(gast.Module(body=hook.body, type_ignores=[])):
            if isinstance(target, gast.Name) and isinstance(target.ctx, gast.Store) and target.id != own \
                    and target.id in outside:
                self.refuse(target, f"`{target.id}` is assigned in a gradient hook, whose body runs in the adjoint "
                            "sweep, and the function uses it outside the hook",
                            f"give the hook's temporaries names of their own; only `{own}` flows out of it")

    def visit_Match(self, node):
        """A `match` left as it is (transforms/matches.py lowers the others): refused at its pattern."""
        pattern = next(p for p in map(unsupported_pattern, (c.pattern for c in node.cases)) if p is not None)
        self.refuse(pattern, "this `match` pattern is not supported (class, mapping and star patterns, and a "
                    "capture inside an or-pattern): s2sgrad lowers literal, value, capture, `_`, `as`, or- and "
                    "fixed-length sequence patterns to `if` / `elif`", "write this case as an `if` test")
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        """A nested def is differentiated as its own function; its body is fenced then.

        Except what rebinds a name of the enclosing function: a nested function that is not
        differentiated still runs, and the gradient would miss the write."""
        if node.decorator_list:
            self.refuse(node, "a decorated nested function is not supported", "define it at module level")
        self._local_defaults(node)
        for inner in walk(node):
            if isinstance(inner, (gast.Global, gast.Nonlocal)):
                self.refuse(inner, *_REFUSED[type(inner)])

    def _local_defaults(self, node):
        """A nested function's default that reads a local of the enclosing function: Python reads
        it where the def runs, and the nested function is differentiated apart from there."""
        if self.func is None:
            return
        local = {a.id for a in self.func.args.args} | assigned_names(self.func.body)
        for default in list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]:
            read = sorted(name_ids(default, gast.Load) & local)
            if read:
                what = f"`{node.name}`" if isinstance(node, gast.FunctionDef) else "lambda"
                self.refuse(default, f"the default of a parameter of the nested {what} reads `{read[0]}`, a "
                            f"local of `{self.func.name}`",
                            f"pass `{read[0]}` as an argument, or let the function read `{read[0]}` in its body")

    def visit_GeneratorExp(self, node):
        self._no_walrus_in(node)
        self.refuse(node, "a generator expression is supported only as the argument of `sum`, `max`, `min`, "
                    "`list`, `tuple`, `any` or `all`", "use a list comprehension")

    def visit_comprehension(self, node):
        if node.is_async:
            self.refuse(node.target, "async comprehensions are not supported", "write the loop out")
        self.generic_visit(node)

    def visit_Call(self, node):
        """`f(*xs)` is checked when the function is differentiated (a differentiable `xs` needs a
        length known from the function); `f(**kw)` needs keys known from the function."""
        func = node.func
        starred = [a for a in node.args if isinstance(a, gast.Starred)]
        if starred:
            node = gast.Call(func=func, args=[a.value if isinstance(a, gast.Starred) else a for a in node.args],
                             keywords=node.keywords)
        if _consumes_generator(node):
            self.visit(node.args[0].elt)
            for gen in node.args[0].generators:
                self.visit(gen)
            for other in node.args[1:] + [k.value for k in node.keywords]:      # a start, a default
                self.visit(other)
            return self._check_call(node)
        self._check_call(node)
        self.generic_visit(node)

    def _check_call(self, node):
        func = node.func
        if isinstance(func, gast.Name) and func.id in ("exec", "eval", "compile", "globals", "locals"):
            self.refuse(node, f"`{func.id}` is not supported", "write the code out directly")
        for kw in node.keywords:
            if kw.arg is None and static_keywords(kw.value, self.displays) is None:
                self.refuse(kw.value, "`**` unpacking is supported for a dict display with string keys, or a name "
                            "bound once to one (in the function, or a module-level constant never changed in place)", "pass keyword arguments by name")

    def _no_walrus_in(self, node):
        """`:=` in a comprehension or a lambda binds in another scope than where it is written."""
        for inner in walk(node):
            if isinstance(inner, gast.NamedExpr) and id(inner) not in self.walruses:
                self.walruses.add(id(inner))        # once, where comprehensions nest
                self.refuse(inner, "`:=` inside a comprehension or a lambda is not supported",
                            "assign the value in its own statement")

    def visit_ListComp(self, node):
        self._no_walrus_in(node)
        self.generic_visit(node)

    visit_DictComp = visit_ListComp

    def visit_Lambda(self, node):
        self._no_walrus_in(node)
        self._local_defaults(node)
        if id(node) in self.arguments:          # named before its statement (transforms/lambdas.py)
            self.visit(node.body)
        else:
            self.generic_visit(node)

    def visit_Dict(self, node):
        for key, value in zip(node.keys, node.values):
            if key is None:             # `{**d}`
                self.refuse(value, "`**` unpacking in a dict display is not supported yet",
                            "write the keys out, as in {\"a\": d[\"a\"], \"b\": x}")
        self.generic_visit(node)

    def visit_Assign(self, node):
        if isinstance(node.value, gast.Lambda) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            self._local_defaults(node.value)
            return
        for target in node.targets:
            starred = [sub for sub in walk(target) if isinstance(sub, gast.Starred)]
            if starred and not (isinstance(target, (gast.Tuple, gast.List)) and len(starred) == 1
                                and any(e is starred[0] for e in target.elts)):
                self.refuse(starred[0], "only one starred name, at the top of a tuple target, is supported",
                            "index the sequence")
                return
        for target in node.targets:
            self._visit_target(target)
        self.visit(node.value)

    def _visit_target(self, target):
        """What a store target evaluates: the object and the index of `a[i] = ...`, `a.b = ...`."""
        if isinstance(target, gast.Subscript):
            self.visit(target.value)
            self.visit(target.slice)
        elif isinstance(target, gast.Attribute):
            self.visit(target.value)
        elif isinstance(target, (gast.Tuple, gast.List)):
            for element in target.elts:
                self._visit_target(element)
        elif isinstance(target, gast.Starred):
            self._visit_target(target.value)


def _list_growth_misused(func, local):
    """`hs.append`, `hs.extend` or `hs.insert` on a local, other than as the call of a statement of
    its own (`push = hs.append`, `[hs.append(v) for v in xs]`, `map(hs.append, vs)`)."""
    nodes = list(walk(func))
    statement_calls = {id(node.value.func) for node in nodes
                       if isinstance(node, gast.Expr) and isinstance(node.value, gast.Call)}
    return [node for node in nodes if isinstance(node, gast.Attribute) and node.attr in _GROWING
            and isinstance(node.value, gast.Name) and node.value.id in local and id(node) not in statement_calls
            and isinstance(node.ctx, gast.Load)]


_GROWING = ("append", "extend", "insert")


def fence(source, func, resolver=None, entry=True):
    """Raise one UserCodeError listing every refused construct of `func` (a FunctionDef), and
    then, where `resolver` is given, the library functions it calls that have no rule.  `entry`:
    `func` is the function differentiated (not a callee)."""
    with walks_kept(func):          # (the fence changes nothing)
        _fence(source, func, resolver, entry)


def _fence(source, func, resolver, entry):
    checker = Fence(source, func, resolver)
    for call, first in lists_given_twice(func, source):
        checker.unrolled |= {id(e) for c in (call, first) for e in walk(c) if isinstance(e, gast.Lambda)}
        cls = gast.unparse(first.func).strip()
        checker.refuse(call, f"`{cls}(...)` is made again here with other functions than at line {first.lineno}: "
                       "its methods read the list of functions it holds as one display",
                       f"make each object in a function of its own (`def first(x): return {cls}(...).apply(x)`), "
                       "or give each the same list of functions named at module level")
    checker.unrolled |= piecewise_lambdas(func, resolver) if resolver else set()     # inlined (piecewise.py)
    _check_signature(checker, func, entry)
    if entry and getattr(func, "s2s_generator", False):      # (a callee's list is read by its caller)
        checker.refuse(func.s2s_first_yield, "the differentiated function is a generator: s2sgrad differentiates "
                       "what a function returns", "return a list of the values, or differentiate a function "
                       "that reads the generator (`sum(gen(x))`)")
    for stmt in func.body:
        checker.statement = stmt
        checker.visit(stmt)
    problems = checker.problems + (ufunc_arity(source, func, resolver, checker.local) if resolver else [])
    if problems:
        raise UserCodeError(problems + (missing_rules(source, func, resolver) if resolver else []))


def ufunc_arity(source, func, resolver, local):
    """A diagnostic for each NumPy ufunc called with more positional arguments than its inputs and
    outputs (`np.square(None, x, c)`): NumPy refuses it where it runs, so s2sgrad says where
    (`local`: the function's parameters and the names it assigns)."""
    problems, resolved = [], {}         # (the same function is called many times)
    for node in walk(func):
        parts = dotted(node.func) if isinstance(node, gast.Call) else None
        if not parts or parts[0] in local or any(isinstance(a, gast.Starred) for a in node.args):
            continue
        key = tuple(parts)
        if key not in resolved:
            try:
                resolved[key] = resolve_dotted(resolver, parts)
            except Exception:       # noqa: BLE001 (a name the resolver cannot see is no ufunc)
                resolved[key] = None
        obj = resolved[key]
        if isinstance(obj, np.ufunc) and len(node.args) > obj.nin + obj.nout:
            problems.append(Diagnostic(source.location(node), f"`{'.'.join(parts)}` takes {obj.nin} input(s) and "
                                       f"{obj.nout} output(s) as positional arguments; {len(node.args)} are given",
                                       "give `out=` and `where=` by keyword"))
    return problems


def missing_rules(source, func, resolver):
    """A diagnostic for each library function `func` calls that has no derivative rule: reported
    beside the fence's problems, so that one round of edits fixes both.  (Whether such a call
    needs a rule depends on what its arguments depend on, which is known only once the function
    is accepted: the message says so.)"""
    problems, seen = [], set()
    local = {a.id for a in func.args.args} | {n.id for n in walk(func) if isinstance(n, gast.Name)
                                              and isinstance(n.ctx, gast.Store)}
    for node in walk(func):
        parts = dotted(node.func) if isinstance(node, gast.Call) else None
        if not parts or parts[0] in local or ".".join(parts) in seen:
            continue
        obj = resolve_dotted(resolver, parts)
        if _library_function(obj) and rules.lookup(obj) is None and not rules.is_nograd(obj):
            seen.add(".".join(parts))
            problems.append(Diagnostic(source.location(node), f"no derivative rule for `{'.'.join(parts)}`",
                                       "needed where its arguments depend on the differentiated inputs: register "
                                       "one with s2sgrad.extend.adjoint, or call a function s2sgrad can read"))
    return problems


def _library_function(obj):
    """Whether `obj` is a function of NumPy, SciPy or `math` (where s2sgrad's rules come from)."""
    module = getattr(obj, "__module__", None) or ""
    return callable(obj) and not isinstance(obj, type) and module.partition(".")[0] in ("numpy", "scipy", "math")


def _statements(stmt):
    """`stmt` and the statements nested in it, not in nested functions."""
    yield stmt
    if isinstance(stmt, (gast.If, gast.For, gast.While)):
        for inner in stmt.body + stmt.orelse:
            yield from _statements(inner)


def _check_signature(checker, func, entry=True):
    if isinstance(func, gast.AsyncFunctionDef):
        checker.refuse(func, "async functions are not supported", "use a plain `def`")
    args = func.args
    if (args.vararg or args.kwarg) and not entry:     # a module-level callee's are packed per call
        checker.refuse(func, f"`*args` and `**kwargs` parameters of the nested function `{func.name}` are not "
                       "supported", f"define `{func.name}` at module level (its `*args` and `**kwargs` are then "
                       "read for each call), or name each parameter")
    elif args.vararg or args.kwarg:     # a callee's are packed per call (analyses/ops.py, _specialized)
        checker.refuse(func, "`*args` and `**kwargs` parameters of the differentiated function itself are read "
                       "only for a call (s2sgrad.grad and friends see the arguments; `emit` and the command line "
                       "do not)",
                       f"to emit a module, name each parameter (def {func.name}(x, a, b, scale=1.0)), or emit a "
                       "function of named parameters that calls this one with them; to differentiate as it is, "
                       f"call s2sgrad.grad({func.name}) (or value_and_grad, vjp, jvp) with the arguments, which "
                       "it reads for each call")
    if args.kwonlyargs or args.posonlyargs:     # a top-level function's are flattened by parse
        checker.refuse(func, "a nested function or lambda with keyword-only or positional-only parameters "
                       "is not supported", "define it at module level, or make them plain parameters")


def _consumes_generator(call):
    """`sum(gen)`, `sum(gen, start)`, `max(gen)`, `min(gen, default=d)`, `list(gen)`, `tuple(gen)`: the
    calls whose generator the normal form turns into a loop; `any(gen)`, `all(gen)`: of a list
    (iterators.py; the tests are made of values of the inputs, without side effects)."""
    func, args, keywords = call.func, call.args, [k.arg for k in call.keywords]
    if not (isinstance(func, gast.Name) and args and isinstance(args[0], gast.GeneratorExp)):
        return False
    if func.id == "sum":
        return (len(args), keywords) in ((1, []), (2, []), (1, ["start"]))
    if func.id in ("max", "min"):
        return len(args) == 1 and keywords in ([], ["default"])
    return func.id in ("list", "tuple", "any", "all") and len(args) == 1 and not keywords
