"""Custom gradients: replace a function's derivative with your own template.

    @s2sgrad.custom_gradient
    def st_floor(x):
        return np.floor(x)

    @st_floor.adjoint
    def _(result, x, d_result):
        return d_result            # straight-through: as if floor were the identity

The adjoint has the form of every rule: `(result, *args, d_result)` returning one
cotangent per argument (`None` for none); it is inlined into emitted code like a rule.
Forward mode (`s2sgrad.jvp`) needs a tangent as well, `(result, *args, *, t_<arg>...)`
returning the result's tangent (an argument without a tangent is passed as 0.0):

    @st_floor.tangent
    def _(result, x, *, t_x):
        return t_x

`stop_gradient(x)` is `x` with no derivative at all.
"""

import dis
import functools
import inspect
import weakref
from typing import Any, Callable, Generic, Literal

from . import rules
from .errors import ArgumentError
from .hints import F, P, R, T
from .runtime import zeros_like


class _HeldWeakly:
    """A rule of a user's function refers to it weakly: the registry must not keep it alive."""

    @property
    def primitive(self):
        return self._primitive()

    @primitive.setter
    def primitive(self, obj):
        self._primitive = weakref.ref(obj)


class CustomRule(_HeldWeakly, rules.Rule):
    """A user's adjoint template; `d_result` may be positional or keyword-only."""

    @functools.cached_property
    def cotangent_params(self):
        params = list(self.signature.parameters.values())[1:]
        return [p.name for p in params
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
                and p.name != "d_result"]


class CustomTangentRule(_HeldWeakly, rules.TangentRule):
    """A user's tangent template."""


class _WeakKey:
    """A registry key that stands for a user's object (equal to it) without keeping it alive."""

    __slots__ = ("ref", "hash")

    def __init__(self, obj):
        self.ref, self.hash = weakref.ref(obj), hash(obj)

    def __hash__(self):
        return self.hash

    def __eq__(self, other):
        return other is self or other is self.ref()


def register(obj, adjoint=None, tangent=None):
    """Put the rules of a user's `obj` in the registries, keyed weakly: when `obj` is collected its
    entries go too, so defining custom gradients in a loop or a factory does not grow them."""
    key = obj.__dict__.get("_s2sgrad_key")
    if key is None:
        key = obj.__dict__["_s2sgrad_key"] = _WeakKey(obj)
        weakref.finalize(obj, _forget, key)
    if adjoint is not None:
        rules.ADJOINTS[key] = adjoint
    if tangent is not None:
        rules.TANGENTS[key] = tangent


def _forget(key):
    rules.ADJOINTS.pop(key, None)
    rules.TANGENTS.pop(key, None)


class CustomGradient(Generic[P, R]):
    """A function whose derivative is the adjoint template registered with `.adjoint` (and, in
    forward mode, the tangent template registered with `.tangent`)."""

    def __init__(self, fn: Callable[P, R]) -> None:
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.rule: CustomRule | None = None

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)

    def adjoint(self, template: F) -> F:
        """Register `template(result, *args, d_result)` as this function's adjoint."""
        check_template(template, self.fn)
        self.rule = CustomRule(self, template)
        register(self, adjoint=self.rule)
        return template

    def tangent(self, template: F) -> F:
        """Register `template(result, *args, *, t_<arg>...)` as this function's forward-mode rule."""
        check_tangent_template(template, self.fn)
        register(self, tangent=CustomTangentRule(self, "template", template))
        return template

    def __hash__(self):
        return id(self)


def check_template(template, primal):
    """Refuse a template whose signature or free names cannot be inlined, saying why."""
    params = list(inspect.signature(template).parameters)
    where = f"{template.__code__.co_filename}:{template.__code__.co_firstlineno}"
    if not params or params[0] != "result" or params[-1] != "d_result":
        raise ArgumentError(f"{where}: an adjoint template takes (result, <the arguments of "
                            f"{primal.__name__}>, d_result); got ({', '.join(params)})")
    _check_free_names(template, where, "an adjoint")


def check_tangent_template(template, primal):
    """Refuse a tangent template whose signature or free names cannot be inlined, saying why."""
    signature = inspect.signature(template)
    params = list(signature.parameters)
    where = f"{template.__code__.co_filename}:{template.__code__.co_firstlineno}"
    arguments = set(inspect.signature(primal).parameters)
    tangents = [p.name for p in signature.parameters.values() if p.kind == p.KEYWORD_ONLY and p.name.startswith("t_")]
    if not params or params[0] != "result" or not tangents or any(t[2:] not in arguments for t in tangents):
        raise ArgumentError(f"{where}: a tangent template takes (result, <the arguments of {primal.__name__}>, *, "
                            f"t_<argument>, ...) and returns the result's tangent; got ({', '.join(params)})")
    _check_free_names(template, where, "a tangent")


def _check_free_names(template, where, kind):
    allowed = set(rules.TEMPLATE_GLOBALS) | set(rules.RUNTIME_NAMES) | set(rules.BUILTIN_NAMES)
    free = set(template.__code__.co_names) - allowed
    attributes = _attribute_names(template)
    if free - attributes:
        raise ArgumentError(f"{where}: {kind} template may use only `np`, s2sgrad.runtime helpers and "
                            f"builtins (it is inlined into emitted code); it uses {sorted(free - attributes)}")


def _attribute_names(template):
    """Names in co_names that are attribute accesses (np.floor -> floor), not globals."""
    names = set()
    for instruction in dis.get_instructions(template):
        if instruction.opname in ("LOAD_ATTR", "LOAD_METHOD", "STORE_ATTR"):
            names.add(instruction.argval)
    return names


def custom_gradient(fn: Callable[P, R]) -> "CustomGradient[P, R]":
    """Mark `fn` as having a hand-written derivative; register it with `@fn.adjoint` (and, for
    forward mode, `@fn.tangent`)."""
    return CustomGradient(fn)


def stop_gradient(x: T) -> T:
    """`x`, with no derivative: nothing flows back through it."""
    return x


rules.nograd(stop_gradient, result="float")


def checkpoint(fn: F) -> F:
    """Mark `fn` for checkpointing: the gradient of a caller keeps only fn's arguments on its tape
    and recomputes fn's forward sweep in the adjoint sweep (memory for time).  Calling fn runs
    it unchanged."""
    fn.__s2sgrad_checkpoint__ = True        # type: ignore[attr-defined]
    return fn


class grad_of:
    """A gradient hook: `with grad_of(h) as dh:` runs its body in the adjoint sweep on h's gradient.

        h = layer(x)
        with s2sgrad.grad_of(h) as dh:
            dh = np.clip(dh, -1.0, 1.0)        # clip the gradient that flows back into h

    The body sees the gradient of the value `h` holds at the `with` (put the hook right
    after h is computed, so that every use of h has contributed), and what it leaves in
    `dh` flows on.  Run as plain Python, the body runs once on a zero gradient and cannot
    change the function's value.
    """

    def __init__(self, value: Any) -> None:
        self.value = value

    def __enter__(self) -> Any:
        return zeros_like(self.value)

    def __exit__(self, *exc: object) -> Literal[False]:
        return False
