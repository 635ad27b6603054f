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
"""

import builtins
import inspect
import textwrap

import gast

from . import rules
from .errors import S2SError

__all__ = ["adjoint", "nograd", "attribute_key", "RuleDefinitionError"]

attribute_key = rules.attribute_key


class RuleDefinitionError(S2SError, TypeError):
    """A rule template that s2sgrad cannot inline; the message says what to change."""


def adjoint(primitive, *aliases, override=False):
    """Register the decorated template as the reverse-mode rule of `primitive` (and `aliases`).

    Raises RuleDefinitionError when the template is not in the rule form, and ValueError
    when a primitive has a rule already (pass override=True to replace it).
    """
    primitives = (primitive,) + aliases

    def register(template):
        _validate(template)
        for p in primitives:
            _check_key(p)
            if not override and (rules.lookup(p) is not None or rules.is_nograd(p)):
                raise ValueError(f"{_describe(p)} has a derivative rule already; pass override=True to "
                                 "replace it")
        rules.adjoint(*primitives)(template)
        return template
    return register


def nograd(*primitives, result="float"):
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


def _validate(template):
    name = getattr(template, "__name__", repr(template))
    if not inspect.isfunction(template):
        raise RuleDefinitionError(f"a rule template must be a plain Python function (def), not {template!r}")
    try:
        source = textwrap.dedent(inspect.getsource(template))
    except (OSError, TypeError):
        raise RuleDefinitionError(f"the source of rule template `{name}` is not available: define it with `def` "
                                  "in a file (templates are inlined into emitted code)") from None
    params = list(inspect.signature(template).parameters.values())
    problems = []
    if not params or params[0].name != "result" or params[0].kind not in (params[0].POSITIONAL_ONLY,
                                                                          params[0].POSITIONAL_OR_KEYWORD):
        problems.append("its first parameter must be `result` (the primitive's value)")
    last = [p for p in params if p.kind != p.VAR_KEYWORD]
    if not last or last[-1].name != "d_result" or last[-1].kind != last[-1].KEYWORD_ONLY:
        problems.append("its last parameter must be the keyword-only `d_result`: write `..., *, d_result)`")
    node = gast.parse(source).body[0]
    free = sorted(_free_names(node) - _allowed())
    if free:
        problems.append(f"it uses {', '.join(f'`{n}`' for n in free)}; emitted code imports only `np` (NumPy), "
                        "the helpers of s2sgrad.runtime and builtins, so write the derivative with those "
                        "(pass constants in as parameters)")
    wanted = [p.name for p in params[1:] if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
              and p.default is p.empty]
    for ret in (n for n in gast.walk(node) if isinstance(n, gast.Return)):
        if len(wanted) > 1 and isinstance(ret.value, gast.Tuple) and len(ret.value.elts) != len(wanted):
            problems.append(f"it returns {len(ret.value.elts)} cotangents but has {len(wanted)} parameters "
                            f"without a default ({', '.join(wanted)}): return one per parameter, None for one "
                            "without a gradient")
            break
    if problems:
        raise RuleDefinitionError(f"rule template `{name}` cannot be used: " + "; ".join(problems))


def _allowed():
    return {"np"} | set(rules.RUNTIME_NAMES) | set(dir(builtins))


def _free_names(func):
    """Names the function body reads that it neither binds nor receives as parameters."""
    bound = {a.id for a in func.args.args + func.args.kwonlyargs + func.args.posonlyargs}
    for extra in (func.args.vararg, func.args.kwarg):
        if extra is not None:
            bound.add(extra.id)
    loads = set()
    for node in (n for stmt in func.body for n in gast.walk(stmt)):
        if isinstance(node, gast.Name):
            if isinstance(node.ctx, (gast.Store, gast.Del)):
                bound.add(node.id)
            elif isinstance(node.ctx, gast.Load):
                loads.add(node.id)
        elif isinstance(node, (gast.FunctionDef, gast.Lambda)) and node is not func:
            bound |= {a.id for a in node.args.args}
    return loads - bound
