"""The @differentiate mark: a function, or a method's descriptor, that carries its derivatives."""

import copy
import functools
import inspect
import types
from typing import Any, Callable, overload

from .errors import ArgumentError
from .hints import Differentiated, P, R, Wrt


class GradientSource:
    """The text of a marked function's gradient module, made when first read: print it, compare it
    or `str()` it (the module's globals may not all be defined yet when the function is marked)."""

    __slots__ = ("_fn", "_wrt", "_has_aux")

    def __init__(self, fn, wrt, has_aux=False):
        self._fn, self._wrt, self._has_aux = fn, wrt, has_aux

    def __str__(self):
        return _api().emit(self._fn, self._wrt, has_aux=self._has_aux)

    def __repr__(self):
        return repr(str(self))

    def __eq__(self, other):
        return str(self) == (str(other) if isinstance(other, GradientSource) else other)

    def __hash__(self):
        return hash(str(self))

    def __contains__(self, item):
        return item in str(self)

    def __len__(self):
        return len(str(self))

    def __iter__(self):
        return iter(str(self))

    def __getitem__(self, key):
        return str(self)[key]

    def __add__(self, other):
        return str(self) + other

    def __radd__(self, other):
        return other + str(self)

    def __format__(self, spec):
        return format(str(self), spec)

    def __getattr__(self, attr):        # the methods of str: splitlines, startswith, ...
        return getattr(str(self), attr)


def _mark(fn, wrt, has_aux):
    """A copy of `fn` (same code, globals, closure and defaults) carrying the derivative methods.

    Being a plain function, calling it (and recursing through its module's name for it) costs
    exactly what calling `fn` does: a callable object would cost Python two frames a call."""
    marked = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    functools.update_wrapper(marked, fn)
    marked.__kwdefaults__ = copy.copy(fn.__kwdefaults__)
    marked.__dict__ = MarkAttributes(marked.__dict__)
    marked.__s2sgrad_original__ = fn
    marked.wrt = wrt
    marked.has_aux = has_aux
    marked.grad = functools.partial(_marked_call, _api().grad, fn, wrt, has_aux)
    marked.value_and_grad = functools.partial(_marked_call, _api().value_and_grad, fn, wrt, has_aux)
    if not hasattr(fn, "__s2sgrad_derivative__"):       # made now (nothing transformed yet): nothing between on a call
        marked.value_and_grad = _api()._value_and_grad(fn, wrt, has_aux)
        marked.grad = _api()._grad(fn, wrt, has_aux, both=marked.value_and_grad)
    marked.vjp = functools.partial(_marked_call, _api().vjp, fn, wrt, has_aux)
    marked.jvp = functools.partial(_marked_forward, "jvp", fn, False)
    marked.hvp = functools.partial(_marked_forward, "hvp", fn, has_aux)
    marked.source = GradientSource(fn, wrt, has_aux)
    return marked


_METHODS = frozenset({"grad", "value_and_grad", "vjp", "jvp", "hvp", "source"})


class MarkAttributes(dict):
    """A mark's `__dict__`.  `f.grad` reads the method as from any dict; `functools.wraps` copying
    the dict onto another decorator's wrapper copies, in place of each derivative method, one that
    refuses: the copied method would differentiate the marked function without the wrapper."""

    def __iter__(self):         # not dict's own, so that dict.update reads items through __getitem__
        return dict.__iter__(self)

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        if key in _METHODS:
            return CopiedMethod(key, getattr(dict.get(self, "__s2sgrad_original__"), "__name__", "f"))
        return value


class CopiedMethod:
    """A derivative method copied onto a wrapper of a marked function: refuses when used."""

    __slots__ = ("_method", "_name")

    def __init__(self, method, name):
        self._method, self._name = method, name

    def _refuse(self):
        raise ArgumentError(
            f"`{self._name}.{self._method}`: `{self._name}` is another decorator's wrapper around a function "
            f"marked @s2sgrad.differentiate, and the {self._method} it copied from the mark would leave the "
            f"wrapper out; put @s2sgrad.differentiate outermost, or call s2sgrad.{self._api_name()}({self._name})")

    def _api_name(self):
        return "emit" if self._method == "source" else self._method

    def __call__(self, *args, **kwargs):
        self._refuse()

    def __str__(self):
        self._refuse()

    def __repr__(self):
        return f"<{self._method} copied from a mark of @s2sgrad.differentiate: refused, see str()>"


def _marked_call(transform, fn, wrt, has_aux, *args, **kwargs):
    """`f.grad(*args)` and the like: `transform(f, wrt, has_aux)(*args)`."""
    return transform(fn, wrt, has_aux=has_aux)(*args, **kwargs)


def _marked_forward(name, fn, has_aux, primals, tangents):
    """`f.jvp(primals, tangents)` and `f.hvp(...)`: s2sgrad.jvp / s2sgrad.hvp of `f` (jvp of the
    whole pair for a function marked has_aux; no hvp of one)."""
    from . import modes
    if has_aux:
        raise ArgumentError(f"{fn.__name__}.{name}: {fn.__name__} is marked has_aux=True, and {name} has no "
                            "has_aux; give it a function that returns the output alone")
    return getattr(modes, name)(fn, primals, tangents)


class Differentiable:
    """A method marked with @differentiate: `obj.method(...)` runs it, `obj.method.grad(...)`
    differentiates it.  Its `wrt` counts the parameters after `self` (0 is the first argument)."""

    def __init__(self, fn, wrt, has_aux=False):
        functools.update_wrapper(self, fn)
        self.wrt = _api().after_self(wrt)
        self.has_aux = has_aux
        self.__s2sgrad_original__ = fn

    def __call__(self, *args, **kwargs):
        return self.__wrapped__(*args, **kwargs)

    def __get__(self, obj, owner=None):
        return self if obj is None else BoundDifferentiable(self, obj)

    def grad(self, *args, **kwargs):
        return _api().grad(self.__wrapped__, self.wrt, has_aux=self.has_aux)(*args, **kwargs)

    def value_and_grad(self, *args, **kwargs):
        return _api().value_and_grad(self.__wrapped__, self.wrt, has_aux=self.has_aux)(*args, **kwargs)

    def vjp(self, *args, d_result, **kwargs):
        return _api().vjp(self.__wrapped__, self.wrt, has_aux=self.has_aux)(*args, d_result=d_result, **kwargs)

    def jvp(self, primals, tangents):
        """`(f(*primals), J·tangents)` by forward mode (see `s2sgrad.jvp`)."""
        from .modes import jvp
        return jvp(self.__wrapped__, primals, tangents)

    def hvp(self, primals, tangents):
        """`H·tangents` by forward mode over the emitted gradient (see `s2sgrad.hvp`)."""
        return _marked_forward("hvp", self.__wrapped__, self.has_aux, primals, tangents)

    @property
    def source(self):
        """The gradient module's text, exactly as `s2sgrad emit` writes it."""
        return _api().emit(self.__wrapped__, self.wrt, has_aux=self.has_aux)


class BoundDifferentiable:
    """`obj.method` of a marked method: the method with `obj` passed first, and its derivatives."""

    def __init__(self, method, obj):
        self.__func__, self.__self__ = method, obj
        functools.update_wrapper(self, method.__wrapped__)
        signature = inspect.signature(method.__wrapped__)           # as a bound method's: without self
        self.__signature__ = signature.replace(parameters=list(signature.parameters.values())[1:])

    def __call__(self, *args, **kwargs):
        return self.__func__.__wrapped__(self.__self__, *args, **kwargs)

    def grad(self, *args, **kwargs):
        return self.__func__.grad(self.__self__, *args, **kwargs)

    def value_and_grad(self, *args, **kwargs):
        return self.__func__.value_and_grad(self.__self__, *args, **kwargs)

    def vjp(self, *args, d_result, **kwargs):
        return self.__func__.vjp(self.__self__, *args, d_result=d_result, **kwargs)

    def jvp(self, primals, tangents):
        return self.__func__.jvp((self.__self__,) + tuple(primals), (None,) + tuple(tangents))

    def hvp(self, primals, tangents):
        return self.__func__.hvp((self.__self__,) + tuple(primals), (None,) + tuple(tangents))

    @property
    def source(self):
        return self.__func__.source


def _is_method(fn):
    """Defined in a class body (`Model.loss`, not `loss` or `outer.<locals>.loss`) with a first
    parameter `self` or `cls`."""
    owner = getattr(fn, "__qualname__", "").rpartition(".")[0]
    code = fn.__code__
    first = code.co_varnames[0] if code.co_argcount else None
    return bool(owner) and not owner.endswith("<locals>") and first in ("self", "cls")


@overload
def differentiate(fn: Callable[P, R], *, wrt: Wrt = 0, has_aux: bool = False) -> Differentiated[P, R]: ...


@overload
def differentiate(fn: None = None, *, wrt: Wrt = 0, has_aux: bool = False
                  ) -> Callable[[Callable[P, R]], Differentiated[P, R]]: ...


def differentiate(fn: Callable[P, R] | None = None, *, wrt: Wrt = 0, has_aux: bool = False) -> Any:
    """Mark a function for differentiation; `f(...)` still runs the original function.

    The mark is a copy of the function with `.grad`, `.value_and_grad`, `.vjp`, `.jvp`, `.hvp`
    and `.source`; on a method, a descriptor whose bound form has them (its `wrt` counts the
    arguments after `self`).  With `has_aux=True` the function returns a pair (output, aux):
    `.grad`, `.value_and_grad` and `.vjp` differentiate the output and hand aux back, as
    `s2sgrad.grad(f, wrt, has_aux=True)` does; `.jvp` is the jvp of the whole pair; `.hvp` is refused."""
    if not isinstance(has_aux, bool):
        raise ArgumentError(f"@differentiate(has_aux={has_aux!r}): give True or False")

    def wrap(f):
        if not isinstance(f, types.FunctionType):
            raise ArgumentError(f"@differentiate marks a function defined with def or lambda, not {f!r}")
        return Differentiable(f, wrt, has_aux) if _is_method(f) else _mark(f, wrt, has_aux)
    return wrap(fn) if fn is not None else wrap


def _api():
    """The user API module (imported where it is used: it imports this module in turn)."""
    from . import api
    return api

