"""Rules: the registry of derivative templates, keyed by the primitive they differentiate.

A rule is a small, valid Python function written next to its primitive::

    @adjoint(np.multiply, operator.mul)
    def multiply(result, x, y, *, d_result):
        return unbroadcast(d_result * y, x), unbroadcast(d_result * x, y)

It takes the primitive's result, the primitive's own parameters (same names, same
defaults) and the keyword-only `d_result`, and returns one cotangent per positional
parameter without a default (`None` where that argument has no gradient).  Its body is
inlined into emitted code with the names substituted; it is also an ordinary callable,
so each rule can be tested on its own.

Forward mode has its own registry, `TANGENTS`, filled the same way next to each adjoint:
most tangents are derived (`deflinear`, `defmultilinear`, `Family`,
`defelementwise`); the rest are templates that take the primitive's result and parameters
and the keyword-only `t_<operand>`, and return the result's tangent::

    @tangent(np.linalg.inv)
    def inv(result, a, *, t_a):
        return -np.matmul(result, np.matmul(t_a, result))
"""

import builtins
import dataclasses
import functools
import importlib
import importlib.util
import inspect
import math
import sys
import textwrap

import gast
import numpy as np

from .. import runtime
# The requirements, re-exported: the families and `s2sgrad.extend` import them from here.
from .requirements import OUT, VARIABLE, CheckedSignature, Requirement, check, constant_value, never, only  # noqa: F401

ADJOINTS = {}
TANGENTS = {}
# Rules for a given number of positional arguments, where one template cannot take them all
# (`np.einsum` of three or four operands): {(key, count): Rule}, looked up before ADJOINTS.
VARIANTS = {}
TANGENT_VARIANTS = {}     # the same for tangent rules
# Rules for calls whose option is a given constant (`np.linalg.norm(x, 1)`), where the general rule
# branches on it at run time: {key: [(option, accepts(value), Rule)]}, tried in order (see `chosen`).
CHOSEN = {}
TANGENT_CHOSEN = {}     # the same for tangent rules
NOGRAD = {}
RETURNS = {}            # what a `nograd` primitive declares it returns, where not a plain value
# Rules for a complex operand, where the real rule would be wrong (`abs` is not holomorphic): the
# transform uses them where the activity analysis finds the operand may be complex.
COMPLEX_ADJOINTS = {}
COMPLEX_TANGENTS = {}
# Global names a template body may use; codegen imports them into the emitted module.
TEMPLATE_GLOBALS = {"np": "numpy"}
# The helpers of `s2sgrad.runtime`, its own and those it re-exports from `runtime_ode`.
RUNTIME_NAMES = frozenset(
    name for name, value in vars(runtime).items()
    if callable(value) and not name.startswith("_")
    and getattr(value, "__module__", "") in (runtime.__name__, runtime.__name__ + "_ode")
)


class _Template:
    """What both kinds of rule read from their template function."""

    @functools.cached_property
    def signature(self):
        """The template's signature; binding a call to it also checks the rule's requirements."""
        plain = inspect.signature(self.template)
        if not self.requires:
            return plain
        return CheckedSignature(list(plain.parameters.values()), requires=self.requires)

    @functools.cached_property
    def tree(self):
        """The template as a gast FunctionDef, parsed once."""
        source = textwrap.dedent(inspect.getsource(self.template))
        node = gast.parse(source).body[0]
        node.decorator_list = []
        return node


@dataclasses.dataclass(eq=False)
class Rule(_Template):
    """One adjoint template and what the inliner needs to know about it."""

    primitive: object
    template: object
    method: bool = False
    requires: dict = dataclasses.field(default_factory=dict)
    spelled: dict = dataclasses.field(default_factory=dict)     # keyword -> the template's parameter
    operands: tuple = None      # the differentiable parameters, where not all those without a default are
    hints: dict = dataclasses.field(default_factory=dict)       # parameter -> what to write when it varies
    # What the analyses may assume of the primitive, declared at registration (see `declared`):
    elementwise: bool = False   # its operands broadcast together into the result (a `Family`'s)
    reduction: bool = False     # called with one operand and no keyword, it returns a scalar
    arrays: bool = False        # its operands are arrays (not lists or tuples of them)
    returns: object = None      # "tuple", "maybe tuple", "record", or a `TupleUnless`

    @functools.cached_property
    def cotangent_params(self):
        """Names of the parameters the template returns cotangents for, in order."""
        if self.operands is not None:
            return list(self.operands)
        params = list(self.signature.parameters.values())[1:]
        return [p.name for p in params
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]


@dataclasses.dataclass(eq=False)
class TangentRule(_Template):
    """How forward mode differentiates one primitive.

    kind "template": `template(result, *args, t_a=..., t_b=...)` returns the result's tangent;
    "linear": the primitive applied to its operands' tangents; "multilinear": the sum over
    operands of the primitive with that operand replaced by its tangent; "elementwise":
    derived from the adjoint template, whose Jacobian is diagonal (each cotangent,
    unbroadcast dropped, with `d_result` read as that operand's tangent).
    """

    primitive: object
    kind: str
    template: object = None
    method: bool = False
    requires: dict = dataclasses.field(default_factory=dict)

    @functools.cached_property
    def tangent_params(self):
        """Operand names the template takes tangents of (its keyword-only `t_<name>`)."""
        return [p.name[2:] for p in self.signature.parameters.values()
                if p.kind == p.KEYWORD_ONLY and p.name.startswith("t_")]


@dataclasses.dataclass(frozen=True)
class TupleUnless:
    """A result that is a tuple unless the option `keyword` (also the `position`-th positional
    argument, where it has one) is the constant `value` (`np.linalg.svd(a, compute_uv=False)`)."""

    keyword: str
    value: object
    position: int = None


def declared(primitive, prop, complex_operand=False, positional=None):
    """What `primitive`'s registration declares of `prop`: "elementwise", "reduction", "arrays" (of the
    adjoint rule `lookup` finds; False without one), or "returns" (of its rule or its `nograd`)."""
    rule = lookup(primitive, complex_operand, positional)
    if prop == "returns" and rule is None:
        return RETURNS.get(_key(primitive)) if type(primitive).__hash__ is not None else None
    return getattr(rule, prop) if rule is not None else False


def _key(primitive):
    return primitive


def adjoint(*primitives, method=False, requires=None, spelled=None, operands=None, positional=None, hints=None,
            when=None, **properties):
    """Register the decorated template as the adjoint of each primitive given.

    `requires` maps an option the template handles only in part to its `Requirement`
    (`only(...)`, `never(...)`, `check(...)`): a call that breaks one is refused where it is
    written, when the function is transformed.  `out=` is refused for every rule (see OUT).
    `spelled` maps another keyword spelling of a parameter to the template's name for it
    (`np.clip(x, min=a)` is `a_min`).  `operands` names the parameters the template returns
    cotangents for, in order, where some without a default are not differentiated (a Bessel
    function's order): a call whose other arguments depend on the inputs is refused.
    `positional=n`: the rule of calls with n positional arguments only (a variant; the rule
    without `positional` serves the other calls).  `when={option: values}` (or a predicate of
    the value): the rule of calls where that option is one of these constants (see `chosen`);
    the rule without `when` serves the others.  `hints` maps a parameter that is not
    differentiated to what the user writes instead when it depends on the inputs.  `properties`:
    what the analyses may assume of the primitive (`reduction`, `arrays`, `returns`; see Rule).
    """
    checked = {"out": OUT, **(requires or {})}

    def register(template):
        for primitive in primitives:
            rule = Rule(primitive, template, method=method, requires=checked, spelled=dict(spelled or {}),
                        operands=None if operands is None else tuple(operands), hints=dict(hints or {}),
                        **properties)
            _register(rule, ADJOINTS, VARIANTS, CHOSEN, positional, when)
        return template
    return register


def tangent(*primitives, method=False, requires=None, positional=None, when=None):
    """Register the decorated template as the tangent (forward-mode) rule of each primitive.

    The template takes the primitive's result and parameters, and keyword-only `t_<p>` for
    each differentiable parameter `p`; it returns the result's tangent.  An operand with no
    tangent is passed as a zero, which the inliner folds away.  Unless `requires` is given,
    the adjoint's requirements hold for the tangent too.  `positional=n`, `when=`: as for `adjoint`.
    """
    def register(template):
        for primitive in primitives:
            adjoint_rule = VARIANTS.get((_key(primitive), positional)) or ADJOINTS.get(_key(primitive))
            inherited = adjoint_rule.requires if adjoint_rule is not None and requires is None else requires
            rule = TangentRule(primitive, "template", template, method, dict(inherited or {}))
            _register(rule, TANGENTS, TANGENT_VARIANTS, TANGENT_CHOSEN, positional, when)
        return template
    return register


def _register(rule, general, variants, chosen, positional, when):
    """File `rule` in the table its registration names: one option's constants, a number of
    positional arguments, or the general rule of its primitive."""
    key = _key(rule.primitive)
    if when is not None:
        (option, values), = when.items()
        accepts = values if callable(values) else functools.partial(_one_of, values)
        chosen.setdefault(key, []).append((option, accepts, rule))
    elif positional is None:
        general[key] = rule
    else:
        variants[(key, positional)] = rule


def _one_of(values, value):
    """`value` is one of `values` (a number is not a bool, nor a bool a number)."""
    return any(value == v and isinstance(value, bool) == isinstance(v, bool) for v in values)


def chosen(rule, bound, tangent=False):
    """The rule registered `when=` the call's option is a constant it serves, else `rule` (the
    general rule, which serves an option known only at run time).  `bound`: {parameter: the
    call's atom} (`bind_rule`); an option not given has its default."""
    general = TANGENTS if tangent else ADJOINTS
    if rule is None or general.get(_key(rule.primitive)) is not rule:
        return rule             # a variant, or the rule of a complex operand
    for option, accepts, special in (TANGENT_CHOSEN if tangent else CHOSEN).get(_key(rule.primitive), ()):
        atom = bound.get(option)
        value = rule.signature.parameters[option].default if atom is None else constant_value(atom)
        if value is not VARIABLE and accepts(value):
            return special
    return rule


def deflinear(*primitives):
    """Primitives linear in their differentiable operands: the tangent is the primitive of the tangents."""
    for primitive in primitives:
        TANGENTS[_key(primitive)] = TangentRule(primitive, "linear")


def defmultilinear(*primitives):
    """Primitives linear in each differentiable operand separately (products): one term per operand."""
    for primitive in primitives:
        TANGENTS[_key(primitive)] = TangentRule(primitive, "multilinear")


class Family:
    """Rules whose Jacobian is diagonal, registered with the properties they declare.

    `BROADCASTING = Family(elementwise=True, arrays=True)`, then `@BROADCASTING.adjoint(np.sin)`:
    each rule gets `properties` (see Rule) and, unless a tangent rule is registered for its
    primitive, a tangent derived from its adjoint (`defelementwise`).  What a rule is travels
    with its registration, never with the module it is written in.
    """

    def __init__(self, **properties):
        self.properties = properties

    def adjoint(self, *primitives, **options):
        """`adjoint(*primitives, **options)`, with this family's properties and derived tangents."""
        def register(template):
            adjoint(*primitives, **options, **self.properties)(template)
            if options.get("positional") is None and options.get("when") is None:
                _derive_tangents(primitives)
            return template
        return register

    def complex_adjoint(self, *primitives):
        """`complex_adjoint(*primitives)`, with this family's properties."""
        return complex_adjoint(*primitives, **self.properties)


# The elementwise family (rules/elementwise/): array operands that broadcast together.
BROADCASTING = Family(elementwise=True, arrays=True)


def _derive_tangents(primitives):
    """Tangents derived from the adjoints of `primitives` that have no tangent rule yet."""
    defelementwise(*(p for p in primitives if _key(p) not in TANGENTS))


def defelementwise(*primitives):
    """Primitives whose Jacobian is diagonal (`interp` in x, `unwrap`, a `Family`'s): the tangent
    is derived from the adjoint."""
    for primitive in primitives:
        rule = ADJOINTS[_key(primitive)]
        TANGENTS[_key(primitive)] = TangentRule(rule.primitive, "elementwise", rule.template, rule.method)


def lookup_tangent(primitive, complex_operand=False, positional=None):
    """The tangent rule of `primitive` (for a complex operand where it differs; for calls with
    `positional` positional arguments where a variant is registered), or None."""
    if not _hashable(primitive):
        return None
    key = _key(primitive)
    found = complex_operand and COMPLEX_TANGENTS.get(key) or TANGENT_VARIANTS.get((key, positional)) \
        or TANGENTS.get(key)
    if found is None and load_families_for(primitive):
        return lookup_tangent(primitive, complex_operand, positional)
    return found


def complex_adjoint(*primitives, **properties):
    """Register the decorated template as the adjoint of each primitive for a complex operand;
    `properties`: as for `adjoint`."""
    def register(template):
        for primitive in primitives:
            COMPLEX_ADJOINTS[_key(primitive)] = Rule(primitive, template, requires={"out": OUT}, **properties)
        return template
    return register


def complex_tangent(*primitives):
    """Register the decorated template as the tangent of each primitive for a complex operand."""
    def register(template):
        for primitive in primitives:
            COMPLEX_TANGENTS[_key(primitive)] = TangentRule(primitive, "template", template)
        return template
    return register


def nograd(*primitives, result="int", returns=None):
    """Declare primitives whose derivative is zero (or that return integers, shapes, masks);
    `returns`: as a Rule's (`np.nonzero` returns a tuple)."""
    for primitive in primitives:
        NOGRAD[_key(primitive)] = result
        if returns is not None:
            RETURNS[_key(primitive)] = returns


def lookup(primitive, complex_operand=False, positional=None):
    """The adjoint rule of `primitive` (for a complex operand where it differs; for a call with
    `positional` positional arguments where a variant is registered), or None."""
    if not _hashable(primitive):
        return None
    key = _key(primitive)
    found = complex_operand and COMPLEX_ADJOINTS.get(key) or VARIANTS.get((key, positional)) or ADJOINTS.get(key)
    if found is None and load_families_for(primitive):
        return lookup(primitive, complex_operand, positional)
    return found


def is_nograd(primitive):
    if not _hashable(primitive):
        return False
    key = _key(primitive)
    return key in NOGRAD or load_families_for(primitive) and key in NOGRAD


def _hashable(primitive):
    """Whether `primitive` can key the registry (a method of an unhashable object cannot)."""
    try:
        hash(primitive)
    except TypeError:
        return False
    return True


def nograd_result(primitive):
    return NOGRAD.get(_key(primitive), "int")


def attribute_key(attr):
    """The registry key of an array attribute such as `.T`."""
    return ("attribute", attr)


def method_key(name):
    """The registry key of an array method such as `.sum`, when the receiver's type is unknown."""
    return ("method", name)


FAMILIES = ("elementwise", "outer", "reductions", "scans", "linalg", "shape", "fft", "builtin", "helpers",
            "ufunc_methods", "windows", "puts")
# The families that import SciPy, and the SciPy module each covers.  SciPy is optional, and slow
# to import: these are imported the first time a lookup meets an object of that module (see
# `load_families_for`), or all at once by `load_all` (the catalog, the docs, `s2sgrad rules`).
SCIPY_FAMILIES = {"special": "scipy.special", "softmax": "scipy.special", "stats": "scipy.stats",
                  "stats_cdf": "scipy.stats", "stats_multivariate": "scipy.stats", "stats_entropy": "scipy.stats",
                  "scipy_linalg": "scipy.linalg", "signal": "scipy.signal", "filters": "scipy.signal",
                  "integrate": "scipy.integrate", "scipy_fft": "scipy.fft",
                  "scipy_integrals": "scipy.integrate"}
_PENDING = []           # the SciPy families not imported yet
# Functions outside SciPy whose derivatives need it (digamma): the family that holds their rules.
_SCIPY_DERIVATIVES = {math.lgamma: "special", math.gamma: "special"}


def _scipy_object(primitive):
    """Whether `primitive`'s rule may be in a SciPy family: a SciPy function, ufunc or
    distribution method, or a runtime helper declared to call SciPy."""
    if getattr(primitive, "__s2sgrad_scipy__", False):
        return True
    if isinstance(primitive, np.ufunc):
        return getattr(np, primitive.__name__, None) is not primitive
    module = getattr(primitive, "__module__", None)
    return isinstance(module, str) and module.split(".")[0] == "scipy"


def load_families_for(primitive):
    """Import the SciPy families that may hold `primitive`'s rule: those of the SciPy modules
    already imported (a SciPy object exists only once its module is), all of them for a runtime
    helper.  True when one was imported (the caller looks again)."""
    family = _SCIPY_DERIVATIVES.get(primitive) if type(primitive).__hash__ is not None else None
    if family in _PENDING:
        return _load_family(family)
    if not _PENDING or not _scipy_object(primitive):
        return False
    every = getattr(primitive, "__s2sgrad_scipy__", False)
    loaded = False
    for family in list(_PENDING):
        if every or SCIPY_FAMILIES[family] in sys.modules:
            _PENDING.remove(family)
            importlib.import_module("." + family, __name__)
            loaded = True
    return loaded


def _load_family(family):
    """Import one SciPy family (False without SciPy: the lookup then finds no rule)."""
    try:
        importlib.import_module("." + family, __name__)
    except ImportError:
        return False
    _PENDING.remove(family)
    return True


def load_all():
    """Import every rule family (SciPy's when it is installed): the whole registry, for listing it."""
    for family in list(_PENDING):
        _PENDING.remove(family)
        importlib.import_module("." + family, __name__)


def _load_families():
    for family in FAMILIES:
        importlib.import_module("." + family, __name__)
    if importlib.util.find_spec("scipy") is not None:      # scipy is optional
        _PENDING.extend(SCIPY_FAMILIES)


_load_families()
BUILTIN_NAMES = frozenset(dir(builtins))
