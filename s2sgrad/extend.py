"""The extension API: derivative rules for primitives s2sgrad cannot read.

A rule is a template in the same form as the built-in ones (see docs/extending.md)::

    from s2sgrad import extend

    @extend.adjoint(mylib.softplus)
    def softplus(result, x, *, d_result):
        return d_result * np.exp(x - result)

It receives the primitive's result, the primitive's own parameters (same names; parameters
with a default are options without a gradient) and the keyword-only `d_result`, and returns
one cotangent per parameter without a default (a tuple when there are several; `None` for
one that has no gradient).  Its body is inlined into emitted code, so it may use only `np`,
the helpers of `s2sgrad.runtime`, builtins, its parameters and its own locals.

Forward mode (`s2sgrad.jvp`, and `s2sgrad.hvp` over emitted gradients) needs a tangent rule
as well, registered after the adjoint::

    @extend.tangent(mylib.softplus)
    def softplus_tangent(result, x, *, t_x):
        return t_x * np.exp(x - result)

A tangent template takes the same `result` and parameters, and a keyword-only `t_<p>` for
each differentiable parameter `p`; it returns the result's tangent.  An operand with no
tangent is passed as the constant 0.0 and zero arithmetic is folded (`0 * e` -> 0), so write
it as a sum of one term per operand.  Primitives linear in their differentiable operands need
no template: `extend.deflinear(f)`; products, linear in each operand separately:
`extend.defmultilinear(f)`.
"""

import builtins
import inspect
import textwrap
from typing import Any, Callable

import gast

from . import rules
from .errors import S2SError
from .hints import F
from .trees import walk

__all__ = ["adjoint", "tangent", "deflinear", "defmultilinear", "nograd", "attribute_key", "RuleDefinitionError"]


def attribute_key(attr: str) -> tuple[str, str]:
    """The key to register a rule of an array attribute under: `@extend.adjoint(attribute_key("T"))`."""
    return rules.attribute_key(attr)


class RuleDefinitionError(S2SError, TypeError):
    """A rule template that s2sgrad cannot inline; the message says what to change."""


def adjoint(primitive: Any, *aliases: Any, override: bool = False, elementwise: bool = False,
            when: dict | None = None) -> Callable[[F], F]:
    """Register the decorated template as the reverse-mode rule of `primitive` (and `aliases`).

    `elementwise=True`: the primitive acts elementwise with broadcasting, as a ufunc does; the
    shape analysis reads its result's shape as the operands' broadcast shape, and its tangent is
    derived from the adjoint (no `tangent` needed).  `when={option: values}`: the rule of calls
    whose option is one of these constants, beside the primitive's rule for the other calls.
    Raises RuleDefinitionError when the template is not in the rule form, and ValueError
    when a primitive has a rule already (pass override=True to replace it).
    """
    primitives = (primitive,) + aliases

    def register(template):
        _validate(template)
        for p in primitives:
            _check_key(p)
            _check_adjoint_key(p, override, when)
        if elementwise:
            rules.Family(elementwise=True).adjoint(*primitives, when=when)(template)
        else:
            rules.adjoint(*primitives, when=when)(template)
        return template
    return register


def _check_adjoint_key(primitive, override, when):
    """A primitive may get a rule it has not (or `override`), or a `when=` rule beside its rule."""
    if when is not None:
        if not isinstance(when, dict) or len(when) != 1:
            raise RuleDefinitionError("when= takes one option and its values: when={'ord': (2,)}")
        (option, _), = when.items()
        rule = rules.lookup(primitive)
        if rule is None:
            raise RuleDefinitionError(f"{_describe(primitive)} has no rule for its other calls: register one "
                                      "without when= first")
        if option not in rule.signature.parameters:
            raise RuleDefinitionError(f"when= names {option!r}, which is not a parameter of "
                                      f"{_describe(primitive)}'s rule")
    elif not override and (rules.lookup(primitive) is not None or rules.is_nograd(primitive)):
        raise ValueError(f"{_describe(primitive)} has a derivative rule already; pass override=True to "
                         "replace it")


def tangent(primitive: Any, *aliases: Any, override: bool = False) -> Callable[[F], F]:
    """Register the decorated template as the forward-mode rule of `primitive` (and `aliases`).

    Raises RuleDefinitionError when the template is not in the tangent form or a primitive
    has no adjoint (forward mode reads from the adjoint which parameters are differentiable:
    register it with `adjoint` first), and ValueError when a primitive has a tangent rule
    already (pass override=True to replace it).
    """
    primitives = (primitive,) + aliases

    def register(template):
        _validate_tangent(template)
        for p in primitives:
            _check_forward_key(p, override)
        rules.tangent(*primitives)(template)
        return template
    return register


def deflinear(*primitives: Any, override: bool = False) -> None:
    """Declare primitives linear in their differentiable parameters (those without a default in
    their adjoint): the tangent is the same call with each operand replaced by its tangent."""
    for p in primitives:
        _check_forward_key(p, override)
    rules.deflinear(*primitives)


def defmultilinear(*primitives: Any, override: bool = False) -> None:
    """Declare primitives linear in each differentiable parameter separately (products such as
    `matmul`): the tangent sums, over the operands, the call with that operand's tangent in it."""
    for p in primitives:
        _check_forward_key(p, override)
    rules.defmultilinear(*primitives)


def _check_forward_key(primitive, override):
    _check_key(primitive)
    if rules.lookup(primitive) is None:
        raise RuleDefinitionError(f"{_describe(primitive)} has no adjoint: register one with s2sgrad.extend.adjoint "
                                  "first (forward mode reads from it which parameters are differentiable)")
    if not override and rules.lookup_tangent(primitive) is not None:
        raise ValueError(f"{_describe(primitive)} has a tangent rule already; pass override=True to replace it")


def nograd(*primitives: Any, result: str = "float") -> None:
    """Declare primitives whose derivative is zero everywhere (or whose results are not numbers)."""
    for p in primitives:
        _check_key(p)
    rules.nograd(*primitives, result=result)


def _describe(primitive):
    return getattr(primitive, "__qualname__", None) or repr(primitive)


def _check_key(primitive):
    try:
        hash(primitive)
    except TypeError:
        raise RuleDefinitionError(f"{primitive!r} cannot key a rule: register the function object itself") from None
    # A built-in SciPy family imported later would replace the rule registered here: import it now.
    rules.load_families_for(primitive)


def _parse(template):
    """(name, parameters, FunctionDef) of a template, or RuleDefinitionError if it cannot be inlined."""
    name = getattr(template, "__name__", repr(template))
    if not inspect.isfunction(template):
        raise RuleDefinitionError(f"a rule template must be a plain Python function (def), not {template!r}")
    try:
        source = textwrap.dedent(inspect.getsource(template))
    except (OSError, TypeError):
        raise RuleDefinitionError(f"the source of rule template `{name}` is not available: define it with `def` "
                                  "in a file (templates are inlined into emitted code)") from None
    return name, list(inspect.signature(template).parameters.values()), gast.parse(source).body[0]


def _result_first(params):
    """The problem with a template's first parameter, which must be `result`, or None."""
    if not params or params[0].name != "result" or params[0].kind not in (params[0].POSITIONAL_ONLY,
                                                                          params[0].POSITIONAL_OR_KEYWORD):
        return "its first parameter must be `result` (the primitive's value)"
    return None


def _free_names_used(node):
    """The problem with names emitted code cannot import, or None."""
    free = sorted(_free_names(node) - _allowed())
    if free:
        return (f"it uses {', '.join(f'`{n}`' for n in free)}; emitted code imports only `np` (NumPy), "
                "the helpers of s2sgrad.runtime and builtins, so write the derivative with those "
                "(pass constants in as parameters)")
    return None


def _validate_tangent(template):
    """Refuse a tangent template that cannot be inlined, saying what to change."""
    name, params, node = _parse(template)
    problems = [_result_first(params)] + _tangent_parameter_problems(params)
    problems = [p for p in problems + [_free_names_used(node)] if p]
    if problems:
        raise RuleDefinitionError(f"tangent template `{name}` cannot be used: " + "; ".join(problems))


def _tangent_parameter_problems(params):
    """What is wrong with a tangent template's `t_<p>` parameters (and a `d_result`)."""
    problems = []
    positional = {p.name for p in params[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)}
    tangents = [p.name for p in params if p.kind == p.KEYWORD_ONLY and p.name.startswith("t_")]
    if not tangents:
        problems.append("it takes no tangent: add a keyword-only `t_<p>` for each differentiable parameter `p`, "
                        "as in `..., *, t_x)`")
    unknown = [t for t in tangents if t[2:] not in positional]
    if unknown:
        problems.append(f"{', '.join(f'`{t}`' for t in unknown)} names no parameter of the template: `t_x` is "
                        "the tangent of the parameter `x`")
    if any(p.name == "d_result" for p in params):
        problems.append("it takes `d_result`, the adjoint's seed: a tangent template takes `t_<p>` and returns "
                        "the result's tangent")
    return problems


def _validate(template, operands=None):
    """Refuse a template s2sgrad cannot inline; `operands`: the parameters it returns cotangents
    for, where not all those without a default (a built-in rule's `operands=`)."""
    name, params, node = _parse(template)
    problems = [_result_first(params)]
    last = [p for p in params if p.kind != p.VAR_KEYWORD]
    if not last or last[-1].name != "d_result" or last[-1].kind != last[-1].KEYWORD_ONLY:
        problems.append("its last parameter must be the keyword-only `d_result`: write `..., *, d_result)`")
    problems.append(_free_names_used(node))
    problems = [p for p in problems if p] + _returned_count_problems(node, params, operands)
    if problems:
        raise RuleDefinitionError(f"rule template `{name}` cannot be used: " + "; ".join(problems))


def _returned_count_problems(node, params, operands):
    """A return of a tuple of cotangents other than one per operand (the first such, said once)."""
    wanted = list(operands) if operands is not None else \
        [p.name for p in params[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    for ret in (n for n in walk(node) if isinstance(n, gast.Return)):
        if len(wanted) > 1 and isinstance(ret.value, gast.Tuple) and len(ret.value.elts) != len(wanted):
            return [f"it returns {len(ret.value.elts)} cotangents but has {len(wanted)} parameters "
                    f"without a default ({', '.join(wanted)}): return one per parameter, None for one "
                    "without a gradient"]
    return []


def _allowed():
    return {"np"} | set(rules.RUNTIME_NAMES) | set(dir(builtins))


def _free_names(func):
    """Names the function body reads that it neither binds nor receives as parameters."""
    bound = {a.id for a in func.args.args + func.args.kwonlyargs + func.args.posonlyargs}
    for extra in (func.args.vararg, func.args.kwarg):
        if extra is not None:
            bound.add(extra.id)
    loads = set()
    for node in (n for stmt in func.body for n in walk(stmt)):
        if isinstance(node, gast.Name):
            if isinstance(node.ctx, (gast.Store, gast.Del)):
                bound.add(node.id)
            elif isinstance(node.ctx, gast.Load):
                loads.add(node.id)
        elif isinstance(node, (gast.FunctionDef, gast.Lambda)) and node is not func:
            bound |= {a.id for a in node.args.args}
    return loads - bound
