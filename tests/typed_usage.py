"""The public API used as a user would: mypy must check it without an error (tests/test_typing.py).
It also runs (the same test runs it), so what it says is how the API is called."""

import dataclasses
from typing import Any, Callable

import numpy as np

import s2sgrad
from s2sgrad import extend
from s2sgrad.testing import check_grads, check_jvp, finite_differences


def loss(W: np.ndarray, x: np.ndarray, scale: float = 1.0) -> float:
    return float(np.sum(np.tanh(W @ x) ** 2) * scale)


def softplus(z: np.ndarray) -> np.ndarray:
    return np.log1p(np.exp(z))


W, x = np.ones((3, 3)), np.ones(3)
g: Any = s2sgrad.grad(loss)(W, x)
g = s2sgrad.grad(loss, wrt="W")(W, x, scale=2.0)
gW, gx = s2sgrad.grad(loss, wrt=(0, "x"))(W, x)
value, g = s2sgrad.value_and_grad(loss, wrt=[0, 1])(W, x)
g = s2sgrad.grad(s2sgrad.grad(lambda t: t ** 3))(2.0)
g = s2sgrad.vjp(loss)(W, x, d_result=1.0)
out, tangent = s2sgrad.jvp(loss, (W, x), (np.ones((3, 3)), None))
hv = s2sgrad.hvp(loss, [W, x], [np.ones((3, 3)), None])
H = s2sgrad.hessian(loss, wrt="x")(W, x)
J = s2sgrad.jacobian(softplus, mode="fwd")(x)
text: str = s2sgrad.emit(loss, wrt="W")
runs: Callable[..., Any] = s2sgrad.grad(loss)


@s2sgrad.differentiate
def marked(W: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum(W @ x))


@s2sgrad.differentiate(wrt=("W", "x"), has_aux=False)
def marked_wrt(W: np.ndarray, x: np.ndarray) -> float:
    return float(np.sum(W @ x))


result: float = marked(W, x)
g = marked.grad(W, x)
value, g = marked_wrt.value_and_grad(W, x)
out, tangent = marked.jvp((W, x), (W, None))
source_text = str(marked.source)
name: str = marked.__name__


class Model:
    def __init__(self, W: np.ndarray) -> None:
        self.W = W

    @s2sgrad.differentiate
    def loss(self, x: np.ndarray) -> float:
        return float(np.sum(self.W @ x))


g = Model(W).loss.grad(x)


@s2sgrad.custom_gradient
def clip(x: float) -> float:
    return min(max(x, -1.0), 1.0)


@clip.adjoint
def clip_adjoint(result: float, x: float, d_result: float) -> float:
    return d_result * (abs(x) < 1.0)


clipped: float = clip(0.5)


@s2sgrad.checkpoint
def step(h: np.ndarray) -> np.ndarray:
    return np.tanh(h)


def rollout(h: np.ndarray) -> float:
    for _ in s2sgrad.checkpointed(range(10), snapshots=3):
        h = step(h)
    with s2sgrad.grad_of(h) as dh:
        dh = np.clip(dh, -1.0, 1.0)
    return float(np.sum(s2sgrad.stop_gradient(h) * h))


g = s2sgrad.grad(rollout)(np.ones(3))

@dataclasses.dataclass
class Pair:
    a: np.ndarray
    b: np.ndarray


cls: type[Pair] = s2sgrad.register_container(Pair, lambda p: ((p.a, p.b), None), lambda aux, kids: Pair(*kids),
                                             names=("a", "b"))


@extend.adjoint(softplus)
def softplus_adjoint(result: Any, z: Any, *, d_result: Any) -> Any:
    return d_result / (1.0 + np.exp(-z))


@extend.tangent(softplus)
def softplus_tangent(result: Any, z: Any, *, t_z: Any) -> Any:
    return t_z / (1.0 + np.exp(-z))


extend.nograd(np.sign, result="float")
extend.deflinear(np.cumsum, override=True)
check_grads(loss, (W, x), wrt=0, rtol=1e-5)
check_jvp(loss, [W, x])
fd = finite_differences(lambda w: loss(w, x), W)
try:
    s2sgrad.grad(loss)(W, x)
except s2sgrad.UserCodeError as error:
    messages = [d.render() for d in error.diagnostics]
except s2sgrad.S2SError:
    pass
