"""Types of the public API, for type checkers (the compiler's internals are not annotated).

Values are `Any`: s2sgrad differentiates NumPy arrays, Python numbers, and tuples, lists,
dicts and records of them, and its gradients have the structure of the inputs.  What is
typed is the shape of the API: which arguments a function takes, that `grad(f)` takes f's
arguments, what `@differentiate` adds to a function.
"""

from typing import Any, Callable, ParamSpec, Protocol, Sequence, TypeVar, Union

P = ParamSpec("P")
R = TypeVar("R", covariant=True)
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

# The differentiated parameters: an index, a name, or several of them.
Wrt = Union[int, str, tuple[Union[int, str], ...], list[Union[int, str]]]


class Differentiated(Protocol[P, R]):
    """A function marked with `@s2sgrad.differentiate`: it runs as written, and has its derivatives."""

    __name__: str

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def grad(self, *args: P.args, **kwargs: P.kwargs) -> Any:
        """The gradient at these arguments (with has_aux: the pair (gradient, aux))."""

    def value_and_grad(self, *args: P.args, **kwargs: P.kwargs) -> tuple[Any, Any]:
        """(value, gradient) at these arguments."""

    def vjp(self, *args: Any, d_result: Any, **kwargs: Any) -> Any:
        """The vector-Jacobian product with the output's cotangent `d_result`."""

    def jvp(self, primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
        """(value, Jacobian-vector product), by forward mode."""

    def hvp(self, primals: Sequence[Any], tangents: Sequence[Any]) -> Any:
        """The Hessian-vector product."""

    @property
    def source(self) -> Any:
        """The text of the gradient module (a str-like object)."""

    def __get__(self, obj: Any, owner: Any = None) -> Any: ...
