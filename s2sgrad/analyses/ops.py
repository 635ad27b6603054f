"""Operations: what the right-hand side of a normal-form assignment does, resolved once."""

import collections
import dataclasses
import functools
import operator
import types

import gast
import numpy as np

from .. import rules, runtime
from ..containers import is_record_class, shadowed_fields
from ..modules import is_library
from ..transforms.parse import pack_variadic
from ..decorators import follow
from .patterns import primitive_of
from ..resolve import StaticValue, UserFunction, missing, resolve_dotted

BINOPS = {
    gast.Add: operator.add, gast.Sub: operator.sub, gast.Mult: operator.mul,
    gast.Div: operator.truediv, gast.Pow: operator.pow, gast.MatMult: operator.matmul,
    gast.FloorDiv: operator.floordiv, gast.Mod: operator.mod, gast.BitAnd: operator.and_,
    gast.BitOr: operator.or_, gast.BitXor: operator.xor, gast.LShift: operator.lshift,
    gast.RShift: operator.rshift,
}
UNARYOPS = {gast.USub: operator.neg, gast.UAdd: operator.pos, gast.Not: operator.not_,
            gast.Invert: operator.invert}


@dataclasses.dataclass
class Op:
    """One primitive operation: its kind, the registry key or callee, and its operands.

    kind is one of: "atom" (a copy or a constant), "rule" (a primitive with an adjoint),
    "nograd" (zero derivative), "user" (a function differentiated from source),
    "subscript", "compare", "container", "unknown" (no rule, no source).
    """

    kind: str
    key: object = None
    args: list = dataclasses.field(default_factory=list)
    keywords: dict = dataclasses.field(default_factory=dict)
    callee: object = None
    name: str = ""
    node: object = None         # where to point in diagnostics
    called: object = None       # the local name whose value is called (a closure, an object with __call__)

    def operands(self):
        """Names read as differentiable operands, in order; a called local value last: the
        result of `scale(3.0)` depends on what `scale` closes over."""
        out = []
        for atom in list(self.args) + list(self.keywords.values()):
            if isinstance(atom, gast.Starred):          # `*xs` with a length known only at run time
                atom = atom.value
            if isinstance(atom, gast.Name):
                out.append(atom.id)
        if self.called is not None:
            out.append(self.called)
        return out


def no_rule(op, what, mode, is_active):
    """The message and suggestion for an active call s2sgrad has no derivative for (`what`:
    the callee as written, None for a temporary of the normal form)."""
    extension = "adjoint" if mode == "reverse" else "tangent"
    if op.called is not None and is_active(op.called):
        subject = "the value called here is" if what is None else f"`{what}` holds"
        return (f"{subject} a closure, a lambda or a callable object whose value depends on the "
                f"differentiated inputs: a call through it is not differentiated yet ({mode} mode)",
                "call the function by its own name (defined in this function or at module level) and pass "
                "what it captures as arguments")
    if op.called is not None:
        subject = "the value called here is" if what is None else f"`{what}` holds"
        return (f"{subject} a function taken from a value of this function (a list, a dict, a loop variable, "
                f"a call's result): s2sgrad cannot tell which function it calls ({mode} mode)",
                "call the function by its name, or pass it as an argument to a function of yours, which is "
                "then specialised on it")
    reason = getattr(op.key, "__s2sgrad_first_order__", None)
    if reason is not None:          # a runtime helper of a first derivative: refused, never zero
        return reason, "differentiate once: s2sgrad.grad, value_and_grad, vjp or jvp"
    if op.key is functools.partial:     # one that stayed an object: it is passed on, or made more than once
        return (f"a functools.partial that binds a value depending on the differentiated inputs is kept as an "
                f"object here (it is passed to another function, or made in more than one place): what it binds "
                f"is not differentiated ({mode} mode)",
                "pass the bound value as an argument of its own, or call the function with it directly")
    return (f"no derivative rule for `{what}` ({mode} mode)",
            f"register one with s2sgrad.extend.{extension}, or call a function s2sgrad can read")


def dotted(node):
    """`np.linalg.norm` -> ["np", "linalg", "norm"], or None for anything else."""
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, gast.Name):
        return [node.id] + parts[::-1]
    return None


def classify(value, local_names, resolver, local_functions=None):
    """The Op of a normal-form right-hand side; `local_functions` maps the names that hold a known
    callable (a nested function, a function-valued parameter) to it."""
    if isinstance(value, (gast.Name, gast.Constant)):
        return Op("atom", args=[value])
    if isinstance(value, gast.BinOp):
        return _primitive(BINOPS.get(type(value.op)), [value.left, value.right], {}, _op_text(value.op))
    if isinstance(value, gast.UnaryOp):
        return _primitive(UNARYOPS.get(type(value.op)), [value.operand], {}, _op_text(value.op))
    if isinstance(value, gast.Compare):
        return Op("compare", args=[value.left] + list(value.comparators))
    if isinstance(value, (gast.Tuple, gast.List)):
        return Op("container", args=list(value.elts))
    if isinstance(value, gast.Dict):
        return Op("container", args=list(value.values), keywords={})
    if isinstance(value, gast.Subscript):
        return Op("subscript", args=[value.value], keywords={})
    if isinstance(value, gast.Attribute):
        return _attribute(value, local_names, resolver)
    if isinstance(value, gast.Call):
        return _call_of(value, local_names, resolver, local_functions)
    if isinstance(value, gast.Lambda):
        return Op("nograd", name="lambda")
    return Op("unknown", name=type(value).__name__)


def _attribute(value, local_names, resolver):
    """`np.pi` (a module attribute: an atom, its value where a number) or `x.T` (a primitive)."""
    parts = dotted(value)
    if parts and parts[0] not in local_names:     # a module attribute such as np.pi
        obj = resolve_dotted(resolver, parts)
        if type(obj) in (int, float):
            return Op("atom", args=[gast.Constant(value=obj, kind=None)])
        return Op("atom", args=[value])
    return _primitive(rules.attribute_key(value.attr), [value.value], {}, "." + value.attr)


def _call_of(value, local_names, resolver, local_functions):
    """The Op of a call: of a user function, of a name holding a NumPy function, or of a primitive."""
    from ..callables import Primitive, call_target
    func = value.func
    known, receiver = call_target(func, local_functions, resolver)
    if isinstance(known, UserFunction):
        args = [receiver] * (receiver is not None) + list(value.args) + [
            gast.Name(id=c, ctx=gast.Load(), annotation=None, type_comment=None) for c in known.captured]
        return Op("user", args=args, keywords={k.arg: k.value for k in value.keywords},
                  callee=known, name=".".join(dotted(func)))
    if isinstance(known, Primitive):        # a name holding a NumPy function (see callables.py)
        op = _primitive(known.obj, list(value.args), {k.arg: k.value for k in value.keywords},
                        ".".join(dotted(func)))
        op.node = func
        return op
    return _call(value, local_names, resolver)


def _call(call, local_names, resolver):
    op = _call_op(call, local_names, resolver)
    op.node = call.func if getattr(call.func, "lineno", None) else None
    return op


def _call_op(call, local_names, resolver):
    args = list(call.args)
    keywords = {k.arg: k.value for k in call.keywords}
    parts = dotted(call.func)
    if parts and parts[0] not in local_names:
        return _global_call_op(parts, args, keywords, resolver)
    if isinstance(call.func, gast.Attribute):          # value.method(...)
        receiver = call.func.value
        method = getattr(np.ndarray, call.func.attr, None)
        op = _primitive(method, [receiver] + args, keywords, "." + call.func.attr)
        if op.kind == "unknown":
            op.key = rules.method_key(call.func.attr)
        return op
    called = call.func.id if isinstance(call.func, gast.Name) else None
    return Op("unknown", args=args, keywords=keywords, name=getattr(call.func, "id", "call"), called=called)


def _global_call_op(parts, args, keywords, resolver):
    """The Op of a call of the global dotted name `parts`: a rule's primitive, a user function,
    a record class, or unknown."""
    obj = resolve_dotted(resolver, parts)
    if missing(obj) and len(parts) == 1 and parts[0] in rules.RUNTIME_NAMES:
        obj = getattr(runtime, parts[0])        # a helper the normal form calls (`field_of`)
    obj = follow(obj)       # a function marked @differentiate, or a wrapper that runs it unchanged
    text = ".".join(parts)
    if isinstance(obj, StaticValue):        # the CLI: `P = namedtuple("P", "W b")` is read from its source
        obj = _static_namedtuple(obj) or obj
    if missing(obj) or isinstance(obj, StaticValue):
        return Op("unknown", args=args, keywords=keywords, name=text)
    if isinstance(obj, UserFunction):
        return _known_pattern(_specialized(Op("user", args=args, keywords=keywords, callee=obj, name=text)))
    if is_record_class(obj) and shadowed_fields(obj):      # P(T=...): `q.T` would read as a transpose
        return Op("unknown", args=args, keywords=keywords,
                  name=f"{text}, whose field `{shadowed_fields(obj)[0]}` reads as an array attribute")
    if is_record_class(obj):            # P(W=..., b=...): a namedtuple or a plain dataclass
        return Op("container", key=obj, args=args, keywords=keywords, name=text)
    primitive = _primitive(obj, args, keywords, text)
    if primitive.kind != "unknown":
        return primitive
    callee = resolver.function(obj) if is_user_function(obj) else None
    if callee is not None:
        return _known_pattern(_specialized(Op("user", args=args, keywords=keywords, callee=callee, name=text)))
    return primitive


def _known_pattern(op):
    """A call of a user function that is a primitive written out (`1 / (1 + np.exp(-a))`, see
    patterns.py) as a call of that primitive: its rule, not the function's source, differentiates it."""
    if op.kind != "user" or len(op.args) != 1 or op.keywords or isinstance(op.args[0], gast.Starred):
        return op
    key = primitive_of(op.callee, lambda parts: resolve_dotted(op.callee.resolver, parts))
    if key is None:
        return op
    return Op("rule", key=key, args=list(op.args), keywords={}, name=op.name, node=op.node)


def _static_namedtuple(static):
    """A stand-in class with the fields of a namedtuple a file defines as `P = namedtuple("P",
    "W b")` (or with a list of names), for the CLI, which does not run the file; else None."""
    value = static.written
    if not (isinstance(value, gast.Call) and (dotted(value.func) or [""])[-1] == "namedtuple"
            and len(value.args) == 2 and not value.keywords):
        return None
    try:
        fields = gast.literal_eval(value.args[1])
        return collections.namedtuple(static.name, fields)
    except (ValueError, TypeError):
        return None


def _specialized(op):
    """A call to a function with `*args` or `**kwargs` parameters, as a call to that function
    read for this call's arity (`parse.pack_variadic`), the keywords it packs renamed in the call."""
    packing = _packing(op)
    if packing is None:
        return op
    extra, packed = packing
    node, stored = pack_variadic(op.callee.node, max(extra, 0), packed)
    key = f"{op.callee.key or op.callee.name}({max(extra, 0)}, {', '.join(packed)})"
    callee = dataclasses.replace(op.callee, node=node, key=key)
    keywords = {stored.get(k, k): v for k, v in op.keywords.items()}
    return Op("user", args=op.args, keywords=keywords, callee=callee, name=op.name, node=op.node)


def _packing(op):
    """(how many positional arguments `*args` packs, the keywords `**kwargs` packs) for the call
    `op` of a function with such parameters; None where there is nothing to pack, where the count
    is known only at run time (refused), or where Python raises its own TypeError."""
    spec = op.callee.node.args
    if spec.vararg is None and spec.kwarg is None or any(isinstance(a, gast.Starred) for a in op.args):
        return None
    positional = [a.id for a in spec.args if not getattr(a, "s2s_kwonly", False)]
    named = {a.id for a in spec.args}
    extra = len(op.args) - len(positional)
    packed = [k for k in op.keywords if k not in named]
    if extra > 0 and spec.vararg is None or packed and spec.kwarg is None:
        return None
    return extra, packed


def _primitive(key, args, keywords, text):
    rule = rules.lookup(key) if key is not None else None
    if rule is not None:
        keywords = {rule.spelled.get(k, k): v for k, v in keywords.items()}
        return Op("rule", key=key, args=args, keywords=keywords, name=text)
    if key is not None and rules.is_nograd(key):
        return Op("nograd", key=key, args=args, keywords=keywords, name=text)
    return Op("unknown", key=key, args=args, keywords=keywords, name=text)


def is_user_function(obj):
    """A Python function of the user's (or of an emitted gradient module), read from its source."""
    if not isinstance(obj, types.FunctionType):
        return False
    module = getattr(obj, "__module__", "") or ""
    if module.startswith("s2sgrad.generated"):          # emitted gradient code, differentiated again
        return True
    return not is_library(module)       # (the standard library's functions are not read either)


def _op_text(op):
    return {
        "Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "Pow": "**", "MatMult": "@",
        "FloorDiv": "//", "Mod": "%", "USub": "unary -", "UAdd": "unary +", "Not": "not",
    }.get(type(op).__name__, type(op).__name__)
