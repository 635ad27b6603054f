"""The benchmark cases and the gradient-agreement check shared by scripts/bench.py and the tests."""

import dataclasses

import numpy as np

import s2sgrad

from . import autograd_versions, handwritten, workloads


@dataclasses.dataclass(repr=False)
class Case:
    """One workload at one size: the function, its inputs, and its three gradients."""

    workload: str
    size: str
    fn: object              # the plain function (what s2sgrad differentiates; the timing baseline)
    args: tuple
    wrt: tuple              # argument names
    hand: object            # hand-written value-and-gradient, same signature as fn
    autograd_fn: object     # fn written against autograd.numpy (None without autograd)

    def __repr__(self):
        return f"Case({self.workload} [{self.size}])"

    @property
    def wrt_index(self):
        names = self.fn.__code__.co_varnames[:self.fn.__code__.co_argcount]
        return tuple(names.index(n) for n in self.wrt)

    def s2sgrad(self):
        """s2sgrad's public `value_and_grad` (argument checks and result matching included)."""
        return s2sgrad.value_and_grad(self.fn, wrt=self.wrt)

    def s2sgrad_emitted(self):
        """The emitted gradient function that `value_and_grad` runs (specialised on the kinds of
        the arguments, as it specialises it), called with no API wrapper around it.

        Uses s2sgrad's internal cache (`s2sgrad.api.compiled`); None if that is not there.
        """
        try:
            from s2sgrad.api import compiled, kinds_of
            return compiled(self.fn, self.wrt, kinds=kinds_of(self.args)).gradient
        except (ImportError, AttributeError):
            return None

    def s2sgrad_generic(self):
        """The generic gradient (no kinds: what `s2sgrad emit` writes), called directly; None if
        s2sgrad's internal cache is not there."""
        try:
            from s2sgrad.api import compiled
            return compiled(self.fn, self.wrt).gradient
        except (ImportError, AttributeError):
            return None

    def autograd(self):
        if self.autograd_fn is None:
            return None
        return autograd_versions.value_and_grad(self.autograd_fn, self.wrt_index)

    def emitted_source(self):
        return s2sgrad.emit(self.fn, wrt=self.wrt)


def cases(names=None):
    """All benchmark cases, or those whose workload is in `names`."""
    out = []
    for size, dims in workloads.MLP_SIZES.items():
        out.append(Case("mlp", size, workloads.mlp_loss, workloads.make_mlp(*dims), workloads.MLP_WRT,
                        handwritten.mlp_value_and_grad, autograd_versions.mlp_loss))
    for size, dims in workloads.SPRING_SIZES.items():
        out.append(Case("spring", size, workloads.spring_loss, workloads.make_spring(*dims), workloads.SPRING_WRT,
                        handwritten.spring_value_and_grad, autograd_versions.spring_loss))
        out.append(Case("spring", size + ", no annotations", workloads.spring_loss_untyped,
                        workloads.make_spring(*dims), workloads.SPRING_WRT,
                        handwritten.spring_value_and_grad, autograd_versions.spring_loss))
    for size, dims in workloads.GMM_SIZES.items():
        out.append(Case("gmm", size, workloads.gmm_loglik, workloads.make_gmm(*dims), workloads.GMM_WRT,
                        handwritten.gmm_value_and_grad, autograd_versions.gmm_loglik))
    return [c for c in out if names is None or c.workload in names]


class DisagreementError(AssertionError):
    """Two gradients (or values) of the same workload differ."""


def _compare(what, name, ref, other, rtol, atol):
    ref = np.asarray(ref, dtype=float)
    other = np.asarray(other, dtype=float)
    if ref.shape != other.shape:
        raise DisagreementError(f"{what}: gradient of `{name}` has shape {other.shape}, expected {ref.shape}")
    if not np.allclose(other, ref, rtol=rtol, atol=atol):
        err = np.max(np.abs(other - ref))
        raise DisagreementError(f"{what}: gradient of `{name}` differs from the hand-written one "
                                f"(max abs error {err:.3g}, max |ref| {np.max(np.abs(ref)):.3g})")


def check_agreement(case, use_autograd=True, rtol=1e-5, atol=1e-8):
    """Check that s2sgrad's, the hand-written and autograd's gradients agree (np.allclose).

    Raises DisagreementError on any gradient mismatch.  Returns a dict of findings; a wrong
    *value* (not gradient) is reported there (`value_errors`) rather than raised, so the
    caller decides how loudly to fail.
    """
    label = f"{case.workload} [{case.size}]"
    expected_value = case.fn(*case.args)
    hand_value, hand_grads = case.hand(*case.args)
    value_errors = []
    if not np.allclose(hand_value, expected_value, rtol=1e-10, atol=0.0):
        raise DisagreementError(f"{label}: the hand-written value {hand_value!r} is not f's {expected_value!r}")
    results = {"s2sgrad": case.s2sgrad()(*case.args)}
    if use_autograd:
        vg = case.autograd()
        if vg is not None:
            results["autograd"] = vg(*case.args)
    for tool, (value, grads) in results.items():
        grads = grads if isinstance(grads, tuple) else (grads,)
        if len(grads) != len(case.wrt):
            raise DisagreementError(f"{label} {tool}: {len(grads)} gradients for wrt {case.wrt}")
        for name, ref, g in zip(case.wrt, hand_grads, grads):
            _compare(f"{label} {tool}", name, ref, g, rtol, atol)
        if not np.allclose(value, expected_value, rtol=1e-10, atol=0.0):
            value_errors.append(f"{label} {tool}: value_and_grad returned value {value!r}, "
                                f"but f returns {expected_value!r}")
    return {"tools_checked": ["hand-written", *results], "value_errors": value_errors}
