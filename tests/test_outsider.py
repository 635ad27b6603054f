"""Outsider programs (tests/outsider/programs.py) checked in reverse, forward and hvp modes.

Every expected value is independent of s2sgrad: autograd running the same code (where it
can: no in-place array assignment) and central finite differences of the original NumPy
function.  s2sgrad.testing.check_grads / check_jvp are run as well.  Each program runs in
three tests (reverse: value_and_grad + check_grads; forward: jvp + check_jvp; hvp: s2sgrad.hvp
against autograd's make_hvp and a 4-point second difference of f).  Programs s2sgrad does not
handle yet are strict xfails with the observed symptom (see XFAIL below).
"""
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pytest

import s2sgrad
import s2sgrad.testing
from tests.outsider import programs as P


# ----------------------------------------------------------------------------- pytrees

def leaves(t):
    if isinstance(t, dict):
        return [x for k in sorted(t) for x in leaves(t[k])]
    if isinstance(t, (list, tuple)):
        return [x for v in t for x in leaves(v)]
    return [t]


def unflatten(t, it):
    if isinstance(t, dict):
        return {k: unflatten(t[k], it) for k in sorted(t)}
    if isinstance(t, (list, tuple)):
        return type(t)(unflatten(v, it) for v in t)
    return next(it)


def tmap(fn, *ts):
    ls = [leaves(t) for t in ts]
    return unflatten(ts[0], iter([fn(*xs) for xs in zip(*ls)]))


def vdot(a, b):
    return float(sum(np.sum(np.asarray(x, dtype=np.float64) * np.asarray(y, dtype=np.float64))
                     for x, y in zip(leaves(a), leaves(b))))


def rand_like(t, rng):
    def one(x):
        if isinstance(x, np.ndarray):
            return rng.standard_normal(x.shape).astype(x.dtype)
        return float(rng.standard_normal())
    return tmap(one, t)


def to64(t):
    return tmap(lambda x: np.asarray(x, dtype=np.float64) if isinstance(x, np.ndarray) else float(x), t)


def copy_args(args):
    def cp(x):
        if isinstance(x, np.ndarray):
            return x.copy()
        return x
    return tuple(tmap(cp, a) if not callable(a) else a for a in args)


def allclose_tree(a, b, rtol, atol):
    la, lb = leaves(a), leaves(b)
    assert len(la) == len(lb), (len(la), len(lb))
    for x, y in zip(la, lb):
        np.testing.assert_allclose(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                                   rtol=rtol, atol=atol)


# ----------------------------------------------------------------------------- cases

@dataclass
class Case:
    fn: Callable
    make_args: Callable  # rng -> tuple of arguments
    wrt: tuple = (0,)
    twin: Optional[Callable] = None  # autograd twin; "auto" -> P.autograd_twin(fn)
    rtol: float = 1e-5
    atol: float = 1e-7
    fd_eps: float = 1e-5
    hvp_h: float = 1e-4  # step of the 4-point second difference
    check_kw: dict = field(default_factory=dict)


def _r(*shape):
    return lambda rng: (rng.standard_normal(shape),)


AUTO = "auto"


def _mlp_args(rng):
    widths = [3, 5, 4, 1]
    params = [(0.5 * rng.standard_normal((a, b)), 0.1 * rng.standard_normal(b))
              for a, b in zip(widths[:-1], widths[1:])]
    return params, rng.standard_normal((6, 3)), rng.standard_normal(6)


def _gru_args(rng):
    d, h = 3, 4
    params = {k: 0.4 * rng.standard_normal((d if k[0] == "W" else h, h))
              for k in ["Wz", "Uz", "Wr", "Ur", "Wh", "Uh"]}
    return params, [rng.standard_normal(d) for _ in range(5)]


def _lstm_args(rng):
    d, h, T = 2, 3, 4
    return (0.4 * rng.standard_normal((d + h, 4 * h)), 0.1 * rng.standard_normal(4 * h),
            rng.standard_normal((T, d)), rng.standard_normal((T, h)))


# twin=None (finite differences only) where autograd cannot run the program: in-place array
# assignment (spring_chain, soft_dtw*, edit_like_dp, inplace_accumulate, masked_zero, conv1d_loop,
# scatter_add, fancy_inc_dup, row_view_update), or autograd lacks/breaks the derivative
# (normalize_rows: norm(axis=1, keepdims=True) fails to broadcast; drawdown: maximum.accumulate;
# prod_with_zero: prod's VJP divides by zero; interp_curve, lstsq_fit, clip_kw_minmax).
CASES = {
    "mlp_loss": Case(P.mlp_loss, _mlp_args, twin=AUTO),
    "logreg_l2": Case(P.logreg_l2, lambda rng: (rng.standard_normal(3), 0.1, rng.standard_normal((8, 3)),
                                                (rng.random(8) > 0.5).astype(float), 0.1),
                      wrt=(0, 1), twin=AUTO),
    "softmax_xent": Case(P.softmax_xent, lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal((6, 4)),
                                                      rng.integers(0, 3, 6)), twin=AUTO),
    "rnn_unrolled": Case(P.rnn_unrolled, lambda rng: (0.5 * rng.standard_normal((2, 3)), 0.5 * rng.standard_normal((3, 3)),
                                                      0.1 * rng.standard_normal(3), rng.standard_normal((5, 2)),
                                                      np.zeros(3)), wrt=(0, 1, 2), twin=AUTO),
    "gru_sequence": Case(P.gru_sequence, _gru_args, twin=AUTO),
    "lstm_sequence": Case(P.lstm_sequence, _lstm_args, wrt=(0, 1), twin=AUTO),
    "attention": Case(P.attention, lambda rng: (rng.standard_normal((3, 4)), rng.standard_normal((5, 4)),
                                                rng.standard_normal((5, 2))), wrt=(0, 1, 2), twin=AUTO),
    "multihead_attention": Case(P.multihead_attention,
                                lambda rng: (rng.standard_normal((3, 4)), 0.5 * rng.standard_normal((4, 4)),
                                             0.5 * rng.standard_normal((4, 4)), 0.5 * rng.standard_normal((4, 4)), 2),
                                wrt=(0, 1), twin=P.multihead_attention_ag),
    "gmm_loglik": Case(P.gmm_loglik, lambda rng: (rng.standard_normal((3, 2)), 0.1 * rng.standard_normal(3),
                                                  rng.standard_normal(3), rng.standard_normal((7, 2))),
                       wrt=(0, 1, 2), twin=AUTO),
    "kalman_2d": Case(P.kalman_2d, lambda rng: (np.array([[1.0, 0.1], [0.0, 1.0]]) + 0.05 * rng.standard_normal((2, 2)),
                                                0.1 * np.eye(2) + 0.01 * np.ones((2, 2)),
                                                rng.standard_normal((4, 1)), np.array([[0.5]])),
                      wrt=(0, 1, 2), twin=AUTO),
    "lotka_volterra_euler": Case(P.lotka_volterra_euler, lambda rng: (np.array([1.0, 0.4, 0.3, 0.8]),
                                                                      np.array([1.2, 0.7]), 0.05, 12),
                                 wrt=(0, 1), twin=AUTO),
    "rk4_decay": Case(P.rk4_decay, lambda rng: (0.7, rng.standard_normal(3)), wrt=(0, 1), twin=AUTO),
    "spring_chain": Case(P.spring_chain, lambda rng: (np.arange(4.0) * 1.1 + 0.05 * rng.standard_normal(4),
                                                      1.0 + 0.1 * rng.random(3), 1.0 + 0.1 * rng.random(4), 0.05, 4),
                         wrt=(0, 1, 2)),
    "lennard_jones": Case(P.lennard_jones, lambda rng: (np.array([[0, 0, 0], [1.1, 0, 0], [0, 1.2, 0], [0.1, 0.2, 1.15]])
                                                        + 0.02 * rng.standard_normal((4, 3)),), twin=AUTO, fd_eps=1e-6),
    "pendulum_while": Case(P.pendulum_while, lambda rng: (0.3, 0.1, 9.81, 1.0), wrt=(0, 1, 2, 3), twin=AUTO),
    "soft_dtw": Case(P.soft_dtw, lambda rng: (rng.standard_normal(4), rng.standard_normal(3), 0.5), wrt=(0, 1)),
    "soft_dtw_npmax": Case(P.soft_dtw_npmax, lambda rng: (rng.standard_normal(4), rng.standard_normal(3), 0.5),
                           wrt=(0, 1)),
    "edit_like_dp": Case(P.edit_like_dp, lambda rng: (rng.standard_normal(4), rng.standard_normal(3)), wrt=(0, 1)),
    "pose_fit": Case(P.pose_fit, lambda rng: (np.array([0.3, -0.2]), rng.standard_normal((5, 3)),
                                              rng.standard_normal((5, 3))), twin=P.pose_fit_ag),
    "horner": Case(P.horner, lambda rng: (rng.standard_normal(5), rng.standard_normal(3)), wrt=(0, 1), twin=AUTO),
    "newton_sqrt": Case(P.newton_sqrt, lambda rng: (2.7,), twin=AUTO),
    "quadratic_form": Case(P.quadratic_form, lambda rng: (rng.standard_normal(4), rng.standard_normal((4, 4)),
                                                          rng.standard_normal(4)), wrt=(0, 1, 2), twin=AUTO),
    "huber": Case(P.huber, lambda rng: (np.array([-2.0, -0.3, 0.1, 0.7, 1.8]), 1.0), wrt=(0, 1), twin=AUTO),
    "leaky_piecewise_loop": Case(P.leaky_piecewise_loop, lambda rng: (np.array([-2.0, -0.5, 0.3, 1.5, -0.2]),), twin=AUTO),
    "and_or_logic": Case(P.and_or_logic, lambda rng: (np.array([0.5, -3.0, 0.2, 1.5, 2.5, -0.4]), 2.0),
                         wrt=(0, 1), twin=AUTO),
    "weight_decay_sum": Case(P.weight_decay_sum, lambda rng: ([rng.standard_normal(3) for _ in range(3)],
                                                              rng.standard_normal(3)), wrt=(0, 1), twin=AUTO),
    "dict_linear": Case(P.dict_linear, lambda rng: ({"W": rng.standard_normal(3), "b": 0.2},
                                                    rng.standard_normal((6, 3)), rng.standard_normal(6)), twin=AUTO),
    "batchnorm_loss": Case(P.batchnorm_loss, lambda rng: (rng.standard_normal((5, 3)), 1.0 + 0.1 * rng.standard_normal(3),
                                                          0.1 * rng.standard_normal(3)), wrt=(0, 1, 2), twin=AUTO),
    "closure_loss": Case(P.closure_loss, lambda rng: (rng.standard_normal(4), 1.3), wrt=(0, 1), twin=AUTO),
    "activation_arg": Case(P.activation_arg, lambda rng: (rng.standard_normal((4, 3)), rng.standard_normal((3, 5)),
                                                          rng.standard_normal((5, 2))), wrt=(1, 2), twin=AUTO),
    "relu_mlp": Case(P.relu_mlp, lambda rng: (rng.standard_normal((3, 6)), rng.standard_normal(6),
                                              rng.standard_normal((6, 2)), rng.standard_normal((5, 3))),
                     wrt=(0, 1, 2), twin=AUTO),
    "gp_nll": Case(P.gp_nll, lambda rng: (0.1, 0.2, -1.0, rng.standard_normal((5, 2)), rng.standard_normal(5)),
                   wrt=(0, 1, 2), twin=AUTO),
    "einsum_bilinear": Case(P.einsum_bilinear, lambda rng: (rng.standard_normal(3), rng.standard_normal((3, 4)),
                                                            rng.standard_normal(4)), wrt=(0, 1, 2), twin=AUTO),
    "drawdown": Case(P.drawdown, lambda rng: (0.1 * rng.standard_normal(8),)),
    "cumsum_axis": Case(P.cumsum_axis, _r(3, 4), twin=AUTO),
    "normalize_rows": Case(P.normalize_rows, _r(4, 3)),
    "grad_clip_style": Case(P.grad_clip_style, lambda rng: (np.array([0.1, -2.0, 0.7, 3.0]),
                                                            np.array([1.0, 0.5, -0.3, 0.4])), wrt=(0, 1), twin=AUTO),
    "vae_reparam": Case(P.vae_reparam, lambda rng: (rng.standard_normal(4), 0.1 * rng.standard_normal(4)),
                        wrt=(0, 1), twin=AUTO),
    "noisy_legacy_rng": Case(P.noisy_legacy_rng, lambda rng: (rng.standard_normal(3), rng.standard_normal((5, 3))),
                             twin=AUTO),
    "inplace_accumulate": Case(P.inplace_accumulate, lambda rng: (rng.standard_normal(4), 0.5 * rng.standard_normal((4, 4))),
                               wrt=(0, 1)),
    "masked_zero": Case(P.masked_zero, lambda rng: (rng.standard_normal(6), rng.standard_normal(6)), wrt=(0, 1)),
    "early_exit_loop": Case(P.early_exit_loop, lambda rng: (np.array([0.3, -2.0, 0.1, 0.5, -0.2, 0.4, 0.2, 0.9, 0.1]), 4.5),
                            twin=AUTO),
    "zip_enumerate": Case(P.zip_enumerate, lambda rng: ([rng.standard_normal(3) for _ in range(3)],
                                                        [rng.standard_normal(3) for _ in range(3)]),
                          wrt=(0, 1), twin=AUTO),
    "feature_concat": Case(P.feature_concat, lambda rng: (rng.standard_normal((4, 2)), 0.3 * rng.standard_normal((12, 2))),
                           wrt=(0, 1), twin=P.feature_concat_ag),
    "layer_norm": Case(P.layer_norm, lambda rng: (rng.standard_normal((2, 5)), 1.0 + 0.1 * rng.standard_normal(5),
                                                  0.1 * rng.standard_normal(5)), wrt=(0, 1, 2), twin=AUTO),
    "mlp_float32": Case(P.mlp_float32, lambda rng: (rng.standard_normal((3, 4)).astype(np.float32),
                                                    rng.standard_normal((4, 2)).astype(np.float32),
                                                    rng.standard_normal((5, 3)).astype(np.float32)),
                        wrt=(0, 1), twin=AUTO, rtol=1e-4, atol=1e-5, fd_eps=1e-4,
                        check_kw=dict(rtol=1e-4, atol=1e-5)),
    "scalar_physics": Case(P.scalar_physics, lambda rng: (20.0, 0.6, 0.05), wrt=(0, 1, 2), twin=AUTO),
    "list_to_array": Case(P.list_to_array, _r(5), twin=AUTO),
    "conv1d_loop": Case(P.conv1d_loop, lambda rng: (rng.standard_normal(7), rng.standard_normal(3), 0.1), wrt=(0, 1, 2)),
    "scatter_add": Case(P.scatter_add, lambda rng: (rng.standard_normal(6), np.array([0, 1, 1, 3, 0, 1]))),
    "fancy_inc_dup": Case(P.fancy_inc_dup, lambda rng: (rng.standard_normal(6), np.array([0, 1, 1, 3, 0, 2]))),
    "row_view_update": Case(P.row_view_update, _r(3, 2)),
    "pca_eigh": Case(P.pca_eigh, _r(8, 3), twin=AUTO),
    "debug_prints": Case(P.debug_prints, _r(4), twin=AUTO),
    "interp_curve": Case(P.interp_curve, lambda rng: (rng.standard_normal(5), np.array([0.1, 0.33, 0.52, 0.9]))),
    # autograd has no gradient of norm(ord=1): finite differences only
    "norms_ord": Case(P.norms_ord, lambda rng: (rng.standard_normal(3), rng.standard_normal((2, 3))), wrt=(0, 1)),
    "clip_kw_minmax": Case(P.clip_kw_minmax, lambda rng: (np.array([0.5, -1.0, 2.0, 0.1]),)),
    "hmm_forward": Case(P.hmm_forward, lambda rng: (np.log(np.full((3, 3), 0.2) + 0.4 * np.eye(3)), np.log(np.full(3, 1 / 3)),
                                                    rng.standard_normal((3, 4)), np.array([0, 2, 1, 3, 3])),
                        wrt=(0, 1, 2), twin=AUTO),
    "backward_recursion": Case(P.backward_recursion, lambda rng: (rng.standard_normal(5), 0.9), wrt=(0, 1), twin=AUTO),
    "decoder_feedback": Case(P.decoder_feedback, lambda rng: (0.5 * rng.standard_normal((3, 3)), rng.standard_normal(3), 4),
                             wrt=(0, 1), twin=AUTO),
    "sgd_dict_update": Case(P.sgd_dict_update, lambda rng: ({"w": rng.standard_normal(3), "b": 0.1},
                                                            rng.standard_normal((6, 3)), rng.standard_normal(6), 0.3),
                            wrt=(0, 3), twin=AUTO),
    "prod_with_zero": Case(P.prod_with_zero, lambda rng: (np.array([0.5, 0.0, 0.8, 0.3]),)),
    "where_log_trap": Case(P.where_log_trap, lambda rng: (np.array([0.5, -1.0, 2.0, -0.3, 1.5]),), twin=AUTO),
    "errstate_block": Case(P.errstate_block, lambda rng: (np.array([0.5, 1.0, 2.0]),), twin=AUTO),
    "lstsq_fit": Case(P.lstsq_fit, lambda rng: (rng.standard_normal((9, 3)), rng.standard_normal(9)), wrt=(0, 1)),
}


def _sel(case, args):
    return tuple(args[i] for i in case.wrt)


def _with(case, args, sub):
    args = list(args)
    for i, v in zip(case.wrt, sub):
        args[i] = v
    return tuple(args)


def _args(name):
    return CASES[name].make_args(np.random.default_rng(1234))


def _twin(case):
    if case.twin is None:
        return None
    tw = P.autograd_twin(case.fn) if case.twin == AUTO else case.twin
    return tw


def _twin_args(args):
    # functions from programs passed as arguments run as their twins too
    return tuple(P.autograd_twin(a) if P.is_program_function(a) else a
                 for a in args)


def _ag_grad(case, args):
    import autograd
    tw = _twin(case)
    targs = _twin_args(args)
    return autograd.grad(lambda sub: tw(*_with(case, targs, sub)))(to64(_sel(case, args)))


def _ag_hvp(case, args, u):
    tw = _twin(case)
    targs = _twin_args(args)

    from autograd.differential_operators import make_hvp
    hvp_fn, _ = make_hvp(lambda s: tw(*_with(case, targs, s)))(to64(_sel(case, args)))
    return hvp_fn(to64(u))


def _f64(case, args, sub):
    return float(case.fn(*copy_args(_with(case, args, sub))))


def _shift(sub, dirs_and_steps):
    out = to64(sub)
    for d, h in dirs_and_steps:
        out = tmap(lambda x, y: x + h * np.asarray(y, dtype=np.float64) if isinstance(x, np.ndarray) else x + h * float(y),
                   out, d)
    return out


def _fd_dir(case, args, u):
    sub = _sel(case, args)
    h = case.fd_eps
    return (_f64(case, args, _shift(sub, [(u, h)])) - _f64(case, args, _shift(sub, [(u, -h)]))) / (2 * h)


def _fd_second(case, args, u, w):
    sub = _sel(case, args)
    h = case.hvp_h
    f = lambda a, b: _f64(case, args, _shift(sub, [(u, a), (w, b)]))
    return (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)


def _tangents(case, args, u):
    t = [None] * len(args)
    for i, ui in zip(case.wrt, u):
        t[i] = ui
    return tuple(t)


def _check_structure(g, x):
    for gi, xi in zip(leaves(g), leaves(x)):
        if isinstance(xi, np.ndarray):
            assert np.shape(gi) == xi.shape, (np.shape(gi), xi.shape)
            assert np.asarray(gi).dtype == xi.dtype, (np.asarray(gi).dtype, xi.dtype)


def _wrt(case):
    # a single index, as hvp uses, so that reverse and hvp share one compiled gradient
    return case.wrt[0] if len(case.wrt) == 1 else case.wrt


def run_reverse(name):
    case = CASES[name]
    args = _args(name)
    expected = case.fn(*copy_args(args))
    value, g = s2sgrad.value_and_grad(case.fn, wrt=_wrt(case))(*copy_args(args))
    if len(case.wrt) == 1:
        g = (g,)
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-12)
    _check_structure(g, _sel(case, args))
    if case.twin is not None:
        allclose_tree(g, _ag_grad(case, args), case.rtol, case.atol)
    else:
        rng = np.random.default_rng(7)
        for _ in range(2):
            u = rand_like(_sel(case, args), rng)
            np.testing.assert_allclose(vdot(g, u), _fd_dir(case, args, u), rtol=1e-5, atol=1e-6)
    s2sgrad.testing.check_grads(case.fn, copy_args(args), wrt=_wrt(case), **case.check_kw)


def run_forward(name):
    case = CASES[name]
    args = _args(name)
    expected = case.fn(*copy_args(args))
    u = rand_like(_sel(case, args), np.random.default_rng(3))
    value, t = s2sgrad.jvp(case.fn, copy_args(args), _tangents(case, args, u))
    np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-12)
    if case.twin is not None:
        ref = vdot(_ag_grad(case, args), u)
    else:
        ref = _fd_dir(case, args, u)
    np.testing.assert_allclose(float(t), ref, rtol=max(case.rtol, 1e-5), atol=max(case.atol, 1e-6))
    s2sgrad.testing.check_jvp(case.fn, copy_args(args), wrt=_wrt(case), **case.check_kw)


def run_hvp(name):
    case = CASES[name]
    args = _args(name)
    rng = np.random.default_rng(5)
    u = rand_like(_sel(case, args), rng)
    w = rand_like(_sel(case, args), rng)
    hv = s2sgrad.hvp(case.fn, copy_args(args), _tangents(case, args, u))
    hv = tuple(h for h in (hv if isinstance(hv, tuple) and len(case.wrt) > 1 else (hv,)) if h is not None)
    assert len(hv) == len(case.wrt), hv
    _check_structure(hv, _sel(case, args))
    if case.twin is not None:
        allclose_tree(hv, _ag_hvp(case, args, u), max(case.rtol, 1e-5), max(case.atol, 1e-6))
    scale = max(1.0, abs(vdot(hv, w)))
    np.testing.assert_allclose(vdot(hv, w), _fd_second(case, args, u, w),
                               rtol=2e-3 if case.check_kw else 2e-4, atol=2e-4 * scale)


MODES = {"reverse": run_reverse, "forward": run_forward, "hvp": run_hvp}

# (program, mode) -> observed symptom.  Reproducers: /tmp/core_bugs/outsider_*.py
_ALL = ("reverse", "forward", "hvp")
_XFAIL_PROGRAMS = {
    # crashes inside s2sgrad or in the code it generates
    # refusals (UserCodeError / NoRuleError with a location)
    "row_view_update": "REFUSED 'in-place update of `row`, which ... may be shared with another name': row = Y[0]; "
                       "row *= 2 (a UserCodeError at compile time, or SharedUpdateError at run time)",
    "interp_curve": "REFUSED UserCodeError '`np.interp` has no derivative with respect to its argument `fp`'",
    "errstate_block": "REFUSED UserCodeError '`with` is supported only as a gradient hook': with np.errstate(...)",
}
XFAIL = {(name, mode): reason for name, reason in _XFAIL_PROGRAMS.items() for mode in _ALL}


def _params():
    for name in CASES:
        for mode in MODES:
            marks = []
            if name == "where_log_trap":  # the user's np.log of negatives in the unselected branch
                marks.append(pytest.mark.filterwarnings("ignore:invalid value encountered in log:RuntimeWarning"))
            if (name, mode) in XFAIL:
                marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[(name, mode)]))
            yield pytest.param(name, mode, id=f"{name}-{mode}", marks=marks)


@pytest.mark.parametrize("name,mode", list(_params()))
def test_outsider(name, mode):
    MODES[mode](name)
