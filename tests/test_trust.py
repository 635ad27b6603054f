"""Trust: programs written the way people write them, each once wrong or crashing.

Every function here is a class of bug that gave a silently wrong gradient or an internal
error.  Each is checked in reverse mode against central finite differences with the
dot-product test, in forward mode the same way, and against autograd as an oracle where
autograd can run the function.
"""

import collections
import dataclasses
import functools
import heapq
import importlib.util
import itertools
import inspect
import math
import re
import operator
import sys

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import scipy.linalg as scipy_linalg

import s2sgrad
from s2sgrad.api import compiled
from s2sgrad.runtime import SharedUpdateError
from s2sgrad.testing import check_grads, check_jvp
from tests.helpers import gradient_by_differences, load_module, run_cli

RNG = np.random.default_rng(0)


def _mlp(x, params):
    for W, b in params:
        out = x @ W + b
        x = np.tanh(out)
    return np.sum(out ** 2)


def mlp_list(x, W1, b1, W2, b2):
    """The canonical layer loop over differently shaped parameters."""
    return _mlp(x, [(W1, b1), (W2, b2)])


def mlp_inline(x, params):
    for W, b in params:
        out = x @ W + b
        x = np.tanh(out)
    return np.sum(out ** 2)


def older_value_in_loop(x, Ws):
    """`q` from the previous iteration meets this iteration's values: it may have another shape."""
    total = 0.0
    for i in range(len(Ws)):
        out = x @ Ws[i]
        s = out * 2.0
        if i > 0:
            z = s + q      # noqa: F821 -- bound from the second iteration on
            total = total + np.sum(z * z)
        q = out * 1.0
    return total


def last_of_loop(x, Ws):
    """Only the last iteration's value reaches the output; earlier ones have other shapes."""
    for W in Ws:
        y = np.sin(x @ W)
    return np.sum(y)


def loop_may_not_run(x, n):
    total = np.sum(x)
    for i in range(n):
        t = x * float(i)
        total = total + np.sum(t)
    return total


def alias_then_augment(s):
    t = s
    t *= s
    t += s
    return t * s


def alias_then_augment_array(x):
    y = x * 1.0
    z = y
    z = z * 2.0
    y += z
    return np.sum(y * z)


def or_value(x, y):
    v = np.sum(x * 0.0) or np.sum(y * y)
    return v


def or_constant(x):
    return 0.0 or np.sum(np.sin(x))


def and_value(x, y):
    v = np.sum(x * x) and np.sum(np.cos(y))
    return v


def _decay(a, b):
    a -= 0.5 * np.sin(b)
    return a


def callee_update_read_after(x):
    y = x * 1.0
    _decay(y, x)
    return np.sum(y * x)        # y is the decayed array here: the callee's update is seen


def callee_update_passed_twice(x):
    y = np.tanh(x)
    z = _decay(y, y)            # b is a: the update changes what sin(b) reads
    return np.sum(z)


def callee_update_fresh(x):
    y = np.tanh(x)
    z = _decay(y, x)            # y is made here and never read again: the update is a new value
    return np.sum(z * z)


CASES = [
    (mlp_list, lambda: [RNG.standard_normal((4, 3)), RNG.standard_normal((3, 1)), RNG.standard_normal(1),
                        RNG.standard_normal((1, 2)), RNG.standard_normal(2)], (0, 1, 2, 3, 4)),
    (mlp_list, lambda: [RNG.standard_normal((4, 3)), RNG.standard_normal((3, 5)), RNG.standard_normal(5),
                        RNG.standard_normal((5, 2)), RNG.standard_normal(2)], (0, 1, 2, 3, 4)),
    (older_value_in_loop, lambda: [RNG.standard_normal((4, 3)), [RNG.standard_normal((3, 1)),
                                                                  RNG.standard_normal((3, 2))]], 0),
    (last_of_loop, lambda: [RNG.standard_normal((2, 3)), [RNG.standard_normal((3, 4)),
                                                           RNG.standard_normal((3, 1))]], 0),
    (loop_may_not_run, lambda: [RNG.standard_normal(3), 0], 0),
    (loop_may_not_run, lambda: [RNG.standard_normal(3), 3], 0),
    (alias_then_augment, lambda: [1.3], 0),
    (alias_then_augment_array, lambda: [RNG.standard_normal(3)], 0),
    (or_value, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], (0, 1)),
    (or_constant, lambda: [RNG.standard_normal(3)], 0),
    (and_value, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], (0, 1)),
]


def comprehension_reuses_loop_name(x):
    """The comprehension's own `k` is not the loop's `k`: the loop runs three times."""
    k = 0
    total = 0.0
    while k < 3:
        ys = [x * (k + 1.0) for k in range(3)]
        total = total + np.sum(ys[0]) * k
        k = k + 1
    return total


K = 5.0


def comprehension_hides_global(x):
    ys = [x * K for K in range(3)]
    return np.sum(ys[2]) * K


CASES += [
    (comprehension_reuses_loop_name, lambda: [RNG.standard_normal(2)], 0),
    (comprehension_hides_global, lambda: [RNG.standard_normal(2)], 0),
]


def test_comprehension_leaves_the_function_s_names_alone():
    x = RNG.standard_normal(2)
    value, _ = s2sgrad.value_and_grad(comprehension_reuses_loop_name)(x)
    assert value == comprehension_reuses_loop_name(x)
    value, _ = s2sgrad.value_and_grad(comprehension_hides_global)(x)
    assert value == comprehension_hides_global(x)



# -- in-place writes: a write no other name sees follows NumPy; one another name sees is refused --
def rotation_filled_in_place(t):
    R = np.eye(3)
    R[1, 1] = np.cos(t)
    R[1, 2] = -np.sin(t)
    R[2, 1] = np.sin(t)
    R[2, 2] = np.cos(t)
    return np.sum(R @ np.array([1.0, 2.0, 3.0]))


def table_filled_in_place(x):
    n = x.shape[0]
    D = np.zeros((n + 1, n + 1))
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            D[i, j] = np.logaddexp(D[i - 1, j], D[i, j - 1]) + x[i - 1] * x[j - 1]
    return D[n, n]


def alias_rebound_before_update(x):
    y = x * 1.0
    z = y
    z = z * 2.0
    y += z
    return np.sum(y * z)


def alias_read_before_write(x):
    """z is y's array, read (by the product's adjoint) before y is written: the adjoint restores it."""
    y = x * 1.0
    z = y
    s = np.sum(z * x)
    y[0] = 2.0
    return s + np.sum(y * x)


def container_dead_before_write(x):
    y = x * 1.0
    items = [y]
    first = np.sum(items[0] * x)
    y[1] = 3.0
    return first + np.sum(y * y)


CASES += [
    (rotation_filled_in_place, lambda: [0.3], 0),
    (table_filled_in_place, lambda: [RNG.uniform(-1, 1, 4)], 0),
    (alias_rebound_before_update, lambda: [RNG.standard_normal(3)], 0),
    (alias_read_before_write, lambda: [RNG.standard_normal(3)], 0),
    (container_dead_before_write, lambda: [RNG.standard_normal(3)], 0),
    (callee_update_fresh, lambda: [RNG.standard_normal(3)], 0),
]


def _ident(a):
    return a


def _put(a, v):
    a[0] = v
    return 0.0


def alias_through_list(x):
    y = x * 1.0
    items = [y]
    y[0] = 5.0
    return np.sum(items[0] * x)


def alias_through_dict(x):
    y = x * 1.0
    table = {"a": y}
    y[0] = 5.0
    return np.sum(table["a"] * x)


def alias_through_append(x):
    y = x * 1.0
    items = []
    items.append(y)
    y[0] = 5.0
    return np.sum(items[0] * x)


def alias_through_unpacking(x):
    y = x * 1.0
    a, b = y, y
    a[0] = 5.0
    return np.sum(b * x)


def alias_through_conditional(x, c):
    y = x * 1.0
    z = x * 2.0
    a = y if c > 0 else z
    a[0] = 5.0
    return np.sum(y * x)


def alias_through_helper(x):
    y = x * 1.0
    a = _ident(y)
    a[0] = 5.0
    return np.sum(y * x)


def alias_through_closure(x):
    y = x * 1.0

    def get():
        return y
    a = get()
    a[0] = 5.0
    return np.sum(y * x)


def alias_through_no_copy_array(x):
    y = x * 1.0
    a = np.asarray(y)
    a[0] = 5.0
    return np.sum(y * x)


def alias_through_no_copy_astype(x):
    y = x * 1.0
    a = y.astype(np.float64, copy=False)
    a[0] = 5.0
    return np.sum(y * x)


def alias_through_augmented_view(x):
    y = x * 1.0
    v = y[1:]
    v += 1.0
    return np.sum(y * x)


def write_through_callee(x):
    y = x * 1.0
    _put(y, 5.0)
    return np.sum(y * x)


def write_with_copyto(x):
    y = np.zeros(3)
    np.copyto(y, x)
    return np.sum(y * y)


def write_with_out(x):
    y = np.zeros(3)
    np.multiply(x, x, out=y)
    return np.sum(y)


def write_with_fill(x):
    y = x * 2.0
    y.fill(1.0)
    return np.sum(y * x)


def augmented_alias(x, c):
    y = x * 1.0
    u = y
    u += x * c
    return np.sum(y * y) * c


def write_with_out_result(x):
    y = np.empty_like(x)
    z = np.sin(x, out=y)
    return np.sum(z * y)


CASES += [(write, lambda: [RNG.standard_normal(3)], 0)
          for write in (write_with_copyto, write_with_out, write_with_fill, write_with_out_result)]


def numpy_scalar_alias_augmented(x, c):
    s = np.sum(x) * 0.5
    acc = s0 = s
    acc *= s
    return acc * c + s0


def float_accumulator(r):
    acc = 0.0
    acc += r
    return acc * acc


def list_reversed_into_itself(x):
    out = [x[0] * 2.0, x[1] * 3.0, np.sin(x[2])]
    out = out[::-1]
    return out[0] + out[2] * out[1]


CASES += [(numpy_scalar_alias_augmented, lambda: [RNG.standard_normal(4), 0.8], (0, 1)),
          (float_accumulator, lambda: [3.2], 0),
          (list_reversed_into_itself, lambda: [RNG.standard_normal(3)], 0)]


def write_into_argument(x):
    x[0] = 1.0
    return np.sum(x * x)


def closure_appends_to_captured_list(x):
    acc = [x]

    def push():
        acc.append(acc[-1] * 2.0)
    push()
    return np.sum(acc[-1])


REFUSED_WRITES = [
    (alias_through_list, "items"), (alias_through_dict, "table"), (alias_through_append, "items"),
    (alias_through_unpacking, "b"), (alias_through_conditional, "y"), (alias_through_helper, "y"),
    (alias_through_closure, "y"), (alias_through_no_copy_array, "y"), (alias_through_no_copy_astype, "y"),
    (write_through_callee, "writes into `y`"), (write_into_argument, "argument"),
    (closure_appends_to_captured_list, "writes into `acc`"),
    (callee_update_read_after, "`_decay` writes into `y` of `callee_update_read_after`"),
    (callee_update_passed_twice, "`_decay` writes into `y` of `callee_update_passed_twice`"),
]


# -- fresh arrays filled in place, lists handed to NumPy, repeated indices ------------------------
ROWS, COLS = np.tril_indices(3, -1)


def off_diagonal_stack(L, v):
    """A fresh array written with fancy indices, next to an adjoint of the same value (`off + L`)."""
    off = np.zeros_like(L)
    off[:, ROWS, COLS] = v
    return np.sum((off + L) ** 2)


def list_to_array(x):
    terms = []
    for i in range(3):
        terms.append(x[i] * x[i + 1])
    return np.sum(np.array(terms) ** 2)


def list_to_sum(x, y):
    return np.sum([np.sin(x), y * y])


def repeated_index_update(x, v):
    y = x * 1.0
    y[[0, 0, 2]] += v
    return np.sum(y * y)


def repeated_index_store(x, v):
    y = x * 1.0
    y[[1, 1, 3]] = v
    return np.sum(y * y * x)


def fixed_argument_varies_in_loop(x, u):
    """Held fixed (no tangent given), `u` varies from the first iteration on."""
    for i in range(3):
        u = u * x + np.sin(u)
    return np.sum(u)


CASES += [
    (off_diagonal_stack, lambda: [RNG.standard_normal((2, 3, 3)), RNG.standard_normal((2, 3))], (0, 1)),
    (list_to_array, lambda: [RNG.standard_normal(4)], 0),
    (list_to_sum, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], (0, 1)),
    (repeated_index_update, lambda: [RNG.standard_normal(4), 1.5], (0, 1)),
    (repeated_index_update, lambda: [RNG.standard_normal(4), RNG.standard_normal(3)], (0, 1)),
    (repeated_index_store, lambda: [RNG.standard_normal(4), RNG.standard_normal(3)], (0, 1)),
    (fixed_argument_varies_in_loop, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], 0),
]


# -- names: a default read from a global, a global named like an emitted function -----------------
SCALE = 2.0


def default_from_global(x, s=SCALE):
    return np.sum(np.sin(x) * s)


def _triple(v):
    return v * 3.0


fwd__triple = 7.0


def global_named_like_emitted_function(x):
    return np.sum(_triple(x) * fwd__triple)


CASES += [(default_from_global, lambda: [RNG.standard_normal(3)], 0),
          (global_named_like_emitted_function, lambda: [RNG.standard_normal(3)], 0)]


# -- rules bound as Python binds a call; index tricks refused, not given a zero --------------------
def svd_with_keywords(x):
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    return np.sum(s ** 2) + np.sum(u[0] * vt[0])


CASES += [(svd_with_keywords, lambda: [RNG.standard_normal((4, 3))], 0)]


def index_trick(x, y):
    return np.sum(np.r_["0", x, y] ** 2)          # a directive string: np.r_ stays an index


def joined_by_index_trick(x, y):
    return np.sum(np.r_[x, y, 0.5] ** 2) + np.sum(np.c_[x, y] ** 3)


def einsum_of_five(x, y, z):
    return np.einsum("i,i,i,i,i->", x, y, z, x, y)


def zipped_pairs(x, y):
    pairs = list(zip(x, y))
    return sum(a * b for a, b in pairs)


def enumerated_items(x):
    items = list(enumerate(x))
    return sum(v * i for i, v in items)


def running_product(x):
    return np.sum(np.nancumprod(x * 3.0))


def hinge_loss(w, X, y):
    total = 0.0
    for i in range(len(y)):
        total = total + max(0.0, 1.0 - y[i] * np.dot(w, X[i]))
    return total


def extremes_of_three(a, b, c):
    return max(a, b, c) + min(a * 2.0, b, c * 0.5) * 3.0


def copied_parameters(params, x):
    p = dict(params)
    p["W"] = p["W"] * 2.0
    return np.sum(np.tanh(x @ p["W"]) + p["b"])


def max_of_a_list(x, c):
    return np.max([np.sum(x), c * 0.5]) * c


CASES += [
    (hinge_loss, lambda: [RNG.standard_normal(3), RNG.standard_normal((5, 3)), np.array([1.0, -1, 1, -1, 1])], 0),
    (extremes_of_three, lambda: [0.3, 1.2, -0.4], (0, 1, 2)),
    (copied_parameters, lambda: [{"W": RNG.standard_normal((3, 2)), "b": RNG.standard_normal(2)},
                                 RNG.standard_normal((4, 3))], 0),
    (max_of_a_list, lambda: [RNG.standard_normal(4), 0.8], (0, 1)),
]


def map_of_a_lambda(xs):
    ys = list(map(lambda v: v * 2.0 + np.sin(v), xs))
    return np.sum(ys[0]) + np.sum(ys[1] ** 2)


# once refused
CASES += [(zipped_pairs, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], (0, 1)),
          (joined_by_index_trick, lambda: [RNG.standard_normal(3), RNG.standard_normal(3)], (0, 1)),
          (map_of_a_lambda, lambda: [[RNG.standard_normal(2), RNG.standard_normal(2)]], 0)]


@pytest.mark.parametrize("fn, why", [(index_trick, "index of np.r_"), (einsum_of_five, "5 operands"),
                                     (enumerated_items, "`enumerate`"),
                                     (running_product, "`np.nancumprod`")])
def test_calls_that_would_give_a_silent_zero_are_refused(fn, why):
    args = [RNG.standard_normal(3) for _ in range(fn.__code__.co_argcount)]
    for transform in (lambda: s2sgrad.grad(fn, wrt=tuple(range(len(args))))(*args),
                      lambda: s2sgrad.jvp(fn, args, [a for a in args])):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        assert "tests/test_trust.py:" in str(info.value) and why in str(info.value)
        assert "d_result" not in str(info.value)


# -- the iterable of a loop, tests that are not names ------------------------------------------
def loop_over_rebound_iterable(x, c):
    """Python evaluates `y` once: the loop walks the original even though its body rebinds it."""
    y = x * 2.0
    w = x * 1.0
    for u in y:
        w = w + u * c
        y = np.sin(w) * c
    return np.sum(w * w) * c


def constant_test(x):
    if True:
        y = x * 2.0
    else:
        y = x
    while 0:
        y = y * 3.0
    return np.sum(y * y)


def comprehension_in_a_loop_test(x):
    y = x * 1.0
    k = 0
    while sum([v * v for v in y]) < 10.0 and k < 5:
        y = y * 1.5
        k = k + 1
    return np.sum(y)


def list_rebuilt_each_iteration(x, c):
    for j in range(2):
        parts = [x * (m + c) for m in range(3)]
    return np.sum(parts[0] * parts[2])


def copy_by_arithmetic_then_store(x, c):
    """`z = w * 1.0` is a new array: its tangent must not be the one `w[1] = ...` updates."""
    w = x * 1.0
    z = w * 1.0
    w[1] = w[1] * c
    return np.sum(z * z) * c + np.sum(w)


def closure_with_an_inner_function(x, n=3):
    total = x * 0.0
    for i in range(n):
        def g(v):
            def h(u):
                i = 2.0
                return u * i
            return h(v) + i
        total = total + g(x)
    return np.sum(total * total)


CASES += [(list_rebuilt_each_iteration, lambda: [RNG.standard_normal(3), 0.7], (0, 1)),
          (copy_by_arithmetic_then_store, lambda: [RNG.standard_normal(4), 0.8], (0, 1)),
          (closure_with_an_inner_function, lambda: [RNG.standard_normal(2)], 0)]

CASES += [(loop_over_rebound_iterable, lambda: [RNG.standard_normal(4), 0.8], (0, 1)),
          (constant_test, lambda: [RNG.standard_normal(3)], 0),
          (comprehension_in_a_loop_test, lambda: [RNG.standard_normal(3)], 0)]



def where_float_condition(x, c):
    """A float condition (nonzero is True) selects: it has no derivative of its own."""
    w = np.where(x, x, x * c)
    v = np.where(x * c, 1.0, 2.0)           # only the condition is active
    return np.sum(w * w + v * x) * c


CASES += [(where_float_condition, lambda: [RNG.uniform(0.2, 1.0, 4) * RNG.choice([-1.0, 1.0], 4), 0.8], (0, 1))]


# -- complex values in the middle: |z|, Im, conj and angle are not holomorphic ---------------------
PHASES = np.exp(1j * np.linspace(0.0, 2.0, 4))


def abs_of_complex(x):
    return np.sum(np.abs(x * (1 + 2j)))


def imag_of_complex(x):
    return np.sum(np.imag(x * (1 + 2j)) * x)


def conj_of_complex(x):
    return np.sum(np.real(np.conj(x * (1 + 2j)) * 1j) * x)


def angle_of_complex(x):
    return np.sum(np.angle(x * (1 + 2j) + 0.5j) * x)


def power_spectrum(x):
    return np.sum(np.abs(np.fft.rfft(x)) ** 2 * np.arange(1.0, 4.0))


def complex_global(x):
    return np.sum(np.abs(PHASES * x) ** 3)


def _spectrum(x):
    return np.fft.fft(x)


def spectrum_from_a_helper(x):
    return np.sum(np.abs(_spectrum(x)))


COMPLEX_CASES = [abs_of_complex, imag_of_complex, conj_of_complex, angle_of_complex, power_spectrum,
                 complex_global, spectrum_from_a_helper]
CASES += [(fn, lambda: [RNG.uniform(0.3, 1.0, 4) * np.array([1.0, -1.0, 1.0, -1.0])], 0) for fn in COMPLEX_CASES]

_AUTOGRAD_COMPLEX = {
    abs_of_complex: lambda x: anp.sum(anp.abs(x * (1 + 2j))),
    imag_of_complex: lambda x: anp.sum(anp.imag(x * (1 + 2j)) * x),
    conj_of_complex: lambda x: anp.sum(anp.real(anp.conj(x * (1 + 2j)) * 1j) * x),
    angle_of_complex: lambda x: anp.sum(anp.angle(x * (1 + 2j) + 0.5j) * x),
    power_spectrum: lambda x: anp.sum(anp.abs(anp.fft.rfft(x)) ** 2 * anp.arange(1.0, 4.0)),
    complex_global: lambda x: anp.sum(anp.abs(PHASES * x) ** 3),
    spectrum_from_a_helper: lambda x: anp.sum(anp.abs(anp.fft.fft(x))),
}


@pytest.mark.parametrize("fn", COMPLEX_CASES, ids=lambda fn: fn.__name__)
@pytest.mark.filterwarnings("error::numpy.exceptions.ComplexWarning")
def test_complex_values_in_the_middle_match_autograd(fn):
    """A real input's gradient through complex values: real, and autograd's."""
    x = RNG.uniform(0.3, 1.0, 4) * np.array([1.0, -1.0, 1.0, -1.0])
    got = s2sgrad.grad(fn)(x)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, autograd.grad(_AUTOGRAD_COMPLEX[fn])(x), rtol=1e-10, atol=1e-12)


def closure_reads_a_name_its_inner_function_rebinds(x):
    """`scale` is g's free name; h binds a `scale` of its own, which must not hide g's read
    (g is kept, not called: the assignment of `scale` must stay)."""
    scale = np.sum(x) * 0.5

    def g(u):
        def h(v):
            scale = 2.0
            return v * scale
        return h(u) * scale
    box = {}
    box["g"] = g
    return np.sum(x * x) * 2.0


CASES += [(closure_reads_a_name_its_inner_function_rebinds, lambda: [RNG.standard_normal(3)], 0)]


# -- a tangent taken as it is (`x * 1.0` has the tangent t_x) and written through a view --------
def view_of_a_scaled_copy_written(x):
    y = (x * 1.0).ravel()
    y[0] = 3.0 * y[1]
    return np.sum(y * y) + np.sum(x ** 3)


def slice_of_a_shifted_copy_written(x):
    h = x + np.array([0.1, 0.2, 0.3, 0.4])
    head = h[:2]
    head[0] = np.tanh(head[0])
    return np.sum(head ** 2) + np.sum(x ** 3)


def tail_of_a_copy_written(x):
    y = x * 1.0
    z = y[1:]
    z[0] = 2 * x[0]
    return np.sum(z ** 2) + np.sum(x ** 3)


# -- a store whose value is its own target: `y[i] = y` ----------------------------------------
def stored_into_itself(x):
    y = x * 2.0
    y[0:4] = y
    return np.sum(y * x)


def stored_reversed_into_itself(x):
    y = x * 2.0
    y[::-1] = y
    return np.sum(y * x)


def stored_permuted_into_itself(x):
    y = x * 2.0
    for _ in range(2):
        y[[1, 2, 3, 0]] = y
    return np.sum(y * np.sin(x))


CASES += [(fn, lambda: [RNG.standard_normal(4)], 0)
          for fn in (view_of_a_scaled_copy_written, slice_of_a_shifted_copy_written, tail_of_a_copy_written,
                     stored_into_itself, stored_reversed_into_itself, stored_permuted_into_itself)]


# -- builtins over an array: its rows are the items, their cotangents one array again -------------
def builtin_sum_of_squares(x):
    return sum(x ** 2) * x[0]


def builtin_sum_of_a_scaled_copy(x):
    return sum(x * 3.0) + math.fsum(2 * x) * x[1]


def list_of_an_array(x):
    vals = list(x * 2.0)
    return vals[0] * vals[1] + sum(vals)


def rows_summed_by_the_builtin(x):
    X = np.reshape(x, (2, 2))
    return np.sum(sum(X ** 2) * np.array([1.0, 2.0])) + math.prod(x * 1.5)


CASES += [(fn, lambda: [RNG.standard_normal(4)], 0)
          for fn in (builtin_sum_of_squares, builtin_sum_of_a_scaled_copy, list_of_an_array,
                     rows_summed_by_the_builtin)]


def test_jvp_leaves_the_callers_tangent_alone():
    u = RNG.standard_normal(4)
    kept = u.copy()
    s2sgrad.jvp(view_of_a_scaled_copy_written, (RNG.standard_normal(4),), (u,))
    np.testing.assert_array_equal(u, kept)

def test_loop_over_rebound_iterable_computes_what_the_function_computes():
    x = RNG.standard_normal(4)
    value, _ = s2sgrad.value_and_grad(loop_over_rebound_iterable)(x, 0.8)
    assert value == loop_over_rebound_iterable(x, 0.8)


def test_nested_loops_are_not_reversed_again_per_enclosing_iteration(tmp_path, monkeypatch):
    """Each loop's adjoint is made once per change of the state at its head, not once per
    iteration of every enclosing loop (that doubled the work with each level of nesting)."""
    from s2sgrad.transforms.reverse import Reverse
    lines = ["import numpy as np", "def f(x, c):", "    y = x * 1.0", "    z = x * 2.0"]
    indent = "    "
    for level in range(8):
        lines.append(f"{indent}for i{level} in range(2):")
        indent += "    "
        lines.append(f"{indent}z = z * c + np.sin(y)")
    lines += [f"{indent}y = np.tanh(y * z)", "    return np.sum(y * z)"]
    path = tmp_path / "nested_loops.py"
    path.write_text("\n".join(lines) + "\n")
    spec = importlib.util.spec_from_file_location("nested_loops", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls = []
    original = Reverse._gen_loop
    monkeypatch.setattr(Reverse, "_gen_loop", lambda self, *a: calls.append(1) or original(self, *a))
    s2sgrad.emit(module.f, wrt=(0, 1))
    assert len(calls) < 8 * 8 * 2, len(calls)          # 2 ** 9 before


# -- effects: random draws, seeding and I/O are never moved or dropped ---------------------------
def random_draws(x):
    np.random.seed(0)
    a = np.random.randn(3)
    b = np.random.randn(3)
    return np.sum(b * x) + np.sum(a * x * x)


def generator_draws(x):
    rng = np.random.default_rng(1)
    a = rng.standard_normal(3)
    b = rng.standard_normal(3)
    return np.sum(a * x) * np.sum(b * x)

def _id(case):
    return case[0].__name__


@pytest.mark.parametrize("case", CASES, ids=[f"{_id(c)}-{i}" for i, c in enumerate(CASES)])
def test_reverse_mode_matches_finite_differences(case):
    fn, make, wrt = case
    check_grads(fn, make(), wrt=wrt)


@pytest.mark.parametrize("case", CASES, ids=[f"{_id(c)}-{i}" for i, c in enumerate(CASES)])
def test_forward_mode_matches_finite_differences_and_reverse_mode(case):
    fn, make, wrt = case
    check_jvp(fn, make(), wrt=wrt)


def test_layer_loop_gradient_matches_autograd():
    def loss(params, x):
        for W, b in params:
            out = anp.dot(x, W) + b
            x = anp.tanh(out)
        return anp.sum(out ** 2)

    x = RNG.standard_normal((4, 3))
    params = [(RNG.standard_normal((3, 1)), RNG.standard_normal(1)),
              (RNG.standard_normal((1, 2)), RNG.standard_normal(2))]
    want = autograd.grad(loss)(params, x)
    got = s2sgrad.grad(mlp_inline, wrt=1)(x, params)
    for (gw, gb), (ww, wb) in zip(got, want):
        np.testing.assert_allclose(gw, ww, rtol=1e-10)
        np.testing.assert_allclose(gb, wb, rtol=1e-10)


@pytest.mark.parametrize("fn, why", REFUSED_WRITES, ids=[f.__name__ for f, _ in REFUSED_WRITES])
def test_writes_another_name_sees_are_refused_with_a_location(fn, why):
    args = [RNG.standard_normal(3)] + ([1.0] if fn is alias_through_conditional else [])
    for transform in (lambda: s2sgrad.grad(fn)(*args), lambda: s2sgrad.jvp(fn, args, [args[0]] + [None] * (len(args) - 1))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        message = str(info.value)
        assert "tests/test_trust.py:" in message and why in message, message


def test_an_update_through_a_view_updates_the_array_viewed():
    """`v = y[1:]; v += 1.0` is `y[1:] += 1.0` (transforms/view_updates.py): refused where it ran
    before; now the gradient of NumPy's meaning."""
    x = RNG.standard_normal(3)
    np.testing.assert_allclose(s2sgrad.grad(alias_through_augmented_view)(x),
                               gradient_by_differences(alias_through_augmented_view, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("fn", [augmented_alias])
def test_augmented_array_another_name_sees_is_refused_where_it_runs(fn):
    """`u += v` where `u` may be a number (fine) or an array another name sees (`v += 1.0` on
    a view updates the array it views): the emitted code checks which at run time, and refuses
    the array with the line; it never rebinds `u` silently.  A NumPy scalar passes."""
    args = [RNG.standard_normal(3), 1.0][:len(inspect.signature(fn).parameters)]
    for transform in (lambda: s2sgrad.grad(fn)(*args), lambda: s2sgrad.jvp(fn, args, [args[0]] + [None] * (len(args) - 1))):
        with pytest.raises(SharedUpdateError) as info:
            transform()
        assert "tests/test_trust.py:" in str(info.value)


@pytest.mark.parametrize("fn", [random_draws, generator_draws])
def test_random_draws_keep_their_order(fn):
    x = RNG.standard_normal(3)
    value, grad = s2sgrad.value_and_grad(fn)(x)
    assert value == fn(x)
    check_grads(fn, [x])
    check_jvp(fn, [x])


def test_seeding_is_kept_in_emitted_code():
    assert "np.random.seed(0)" in s2sgrad.emit(random_draws)


@pytest.mark.parametrize("case", CASES, ids=[f"{_id(c)}-{i}" for i, c in enumerate(CASES)])
def test_hessian_vector_products_match_differences_of_the_gradient(case):
    fn, make, wrt = case
    args = make()
    first = wrt[0] if isinstance(wrt, tuple) else wrt
    if not isinstance(args[first], np.ndarray):
        return
    v = RNG.standard_normal(args[first].shape)
    tangents = tuple(v if i == first else None for i in range(len(args)))
    got = s2sgrad.hvp(fn, tuple(args), tangents)
    grad = s2sgrad.grad(fn, wrt=first)
    eps = 1e-5
    plus, minus = list(args), list(args)
    plus[first], minus[first] = args[first] + eps * v, args[first] - eps * v
    want = (grad(*plus) - grad(*minus)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * (1 + float(np.max(np.abs(want)))))


def loss_and_history(x):
    history = []
    for i in range(3):
        x = np.tanh(x)
        history.append(x)
    return {"loss": np.sum(history[-1] * history[0]), "trace": (history, x)}


def test_a_list_inside_the_returned_value_is_not_emptied_by_the_adjoint_sweep():
    """The adjoint sweep pops `history`; the value handed back holds a copy taken before."""
    x = RNG.standard_normal(3)
    seed = {"loss": 1.0, "trace": ([np.zeros(3)] * 3, np.zeros(3))}
    value, _ = compiled(loss_and_history, 0, kinds=("array",))((x,), {}, d_result=seed)
    want = loss_and_history(x)
    assert len(value["trace"][0]) == 3
    assert all(np.array_equal(a, b) for a, b in zip(value["trace"][0], want["trace"][0]))
    assert np.array_equal(value["trace"][1], want["trace"][1])



# -- calls through values that capture a differentiated input --------------------------------
# Each once gave a silent zero: the value of the call was taken to depend only on its
# arguments, not on what the called closure or object holds.
def _make_scale(a):
    def scale(x):
        return a * x
    return scale


def closure_from_a_factory(w):
    scale = _make_scale(w)
    return scale(3.0)


class _Scale:
    def __init__(self, w):
        self.w = w

    def __call__(self, x):
        return self.w * x


def callable_object(w):
    return _Scale(w)(3.0)


def _apply(fn, x):
    return fn(x)


def lambda_passed_to_a_helper(w):
    sq = lambda v: v * w        # noqa: E731 -- the idiom under test
    return _apply(sq, 3.0)


def closure_in_a_list(w):
    def scale(x):
        return w * x
    fns = [scale]
    first = fns[0]
    return first(3.0)


def lambda_passed_to_numpy(w):
    weigh = lambda row: np.sum(row * w)        # noqa: E731
    return np.sum(np.apply_along_axis(weigh, 1, np.ones((3, 2))))


def _make_shift(a):
    return lambda x: x + a


def _iterate(step, x, n=3):
    for _ in range(n):
        x = step(x)
    return x


def factory_closure_passed_to_a_helper(w):
    scale = _make_scale(w)
    return np.sum(_iterate(scale, np.ones(2)))


def factory_lambda_made_in_the_call(w):
    return np.sum(_iterate(_make_shift(w * w), w))


def closure_passed_in_a_loop(w):
    total = 0.0
    for k in range(2):
        a = w * (k + 1.0)

        def step(x):
            return np.sin(x) * a
        total = total + np.sum(_apply(step, w))
    return total


CAPTURING_CALLS = [closure_from_a_factory, callable_object, lambda_passed_to_a_helper, closure_in_a_list,
                   lambda_passed_to_numpy, factory_closure_passed_to_a_helper, factory_lambda_made_in_the_call,
                   closure_passed_in_a_loop]
# Differentiated now (the factory's function or the object's __call__ defined where it is made,
# what a closure reads passed along with it): each must be right, a refusal is a regression.
SUPPORTED_CAPTURING_CALLS = [closure_from_a_factory, callable_object, lambda_passed_to_a_helper,
                             factory_closure_passed_to_a_helper, factory_lambda_made_in_the_call,
                             closure_passed_in_a_loop]


@pytest.mark.parametrize("fn", CAPTURING_CALLS, ids=[f.__name__ for f in CAPTURING_CALLS])
def test_calls_through_a_value_that_captures_an_input_are_right_or_refused(fn):
    args = [np.array([0.7, -1.3])]
    for check in (check_grads, check_jvp):
        try:
            check(fn, args)
        except s2sgrad.errors.UserCodeError as error:
            assert fn not in SUPPORTED_CAPTURING_CALLS, str(error)
            assert "tests/test_trust.py:" in str(error)        # a refusal where the call is written


def _apply_each(fns, x):
    for fn in fns:
        x = fn(x)
    return x


def functions_from_a_list(x):
    return np.sum(_apply_each([np.tanh, np.sin], x * 2.0))


def functions_from_a_list_indexed(x):
    return np.sum(_first_of_list([np.tanh, np.sin], x * 2.0))


def _first_of_list(fns, x):
    return fns[0](x) + fns[1](x)


def functions_from_a_list_by_argument(x, k):
    return np.sum(_nth_of_list([np.tanh, np.sin], k, x * 2.0))


def _nth_of_list(fns, k, x):
    return fns[k](x)


def test_a_list_of_functions_given_to_a_loop_or_indexed_specialises_the_callee_and_an_unknown_index_is_refused():
    """`_apply_each([np.tanh, np.sin], x)` loops over the list, `_first_of_list` calls its items by
    constant indices: the callee is specialised on it (transforms/function_lists.py,
    function_items.py); `fns[k](x)` with `k` an argument reads a function out of a list that no
    index known here tells: refused where it is."""
    for fn in (functions_from_a_list, functions_from_a_list_indexed):
        check_grads(fn, (np.array([0.3, -0.2, 0.5]),))
        check_jvp(fn, (np.array([0.3, -0.2, 0.5]),))
    for transform in (lambda: s2sgrad.grad(functions_from_a_list_by_argument)(np.ones(3), 1),
                      lambda: s2sgrad.jvp(functions_from_a_list_by_argument, (np.ones(3), 1), (np.ones(3), None))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        assert "tests/test_trust.py:" in str(info.value)
        assert "a function taken from a value" in str(info.value)


# -- functions linear in an argument that once had no derivative: a silent zero ---------------
def scatter_with_bincount(vals, idx):
    acc = np.bincount(idx, weights=vals, minlength=4)     # what docs/python-subset.md advises for np.add.at
    return np.sum(acc ** 2)


def weighted_histogram(w, x):
    counts, _ = np.histogram(x, bins=3, range=(0.0, 3.0), weights=w)
    return np.sum(counts ** 2)


def test_bincount_and_histogram_are_linear_in_their_weights():
    vals, idx = np.array([1.0, 2.0, 3.0]), np.array([0, 1, 1])
    want = 2 * np.bincount(idx, weights=vals, minlength=4)[idx]
    np.testing.assert_allclose(s2sgrad.grad(scatter_with_bincount)(vals, idx), want)
    assert s2sgrad.jvp(scatter_with_bincount, (vals, idx), (np.ones(3), None))[1] == pytest.approx(22.0)
    w, x = np.array([1.0, 2.0, 3.0, 0.5, 0.7, 0.9]), np.array([0.5, 1.5, 1.7, 3.0, 3.5, -1.0])
    np.testing.assert_allclose(s2sgrad.grad(weighted_histogram)(w, x), [2.0, 10.0, 10.0, 1.0, 0.0, 0.0])
    check_grads(weighted_histogram, [w, x])
    check_jvp(weighted_histogram, [w, x])


def times_from(t0, dt):
    t = np.arange(t0, t0 + 1.0, dt)
    return np.sum(np.sin(t))


def test_arange_is_linear_in_its_start_and_step():
    t0, dt = 0.3, 0.3                     # t = 0.3, 0.6, 0.9, 1.2 (no length change nearby)
    t = np.arange(t0, t0 + 1.0, dt)
    d_t0, d_dt = s2sgrad.grad(times_from, (0, 1))(t0, dt)
    assert d_t0 == pytest.approx(np.sum(np.cos(t)), rel=1e-12)
    assert d_dt == pytest.approx(np.sum(np.cos(t) * np.arange(4)), rel=1e-12)
    check_grads(times_from, [t0, dt], wrt=(0, 1))
    check_jvp(times_from, [t0, dt], wrt=(0, 1))


# -- `.copy()` of a dict or a list: a shallow copy (its items are the same arrays) -------------
def copied_dict_updated(params, x):
    q = params.copy()
    q["b"] = q["b"] + 1.0
    return np.sum(q["b"] * x) + np.sum(params["b"] ** 2)


def copied_dict_read(params, x):
    q = params.copy()
    return np.sum(q["b"] * x)


def copied_list_updated(xs, x):
    ys = xs.copy()
    ys[0] = ys[0] * 2.0
    return np.sum(ys[0] * x) + np.sum(xs[1])


def copied_dict_item_written(w, x):
    d = {"b": w * 1.0}
    q = d.copy()
    q["b"][0] = 5.0 * x[0]        # writes into d["b"] too
    return np.sum(d["b"] * x)


def test_a_dict_or_list_copy_passes_its_items_cotangents_back():
    x, b = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(copied_dict_updated)({"b": b}, x)["b"], x + 2 * b)
    np.testing.assert_allclose(s2sgrad.grad(copied_dict_read)({"b": b}, x)["b"], x)
    d_xs = s2sgrad.grad(copied_list_updated)([b, 2 * b], x)
    np.testing.assert_allclose(d_xs[0], 2 * x)
    np.testing.assert_allclose(d_xs[1], np.ones(3))
    for fn, args in ((copied_dict_updated, [{"b": b}, x]), (copied_list_updated, [[b, 2 * b], x])):
        check_grads(fn, args)
        check_jvp(fn, args)


def test_a_write_through_a_shallow_copy_is_refused():
    with pytest.raises(s2sgrad.UserCodeError, match="in-place update") as info:
        s2sgrad.grad(copied_dict_item_written)(np.ones(3), np.ones(3))
    assert "tests/test_trust.py:" in str(info.value)


def nan_skipping_max(w, X):
    return np.nanmax(X * w) + np.sum(np.nanmin(X * w, axis=0))


def masked_before_the_arithmetic(w, X, y):
    r = np.where(np.isnan(y), 0.0, X @ w - y)
    return np.nansum(r ** 2)


def test_nan_data_is_skipped_where_the_docs_say_it_is():
    X, w = np.array([[1.0, np.nan], [0.5, 2.0]]), np.array([0.7, -1.1])
    assert s2sgrad.jvp(nan_skipping_max, (w, X), (np.ones(2), None))[1] == pytest.approx(1.0 + 0.5 + 2.0)
    X = np.array([[1.0, 0.5], [0.2, 1.0], [1.0, 1.0]])
    y, w = np.array([1.0, np.nan, 2.0]), np.array([0.3, -0.2])
    ok = ~np.isnan(y)
    np.testing.assert_allclose(s2sgrad.grad(masked_before_the_arithmetic)(w, X, y),
                               2 * X[ok].T @ (X[ok] @ w - y[ok]), rtol=1e-12)


def weighted_cumprod(x):
    return np.sum(np.cumprod(x) * np.arange(1.0, 1.0 + x.size))


def squared_row_cumprod(x):
    return np.sum(np.cumprod(x, axis=1) ** 2)


@pytest.mark.parametrize("fn,x", [
    (weighted_cumprod, np.array([0.0, 1.5, -0.7, 2.0])),
    (weighted_cumprod, np.array([1.2, 0.0, -0.7, 0.0, 2.0])),            # two zeros
    (squared_row_cumprod, np.array([[0.5, 0.0, 2.0], [1.0, -1.0, 0.0]])),
])
def test_cumprod_is_exact_at_zeros(fn, x):
    # (it divided by x: nan at a zero)
    want = gradient_by_differences(fn, x)
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), want, atol=1e-8)
    u = np.linspace(0.3, -0.5, x.size).reshape(x.shape)
    assert s2sgrad.jvp(fn, (x,), (u,))[1] == pytest.approx(np.sum(want * u), abs=1e-8)
    if np.count_nonzero(x == 0) <= x.ndim:          # at most one zero a row: second order exact too
        hv = gradient_by_differences(lambda y: np.sum(s2sgrad.grad(fn)(y) * u), x)
        np.testing.assert_allclose(s2sgrad.hvp(fn, (x,), (u,)), hv, atol=1e-6)


# -- an item of a global is not an int: `B[0]` of a 2-D array is a row -------------------------
GLOBAL_MATRIX = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
GLOBAL_ROWS = [np.ones(3), np.arange(3.0)]
GLOBAL_COEFFICIENTS = (0.5, 2.0)


def scaled_global_row(t):
    return np.sum(np.sin(t) * GLOBAL_MATRIX[0] + t * t)


def scaled_global_items(t):
    return np.sum(t * GLOBAL_ROWS[1] + GLOBAL_COEFFICIENTS[1] * t)


def test_an_item_of_a_global_array_or_list_keeps_its_shape():
    # (its cotangent was not summed back to the scalar t: an array for a number)
    assert s2sgrad.grad(scaled_global_row)(0.7) == pytest.approx(6 * np.cos(0.7) + 6 * 0.7, rel=1e-12)
    assert s2sgrad.grad(scaled_global_items)(0.7) == pytest.approx(3.0 + 6.0, rel=1e-12)
    for fn in (scaled_global_row, scaled_global_items):
        check_grads(fn, [0.7])
        check_jvp(fn, [0.7])
        namespace = {}
        exec(s2sgrad.emit(fn), namespace)
        assert np.ndim(namespace["d_" + fn.__name__](0.7)[1]) == 0


# -- a function an object holds: `self.act = np.tanh`, then `self.act(h)` in a method ------------
def _relu(z):
    return np.maximum(z, 0.0)


class _Regressor:
    def __init__(self, act, scale=2.0):
        self.act = act
        self.scale = scale

    def loss(self, w, x):
        return np.sum(self.act(x * w) ** 2) * self.scale

    def act_twice(self, w, x):
        return np.sum(self.act(self.act(x) * w))


@pytest.mark.parametrize("act,autograd_act", [
    (np.tanh, anp.tanh), (_relu, lambda z: anp.maximum(z, 0.0)), (lambda z: np.sin(z) * z, lambda z: anp.sin(z) * z),
])
def test_a_method_calls_the_function_its_object_holds(act, autograd_act):
    # (refused as "no derivative rule for `.act`")
    rng = np.random.default_rng(5)
    w, x, u = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)
    model = _Regressor(act)
    want = autograd.grad(lambda w: anp.sum(autograd_act(x * w) ** 2) * 2.0)(w)
    np.testing.assert_allclose(s2sgrad.grad(model.loss)(w, x), want, rtol=1e-10)
    np.testing.assert_allclose(s2sgrad.jvp(model.loss, (w, x), (u, np.zeros(5)))[1], want @ u, rtol=1e-10)
    check_grads(_Regressor.act_twice, [model, w, x], wrt=(1, 2))


def test_a_function_an_object_holds_is_read_at_each_call():
    # the transform reads `self.act`: an object holding another function gets its own
    rng = np.random.default_rng(6)
    w, x = rng.standard_normal(4), rng.standard_normal(4)
    model = _Regressor(np.tanh)
    grad = s2sgrad.grad(model.loss)
    np.testing.assert_allclose(grad(w, x), 4 * np.tanh(x * w) * x / np.cosh(x * w) ** 2, rtol=1e-10)
    model.act = np.sin
    np.testing.assert_allclose(grad(w, x), 4 * np.sin(x * w) * np.cos(x * w) * x, rtol=1e-10)
    np.testing.assert_allclose(s2sgrad.grad(_Regressor(np.cos).loss)(w, x),
                               -4 * np.cos(x * w) * np.sin(x * w) * x, rtol=1e-10)


def test_the_checks_take_a_bound_method():
    # (check_grads(model.loss, ...) raised TypeError: `self` was not passed)
    rng = np.random.default_rng(7)
    w, x = rng.standard_normal(4), rng.standard_normal(4)
    model = _Regressor(np.tanh)
    np.testing.assert_allclose(check_grads(model.loss, [w, x]), 4 * np.tanh(x * w) * x / np.cosh(x * w) ** 2,
                               rtol=1e-10)
    check_grads(model.loss, [w, x], wrt=(0, 1))
    check_jvp(model.loss, [w, x], wrt=1)
    with pytest.raises(AssertionError):     # the checks still fail where the derivative is wrong
        check_grads(_Wrong().loss, [w, x])


@s2sgrad.custom_gradient
def _off_by_two(x):
    return np.sin(x)


@_off_by_two.adjoint
def _off_by_two_adjoint(result, x, d_result):
    return d_result * np.cos(x) * 2.0


class _Wrong:
    def loss(self, w, x):
        return np.sum(_off_by_two(w * x))


# -- enumerate(xs, start=1) and zip(reversed(xs), ws) --------------------------------------------
def enumerate_from_one(xs):
    t = 0.0
    for i, v in enumerate(xs, start=1):
        t += v / i
    return t


def zipped_with_reversed(xs, ws):
    total = 0.0
    for k, (x, w) in enumerate(zip(reversed(xs), ws), start=2):
        total = total * 0.5 + x * w * k
    return total


def zip_reversed_list(xs, ws):
    total = 0.0
    for x, w in zip(reversed(xs), ws):
        total = total * 0.5 + x * w
    return total


def test_enumerate_start_keyword_and_zip_of_reversed():
    # (start= was ignored: [1, 1, 1] for [1, 1/2, 1/3]; zip(reversed(xs), ...) crashed in len())
    x = np.array([0.5, 1.5, 2.5])
    np.testing.assert_allclose(s2sgrad.grad(enumerate_from_one)(x), [1.0, 0.5, 1 / 3], rtol=1e-12)
    assert s2sgrad.jvp(enumerate_from_one, (x,), (np.ones(3),))[1] == pytest.approx(1 + 0.5 + 1 / 3)
    np.testing.assert_allclose(s2sgrad.grad(zip_reversed_list, wrt=1)([0.5, 1.5, -0.3], [1.0, 2.0, 3.0]),
                               [-0.075, 0.75, 0.5], rtol=1e-12)
    w = np.array([1.0, -2.0, 0.5])
    want = autograd.grad(lambda xs, ws: (((xs[2] * ws[0] * 2) * 0.5 + xs[1] * ws[1] * 3) * 0.5
                                         + xs[0] * ws[2] * 4), (0, 1))(x, w)
    got = s2sgrad.grad(zipped_with_reversed, wrt=(0, 1))(x, w)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    for fn, args in ((enumerate_from_one, [x]), (zipped_with_reversed, [x, w]), (zip_reversed_list, [x, w])):
        check_grads(fn, args, wrt=tuple(range(len(args))))
        check_jvp(fn, args, wrt=tuple(range(len(args))))


# -- a nested function's default read from the enclosing function: refused where written ---------
def default_from_parameter(x, a):
    def scaled(v, c=a):
        return v * c
    return np.sum(scaled(x))


def lambda_default_from_parameter(x, a):
    scaled = lambda v, c=a: v * c      # noqa: E731
    return np.sum(scaled(x))


@pytest.mark.parametrize("fn,column", [(default_from_parameter, 21), (lambda_default_from_parameter, 26)])
def test_a_nested_default_that_reads_a_local_is_refused_where_written(fn, column):
    # (an InternalError: "the emitted code reads `a` as a global")
    where = f"test_trust.py:\\d+:{column}: error: the default of a parameter of the nested .* reads `a`"
    with pytest.raises(s2sgrad.UserCodeError, match=where):
        s2sgrad.grad(fn)(np.ones(3), 0.7)
    with pytest.raises(s2sgrad.UserCodeError, match=where):
        s2sgrad.jvp(fn, (np.ones(3), 0.7), (np.ones(3), 0.0))


# -- hvp through a partial given to a function of the file -----------------------------------------
def _apply_twice(fn, x):
    return fn(fn(x))


def through_partial(x, c):
    g = functools.partial(np.multiply, c)
    return np.sum(_apply_twice(g, x) ** 2)


def test_hvp_through_a_partial_given_to_a_function():
    # (forward mode did not read the gradient's `fn.func(...)`: "no derivative rule for `.func`")
    x, u = np.array([0.5, -1.0, 2.0]), np.array([0.3, 1.0, -2.0])
    np.testing.assert_allclose(s2sgrad.hvp(through_partial, (x, 0.7), (u, None)), 2 * 0.7 ** 4 * u, rtol=1e-12)


# -- jacobian of a function of a dict, tuple or namedtuple: the Jacobians in the argument's form ---
def dict_product(p):
    return p["a"] * p["b"] + p["b"] ** 2


def tuple_layer(params, x):
    W, b = params
    return np.tanh(W @ x + b)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_jacobian_of_a_container_argument(mode):
    # (mode="fwd" raised TypeError; mode="rev" gave an object array of dicts)
    p = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([0.5, 1.5, -1.0])}
    J = s2sgrad.jacobian(dict_product, mode=mode)(p)
    np.testing.assert_allclose(J["a"], np.diag(p["b"]))
    np.testing.assert_allclose(J["b"], np.diag(p["a"] + 2 * p["b"]))
    rng = np.random.default_rng(8)
    W, b, x = rng.standard_normal((2, 3)), rng.standard_normal(2), rng.standard_normal(3)
    JW, Jb = s2sgrad.jacobian(tuple_layer, mode=mode)((W, b), x)
    layer = lambda W, b: anp.tanh(anp.dot(W, x) + b)     # noqa: E731
    want = autograd.jacobian(layer, 0)(W, b), autograd.jacobian(layer, 1)(W, b)
    np.testing.assert_allclose(JW, want[0], rtol=1e-12)
    np.testing.assert_allclose(Jb, want[1], rtol=1e-12)
    with pytest.raises(s2sgrad.ArgumentError, match="returns a tuple"):
        s2sgrad.jacobian(lambda x: (x, x * 2), mode=mode)(x)


# -- a number stored into several entries; np.where with a number arm ------------------------------
_WEIGHTS = np.array([[1.0, 2.0], [3.0, 4.0]])


def fill_with(v):
    y = np.empty((2, 2))
    y.fill(v)
    return np.sum(y * _WEIGHTS)


def row_and_rest(x, v):
    out = np.zeros((3, 4))
    out[1:] = x * v
    out[0] = v
    return np.sum(out * out)


def mask_store(x, v):
    y = x * 1.0
    y[y > 0] = v
    return np.sum(y * y)


def fancy_store(x, v):
    y = x * 1.0
    y[[0, 2, 2]] = v
    return np.sum(np.sin(y))


def where_number_arm(x, v):
    return np.sum(np.where(x > 0, v, 0.0) * x)


def where_two_numbers(x, v, w):
    return np.sum(np.where(x > 0, v, w) * x)


@pytest.mark.parametrize("fn,args,oracle", [
    (fill_with, (0.7,), lambda v: anp.sum(v * anp.ones((2, 2)) * _WEIGHTS)),
    (row_and_rest, (np.full((2, 4), 0.5), 0.7),
     lambda x, v: 4 * v ** 2 + anp.sum((x * v) ** 2)),
    (mask_store, (np.array([0.5, -1.0, 2.0, -0.3]), 0.7),
     lambda x, v: anp.sum(((x <= 0) * x) ** 2) + v ** 2 * anp.sum(x > 0)),
    (fancy_store, (np.array([0.5, -1.0, 2.0, -0.3]), 0.7),
     lambda x, v: anp.sin(v) * 2 + anp.sin(x[1]) + anp.sin(x[3])),
    (where_number_arm, (np.array([0.5, -1.0, 2.0, -0.3]), 0.7),
     lambda x, v: v * anp.sum((x > 0) * x)),
    (where_two_numbers, (np.array([0.5, -1.0, 2.0, -0.3]), 0.7, -1.1),
     lambda x, v, w: v * anp.sum((x > 0) * x) + w * anp.sum((x <= 0) * x)),
])
def test_a_number_spread_over_entries_gets_their_summed_cotangent(fn, args, oracle):
    # (with a Python float the gradient was the unsummed cotangent of the entries: an array; the
    # oracles avoid autograd's np.where, whose number arms get unsummed cotangents too)
    wrt = tuple(range(len(args))) if len(args) > 1 else 0
    for given in (args, tuple(np.asarray(a) for a in args)):        # a float, then a 0-d array
        got = s2sgrad.grad(fn, wrt=wrt)(*given)
        got = got if len(args) > 1 else (got,)
        for k, g in enumerate(got):
            want = autograd.grad(oracle, k)(*[np.asarray(a, dtype=float) for a in args])
            assert np.shape(g) == np.shape(args[k])
            np.testing.assert_allclose(g, want, rtol=1e-12)
    check_grads(fn, list(args), wrt=wrt)
    check_jvp(fn, list(args), wrt=wrt)
    namespace = {}
    exec(s2sgrad.emit(fn, wrt=wrt), namespace)
    emitted = namespace["d_" + fn.__name__](*args)[1]
    for g, a in zip(emitted if len(args) > 1 else (emitted,), args):
        assert np.shape(g) == np.shape(a)


# -- hvp of a function that reads a global its gradient code renames --------------------------------
stack = 2.0         # a name the gradient code uses for its tape


def reads_global_stack(x):
    return np.sum(np.sin(x) * stack)


unbroadcast = 0.5   # and one it uses for a helper
Stack = 1.5


def reads_globals_named_like_helpers(x):
    return np.sum(np.sin(x) * unbroadcast * Stack)


def test_hvp_of_a_function_reading_a_renamed_global():
    # (an InternalError: forward mode over the gradient imported the global by its first name; a
    # TypeError where that name is the helper's in the gradient's module: `float * function`)
    x, u = np.array([0.3, 0.6]), np.array([1.0, -2.0])
    np.testing.assert_allclose(s2sgrad.hvp(reads_global_stack, (x,), (u,)), -2.0 * np.sin(x) * u, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hvp(reads_globals_named_like_helpers, (x,), (u,)), -0.75 * np.sin(x) * u,
                               rtol=1e-12)


# -- forward mode's tangent keywords are t_<parameter>, whatever the locals are called ---------------
def local_named_like_a_tangent(x, d_x):
    t_x = x * 2.0
    return np.sum(t_x * d_x)


def test_the_emitted_tangent_keywords_are_the_parameters_names(tmp_path):
    # (a local `t_x` made the keyword of x's tangent `t_x_2`)
    namespace = {}
    exec(compiled(local_named_like_a_tangent, (0, 1), mode="forward").source, namespace)
    x, dx = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    value, tangent = namespace["jvp_local_named_like_a_tangent"](x, dx, t_x=np.ones(2), t_d_x=np.zeros(2))
    assert tangent == pytest.approx(2.0 * np.sum(dx))


# -- a custom adjoint of one argument may return its cotangent as a 1-tuple ---------------------------
@s2sgrad.custom_gradient
def _clip_gradient(x):
    return x


@_clip_gradient.adjoint
def _clip_gradient_adjoint(result, x, d_result):
    return (np.clip(d_result, -1.0, 1.0),)


def clipped_product(x):
    return np.sum(_clip_gradient(x) * np.array([3.0, 0.5, -2.0]))


def test_a_one_argument_adjoint_may_return_a_one_tuple():
    # (an InternalError: "the gradient for `x` has shape (1, 3)")
    np.testing.assert_allclose(s2sgrad.grad(clipped_product)(np.array([0.3, -0.5, 1.0])), [1.0, 0.5, -1.0])


# -- an object of a plain class whose method calls the object itself ---------------------------------
class _Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return self.W @ x + self.b

    def energy(self, x):
        return np.sum(self(x) ** 2)


class _Bare:
    def apply(self, x):
        return self.W @ x


def energy_of(f, x):
    return f.energy(x)


def energy_made_inside(W, b, x):
    return _Affine(W, b).energy(x)


def bare_energy(f, x):
    return np.sum(f.apply(x) ** 2)


def test_a_method_may_call_its_own_object():
    # (grad with respect to the object: TypeError in containers.record_fields; made inside:
    # "no derivative rule for `.energy`")
    rng = np.random.default_rng(9)
    W, b, x = rng.standard_normal((2, 3)), rng.standard_normal(2), rng.standard_normal(3)
    r = W @ x + b
    g = s2sgrad.grad(energy_of)(_Affine(W, b), x)
    assert isinstance(g, _Affine)
    np.testing.assert_allclose(g.W, 2 * np.outer(r, x), rtol=1e-12)
    np.testing.assert_allclose(g.b, 2 * r, rtol=1e-12)
    gW, gb = s2sgrad.grad(energy_made_inside, wrt=(0, 1))(W, b, x)
    np.testing.assert_allclose(gW, 2 * np.outer(r, x), rtol=1e-12)
    np.testing.assert_allclose(gb, 2 * r, rtol=1e-12)
    bare = _Bare()
    bare.W = W
    with pytest.raises(s2sgrad.ArgumentError, match="wrt='f' is an object of _Bare, which is not a plain class"):
        s2sgrad.grad(bare_energy)(bare, x)


# -- a module held in a local: `xp = np` -------------------------------------------------------------
def module_in_a_local(x, w):
    xp = np
    la = np.linalg
    h = xp.tanh(x @ w)
    return xp.sum(h ** 2) + la.norm(w) * xp.pi


def test_a_module_held_in_a_local_is_the_module():
    # (refused with a wrong reason: `xp.sum(v)` read as an array method with `v` as its axis)
    rng = np.random.default_rng(10)
    x, w = rng.standard_normal(3), rng.standard_normal((3, 2))
    want = autograd.grad(lambda x, w: anp.sum(anp.tanh(anp.dot(x, w)) ** 2)
                         + anp.sqrt(anp.sum(w ** 2)) * np.pi, (0, 1))(x, w)
    got = s2sgrad.grad(module_in_a_local, wrt=(0, 1))(x, w)
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    check_jvp(module_in_a_local, [x, w], wrt=(0, 1))
    code = [line for line in s2sgrad.emit(module_in_a_local).splitlines() if not line.lstrip().startswith("#")]
    assert not any("xp." in line or "la." in line for line in code)


# -- values cast to integers or bools carry no derivative -------------------------------------------
def store_into_int_zeros(x):
    y = np.zeros(3, dtype=int)
    y[0] = x[0] * 2.0
    return np.sum(y * 1.5) + np.sum(x)


def astype_int_times(x):
    return np.sum(x.astype(int) * x)


def asarray_int32(x):
    return np.sum(np.asarray(x, dtype=np.int32) * x) + np.sum(np.full(3, x[0], dtype="int64"))


def astype_bool_times(x):
    return np.sum(x.astype(bool) * x) + np.sum(x.astype("int32") * 2.0)


def int_zeros_updated(x):
    y = np.zeros(3, dtype=np.int32)
    y += 1
    y[1] = x[1]
    return np.sum(y * x)


@pytest.mark.parametrize("fn,want", [
    (store_into_int_zeros, [1.0, 1.0, 1.0]),
    (astype_int_times, [1.0, -2.0, 3.0]),
    (asarray_int32, [1.0, -2.0, 3.0]),
    (astype_bool_times, [1.0, 1.0, 1.0]),
    (int_zeros_updated, [1.0, -2.0, 1.0]),
])
def test_a_value_cast_to_integers_carries_no_derivative(fn, want):
    # (the derivative went through the truncation: [4, 1, 1], [2.7, -4.2, 6.4], ...)
    x = np.array([1.7, -2.2, 3.4])
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), want, rtol=1e-12)
    np.testing.assert_allclose(gradient_by_differences(fn, x), want, atol=1e-6)
    assert s2sgrad.jvp(fn, (x,), (np.ones(3),))[1] == pytest.approx(sum(want))


# -- arrays made like an integer argument hold integers ---------------------------------------------
def store_like_counts(x, counts):
    y = np.zeros_like(counts)
    y[:] = x * 3.0
    return np.sum(y * x)


def store_into_copy_of_counts(x, counts):
    z = counts.copy()
    z[0] = x[0] ** 2
    w = np.zeros_like(z, dtype=float)       # a float array after all: its stores keep their derivative
    w[:] = x * 2.0
    return np.sum(z * x) + np.sum(w)


@pytest.mark.parametrize("fn", [store_like_counts, store_into_copy_of_counts])
def test_an_array_made_like_an_integer_argument_truncates_what_is_stored(fn):
    # (the derivative went through the truncation: [2.5, 6.6, 12.0] for [1, 3, 6]; then the same
    # transform served float counts and integer counts alike)
    x = np.array([0.5, 1.2, 2.1])
    ints, floats = np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0])
    for counts in (ints, floats, ints, floats):
        want = gradient_by_differences(lambda v: fn(v, counts), x)
        np.testing.assert_allclose(s2sgrad.grad(fn)(x, counts), want, atol=1e-6)
        np.testing.assert_allclose(s2sgrad.value_and_grad(fn)(x, counts)[1], want, atol=1e-6)
        np.testing.assert_allclose(s2sgrad.vjp(fn)(x, counts, d_result=1.0), want, atol=1e-6)
        assert s2sgrad.jvp(fn, (x, counts), (np.ones(3), None))[1] == pytest.approx(want.sum())
        hv = s2sgrad.hvp(fn, (x, counts), (np.ones(3), None))
        np.testing.assert_allclose(hv, gradient_by_differences(lambda v: s2sgrad.grad(fn)(v, counts) @ np.ones(3), x),
                                   atol=1e-5)


def test_an_integer_array_annotation_tells_emitted_code_what_is_truncated(tmp_path):
    path = tmp_path / "counts_model.py"
    path.write_text("import numpy as np\nimport numpy.typing as npt\n\n\n"
                    "def f(x, counts: npt.NDArray[np.int64]):\n    y = np.zeros_like(counts)\n"
                    "    y[:] = x * 3.0\n    return np.sum(y * x)\n")
    spec = importlib.util.spec_from_file_location("counts_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = s2sgrad.emit(module.f)
    assert "unbroadcast(np.full_like(y_times_x, d_result) * y, x)" in text      # y holds no derivative
    space = {}
    exec(compile(text, str(tmp_path / "grad_counts_model.py"), "exec"), space)
    x = np.array([0.5, 1.2, 2.0])
    np.testing.assert_allclose(space["d_f"](x, np.array([1, 2, 3]))[1], [1.0, 3.0, 6.0], rtol=1e-12)


# -- an array in a list or a dict is updated in place by `lst[k] op= v` --------------------------------
def view_in_a_list_updated(x):
    y = x.copy()
    parts = [y[:2], y[2:]]
    parts[0] *= 2.0         # NumPy writes through the view into y
    return np.sum(y ** 2)


def appended_then_updated(x):
    y = x * 1.0
    parts = []
    parts.append(y)
    parts[-1] += x
    return np.sum(y ** 2)


def dict_item_updated(x):
    y = x * 1.0
    d = {"a": y}
    d["a"] += x
    return np.sum(y * x)


def repeated_list_updated(x):
    rows = [np.zeros_like(x)] * 3       # one array in three slots
    rows[0] += x
    return np.sum(rows[1] ** 2) + np.sum(rows[2])


def shallow_dict_copy_updated(x):
    p = {"W": x * 1.0}
    d = dict(p)
    d["W"] += 1.0                   # p["W"] too
    return np.sum(p["W"] * d["W"])


def shallow_list_copy_updated(x):
    ys = [x * 1.0, x * 2.0]
    zs = list(ys)
    zs[0] += 1.0
    return np.sum(ys[0] ** 2)


@pytest.mark.parametrize("fn", [view_in_a_list_updated, appended_then_updated, dict_item_updated, repeated_list_updated,
                                shallow_dict_copy_updated, shallow_list_copy_updated])
def test_updating_an_array_another_name_sees_through_a_list_is_refused_where_it_runs(fn):
    # (the slot was rebound to a new array: y kept its old values, so the value was wrong too)
    x = np.array([1.0, 2.0, 3.0, 4.0])
    for run in (lambda: s2sgrad.value_and_grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (np.ones(4),))):
        with pytest.raises(SharedUpdateError, match=r"test_trust.py:\d+: in-place update of `(parts|d|rows|zs)\["):
            run()


def private_list_updated(x):
    parts = [np.zeros(2), np.ones(2)]
    parts[0] += x[:2]
    parts[1] *= x[2:]
    return np.sum(parts[0] ** 2) + np.sum(parts[1])


def accumulators_updated(x):
    grads = [np.zeros_like(x) for _ in range(3)]
    for i in range(3):
        grads[i] += x * i
    return sum(np.sum(g ** 2) for g in grads)


def numbers_in_a_list_updated(x):
    vals = [x[0], x[1]]
    vals[0] *= 3.0
    return vals[0] * vals[1]


@pytest.mark.parametrize("fn", [private_list_updated, accumulators_updated, numbers_in_a_list_updated])
def test_updating_an_item_no_other_name_sees_is_differentiated(fn):
    x = np.array([1.0, 2.0, 3.0, 4.0])
    check_grads(fn, [x])
    check_jvp(fn, [x])
    assert "check_item_update" not in s2sgrad.emit(fn)


# -- sorted(d.items()): the values move with their keys --------------------------------------------
def sorted_items_indexed(p, x):
    items = sorted(p.items())
    return np.sum(items[0][1] * x) + 2.0 * np.sum(items[1][1] * x)


def sorted_items_as_dict(p, x):
    q = dict(sorted(p.items()))
    return np.sum(q["a"] * x) + 2 * np.sum(q["b"] * x)


def sorted_items_with_key(p, x):
    items = sorted(p.items(), key=lambda kv: kv[0])
    vals = [v for k, v in items]
    return np.sum(vals[0] * x) + 2.0 * np.sum(vals[1] * x)


def sorted_items_reversed_loop(p, x):
    out = 0.0
    for k, v in sorted(p.items(), reverse=True):
        out = out * 2.0 + np.sum(v * x)
    return out


def dict_of_pairs(p, x):
    pairs = [(k, v * 2) for k, v in p.items()]
    q = dict(pairs)
    return np.sum(q["a"] * x) + 2 * np.sum(q["b"] * x)


@pytest.mark.parametrize("fn", [sorted_items_indexed, sorted_items_as_dict, sorted_items_with_key,
                                sorted_items_reversed_loop, dict_of_pairs])
def test_sorted_items_of_a_dict_carry_their_values_derivatives(fn):
    # (a zero gradient for every value: the sort was taken to have no derivative; dict(pairs): KeyError)
    p = {"b": np.array([1.0, 2.0]), "a": np.array([3.0, 4.0])}
    x = np.array([1.0, 10.0])
    check_grads(fn, [p, x], wrt=(0, 1))
    check_jvp(fn, [p, x], wrt=(0, 1))
    p_flat = lambda v: fn({"a": v[:2], "b": v[2:]}, x)      # noqa: E731
    want = gradient_by_differences(p_flat, np.concatenate([p["a"], p["b"]]))
    got = s2sgrad.grad(fn)(p, x)
    np.testing.assert_allclose(np.concatenate([got["a"], got["b"]]), want, atol=1e-6)


def sorted_pairs_of_numbers(p, x):
    pairs = sorted(zip([2, 1], [p["a"], p["b"]]))
    return np.sum(pairs[0][1] * x) + 2.0 * np.sum(pairs[1][1] * x)


def test_sorting_pairs_by_integer_keys_carries_the_values_derivatives():
    # (once refused where it ran: the order is the keys', which carry no derivative)
    p = {"b": np.array([1.0, 2.0]), "a": np.array([3.0, 4.0])}
    x = np.array([1.0, 10.0])
    check_grads(sorted_pairs_of_numbers, [p, x], wrt=(0, 1))
    check_jvp(sorted_pairs_of_numbers, [p, x], wrt=(0, 1))
    got = s2sgrad.grad(sorted_pairs_of_numbers)(p, x)
    np.testing.assert_allclose(got["b"], x)
    np.testing.assert_allclose(got["a"], 2.0 * x)


# -- itertools.product is a comprehension; collections.deque is refused ------------------------------
def pairs_of_indices(x):
    out = 0.0
    for i, j in itertools.product(range(3), range(3)):
        out = out + x[i] * x[j] * (i - j + 0.5)
    return out


def repeated_product(x):
    out = 0.0
    for i, j in itertools.product(range(3), repeat=2):
        out = out + x[i] * x[j] * (i + j)
    return out


def product_of_values(x):
    return sum(a * b for a, b in itertools.product(x, x[:2]))


@pytest.mark.parametrize("fn", [pairs_of_indices, repeated_product, product_of_values])
def test_itertools_product_is_differentiated(fn):
    # (TypeError: object of type 'itertools.product' has no len(), from the emitted code)
    x = np.array([0.3, -0.7, 1.2])
    check_grads(fn, [x])
    check_jvp(fn, [x])


def moving_buffer(x):
    buf = collections.deque(maxlen=2)
    for v in x:
        buf.append(v)
    return sum(buf) * x[0]


def test_a_deque_is_refused_where_it_is_made():
    # (AttributeError from the emitted code; a list's adjoint would pop against the wrong items)
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:\d+: error: `collections.deque` is not "
                       "differentiated"):
        s2sgrad.grad(moving_buffer)(np.array([0.3, -0.7, 1.2]))


def doubled_tanh(x):
    return np.tanh(x) * 2.0


def sum_of_squared_tanh(x):
    return np.sum(np.tanh(x) ** 2)


def test_jacobians_and_hessians_of_float32_inputs_are_float32():
    # (forward-mode Jacobians and Hessians came back in float64, reverse-mode ones in float32)
    x32 = np.array([0.3, -0.7, 1.2], dtype=np.float32)
    assert s2sgrad.jacobian(doubled_tanh, mode="rev")(x32).dtype == np.float32
    assert s2sgrad.jacobian(doubled_tanh, mode="fwd")(x32).dtype == np.float32
    assert s2sgrad.hessian(sum_of_squared_tanh)(x32).dtype == np.float32
    assert s2sgrad.jacobian(doubled_tanh, mode="fwd")(x32.astype(np.float64)).dtype == np.float64


# -- a store into a record's array field ---------------------------------------------------------------
Fields = collections.namedtuple("Fields", "W b")


def record_field_filled(x):
    p = Fields(np.zeros(3), 0.5)
    for i in range(3):
        p.W[i] = x[i] ** 2
    return np.sum(p.W)


def record_field_zeroed(x):
    p = Fields(x * 1.0, 0.5)
    p.W[0] = 0.0
    return np.sum(p.W * x)


def record_field_scaled(x):
    p = Fields(x * 1.0, 0.5)
    p.W[1:] *= 3.0
    return np.sum(p.W * x) + p.b


@pytest.mark.parametrize("fn", [record_field_filled, record_field_zeroed, record_field_scaled])
def test_a_store_into_a_record_s_array_field_is_refused_where_written(fn):
    # (the store ran but was left out of the derivative: [0, 0, 0] for [0.6, -1.4, 2.4])
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:\d+: error: in-place update of `p\.W`, "
                       "which `p` may also refer to"):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


# -- the Hessian over a container argument ----------------------------------------------------------------
def quadratic_in_a_dict(params):
    return np.sum(params["W"] ** 2) * np.sum(params["b"]) + params["W"][0] * params["b"][0] ** 3


def quadratic_in_a_list(ws):
    return ws[0] ** 2 * ws[1]


def test_the_hessian_over_a_container_has_a_block_per_pair_of_leaves():
    # (TypeError: 'float' object is not subscriptable, from inside s2sgrad)
    params = {"W": np.array([1.0, 2.0]), "b": np.array([0.5])}
    H = s2sgrad.hessian(quadratic_in_a_dict)(params)
    flat = lambda v: quadratic_in_a_dict({"W": v[:2], "b": v[2:]})       # noqa: E731
    want = autograd.hessian(flat)(np.array([1.0, 2.0, 0.5]))
    got = np.block([[H["W"]["W"], H["W"]["b"]], [H["b"]["W"], H["b"]["b"]]])
    np.testing.assert_allclose(got, want, rtol=1e-12)
    H = s2sgrad.hessian(quadratic_in_a_list)([1.0, 2.0])
    assert H == [[4.0, 2.0], [2.0, 0.0]]


def test_a_class_imported_from_another_file_is_read_from_that_file(tmp_path):
    # (the message said the other file "neither defines nor imports" the class it defines)
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "layers.py").write_text(
        "class Dense:\n    def __init__(self, W):\n        self.W = W\n\n    def __call__(self, x):\n"
        "        return self.W @ x\n")
    (tmp_path / "pkg" / "model.py").write_text(
        "import numpy as np\nfrom .layers import Dense\n\n\ndef loss(W, x):\n    return np.sum(Dense(W)(x) ** 2)\n")
    run = run_cli("emit", "pkg/model.py", "-f", "loss", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "def d_loss(W, x" in run.stdout


def test_hvp_reads_globals_of_a_module_in_a_namespace_package(tmp_path, monkeypatch):
    # (ModuleNotFoundError: No module named 'app': the gradient names the module by its folders)
    package = tmp_path / "nsroot_trust" / "app"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "layers.py").write_text("SCALE = 0.5\n\n\ndef scaled(x):\n    return SCALE * x\n")
    (package / "model.py").write_text("import numpy as np\nfrom . import layers\n\n\ndef via_module(W, x):\n"
                                      "    return np.sum(layers.scaled(x @ W) ** 2)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    model = importlib.import_module("nsroot_trust.app.model")
    W, x, v = np.ones((3, 2)), np.array([1.0, 2.0, 3.0]), np.array([[1.0, 0.0], [0.5, 2.0], [0.0, 1.0]])
    f = lambda W: anp.sum((0.5 * (x @ W)) ** 2)            # noqa: E731
    want = autograd.grad(lambda W: anp.sum(autograd.grad(f)(W) * v))(W)
    np.testing.assert_allclose(s2sgrad.hvp(model.via_module, (W, x), (v, None)), want, rtol=1e-12)


# -- max and min of tuples compare as Python does ----------------------------------------------------------
def smallest_with_its_index(x):
    best = min((v, i) for i, v in enumerate(x))
    return best[0] ** 2


def largest_pair(x):
    best = max(zip(x, [10.0, 20.0, 30.0]))
    return best[0] * best[1]


@pytest.mark.parametrize("fn,want", [(smallest_with_its_index, [0.0, -1.4, 0.0]), (largest_pair, [0.0, 0.0, 30.0])])
def test_the_extremum_of_tuples_is_the_winning_tuple(fn, want):
    # (TypeError from the emitted code: the two-argument max shares ties between numbers, not tuples)
    x = np.array([0.3, -0.7, 1.2])
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), want, rtol=1e-12)
    check_grads(fn, [x])
    check_jvp(fn, [x])


Pair = collections.namedtuple("Pair", "W b")


def field_written_through_a_name(x):
    p = Pair(x * 1.0, 0.0)
    w = p.W
    w[0] = 0.0
    return np.sum(p.W * x)


def field_of_a_listed_record_written(x):
    ps = [Pair(x * 1.0, 0.0)]
    ps[0].W[1] = 0.0
    return np.sum(ps[0].W * x)


@pytest.mark.parametrize("fn", [field_written_through_a_name, field_of_a_listed_record_written])
def test_a_record_s_field_written_through_another_name_is_refused(fn):
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:\d+: error: in-place update of "
                       r"`(\w+|ps\[0\]\.W)`, which `(p|ps)` may also refer to"):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


# -- appending to a list another name or a container holds ------------------------------------------------
def history_in_a_dict(x):
    st = {"hs": []}
    for i in range(3):
        st["hs"].append(x[i] ** 2)
    return sum(st["hs"])


def bucket_of_a_list_of_lists(x):
    out = [[] for _ in range(2)]
    for i in range(3):
        out[i % 2].append(x[i] * (i + 1))
    return sum(out[0]) * 2.0 + sum(out[1])


def appended_through_a_second_name(x):
    lst = [x * 1.0]
    other = lst
    other.append(x * 2.0)
    return np.sum(lst[1] * x)


class History:
    def __init__(self):
        self.hist = []


def history_in_an_object(x):
    b = History()
    for i in range(3):
        b.hist.append(x[i] ** 2)
    return sum(b.hist)


@pytest.mark.parametrize("fn,holder", [(history_in_a_dict, "st"), (bucket_of_a_list_of_lists, "out"),
                                       (appended_through_a_second_name, "lst"), (history_in_an_object, "b")])
def test_appending_to_a_list_another_name_holds_is_refused_where_written(fn, holder):
    # (the appended items never reached the other name's list: zero gradients, or IndexError in jvp)
    x = np.array([0.3, -0.7, 1.2])
    for run in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (np.ones(3),))):
        with pytest.raises(s2sgrad.UserCodeError, match=rf"test_trust.py:\d+:\d+: error: appending to a list that "
                           rf"`{holder}` also holds"):
            run()


def history_put_in_a_dict_after(x):
    hs = []
    h = x
    for i in range(3):
        h = np.tanh(h)
        hs.append(h)
    d = {"hs": hs}
    return np.sum(np.stack(d["hs"]) ** 2)


def test_a_list_put_in_a_container_after_it_is_filled_is_differentiated():
    x = np.array([0.3, -0.7, 1.2])
    check_grads(history_put_in_a_dict_after, [x])
    check_jvp(history_put_in_a_dict_after, [x])


def one_array_in_two_slots(x):
    a = x * 1.0
    pair = [a, a]
    pair[0] += 1.0
    return np.sum(pair[1] * x)


def test_an_item_update_of_a_list_holding_one_array_twice_is_refused_where_it_runs():
    with pytest.raises(SharedUpdateError, match=r"in-place update of `pair\[0\]`"):
        s2sgrad.grad(one_array_in_two_slots)(np.array([0.3, -0.7, 1.2]))


# -- a checkpointed loop writes into what its steps carry only --------------------------------------------
RECURRENT = np.array([[0.5, -0.3, 0.1], [0.2, 0.4, -0.5], [0.1, 0.1, 0.3]])


def checkpointed_states_appended(h0):
    h = h0
    hs = []
    for t in s2sgrad.checkpointed(range(6), snapshots=2):
        h = np.tanh(RECURRENT @ h)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def checkpointed_outputs_stored(h0):
    h = h0
    y = np.zeros(6)
    for t in s2sgrad.checkpointed(range(6), snapshots=2):
        h = np.tanh(RECURRENT @ h)
        y[t] = np.sum(h)
    return np.sum(y ** 2)


@pytest.mark.parametrize("fn,name", [(checkpointed_states_appended, "hs"), (checkpointed_outputs_stored, "y")])
def test_a_checkpointed_step_writing_into_an_outer_name_is_refused_where_written(fn, name):
    # (a zero gradient: the step function carried only the names it rebinds)
    with pytest.raises(s2sgrad.UserCodeError, match=rf"test_trust.py:\d+:\d+: error: a checkpointed loop's step "
                       rf"writes into `{name}`, which it does not rebind"):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


def checkpointed_states_rebound(h0):
    h = h0
    hs = []
    for t in s2sgrad.checkpointed(range(6), snapshots=2):
        h = np.tanh(RECURRENT @ h)
        hs = hs + [h]
    return np.sum(np.stack(hs) ** 2)


def test_a_checkpointed_step_that_rebinds_its_list_is_differentiated():
    check_grads(checkpointed_states_rebound, [np.array([0.3, -0.7, 1.2])])


def one_array_by_comprehension(x):
    y = x * 1.0
    ys = [y for _ in range(2)]
    ys[0] += 1.0
    return np.sum(ys[1] * x)


def one_array_by_concatenation(x):
    y = x * 1.0
    ys = [y] + [y]
    ys[0] += 1.0
    return np.sum(ys[1] * x)


def one_array_under_two_keys(x):
    y = x * 1.0
    d = {k: y for k in ["a", "b"]}
    d["a"] += 1.0
    return np.sum(d["b"] * x)


def one_array_through_a_tuple(x):
    y = x * 1.0
    lst = list((y, y))
    lst[0] += 1.0
    return np.sum(lst[1] * x)


@pytest.mark.parametrize("fn", [one_array_by_comprehension, one_array_by_concatenation, one_array_under_two_keys,
                                one_array_through_a_tuple])
def test_an_item_update_of_a_container_holding_one_array_in_two_slots_is_refused_where_it_runs(fn):
    # (the slot was rebound: the other slot kept the old array, a wrong value and gradient)
    with pytest.raises(SharedUpdateError, match="another name or another slot may also see"):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


def rows_built_afresh(x):
    rows = []
    for i in range(2):
        r = []                  # a new list each iteration: not the one `rows` got before
        r.append(x[i])
        r.append(x[i + 1] * 3.0)
        rows.append(r)
    return rows[0][1] * rows[1][1]


def same_key_stored_again(x):
    d = {}
    for i in range(2):
        d["a"] = x * float(i)
    d["a"] += 1.0
    return np.sum(d["a"] * x)


@pytest.mark.parametrize("fn", [rows_built_afresh, same_key_stored_again, accumulators_updated])
def test_containers_of_distinct_items_are_differentiated(fn):
    x = np.array([0.3, -0.7, 1.2])
    check_grads(fn, [x])
    check_jvp(fn, [x])


# -- a list's append used as a value; dict union ----------------------------------------------------------
def append_held_in_a_name(x):
    hs = []
    push = hs.append
    push(x[0] * 3.0)
    push(x[1])
    return hs[0] * hs[1]


def append_in_a_comprehension(x):
    hs = []
    [hs.append(v * 2.0) for v in x]
    return sum(h * h for h in hs)


def append_mapped(x):
    hs = []
    list(map(hs.append, [x[0] * 2.0, x[1]]))
    return hs[0] * hs[1]


@pytest.mark.parametrize("fn", [append_held_in_a_name, append_in_a_comprehension, append_mapped])
def test_a_list_s_append_used_as_a_value_is_refused_where_written(fn):
    # (the appended values' derivatives were dropped: zero gradients)
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:\d+: error: `hs.append` used as a value"):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


def dict_updated_by_union(x):
    d = {"a": x[0]}
    d |= {"b": x[1] * 2.0}
    return d["a"] * d["b"]


def dict_union_overriding(x):
    d = {"a": x[0], "b": x[2]}
    e = d | {"b": x[1] * 2.0}
    return e["a"] * e["b"] + d["b"]


def masks_or(x):
    m = (x > 0) | (x < -0.5)
    return np.sum(np.where(m, x ** 2, x))


@pytest.mark.parametrize("fn", [dict_updated_by_union, dict_union_overriding])
def test_the_union_of_dicts_is_refused_where_written(fn):
    # (a zero gradient: `|` was taken to be of bits only)
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:\d+: error: `\|` of values that depend "):
        s2sgrad.grad(fn)(np.array([0.3, -0.7, 1.2]))


def test_the_union_of_masks_is_differentiated_through_where():
    x = np.array([0.3, -0.7, 1.2])
    np.testing.assert_allclose(s2sgrad.grad(masks_or)(x), [0.6, -1.4, 2.4], rtol=1e-12)
    check_grads(masks_or, [x])


# -- max and min over a dict's keys, and by key= ------------------------------------------------------------
def key_of_the_largest_value(d):
    k = max(d, key=lambda k: d[k])
    return d[k] ** 2


def largest_key(d):
    k = max(d)
    return d[k] ** 2


def key_of_the_smallest_value(d):
    k = min(d, key=d.get)
    return d[k] ** 2


@pytest.mark.parametrize("fn,want", [(key_of_the_largest_value, {"a": 0.0, "b": 2.8, "c": 0.0}),
                                     (largest_key, {"a": 0.0, "b": 0.0, "c": -0.4}),
                                     (key_of_the_smallest_value, {"a": 0.0, "b": 0.0, "c": -0.4})])
def test_the_extremum_of_a_dict_is_one_of_its_keys(fn, want):
    # (KeyError: 0 and IndexError from the emitted code: the dict was iterated by position)
    d = {"a": 0.3, "b": 1.4, "c": -0.2}
    got = s2sgrad.grad(fn)(d)
    assert got.keys() == want.keys() and all(got[k] == pytest.approx(want[k]) for k in want)
    assert s2sgrad.jvp(fn, (d,), ({"a": 1.0, "b": 1.0, "c": 1.0},))[1] == pytest.approx(sum(want.values()))


def extremum_by_key(x):
    xs = [x[0], x[1] * 2.0, x[2]]
    return max(xs) + min(xs, key=lambda v: abs(v)) * 3.0


def test_the_extremum_by_key_is_the_winning_item():
    x = np.array([0.3, -0.7, 1.2])
    np.testing.assert_allclose(s2sgrad.grad(extremum_by_key)(x), [3.0, 0.0, 1.0], rtol=1e-12)
    check_grads(extremum_by_key, [x])
    check_jvp(extremum_by_key, [x])


# -- items of containers the function makes are not the containers (false refusals) -----------------------
def swapped_dict_state(x):
    s = {"a": x[0], "b": x[1]}
    out = np.zeros(4)
    for t in range(4):
        s["a"], s["b"] = s["b"], s["a"] * 0.5 + s["b"] ** 2
        out[t] = s["a"]
    return np.sum(out)


def values_updated_over_sorted_keys(x):
    d = {"a": x[0], "b": x[1] ** 2}
    for k in sorted(d):
        d[k] = math.exp(-d[k])
    return d["a"] * d["b"]


def list_items_swapped(x):
    lst = [x[0], x[1], x[2]]
    lst[0], lst[2] = lst[2], lst[0]
    return lst[0] * 3.0 + lst[2]


@pytest.mark.parametrize("fn", [swapped_dict_state, values_updated_over_sorted_keys, list_items_swapped])
def test_updating_items_of_a_container_the_function_made_is_differentiated(fn):
    # (refused as "in-place update of `s`, which `total` may also refer to": the item was taken for its list)
    x = np.array([0.4, 0.7, 0.2])
    check_grads(fn, [x])
    check_jvp(fn, [x])


# -- writes spelled as calls ---------------------------------------------------------------------------------
def item_set_by_dunder(x):
    y = np.zeros(3)
    np.ndarray.__setitem__(y, 0, x[1] * 3.0)
    return np.sum(y * x)


def scaled_by_dunder(x):
    y = x * 1.0
    y.__imul__(2.0)
    return np.sum(y * x)


def item_set_by_operator(x):
    d = {"a": x[0]}
    operator.setitem(d, "b", x[1] * 2.0)
    return d["a"] * d["b"]


class Holder:
    def __init__(self, v):
        self.v = v


def attribute_set_by_setattr(x):
    b = Holder(x[0])
    setattr(b, "v", x[1] * 2.0)
    return b.v * x[0]


@pytest.mark.parametrize("fn,what", [(item_set_by_dunder, "np.ndarray.__setitem__"), (scaled_by_dunder, "y.__imul__"),
                                     (item_set_by_operator, "operator.setitem"), (attribute_set_by_setattr, "setattr")])
def test_a_write_spelled_as_a_call_is_refused_where_written(fn, what):
    # (run, but left out of the derivative: wrong gradients)
    x = np.array([0.3, -0.7, 1.2])
    for run in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (np.ones(3),))):
        with pytest.raises(s2sgrad.UserCodeError, match=rf"test_trust.py:\d+:\d+: error: `{re.escape(what)}` writes "):
            run()


def test_a_partial_kept_as_an_object_says_why_it_is_refused():
    # (the message was "no derivative rule for `partial`", and told to register one)
    with pytest.raises(s2sgrad.UserCodeError, match="a functools.partial that binds a value depending on the "
                       "differentiated inputs is kept as an object"):
        s2sgrad.grad(through_partial, wrt=(0, 1))(np.array([0.5, -1.0, 2.0]), 0.7)


# -- objects of a plain class in a list, met first inside the emitted code -----------------------

_LAYERS_SOURCE = '''
import numpy as np


class Layer:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.name = "dense"

    def forward(self, x):
        return np.tanh(x @ self.W + self.b)


def by_method(layers, x):
    h = x
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h ** 2)


def by_fields(layers, x):
    h = x
    for layer in layers:
        h = np.tanh(h @ layer.W + layer.b)
    return np.sum(h ** 2)
'''


def _fresh_layers_module(tmp_path, name):
    """A module of its own per test, so that nothing registered its class before."""
    path = tmp_path / f"{name}.py"
    path.write_text(_LAYERS_SOURCE)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules[name] = module          # the emitted module imports its class from it
    return module


def _layer_gradient_by_differences(fn, layers, x, eps=1e-6):
    grads = []
    for layer in layers:
        grads.append({})
        for field in ("W", "b"):
            p, g = getattr(layer, field), np.zeros_like(getattr(layer, field))
            for index in np.ndindex(p.shape):
                old = p[index]
                p[index] = old + eps
                up = fn(layers, x)
                p[index] = old - eps
                g[index] = (up - fn(layers, x)) / (2 * eps)
                p[index] = old
            grads[-1][field] = g
    return grads


@pytest.mark.parametrize("function", ["by_method", "by_fields"])
@pytest.mark.parametrize("path", ["api", "cli"])
def test_a_list_of_plain_objects_met_first_in_the_gradient(tmp_path, function, path):
    """An internal TypeError (`dataclasses.fields`) once: only a plain object given directly as
    an argument was registered as a record; the items of a list of them were not."""
    module = _fresh_layers_module(tmp_path, f"layers_{function}_{path}")
    rng = np.random.default_rng(3)
    layers = [module.Layer(rng.normal(size=(3, 4)), rng.normal(size=4)),
              module.Layer(rng.normal(size=(4, 2)), rng.normal(size=2))]
    x = rng.normal(size=(5, 3))
    fn = getattr(module, function)
    if path == "api":
        grads = s2sgrad.grad(fn)(layers, x)
    else:
        proc = run_cli("emit", f"{module.__name__}.py", "-f", function, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        space = {}
        sys.path.insert(0, str(tmp_path))
        try:
            exec(compile(proc.stdout, str(tmp_path / "grad.py"), "exec"), space)
        finally:
            sys.path.remove(str(tmp_path))
        grads = space[f"d_{function}"](layers, x)[1]
    want = _layer_gradient_by_differences(fn, layers, x)
    for got, expected in zip(grads, want):
        assert type(got).__name__ == "Layer"
        for field in ("W", "b"):
            np.testing.assert_allclose(getattr(got, field), expected[field], rtol=1e-6, atol=1e-8)


def test_a_list_of_plain_objects_in_forward_mode(tmp_path):
    module = _fresh_layers_module(tmp_path, "layers_forward")
    rng = np.random.default_rng(4)
    layers = [module.Layer(rng.normal(size=(3, 4)), rng.normal(size=4)),
              module.Layer(rng.normal(size=(4, 2)), rng.normal(size=2))]
    x = rng.normal(size=(5, 3))
    tangents = [module.Layer(rng.normal(size=(3, 4)), rng.normal(size=4)),
                module.Layer(rng.normal(size=(4, 2)), rng.normal(size=2))]
    _, got = s2sgrad.jvp(module.by_method, (layers, x), (tangents, None))

    def moved(eps):
        return [module.Layer(a.W + eps * t.W, a.b + eps * t.b) for a, t in zip(layers, tangents)]
    want = (module.by_method(moved(1e-6), x) - module.by_method(moved(-1e-6), x)) / 2e-6
    np.testing.assert_allclose(got, want, rtol=1e-6)


_METHOD_ON_ARGUMENT = '''
import numpy as np


class Layer:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        return np.tanh(x @ self.W)


def loss(layer, x):
    return np.sum(layer.forward(x))


def loss_items(layers, x):
    return np.sum(layers[1].forward(layers[0].forward(x)))
'''


@pytest.mark.parametrize("function,holder", [("loss", "layer"), ("loss_items", "obj")])
def test_a_method_on_a_value_of_unknown_class_is_refused_with_what_to_write(tmp_path, function, holder):
    """`emit` cannot tell the class of an argument: once "no derivative rule for `.forward`"."""
    (tmp_path / "layers_model.py").write_text(_METHOD_ON_ARGUMENT)
    proc = run_cli("emit", "layers_model.py", "-f", function, cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "`.forward(...)` calls a method that Layer of this file defines" in proc.stderr
    assert f"as `Layer.forward({holder}, ...)`" in proc.stderr


# -- x ** 0 at x == 0: the constant 1, whose derivative is 0 --------------------------------------

def power_from_zero(t):
    s = 0.0
    for j in range(3):          # a Vandermonde row: t ** 0 + t ** 1 + t ** 2
        s = s + t ** j
    return np.sum(s)


def power_array_exponent(t, k):
    return np.sum(t ** k + pow(t, 2))


@pytest.mark.parametrize("t", [np.array([0.0, 1.0, -0.5]), 0.0])
def test_an_exponent_of_zero_at_zero_has_derivative_zero(t):
    """nan (arrays) or ZeroDivisionError (floats) once: the rule took y * x ** (y - 1)."""
    want = autograd.grad(lambda u: anp.sum(sum(u ** j for j in range(3))))(t)
    np.testing.assert_allclose(s2sgrad.grad(power_from_zero)(t), want, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(power_from_zero, (t,), (np.ones_like(t) if np.ndim(t) else 1.0,))[1],
                               np.sum(want), rtol=1e-12)
    np.testing.assert_allclose(np.sum(s2sgrad.hvp(power_from_zero, (t,), (np.ones_like(t) if np.ndim(t) else 1.0,))),
                               2.0 * np.size(t), rtol=1e-12)
    check_grads(power_from_zero, (np.array([0.3, 1.2, -0.5]),))


def test_an_array_of_exponents_with_zeros_at_zero():
    t, k = np.array([0.0, 0.0, 2.0]), np.array([0, 2, 0])
    want = autograd.grad(lambda u: anp.sum(u ** k + u ** 2))(t)
    np.testing.assert_allclose(s2sgrad.grad(power_array_exponent)(t, k), want, rtol=1e-12)
    np.testing.assert_allclose(want, [0.0, 0.0, 4.0])


# -- a row stored from a list or tuple display ---------------------------------------------------

def row_from_list(x):
    M = np.zeros((2, 2))
    M[0] = [x[0], x[1]]
    return np.sum(M * M)


def row_from_tuple(x):
    M = np.zeros((3, 3))
    M[1] = (x[1] ** 2, 0.0, x[0])
    return np.sum(np.sin(M) * M)


def rows_broadcast_from_list(x):
    M = np.zeros((2, 2))
    M[:] = [x[0], x[1] * x[0]]
    return np.sum(M ** 3)


@pytest.mark.parametrize("fn", [row_from_list, row_from_tuple, rows_broadcast_from_list])
def test_a_row_stored_from_a_display_of_numbers(fn):
    """IndexError once: the display's cotangent was summed as if it were one number."""
    x = np.array([0.7, -1.3])
    check_grads(fn, (x,))
    check_jvp(fn, (x,))
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), autograd.grad(_as_autograd(fn))(x), rtol=1e-10)


def _as_autograd(fn):
    """fn with its stores written as autograd can take them (a stack of rows)."""
    rows = {row_from_list: lambda x: anp.sum(anp.stack([anp.stack([x[0], x[1]]), anp.zeros(2)]) ** 2),
            row_from_tuple: lambda x: anp.sum(anp.sin(anp.stack([x[1] ** 2, 0.0, x[0]])) * anp.stack(
                [x[1] ** 2, 0.0, x[0]])),
            rows_broadcast_from_list: lambda x: 2 * anp.sum(anp.stack([x[0], x[1] * x[0]]) ** 3)}
    return rows[fn]


# -- slices of lists joined and repeated: sequences, not arithmetic -------------------------------

def rotated_display(x):
    xs = [x[0], x[1], x[2]]
    ys = xs[1:] + xs[:1]
    return ys[0] * 10 + ys[1] * 100 + ys[2] * 1000


def rotated_tuple(x):
    t = (x[0], x[1], x[2])
    r = t[1:] + t[:1]
    return r[0] * 10 + r[1] * 100 + r[2] * 1000


def rotated_arrays(x):
    hs = [x[:2], x[1:]]
    gs = hs[1:] + hs[:1]
    return np.sum(gs[0] * 10 + gs[1] * 100)


def repeated_slice(x):
    xs = [x[0], x[1]]
    ys = xs[:1] * 3
    return ys[0] * 10 + ys[2] * 100 + ys[1]


def rotated_argument(xs):
    ys = xs[1:] + xs[:1]
    return ys[0] * 10 + ys[1] * 100 + ys[2] * 1000


def repeated_argument(xs):
    return np.sum(np.array(xs * 2) * np.arange(6.0))


def enumerated_rotation(xs):
    return sum(v * (i + 1) for i, v in enumerate(xs[1:] + xs[:1]))


@pytest.mark.parametrize("fn", [rotated_display, rotated_tuple, rotated_arrays, repeated_slice])
def test_slices_of_a_list_joined_or_repeated(fn):
    """Taken for `+` and `*` of numbers once: [1110, 1110, 1110] for [1000, 10, 100]."""
    x = np.array([0.3, -1.2, 2.0])
    check_grads(fn, (x,))
    check_jvp(fn, (x,))
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), autograd.grad(fn)(x), rtol=1e-12)


@pytest.mark.parametrize("fn", [rotated_argument, repeated_argument, enumerated_rotation])
def test_a_list_argument_sliced_and_joined(fn, tmp_path):
    """The API knows a list argument is a list; the command line's generic gradient, which does
    not, refuses the join where it runs instead of summing the cotangents."""
    xs = [0.3, -1.2, 2.0]
    want = autograd.grad(lambda v: fn([v[0], v[1], v[2]]))(np.array(xs))
    np.testing.assert_allclose(s2sgrad.grad(fn)(xs), want, rtol=1e-12)
    if fn is repeated_argument:
        return          # (generic code takes `xs * 2` of an unknown `xs` for arithmetic: see OUTSIDER6.md)
    space = {}
    exec(compile(s2sgrad.emit(fn), str(tmp_path / "generic.py"), "exec"), space)
    with pytest.raises(TypeError, match="joins or repeats lists"):
        space[f"d_{fn.__name__}"](xs)


# -- integer arrays made from integer literals truncate what is stored into them -------------------

def int_literal_array(x):
    out = np.array([0, 0, 0])
    out[0] = x[0] * 10
    return np.sum(out * x)


def zeros_like_int_literal(x):
    idx = np.array([2, 0, 1])
    out = np.zeros_like(idx)
    out[0] = x[0] * 10
    return np.sum(out * x)


def zeros_like_arange(x):
    out = np.zeros_like(np.arange(3))
    out[1:] = x[1:] * 10
    return np.sum(out * x)


def int_list_then_array(x):
    lst = [0, 0, 0]             # a list keeps the float stored into it
    lst[0] = x[0] * 10
    return np.sum(np.array(lst) * x)


@pytest.mark.parametrize("fn,want", [(int_literal_array, [3.0, 0.0, 0.0]), (zeros_like_int_literal, [3.0, 0.0, 0.0]),
                                     (zeros_like_arange, [0.0, 5.0, 7.0]), (int_list_then_array, [6.2, 0.0, 0.0])])
def test_an_array_made_from_integer_literals_is_an_integer_array(fn, want):
    """Once differentiated as a float array: [6.1, 0, 0] for [3, 0, 0]."""
    x = np.array([0.31, 0.52, 0.73])
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), want, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (x,), (np.ones(3),))[1], np.sum(want), rtol=1e-12)


# -- in-place permutations and views made by einsum and as_strided are writes --------------------

def shuffled_copy(x):
    rng = np.random.default_rng(0)
    y = x.copy()
    rng.shuffle(y)
    return np.sum(y * np.arange(x.size))


def legacy_shuffled(x):
    np.random.seed(0)
    y = x * 1.0
    np.random.shuffle(y)
    return np.sum(y * np.arange(x.size))


def einsum_diagonal_store(x):
    A = np.zeros((3, 3))
    np.einsum("ii->i", A)[:] = x
    return np.sum(A @ A)


def strided_diagonal_store(x):
    A = np.zeros((3, 3))
    d = np.lib.stride_tricks.as_strided(A, shape=(3,), strides=(A.strides[0] + A.strides[1],))
    d[:] = x
    return np.sum(A @ A)


@pytest.mark.parametrize("fn", [shuffled_copy, legacy_shuffled, einsum_diagonal_store, strided_diagonal_store])
def test_writes_through_shuffles_and_view_making_calls_are_refused(fn):
    """Left out of the derivative once: [0, 1, 2] for the permuted [1, 2, 0]; zeros for a diagonal."""
    x = np.array([0.5, -1.0, 2.0])
    for run in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (np.ones(3),))):
        with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust\.py:\d+:\d+: error: .*(in place|in-place)"):
            run()


# -- every sweep of a Hessian or a Jacobian sees the noise one call of f sees ----------------------

def noisy_cubic(w, rng):
    eps = rng.standard_normal(w.shape)
    return np.sum((w * eps) ** 2 * w)


def noisy_tanh(w, rng):
    return np.tanh(w * rng.standard_normal(w.shape))


def globally_noisy_tanh(w):
    return np.tanh(w * np.random.standard_normal(w.shape))


def test_a_hessian_over_a_generator_argument_draws_the_same_noise_in_every_row():
    """Each row once drew the next numbers: only the first was the Hessian at the given state."""
    w, rng = np.array([0.5, -1.0, 2.0]), np.random.default_rng(0)
    H = s2sgrad.hessian(noisy_cubic)(w, rng)
    eps = np.random.default_rng(0).standard_normal(3)
    np.testing.assert_allclose(H, np.diag(6 * eps ** 2 * w), atol=1e-12)
    after = np.random.default_rng(0)
    after.standard_normal(3)
    assert rng.standard_normal() == after.standard_normal()        # advanced as one call of f advances it


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_a_jacobian_of_many_columns_draws_the_same_noise_in_every_sweep(mode):
    w = np.linspace(-1.0, 1.0, 70)              # more than one chunk of forward directions
    J = s2sgrad.jacobian(noisy_tanh, mode=mode)(w, np.random.default_rng(0))
    eps = np.random.default_rng(0).standard_normal(70)
    np.testing.assert_allclose(J, np.diag(eps * (1 - np.tanh(w * eps) ** 2)), atol=1e-12)
    np.random.seed(3)
    J = s2sgrad.jacobian(globally_noisy_tanh, mode=mode)(w)
    np.random.seed(3)
    eps = np.random.standard_normal(70)
    np.testing.assert_allclose(J, np.diag(eps * (1 - np.tanh(w * eps) ** 2)), atol=1e-12)


# -- a class with operator methods is not read as a record ---------------------------------------

class _Vec:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return _Vec(self.v + 2.0 * other.v)

    def __getitem__(self, i):
        return self.v[i] * 10.0


def vec_sum(a):
    return np.sum((_Vec(a) + _Vec(a ** 2)).v)


def vec_item(a):
    u = _Vec(a)
    return u[0] + u[1]


@pytest.mark.parametrize("fn", [vec_sum, vec_item])
def test_operators_of_a_user_class_are_refused_not_taken_for_numbers(fn):
    """`u + w` was differentiated as `+` of the objects' fields: [2, -1, 5] for [3, -3, 9]."""
    a = np.array([0.5, -1.0, 2.0])
    for run in (lambda: s2sgrad.grad(fn)(a), lambda: s2sgrad.jvp(fn, (a,), (np.ones(3),))):
        with pytest.raises(s2sgrad.UserCodeError, match=r"`_Vec\(\.\.\.\)` makes an object of _Vec, .*`__add__`"):
            run()


# -- random draws inside a checkpointed loop -----------------------------------------------------

def checkpointed_global_noise(x0, theta):
    np.random.seed(1)
    x = x0
    for _ in s2sgrad.checkpointed(range(20), snapshots=3):
        x = x - 0.1 * theta * np.sin(x) + 0.3 * np.random.randn(*x.shape)
    return np.sum(x ** 2)


def checkpointed_generator_noise(x0, theta):
    rng = np.random.default_rng(1)
    x = x0
    for _ in s2sgrad.checkpointed(range(20), snapshots=3):
        x = x - 0.1 * theta * np.sin(x) + 0.3 * rng.standard_normal(x.shape)
    return np.sum(x ** 2)


def checkpointed_noise_drawn_before(x0, theta):
    noise = np.random.default_rng(1).standard_normal((20,) + x0.shape)
    x = x0
    for t in s2sgrad.checkpointed(range(20), snapshots=3):
        x = x - 0.1 * theta * np.sin(x) + 0.3 * noise[t]
    return np.sum(x ** 2)


@pytest.mark.parametrize("fn", [checkpointed_global_noise, checkpointed_generator_noise])
def test_random_draws_in_a_checkpointed_step_are_refused(fn):
    """The replays from snapshots drew other numbers: [-0.12, 0.12, 1.58] for [-0.10, 0.10, 0.81]."""
    with pytest.raises(s2sgrad.UserCodeError, match=r"checkpointed loop's step draws random numbers"):
        s2sgrad.grad(fn)(np.array([0.5, -1.0, 2.0]), 0.7)


def test_noise_drawn_before_a_checkpointed_loop():
    check_grads(checkpointed_noise_drawn_before, (np.array([0.5, -1.0, 2.0]), 0.7))


# -- the standard library's functions are libraries, not the user's code ---------------------------

def smallest_two(x):
    return sum(heapq.nsmallest(2, [x[0], x[1], x[2]]))


def test_a_standard_library_function_is_refused_at_the_user_s_line():
    """Refused once at a line of heapq.py (`try` is not supported), read as the user's own code."""
    with pytest.raises(s2sgrad.NoRuleError, match=r"test_trust\.py:\d+:\d+: error: no derivative rule for "
                                                  r"`heapq\.nsmallest`"):
        s2sgrad.grad(smallest_two)(np.array([0.5, -1.0, 2.0]))


# -- an aux or a value that holds or views an array the adjoint sweep restores -----------------------

_Held = collections.namedtuple("_Held", "h n")


def aux_dict_of_filled(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return np.sum(h ** 2), {"h": h}


def aux_list_of_sliced(w):
    h = np.zeros(3)
    h[1:] = w[1:] * 2.0
    return np.sum(h ** 2), [h]


def aux_reshaped(w):
    h = np.zeros(4)
    for i in range(4):
        h[i] = w[i % 3] * 2.0
    return np.sum(h ** 2), h.reshape(2, 2)


def aux_record(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return np.sum(h ** 2), _Held(h, 3)


def value_a_view_of_filled(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return h[1:]


@pytest.mark.parametrize("fn", [aux_dict_of_filled, aux_list_of_sliced, aux_reshaped, aux_record])
def test_the_aux_is_what_f_returns_when_the_adjoint_restores_what_it_holds(fn):
    """The aux came back zeroed: the adjoint sweep put the overwritten items back into its array."""
    w = np.array([0.5, -1.0, 2.0])
    (value, aux), grads = s2sgrad.value_and_grad(fn, has_aux=True)(w)
    want_value, want_aux = fn(w)
    assert value == want_value
    for got, want in zip(jax_free_leaves(aux), jax_free_leaves(want_aux)):
        np.testing.assert_array_equal(got, want)
    check_grads(lambda v: fn(v)[0], (w,))


def jax_free_leaves(tree):
    from s2sgrad.containers import leaves
    return leaves(tree)


def test_a_value_that_views_a_restored_array(tmp_path):
    space = {}
    exec(compile(s2sgrad.emit(value_a_view_of_filled), str(tmp_path / "view.py"), "exec"), space)
    value, grad = space["d_value_a_view_of_filled"](np.array([0.5, -1.0, 2.0]), d_result=np.ones(2))
    np.testing.assert_array_equal(value, [-2.0, 4.0])
    np.testing.assert_array_equal(grad, [0.0, 2.0, 2.0])


# -- itertools: combinations and permutations of indices; endless iterators --------------------------

def pair_energy(x):
    e = 0.0
    for i, j in itertools.combinations(range(4), 2):
        e = e + 1.0 / (0.5 + (x[i] - x[j]) ** 2)
    return e


def ordered_pairs(x):
    e = 0.0
    for i, j in itertools.permutations(range(3), 2):
        e = e + x[i] * x[j] ** 2
    return e


def combinations_of_values(x):
    return sum(a * b for a, b in itertools.combinations([x[0], x[1], x[2]], 2))


def zipped_with_count(x):
    s = 0.0
    for k, v in zip(itertools.count(1), x):
        s = s + k * v ** 2
    return s


@pytest.mark.parametrize("fn", [pair_energy, ordered_pairs])
def test_combinations_of_indices(fn):
    """A raw TypeError once (`object of type 'itertools.combinations' has no len()`)."""
    x = np.array([0.5, -1.0, 2.0, 0.3])
    check_grads(fn, (x,))
    check_jvp(fn, (x,))
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), autograd.grad(fn)(x), rtol=1e-12)


@pytest.mark.parametrize("fn", [combinations_of_values, zipped_with_count])
def test_combinations_of_values_and_endless_iterators_are_refused_where_written(fn):
    with pytest.raises((s2sgrad.UserCodeError, s2sgrad.NoRuleError), match=r"test_trust\.py:\d+:\d+: error"):
        s2sgrad.grad(fn)(np.array([0.5, -1.0, 2.0, 0.3]))


# -- min and max of lists and tuples compared as Python compares them --------------------------------

def smaller_list(x):
    a = min([x[0], x[1]], [x[2], x[1]])
    return a[0] * 10 + a[1] * 100


def largest_tuple(x):
    a = max((x[0], x[1]), (x[2], x[1] * 2), (x[1], x[0]))
    return a[0] * 10 + a[1] * 100


@pytest.mark.parametrize("fn", [smaller_list, largest_tuple])
@pytest.mark.parametrize("x", [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
def test_min_and_max_of_displays(fn, x):
    """A raw TypeError once: `min([a, b], [c, d])` went to the rule of two numbers."""
    x = np.array(x)
    check_grads(fn, (x,))
    check_jvp(fn, (x,))
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), autograd.grad(fn)(x), rtol=1e-12)


# -- an array written in place and appended to a list from outside the function --------------------

LOG = []


def logged_fill(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    LOG.append(h)
    return np.sum(h ** 2)


def logged_copy(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    LOG.append(h.copy())
    return np.sum(h ** 2)


def test_an_array_written_in_place_and_logged_outside_is_refused_where_appended():
    """The caller's list held zeros once: the adjoint sweep put back what the stores overwrote."""
    w = np.array([0.5, -1.0, 2.0])
    with pytest.raises(s2sgrad.UserCodeError, match=r"is appended to `LOG`, a list from outside it"):
        s2sgrad.grad(logged_fill)(w)
    LOG.clear()
    np.testing.assert_allclose(s2sgrad.grad(logged_copy)(w), 8 * w)
    np.testing.assert_allclose(LOG[-1], 2 * w)


@dataclasses.dataclass
class _DenseRecord:
    W: np.ndarray
    b: np.ndarray

    def forward(self, x):
        return np.tanh(x @ self.W + self.b)


def dataclass_layers_by_method(layers, x):
    h = x
    for layer in layers:
        h = layer.forward(h)
    return np.sum(h ** 2)


def dataclass_layers_through_class(layers, x):
    h = x
    for layer in layers:
        h = _DenseRecord.forward(layer, h)
    return np.sum(h ** 2)


def test_a_dataclass_method_on_list_items_is_refused_with_the_call_that_works():
    rng = np.random.default_rng(5)
    layers = [_DenseRecord(rng.normal(size=(3, 4)), rng.normal(size=4)),
              _DenseRecord(rng.normal(size=(4, 2)), rng.normal(size=2))]
    x = rng.normal(size=(5, 3))
    with pytest.raises(s2sgrad.UserCodeError, match=r"as `_DenseRecord\.forward\(layer, \.\.\.\)`"):
        s2sgrad.grad(dataclass_layers_by_method)(layers, x)
    grads = s2sgrad.grad(dataclass_layers_through_class)(layers, x)
    want = _layer_gradient_by_differences(dataclass_layers_through_class, layers, x)
    for got, expected in zip(grads, want):
        np.testing.assert_allclose(got.W, expected["W"], rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(got.b, expected["b"], rtol=1e-6, atol=1e-8)


SEQUENCE_PROGRAM = '''
import numpy as np
from typing import Sequence


def repeated(xs):
    a = np.array(xs * 2)
    return np.sum(a ** 2)


def rotated(xs):
    ys = xs[1:] + xs[:1]
    return np.sum(np.array(ys) * np.arange(3.0))


def repeated_annotated(xs: list):
    a = np.array(xs * 2)
    return np.sum(a ** 2)


def rotated_annotated(xs: Sequence[float]):
    ys = xs[1:] + xs[:1]
    return np.sum(np.array(ys) * np.arange(3.0))
'''

SEQUENCE_GRADIENTS = {"repeated": [4.0, 8.0, 12.0], "rotated": [2.0, 0.0, 1.0]}


def _emitted(tmp_path, name, *options):
    from s2sgrad import cli
    source = tmp_path / "seqprog.py"
    source.write_text(SEQUENCE_PROGRAM)
    out = tmp_path / f"out_{name}_{len(options)}.py"
    assert cli.main(["emit", str(source), "-f", name, "-o", str(out), "--force", *options]) == 0
    space = {}
    exec(compile(out.read_text(), str(out), "exec"), space)
    return space


@pytest.mark.parametrize("name", sorted(SEQUENCE_GRADIENTS))
@pytest.mark.parametrize("declared", ["--kinds", "annotation", "tuple"])
def test_a_list_argument_declared_to_emit(tmp_path, name, declared):
    """`xs * 2` repeats a list and `xs[1:] + xs[:1]` joins two: `emit` takes the argument for a
    list from `--kinds xs=list` (or `tuple`) or from a `list`/`Sequence[...]` annotation."""
    options = {"--kinds": ("--kinds", "xs=list"), "tuple": ("--kinds", "xs=tuple"), "annotation": ()}[declared]
    fname = name + ("_annotated" if declared == "annotation" else "")
    xs = [1.0, 2.0, 3.0] if declared != "tuple" else (1.0, 2.0, 3.0)
    value, grad = _emitted(tmp_path, fname, *options)[f"d_{fname}"](xs)
    np.testing.assert_allclose(grad, SEQUENCE_GRADIENTS[name], rtol=1e-12)
    np.testing.assert_allclose(grad, _central_differences_of_list(_plain(fname), list(xs)), rtol=1e-6)


def _plain(name):
    space = {}
    exec(SEQUENCE_PROGRAM, space)
    return space[name]


def _central_differences_of_list(fn, xs, h=1e-6):
    out = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        out.append((fn(up) - fn(down)) / (2 * h))
    return out


@pytest.mark.parametrize("name", sorted(SEQUENCE_GRADIENTS))
def test_a_list_given_to_a_gradient_emitted_for_an_array_is_refused(tmp_path, name):
    """Without kinds `emit` reads `xs * 2` as a product: the list's gradient had 6 items for 3,
    silently; now the emitted gradient refuses, naming --kinds."""
    d_f = _emitted(tmp_path, name)[f"d_{name}"]
    with pytest.raises(TypeError, match="--kinds NAME=list"):
        d_f([1.0, 2.0, 3.0])
    if name == "repeated":      # an array is multiplied
        np.testing.assert_allclose(d_f(np.array([1.0, 2.0, 3.0]))[1], [8.0, 16.0, 24.0], rtol=1e-12)


def test_list_kinds_in_forward_mode(tmp_path):
    jvp = _emitted(tmp_path, "rotated", "--kinds", "xs=tuple", "--mode", "forward")["jvp_rotated"]
    tangents = [jvp((1.0, 2.0, 3.0), t_xs=tuple(np.eye(3)[i]))[1] for i in range(3)]
    np.testing.assert_allclose(tangents, SEQUENCE_GRADIENTS["rotated"], rtol=1e-12)


# --- np.where(c, f(x), y) where f's derivative is nan or inf at the entries not taken -------------

def _where_sqrt(x):
    return np.sum(np.where(x > 0, np.sqrt(x) * 2.0, 0.0))


def _where_log_other_branch(x):
    return np.sum(np.where(x <= 0, 0.0, np.log(x) + x))


def _where_reciprocal(x):
    c = x > 0.5
    return np.sum(np.where(c, x, 1.0 / (x - 1.0)))


def _where_overflow(x):
    return np.sum(np.where(x < 20, np.exp(x * 40.0), 0.0))


def _where_fractional_power(x):
    return np.sum(np.where(x > 0, x ** 0.5, x ** 2))


def _where_in_a_loop(x):
    total = 0.0
    for i in range(3):
        total = total + np.sum(np.where(x > i - 1, np.sqrt(x - (i - 1)), 0.0))
    return total


def _where_broadcast(x, w):
    taken = w[:, None] > 0
    return np.sum(np.where(taken, np.sqrt(x) * w[:, None], 0.0))


WHERE_CASES = [
    (_where_sqrt, (np.array([-1.0, 0.3, 2.0]),)),
    (_where_log_other_branch, (np.array([-1.0, 0.3, 2.0]),)),
    (_where_reciprocal, (np.array([1.0, 0.3, 2.0]),)),
    (_where_overflow, (np.array([-1.0, 0.1, 30.0]),)),
    (_where_fractional_power, (np.array([-1.5, 0.3, 2.0]),)),
    (_where_in_a_loop, (np.array([-1.5, 0.3, 2.0]),)),
    (_where_broadcast, (np.array([-1.0, 4.0]), np.array([-1.0, -2.0, 0.0]))),
    (_where_broadcast, (np.array([1.0, 4.0]), np.array([-1.0, 2.0, 0.5]))),
]


@pytest.mark.parametrize("fn, args", WHERE_CASES, ids=lambda c: getattr(c, "__name__", None))
def test_where_branch_not_taken_gives_no_gradient(fn, args):
    """H16: `np.where(x > 0, np.sqrt(x), 0.0)` at x < 0 gave nan in reverse mode (0 * the nan
    derivative of the branch not taken); forward mode and differences give 0."""
    with np.errstate(all="ignore"):
        grad = s2sgrad.grad(fn)(*args)
        want = gradient_by_differences(lambda x: fn(x, *args[1:]), args[0])
        assert np.all(np.isfinite(grad))
        np.testing.assert_allclose(grad, want, rtol=1e-5, atol=1e-5)
        direction = np.linspace(0.5, 1.5, args[0].size)
        tangent = s2sgrad.jvp(fn, args, (direction,) + tuple(np.zeros_like(a) for a in args[1:]))[1]
        np.testing.assert_allclose(tangent, grad @ direction, rtol=1e-9)
        if len(args) == 1:
            hvp = s2sgrad.hvp(fn, args, (direction,))
            assert np.all(np.isfinite(hvp))
            np.testing.assert_allclose(hvp, gradient_by_differences(lambda x: s2sgrad.grad(fn)(x) @ direction, args[0]),
                                       rtol=1e-4, atol=1e-4)


def test_where_gate_reads_the_branch_operand_once():
    """The emitted text: the branch reads x through only_where; the adjoint zeroes it there."""
    text = compiled(_where_sqrt, 0).source
    assert "np.sqrt(only_where(is_gt, x))" in text and "gradient_where(is_gt, " in text


def test_where_of_a_scalar_and_through_a_callee_of_yours():
    with np.errstate(all="ignore"):
        assert s2sgrad.grad(lambda x: np.where(x > 0, np.sqrt(x), -x))(-2.0) == -1.0
        assert s2sgrad.grad(lambda x: np.where(x > 0, np.sqrt(x), -x))(4.0) == 0.25


def _softmax_axis(z, axis=-1):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _softmax_first_column(s):
    return np.sum(_softmax_axis(s, axis=1)[:, 0] ** 2)


def test_hvp_through_a_callee_given_an_axis():
    """J1: the max adjoint's `np.sum(mask, axis=axis, dtype=...)` got the tangent
    `np.sum(0.0, axis=axis)` in forward mode over it (an AxisError): an operation whose
    differentiable operands are all constant has a zero tangent."""
    x = np.arange(9.0).reshape(3, 3) / 10
    v = np.eye(3)
    hv = s2sgrad.hvp(_softmax_first_column, (x,), (v,))
    want = gradient_by_differences(lambda p: np.sum(s2sgrad.grad(_softmax_first_column)(p) * v), x)
    np.testing.assert_allclose(hv, want, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(hv, autograd.hessian_vector_product(
        lambda s: anp.sum(_ag_softmax(s)[:, 0] ** 2))(x, v), rtol=1e-10, atol=1e-12)


def _ag_softmax(z):
    e = anp.exp(z - anp.max(z, axis=1, keepdims=True))
    return e / anp.sum(e, axis=1, keepdims=True)


_GRID = np.linspace(0.0, 1.0, 4)


def _scaled_grid_through_an_alias(c):
    x = _GRID
    return np.sum(c * x[:, None] + np.eye(4))


def _kernel_length_scale(ell):
    x = _GRID
    K = np.exp(-(x[:, None] - x[None, :]) ** 2 / ell ** 2) + 0.1 * np.eye(len(x))
    return np.sum(np.linalg.cholesky(K))


@pytest.mark.parametrize("fn, point", [(_scaled_grid_through_an_alias, 0.5), (_kernel_length_scale, 0.7)])
def test_a_local_copy_of_a_global_array_is_an_array(fn, point):
    """J2: `x = ts` of a module-level array was taken for a constant that is no array, and its
    items for integers: `c * x[:, None]` then had c's shape, and c's gradient came back (4, 1)."""
    grad = s2sgrad.grad(fn)(point)
    assert np.ndim(grad) == 0
    np.testing.assert_allclose(grad, (fn(point + 1e-6) - fn(point - 1e-6)) / 2e-6, rtol=1e-6)


def test_a_local_copy_of_a_global_array_in_emit(tmp_path):
    from s2sgrad import cli
    source = tmp_path / "grid.py"
    source.write_text("import numpy as np\nts = np.linspace(0.0, 1.0, 4)\n\n\ndef f(c):\n    x = ts\n"
                      "    return np.sum(c * x[:, None] + np.eye(4))\n")
    out = tmp_path / "d_grid.py"
    assert cli.main(["emit", str(source), "-f", "f", "-o", str(out)]) == 0
    sys.path.insert(0, str(tmp_path))
    try:
        space = {}
        exec(compile(out.read_text(), str(out), "exec"), space)
    finally:
        sys.path.remove(str(tmp_path))
    assert space["d_f"](0.5)[1] == pytest.approx(8.0, rel=1e-12)


_SPD = np.array([[2.0, 0.5], [0.5, 1.0]])


def _cho_solve_constant_factor(y):
    c = scipy_linalg.cho_factor(_SPD, lower=True)
    return y @ scipy_linalg.cho_solve(c, y)


def test_forward_mode_of_cho_solve_with_a_constant_factor():
    """J3: the zero tangent of a constant `(c, lower)` pair was subscripted, `0.0[0]` (a
    TypeError in jvp and hvp); an item of a zero tangent is zero."""
    pytest.importorskip("scipy")
    y = np.array([0.3, -0.7])
    u = np.array([1.0, 0.5])
    value, tangent = s2sgrad.jvp(_cho_solve_constant_factor, (y,), (u,))
    np.testing.assert_allclose(tangent, 2 * np.linalg.solve(_SPD, y) @ u, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hvp(_cho_solve_constant_factor, (y,), (u,)), 2 * np.linalg.solve(_SPD, u),
                               rtol=1e-12)


def test_standalone_module_holds_the_constants_its_helpers_read(tmp_path):
    """J4: `--standalone` copied `adopt_object` (s2sgrad.containers) but not the `_LIBRARIES`
    set it reads: a NameError from the emitted module."""
    from s2sgrad import cli
    source = tmp_path / "chol.py"
    source.write_text("import numpy as np\nimport scipy.linalg\nfrom scipy.linalg import cho_solve\n"
                      "data = np.array([0.3, -0.2, 0.5])\n\n\ndef f(A):\n"
                      "    c = scipy.linalg.cho_factor(A @ A.T + np.eye(3), lower=True)\n"
                      "    return np.sum(cho_solve(c, data))\n")
    out = tmp_path / "d_chol.py"
    assert cli.main(["emit", str(source), "-f", "f", "--standalone", "-o", str(out)]) == 0
    text = out.read_text()
    assert "from s2sgrad" not in text and "import s2sgrad" not in text
    sys.path.insert(0, str(tmp_path))
    try:
        space = {}
        exec(compile(text, str(out), "exec"), space)
        import chol
    finally:
        sys.path.remove(str(tmp_path))
    A = np.eye(3) + 0.1
    np.testing.assert_allclose(space["d_f"](A)[1], gradient_by_differences(chol.f, A), rtol=1e-6, atol=1e-8)


_Hyper = collections.namedtuple("_Hyper", ["w", "power", "name"])


@dataclasses.dataclass
class _RunConfig:
    w: np.ndarray
    steps: int
    tag: str = "run"


def _powered(p):
    return np.sum(np.abs(p.w) ** p.power)


def _stepped(c):
    x = c.w
    for _ in range(c.steps):
        x = np.sin(x)
    return np.sum(x)


def _with_flags(p):
    return np.sum(p["W"] ** 2) * (1.0 if p["act"] == "sq" else 2.0) + (0.0 if p["b"] is None else np.sum(p["b"]))


def _first_of(ps):
    return np.sum(ps[0] ** 2)


_W3 = np.array([0.3, -0.5, 1.2])


@pytest.mark.parametrize("fn, arg, kept", [
    (_powered, _Hyper(_W3, 3, "cubic"), {"power": 3, "name": "cubic"}),
    (_stepped, _RunConfig(_W3, 2), {"steps": 2, "tag": "run"}),
])
def test_an_integer_field_of_a_record_keeps_its_value(fn, arg, kept, tmp_path):
    """J5: an integer field (a power, a step count) refused the whole call through the API, and
    `emit`'s gradient gave it a real derivative; now it keeps its value, as a string field does."""
    grad = s2sgrad.grad(fn)(arg)
    want = gradient_by_differences(lambda w: fn(dataclasses.replace(arg, w=w) if dataclasses.is_dataclass(arg)
                                     else arg._replace(w=w)), _W3)
    np.testing.assert_allclose(grad.w, want, rtol=1e-6, atol=1e-8)
    assert {k: getattr(grad, k) for k in kept} == kept


@pytest.mark.parametrize("fn, arg, kept", [
    (_with_flags, {"W": _W3, "act": "sq", "b": None}, {"act": "sq", "b": None}),
    (_first_of, [_W3, None, "x"], {1: None, 2: "x"}),
])
def test_a_container_item_without_a_derivative_keeps_its_value(fn, arg, kept):
    """J6: a string or None in a dict or a list came back as a 0-d array (`array('', dtype='<U2')`)."""
    grad = s2sgrad.grad(fn)(arg)
    np.testing.assert_allclose(grad["W"] if isinstance(grad, dict) else grad[0], 2 * _W3, rtol=1e-12)
    assert all(grad[k] is v or grad[k] == v for k, v in kept.items())


def test_an_integer_in_a_dict_is_still_refused():
    with pytest.raises(s2sgrad.ArgumentError, match=r"`argument 0\['n'\]` is an integer|`.*\['n'\]` is an integer"):
        s2sgrad.grad(lambda d: np.sum(d["w"] * d["n"]))({"w": _W3, "n": 2})


def _squared_error_one(p, x, t):
    z = np.tanh(x @ p["W"] + p["b"]) @ p["v"]
    return (z - t) ** 2


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_per_example_gradients_of_a_dict_of_parameters(mode):
    """J9: `jacobian(f, wrt=0, batch=(1, 2))` of a dict of parameters stacked each example's
    dict as a float (a TypeError); now a dict of stacked per-example gradients."""
    rng = np.random.default_rng(0)
    X, t = rng.standard_normal((5, 3)), (rng.random(5) > 0.5).astype(float)
    p = {"W": rng.standard_normal((3, 4)), "b": np.zeros(4), "v": rng.standard_normal(4)}
    J = s2sgrad.jacobian(_squared_error_one, wrt=0, batch=(1, 2), mode=mode)(p, X, t)
    for i in range(5):
        want = autograd.grad(lambda q: (anp.tanh(X[i] @ q["W"] + q["b"]) @ q["v"] - t[i]) ** 2)(p)
        for key in p:
            np.testing.assert_allclose(J[key][i], want[key], rtol=1e-10, atol=1e-12)


def test_emit_reads_has_aux_from_the_decorator(tmp_path):
    """J10: `emit` took `wrt=` from `@s2sgrad.differentiate(wrt=..., has_aux=True)` but not
    has_aux: the module differentiated the whole (loss, metrics) pair (a TypeError with the
    default d_result).  Now the gradient of the loss alone, the pair as its value."""
    from s2sgrad import cli
    source = tmp_path / "aux_model.py"
    source.write_text("import numpy as np\nimport s2sgrad\n\nX = np.array([[1.0, 2.0], [0.5, -1.0], [0.3, 0.2]])\n\n\n"
                      "@s2sgrad.differentiate(wrt='w', has_aux=True)\ndef step(w):\n    z = X @ w\n"
                      "    return np.mean(z ** 2), {'z': z, 'big': np.mean(z > 0)}\n")
    out = tmp_path / "d_aux_model.py"
    assert cli.main(["emit", str(source), "-f", "step", "-o", str(out)]) == 0
    sys.path.insert(0, str(tmp_path))
    try:
        space = {}
        exec(compile(out.read_text(), str(out), "exec"), space)
        import aux_model
    finally:
        sys.path.remove(str(tmp_path))
    w = np.array([0.4, -0.3])
    (loss, aux), grad = space["d_step"](w)
    (want_loss, want_aux), want = aux_model.step.value_and_grad(w)
    assert loss == want_loss and set(aux) == {"z", "big"}
    np.testing.assert_allclose(grad, want, rtol=1e-12)
    np.testing.assert_allclose(grad, 2 * aux_model.X.T @ (aux_model.X @ w) / 3, rtol=1e-12)


def test_emit_refuses_a_has_aux_it_cannot_read(tmp_path):
    from s2sgrad import cli
    source = tmp_path / "aux_flag.py"
    source.write_text("import numpy as np\nimport s2sgrad\nAUX = True\n\n\n@s2sgrad.differentiate(has_aux=AUX)\n"
                      "def step(w):\n    return np.sum(w ** 2), w\n")
    assert cli.main(["emit", str(source), "-f", "step"]) == 2


def _namespace_loss(p):
    return np.sum(np.tanh(p.W * 2) ** 2)


def test_a_simple_namespace_is_refused_with_the_containers_that_work():
    """J7: a types.SimpleNamespace failed inside the emitted code, saying the field it has was
    missing; it is refused at the call, naming what to pass instead."""
    import types
    with pytest.raises(s2sgrad.ArgumentError, match="SimpleNamespace, which s2sgrad does not read as a record"):
        s2sgrad.grad(_namespace_loss)(types.SimpleNamespace(W=np.array([0.3, -0.5])))


def _tanh_layer_loss(p):
    return np.sum(np.tanh(p["W"] * 2 + p["b"]) ** 2)


def test_an_ordered_dict_of_parameters_is_a_dict():
    """J8: a collections.OrderedDict was taken for an object of a class that is not plain."""
    p = collections.OrderedDict(W=np.array([0.3, -0.5]), b=np.array([0.1, 0.2]))
    grad = s2sgrad.grad(_tanh_layer_loss)(p)
    want = autograd.grad(lambda q: anp.sum(anp.tanh(q["W"] * 2 + q["b"]) ** 2))(dict(p))
    for key in p:
        np.testing.assert_allclose(grad[key], want[key], rtol=1e-12)


def test_an_integer_field_has_no_tangent():
    """J11: jvp read the tangent record's integer field (`p._replace(w=v)` carries power=3) as a
    direction along the exponent; it has no tangent, whatever the tangent record holds there."""
    p = _Hyper(np.array([0.3, -0.5, 1.2, 0.4]), 3, "cubic")
    v = np.array([1.0, -0.5, 0.25, 2.0])
    want = np.sum(s2sgrad.grad(_powered)(p).w * v)
    for tangent in (p._replace(w=v), _Hyper(v, 0, "cubic"), _Hyper(v, None, None)):
        np.testing.assert_allclose(s2sgrad.jvp(_powered, (p,), (tangent,))[1], want, rtol=1e-12)
    hv = s2sgrad.hvp(_powered, (p,), (p._replace(w=v),))
    np.testing.assert_allclose(hv.w, gradient_by_differences(lambda w: np.sum(s2sgrad.grad(_powered)(p._replace(w=w)).w * v),
                                                  p.w), rtol=1e-6, atol=1e-8)


def test_the_hessian_of_a_record_with_an_integer_field():
    """J12: the integer field was a direction of the Hessian (blocks holding its value 3 as if
    derivatives); now only the array field is, and the count keeps its value."""
    c = _RunConfig(np.array([0.3, -0.5]), 3)
    H = s2sgrad.hessian(_stepped)(c)
    want = autograd.hessian(lambda w: anp.sum(anp.sin(anp.sin(anp.sin(w)))))(c.w)
    np.testing.assert_allclose(H.w.w, want, rtol=1e-10, atol=1e-12)
    assert H.steps == 3 and H.w.steps == 3


# -- repeated eigen- and singular values ----------------------------------------------------------
_C3 = np.array([[1.0, 2.0, 0.5], [2.0, -1.0, 3.0], [0.5, 3.0, 2.0]])
_SYM3 = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.5], [0.0, 0.5, 1.0]])


def _eigh_trace(m):
    w, v = np.linalg.eigh(m)
    return np.sum(w)


def _eigh_logdet(m):
    w, v = scipy_linalg.eigh(m)
    return np.sum(np.log(w))


def _eigh_top_vector(m):
    w, v = np.linalg.eigh(m)
    return np.sum(v[:, -1] ** 2 * np.arange(3.0))


def _eigh_sqrtm(m):
    w, v = np.linalg.eigh(m)
    return np.sum((v * np.sqrt(w)) @ v.T * _C3)


def _svd_polar(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(u @ vt * _C3)


def _svd_values(a):
    return np.sum(np.linalg.svd(a, compute_uv=False) ** 2)


@pytest.mark.parametrize("fn", [_eigh_trace, _eigh_logdet, _eigh_top_vector, _svd_values])
def test_functions_of_repeated_eigenvalues_get_their_derivative(fn):
    """At diag(1, 1, 2) (a tie), the values' symmetric functions and a vector of an untied value
    are differentiable: reverse and forward mode give the differences' number."""
    m = np.diag([1.0, 1.0, 2.0])
    moved = (fn(m + 1e-6 * _SYM3) - fn(m - 1e-6 * _SYM3)) / 2e-6
    np.testing.assert_allclose(np.sum(s2sgrad.grad(fn)(m) * _SYM3), moved, atol=1e-6)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (m,), (_SYM3,))[1], moved, atol=1e-6)


@pytest.mark.parametrize("fn, m", [(_eigh_sqrtm, np.eye(3)), (_eigh_sqrtm, np.diag([1.0, 1.0, 2.0])),
                                   (_svd_polar, np.eye(3))])
def test_vectors_of_repeated_values_give_nan_not_a_plausible_number(fn, m):
    """The vectors of a tied value have no derivative: what reaches them is nan in both modes (it
    was a finite wrong number), and right again away from the tie."""
    assert np.isnan(s2sgrad.grad(fn)(m)).all()
    assert np.isnan(s2sgrad.jvp(fn, (m,), (_SYM3,))[1])
    apart = m + np.diag([0.0, 0.3, 0.7])
    moved = (fn(apart + 1e-6 * _SYM3) - fn(apart - 1e-6 * _SYM3)) / 2e-6
    np.testing.assert_allclose(np.sum(s2sgrad.grad(fn)(apart) * _SYM3), moved, rtol=1e-6, atol=1e-8)


def _det(a):
    return np.linalg.det(a) + 0.5 * np.sum(a)


def _qr_wide(a):
    q, r = np.linalg.qr(a)
    return np.sum(r * np.arange(np.size(r)).reshape(np.shape(r))) + np.sum(q ** 3)


def _svd_full_wide(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(u @ vt[:2] * np.arange(8.0).reshape(2, 4)) + np.sum(s ** 3)


def _svd_full_completion(a):
    u, s, vt = np.linalg.svd(a)
    return np.sum(vt * vt[0])


@pytest.mark.parametrize("fn, a", [
    (_det, np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, 1.0, -1.0]])),        # singular: the cofactors
    (_qr_wide, np.random.default_rng(81).standard_normal((2, 4))),
    (_svd_full_wide, np.random.default_rng(82).standard_normal((2, 4))),
])
def test_factorizations_where_the_usual_formula_fails_are_differentiated(fn, a):
    """det at a singular matrix, QR of a wide matrix and svd's full factors of a wide matrix
    raised inside the gradient (LinAlgError, an unlocated NotImplementedError)."""
    check_grads(fn, [a])
    check_jvp(fn, [a])


def test_the_completion_of_full_svd_factors_has_no_derivative():
    a = np.random.default_rng(83).standard_normal((2, 4))
    assert np.isnan(s2sgrad.grad(_svd_full_completion)(a)).all()
    assert np.isnan(s2sgrad.jvp(_svd_full_completion, (a,), (a,))[1])


# -- second derivatives where the first has a special case: sinc at 0, norm(w) ** 2 at 0 --------
def sinc_sum(x):
    return np.sum(np.sinc(x))


def norm_penalty(w):
    return 0.5 * np.linalg.norm(w) ** 2 + np.sum(w[:1])


def norm_of_complex_squared(x):
    z = x * (1.0 + 2.0j)
    return np.linalg.norm(z) ** 2


def _sinc_second(x):
    t = np.pi * x
    return np.pi ** 2 * ((2 - t * t) * np.sin(t) - 2 * t * np.cos(t)) / t ** 3


@pytest.mark.parametrize("x", [np.array([0.0, 1e-9, -0.03, 0.031, 0.4, -1.5])])
def test_the_second_derivative_of_sinc_near_and_at_zero(x):
    # d2/dx2 sinc = -pi**2 / 3 at 0 (it was 0 there, and lost digits next to it); a closed form away from 0
    near = np.abs(x) < 1e-3
    want = np.where(near, -np.pi ** 2 / 3 + np.pi ** 4 * x ** 2 / 10, _sinc_second(np.where(near, 1.0, x)))
    np.testing.assert_allclose(np.diag(s2sgrad.hessian(sinc_sum)(x)), want, rtol=1e-9, atol=1e-9)
    u = np.linspace(1.0, -0.5, x.size)
    np.testing.assert_allclose(s2sgrad.hvp(sinc_sum, (x,), (u,)), want * u, rtol=1e-9, atol=1e-9)
    anp_grad = autograd.elementwise_grad(lambda y: anp.sinc(y))
    far = ~near
    np.testing.assert_allclose(s2sgrad.grad(sinc_sum)(x)[far], anp_grad(x[far]), rtol=1e-9)
    check_grads(sinc_sum, (x,))
    check_jvp(sinc_sum, (x,))


def test_the_hessian_of_a_squared_norm_at_zero():
    # norm(w) ** 2 is the sum of squares: its Hessian is 2 I at 0 too, where the norm has its kink
    for w in (np.zeros(3), np.array([0.5, -1.0, 2.0])):
        np.testing.assert_allclose(s2sgrad.hessian(norm_penalty)(w), np.eye(3), atol=1e-12)
        np.testing.assert_allclose(s2sgrad.grad(norm_penalty)(w), w + [1.0, 0.0, 0.0], atol=1e-12)
        hv = gradient_by_differences(lambda y: np.sum(s2sgrad.grad(norm_penalty)(y) * [1.0, 2.0, 3.0]), w)
        np.testing.assert_allclose(s2sgrad.hvp(norm_penalty, (w,), (np.array([1.0, 2.0, 3.0]),)), hv, atol=1e-6)
    assert s2sgrad.value_and_grad(norm_penalty)(np.ones(3))[0] == norm_penalty(np.ones(3))     # the same value


def test_a_squared_norm_of_complex_values_is_the_sum_of_their_squared_moduli():
    # |z|**2 summed, never z**2 summed: 5 x**2 here, Hessian 10 I (at 0 too)
    x = np.array([0.3, -1.2, 0.0])
    np.testing.assert_allclose(s2sgrad.grad(norm_of_complex_squared)(x), 10 * x, atol=1e-12)
    np.testing.assert_allclose(s2sgrad.hessian(norm_of_complex_squared)(x), 10 * np.eye(3), atol=1e-12)
    check_grads(norm_of_complex_squared, (x,))
    check_jvp(norm_of_complex_squared, (x,))


# -- x ** p with both differentiated: at p == 0 the mixed second derivative is 1 / x -----------
def learned_power(x, p):
    return np.sum(x ** p) + pow(x[0], p) + np.sum(np.float_power(x, p))


def learned_power_ag(x, p):
    return anp.sum(x ** p) + x[0] ** p + anp.sum(anp.power(x, p))


@pytest.mark.parametrize("x,p", [(np.array([0.7, 1.3, 2.0]), 0.0), (np.array([0.7, 1.3, 2.0]), 1.0),
                                 (np.array([0.0, 1.3, 2.0]), 2.0), (np.array([0.0, 1.3, 2.0]), 3.5)])
def test_a_power_of_a_learned_exponent_at_zero(x, p):
    # (the `p != 0` guard of the exponent x ** (p - (p != 0)) had no tangent: the mixed term was 1, not 1 / x)
    u, v = np.array([1.0, -0.5, 0.25]), 0.7
    grad = s2sgrad.grad(learned_power, wrt=(0, 1))
    want = autograd.grad(learned_power_ag, (0, 1))(x, p)
    np.testing.assert_allclose(grad(x, p)[0], want[0], atol=1e-12)
    assert grad(x, p)[1] == pytest.approx(want[1], abs=1e-12)
    eps = 1e-6
    plus, minus = grad(x + eps * u, p + eps * v), grad(x - eps * u, p - eps * v)
    hx, hp = s2sgrad.hvp(learned_power, (x, p), (u, v))
    inside = x > 0          # (x < 0 has no real power of a fractional p: differences there are nan)
    np.testing.assert_allclose(hx[inside], ((plus[0] - minus[0]) / (2 * eps))[inside], atol=1e-6)
    if not inside.all():    # at x == 0, p >= 2: H_xx u = 3 p (p - 1) 0 ** (p - 2), the mixed term 0 ** (p - 1)
        assert hx[0] == pytest.approx(3 * p * (p - 1) * (p == 2.0), abs=1e-12)
    else:
        assert hp == pytest.approx((plus[1] - minus[1]) / (2 * eps), abs=1e-6)
    if p == 0.0:            # along p alone: d/dp (p x ** (p - 1)) = 1 / x for each of the three spellings
        np.testing.assert_allclose(s2sgrad.hvp(learned_power, (x, p), (np.zeros(3), 1.0))[0],
                                   2 / x + [1 / x[0], 0.0, 0.0], rtol=1e-12)
    if inside.all():
        check_grads(learned_power, (x, p), wrt=(0, 1))


def test_a_power_of_a_learned_exponent_at_zero_base_and_exponent():
    # where the mixed term is undefined (x == 0, p == 0: 1 / x), log x is taken as 0 as in the
    # exponent's gradient: the term is x ** (p - 1 + (x == 0)) = 1, finite (JAX gives nan there)
    x = np.array([0.0, 1.3])
    hx, _ = s2sgrad.hvp(lambda_free_power, (x, 0.0), (np.zeros(2), 1.0))
    np.testing.assert_allclose(hx, [1.0, 1 / 1.3], rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(lambda_free_power, wrt=(0, 1))(x, 0.0)[0], [0.0, 0.0])


def lambda_free_power(x, p):
    return np.sum(x ** p)


# -- second derivatives of det at singular matrices ---------------------------------------------
def determinant(a):
    return np.linalg.det(a)


def _cofactors_by_minors(a):
    n = a.shape[0]
    return np.array([[(-1) ** (i + j) * np.linalg.det(np.delete(np.delete(a, i, 0), j, 1)) for j in range(n)]
                     for i in range(n)])


@pytest.mark.parametrize("n,rank", [(3, 2), (3, 1), (4, 3), (4, 2), (3, 0)])
def test_hvp_of_det_at_a_singular_matrix(n, rank):
    # (the cofactors' derivative went through inv(a): a LinAlgError, or a huge wrong number
    # where rounding left a nearly singular a invertible)
    rng = np.random.default_rng(n + rank)
    a = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, n))
    u = rng.standard_normal((n, n))
    eps = 1e-4           # the minors are polynomials of degree n - 1 <= 3: the differences are exact to eps**2
    want = (_cofactors_by_minors(a + eps * u) - _cofactors_by_minors(a - eps * u)) / (2 * eps)
    np.testing.assert_allclose(s2sgrad.hvp(determinant, (a,), (u,)), want, atol=1e-6)
    np.testing.assert_allclose(s2sgrad.grad(determinant)(a), _cofactors_by_minors(a), atol=1e-12)
    hv = autograd.hessian_vector_product(lambda b: anp.linalg.det(b))(a + np.eye(n), u)     # a peer where it runs
    np.testing.assert_allclose(s2sgrad.hvp(determinant, (a + np.eye(n),), (u,)), hv, atol=1e-10)


# -- loops over a dict: reversed(d), d.copy(), zip(d, d.values()); d a module dict or a parameter ----
TABLE_OF_ROWS = {"a": np.array([1.0, 2.0]), "bb": np.array([0.5, -1.0]), "ccc": np.array([2.0, 0.3])}


def reversed_module_dict(x):
    s = 0.0
    for k in reversed(TABLE_OF_ROWS):
        s = s * 0.5 + np.sum(np.sin(TABLE_OF_ROWS[k] * x))
    return s


def copy_of_module_dict(x):
    s = 0.0
    for k in TABLE_OF_ROWS.copy():
        s = s * 0.5 + np.sum(np.sin(TABLE_OF_ROWS[k] * x))
    return s


def zip_of_module_dict(x):
    s = 0.0
    for k, v in zip(TABLE_OF_ROWS, TABLE_OF_ROWS.values()):
        s = s * 0.5 + np.sum(np.sin(v * x)) * len(k)
    return s


def reversed_dict_parameter(x, d):
    s = 0.0
    for k in reversed(d):
        s = s * 0.5 + np.sum(np.sin(d[k] * x))
    return s


def copy_items_of_dict_parameter(x, d):
    s = 0.0
    for k, v in d.copy().items():
        s = s * 0.5 + np.sum(np.sin(v * x)) * len(k)
    return s


def zip_of_dict_parameter(x, d):
    s = 0.0
    for i, (k, v) in enumerate(zip(d, d.values())):
        s = s * 0.5 + np.sum(np.sin(v * x)) * (len(k) + i)
    return s


@pytest.mark.parametrize("fn", [reversed_module_dict, copy_of_module_dict, zip_of_module_dict,
                                reversed_dict_parameter, copy_items_of_dict_parameter, zip_of_dict_parameter])
def test_loops_over_a_dict_read_its_keys(fn):
    # (read as sequences: KeyError 0 / 2, or dict_items is not subscriptable)
    x = np.array([0.3, -0.7])
    args = (x,) if fn.__code__.co_argcount == 1 else (x, dict(TABLE_OF_ROWS))
    check_grads(fn, args)
    check_jvp(fn, args)
    u = np.array([1.0, 2.0])
    grad = s2sgrad.grad(fn)
    eps = 1e-6
    want = (grad(x + eps * u, *args[1:]) - grad(x - eps * u, *args[1:])) / (2 * eps)
    np.testing.assert_allclose(s2sgrad.hvp(fn, args, (u,) + (None,) * (len(args) - 1)), want, atol=1e-6)


def reversed_dict_differentiated(d):
    s = 0.0
    for k in reversed(d):
        s = s * 0.5 + np.sum(d[k] ** 2)
    return s


def zip_dict_differentiated(d):
    s = 0.0
    for k, v in zip(d, d.values()):
        s = s * 0.5 + np.sum(v ** 2)
    return s


def test_loops_over_a_differentiated_dict():
    d = dict(TABLE_OF_ROWS)
    backwards, forwards = s2sgrad.grad(reversed_dict_differentiated)(d), s2sgrad.grad(zip_dict_differentiated)(d)
    for i, k in enumerate(d):           # the first key is added last going backwards: its weight is 1
        np.testing.assert_allclose(backwards[k], 2 * d[k] * 0.5 ** i)
        np.testing.assert_allclose(forwards[k], 2 * d[k] * 0.5 ** (len(d) - 1 - i))
    check_grads(reversed_dict_differentiated, (d,))
    check_grads(zip_dict_differentiated, (d,))


# -- match statements, lowered to if / elif: forward mode and hvp too ------------------------------
def _match_cases():
    from tests.language import flow
    return [(flow.match_top, ("soft",)), (flow.match_top, ("other",)), (flow.match_loop, ()),
            (flow.match_branch, ((1, 1),)), (flow.match_branch, ((1, 2, 5),)), (flow.match_call, ())]


@pytest.mark.parametrize("fn,rest", _match_cases())
def test_match_in_forward_mode_and_hvp(fn, rest):
    x = np.array([0.3, 0.4, -0.2])
    check_jvp(fn, (x,) + rest)
    u = np.array([1.0, -0.5, 2.0])
    grad, eps = s2sgrad.grad(fn), 1e-6
    want = (grad(x + eps * u, *rest) - grad(x - eps * u, *rest)) / (2 * eps)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (x,) + rest, (u,) + (None,) * len(rest)), want, atol=1e-6)


def match_with_mapping_pattern(x, config):
    match config:
        case {"scale": s}:
            return np.sum(x) * s
    return np.sum(x)


def test_match_with_a_mapping_pattern_is_refused_at_the_pattern():
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:14: error: this `match` pattern is not"):
        s2sgrad.grad(match_with_mapping_pattern)(np.ones(2), {"scale": 2.0})


# -- `w = v; w *= c` on a fresh array both names see (transforms/fresh_aliases.py) -----------------
def fresh_array_alias_scaled(x):
    v = np.zeros(3)
    v[0] = x[0]
    v[1] = x[1] * x[2]
    w = v
    w *= 2.0
    return np.sum(v * v) + np.sum(w)


def fresh_array_alias_scaled_read_once(x):
    v = np.zeros(3)
    v[0] = x[0]
    w = v
    w *= x[1]
    return np.sum(w * w)


def fresh_array_alias_with_a_view(x):
    v = np.zeros(3)
    v[0] = x[0]
    u = v[:2]
    w = v
    w *= 2.0
    return np.sum(u * v)


def test_an_update_through_an_alias_of_a_fresh_array():
    # NumPy updates the array both names hold: followed where nothing else can see the array
    # (it was refused: "may be shared"); with a view of it made before, still refused where it runs
    x = np.array([0.5, 1.5, -2.0])
    v1 = x[1] * x[2]
    np.testing.assert_allclose(s2sgrad.grad(fresh_array_alias_scaled)(x), [8 * x[0] + 2, (8 * v1 + 2) * x[2],
                                                                           (8 * v1 + 2) * x[1]])
    np.testing.assert_allclose(s2sgrad.grad(fresh_array_alias_scaled_read_once)(x), [2 * x[0] * x[1] ** 2,
                                                                                    2 * x[0] ** 2 * x[1], 0.0])
    for fn in (fresh_array_alias_scaled, fresh_array_alias_scaled_read_once):
        check_grads(fn, (x,))
        check_jvp(fn, (x,))
        u = np.array([1.0, -0.5, 2.0])
        want = (s2sgrad.grad(fn)(x + 1e-6 * u) - s2sgrad.grad(fn)(x - 1e-6 * u)) / 2e-6
        np.testing.assert_allclose(s2sgrad.hvp(fn, (x,), (u,)), want, atol=1e-6)
    with pytest.raises(SharedUpdateError, match=r"test_trust.py:\d+: in-place update of `w`, which holds an array"):
        s2sgrad.grad(fresh_array_alias_with_a_view)(x)


# -- arrays updated whole through two names, items swapped, stores into all of an array ------------
def _in_three_modes(fn, args, want=None):
    """Reverse mode against differences (and `want`, an oracle's gradient), forward mode, and
    Hessian-vector products against differences of the gradient."""
    if want is not None:
        np.testing.assert_allclose(s2sgrad.grad(fn)(*args), want, rtol=1e-10, atol=1e-12)
    check_grads(fn, args)
    check_jvp(fn, args)
    u = np.linspace(-1.0, 1.5, np.size(args[0])).reshape(np.shape(args[0]))
    grad = s2sgrad.grad(fn)
    diff = (grad(args[0] + 1e-6 * u, *args[1:]) - grad(args[0] - 1e-6 * u, *args[1:])) / 2e-6
    np.testing.assert_allclose(s2sgrad.hvp(fn, args, (u,) + (None,) * (len(args) - 1)), diff, atol=1e-5)


def accumulator_updated_whole(x):
    acc = np.zeros(x.shape[0])
    acc += 2.0 * x
    alias = acc
    alias += 3.0 * x * x
    return acc.sum() + np.sum(acc * x)


def accumulator_aliased_in_a_loop(x, params):
    h = x
    acc = np.zeros(3)
    for W, b in params:
        alias = acc
        alias += np.tanh(W @ h + b)
        h = np.tanh(W @ h + b) * acc
    return np.sum(acc * acc) + np.sum(h)


def _accumulator_aliased_in_a_loop_pure(x, params):
    h, acc = x, anp.zeros(3)
    for W, b in params:
        acc = acc + anp.tanh(anp.dot(W, h) + b)
        h = anp.tanh(anp.dot(W, h) + b) * acc
    return anp.sum(acc * acc) + anp.sum(h)


def fresh_state_updated_through_its_alias(x):
    h = np.ones(3)
    for k in range(3):
        alias = h
        alias *= np.sin(x * (k + 1)) + h
    return np.sum(h * x)


def _fresh_state_updated_through_its_alias_pure(x):
    h = anp.ones(3)
    for k in range(3):
        h = h * (anp.sin(x * (k + 1)) + h)
    return anp.sum(h * x)


def aliases_swapped_in_a_loop(x):
    a = np.zeros(3)
    b = np.ones(3)
    for k in range(3):
        a, b = b, a
        a += x * (k + 1)
    return np.sum(a * x) + np.sum(b * b)


def alias_read_after_the_loop(x, n):
    h = np.zeros(3)
    for k in range(n):
        alias = h
        alias += x * (k + 1)
    h2 = h
    h2 *= x
    return np.sum(alias * x)


def alias_of_a_parameter_updated(x):
    alias = x
    alias += 1.0
    return np.sum(x)


def test_an_array_updated_whole_is_seen_through_every_name_that_holds_it():
    # `acc += ...` before the alias, `alias += ...` after, in loops too: NumPy updates the one
    # array both names hold (all three were refused: "may be shared with another name")
    x = np.array([0.5, 1.5, -2.0])
    params = [(np.eye(3) * 0.5 + 0.1, np.full(3, 0.2)), (np.eye(3) * 0.3 - 0.05, np.full(3, -0.1))]
    _in_three_modes(accumulator_updated_whole, (x,), 2.0 + 10.0 * x + 9.0 * x * x)
    _in_three_modes(accumulator_aliased_in_a_loop, (x, params),
                    autograd.grad(_accumulator_aliased_in_a_loop_pure)(x, params))
    _in_three_modes(fresh_state_updated_through_its_alias, (x,),
                    autograd.grad(_fresh_state_updated_through_its_alias_pure)(x))
    _in_three_modes(aliases_swapped_in_a_loop, (x,))


def test_an_alias_whose_array_cannot_be_followed_is_still_refused():
    x = np.array([0.5, 1.5, -2.0])
    with pytest.raises(SharedUpdateError, match=r"test_trust.py:\d+: in-place update of `alias`"):
        s2sgrad.grad(alias_read_after_the_loop)(x, 2)       # `alias` outlives the loop
    with pytest.raises(s2sgrad.UserCodeError, match=r"test_trust.py:\d+:5: error: in-place update of `alias`, "
                                                    r"which holds the array of the argument `x`"):
        s2sgrad.grad(alias_of_a_parameter_updated)(x)


def recurrence_over_fresh_items(x):
    y = np.zeros(4)
    y[1:] = x * x
    y2, y1 = y[0], y[1]
    for n in range(2, 4):
        y2, y1 = y1, y[n]
        y[n] = y1 * 0.5 + y2
    return np.sum(y)


def _recurrence_over_fresh_items_pure(x):
    read = [0.0] + [x[i] * x[i] for i in range(3)]      # each item read before it is written
    return read[0] + read[1] + sum(read[n] * 0.5 + read[n - 1] for n in range(2, 4))


def items_swapped(x):
    y = np.sin(x)
    y[0], y[2] = y[2], y[0]
    return np.sum(y * np.arange(3.0))


def rows_swapped(x):
    y = np.zeros((2, 3))
    y[0] = x
    y[1] = x * x
    y[0], y[1] = y[1], y[0]       # (NumPy: y[1] is a view; both rows end as x * x)
    return np.sum(y * np.arange(6.0).reshape(2, 3))


def test_items_of_a_fresh_array_read_before_it_is_written_are_copies():
    # `y2, y1 = y1, y[n]` then `y[n] = ...`, `y[0], y[2] = y[2], y[0]`: an item of a one-axis
    # array is a number (were refused: "`y1` may also refer to" y); a row is a view, refused
    # where it is read, when it runs
    x = np.array([0.5, 1.5, -2.0])
    _in_three_modes(recurrence_over_fresh_items, (x,), autograd.grad(_recurrence_over_fresh_items_pure)(x))
    _in_three_modes(items_swapped, (x,), np.cos(x) * np.array([2.0, 1.0, 0.0]))
    with pytest.raises(SharedUpdateError, match=r"test_trust.py:\d+: `y\[0\]` reads a row, a view of an array of more than one axis"):
        s2sgrad.grad(rows_swapped)(x)
    with pytest.raises(SharedUpdateError, match=r"`y\[0\]` reads a row"):
        s2sgrad.jvp(rows_swapped, (x,), (x,))


def whole_of_a_zero_dim_array_stored(x):
    y = np.zeros(())
    y[()] = x[0] * x[1]
    return y * 2


def all_of_an_array_stored(x):
    y = np.zeros(())
    z = np.zeros(3)
    y[...] = x[0] * x[1]
    z[...] = np.sin(x) * y
    z[()] = z * x
    return np.sum(y * 2) + np.sum(z)


def test_a_store_into_all_of_an_array_of_any_rank():
    # `y[()] = v`, `y[...] = v`: the adjoint of a 0-d array may be a number, which has no slots
    # ('numpy.float64' object does not support item assignment)
    x = np.array([0.5, 1.5, -2.0])
    _in_three_modes(whole_of_a_zero_dim_array_stored, (x,), [2 * x[1], 2 * x[0], 0.0])
    _in_three_modes(all_of_an_array_stored, (x,))


# -- loops over a dict that do not read it by the key, or write into it while iterating a copy -----
WEIGHTS_BY_NAME = {"a": 1.0, "bb": 2.0, "ccc": 3.0}


def reversed_module_dict_keys_only(x):
    total = np.sum(x * x)
    for k in reversed(WEIGHTS_BY_NAME):
        total = total * 0.5 + len(k) * x[0]
    return total


def reversed_local_dict_keys_only(x):
    d = {"a": x, "bb": x * 2}
    total = np.sum(x * x)
    for k in reversed(d):
        total = total * len(k) + x[1]
    return total


def reversed_dict_parameter_keys_only(x, d):
    total = np.sum(x * x)
    for k in reversed(d):
        total = total * len(k)
    return total


def reversed_list_of_dict_keys(x, d):
    total = np.sum(x * x)
    for k in reversed(list(d)):
        total = total * len(k)
    return total


def dict_written_while_its_copy_is_iterated(x):
    d = {"a": x * 2.0, "b": np.sin(x)}
    for k, v in d.copy().items():
        d[k] = v * x
    return np.sum(d["a"] * d["b"])


def test_loops_over_a_dict_that_read_only_its_keys_or_write_into_it():
    # (KeyError 1: read as a sequence by position; "no derivative rule for `.items`")
    x = np.array([0.5, 1.5, -2.0])
    for fn in (reversed_module_dict_keys_only, reversed_local_dict_keys_only, dict_written_while_its_copy_is_iterated):
        _in_three_modes(fn, (x,))
    np.testing.assert_allclose(s2sgrad.grad(dict_written_while_its_copy_is_iterated)(x),
                               4 * x * np.sin(x) * x + 2 * x * x * (np.cos(x) * x + np.sin(x)), rtol=1e-12)
    d = {"ab": 1.0, "c": 2.0}
    np.testing.assert_allclose(s2sgrad.grad(reversed_list_of_dict_keys)(x, d), 4 * x, rtol=1e-12)
    with pytest.raises(s2sgrad.UnsupportedValueError, match=r"test_trust.py:\d+: `reversed\(d\)` of a dict"):
        s2sgrad.grad(reversed_dict_parameter_keys_only)(x, d)
    np.testing.assert_allclose(s2sgrad.grad(reversed_dict_parameter_keys_only)(x, ["ab", "c"]), 4 * x, rtol=1e-12)


# -- swaps in sorting passes and updates through two names, as written in a hurry ---------------------
def sorting_network_of_four(x):
    v = np.copy(x)
    for a, b in [(0, 1), (2, 3), (0, 2), (1, 3), (1, 2)]:
        if v[a] > v[b]:
            v[a], v[b] = v[b], v[a]
    return v[0] * 1.0 + v[1] * 2.0 + v[2] * 3.0 + v[3] * 4.0


def insertion_sort_by_swaps(x):
    y = np.array(x)
    for i in range(1, len(y)):
        j = i
        while j > 0 and y[j - 1] > y[j]:
            y[j - 1], y[j] = y[j], y[j - 1]
            j -= 1
    return np.dot(y, np.arange(1.0, len(y) + 1))


def momentum_through_an_alias(x):
    v = np.zeros_like(x)
    p = x.copy()
    for k in range(4):
        vel = v
        vel *= 0.9
        vel += 0.1 * np.cos(p)
        p = p - 0.5 * v
    return np.sum(p ** 2)


def average_through_two_names(x):
    ema = np.zeros(4)
    view = ema
    for t in range(3):
        ema *= 0.8
        view += 0.2 * x ** (t + 1)
    return np.sum(ema ** 2)


def copy_of_a_numpy_scalar_updated(x):
    s = np.sum(x)
    v = s.copy()
    w = v
    w += 1.0                # a NumPy scalar: `w` rebinds, `v` keeps its value
    return v * x[0] + w


def test_swaps_and_two_names_as_written_in_a_hurry():
    x = np.array([0.3, -1.2, 2.5, 0.7])
    order = np.argsort(x)
    _in_three_modes(sorting_network_of_four, (x,), np.arange(1.0, 5.0)[np.argsort(order)])
    _in_three_modes(insertion_sort_by_swaps, (x,), np.arange(1.0, 5.0)[np.argsort(order)])
    _in_three_modes(momentum_through_an_alias, (x,))
    _in_three_modes(average_through_two_names, (x,))
    _in_three_modes(copy_of_a_numpy_scalar_updated, (x,), np.full(4, x[0]) + np.eye(4)[0] * np.sum(x) + 1.0)
def fresh_array_rebound_after_its_alias(x):
    v = np.zeros(3)
    v[0] = x[0]
    w = v
    v = np.ones(3)
    w *= x
    return np.sum(v * x) + np.sum(w * 3.0)


def test_an_alias_of_a_fresh_array_rebound_keeps_the_old_array():
    # `v = np.ones(3)` after `w = v`: `w *= x` updates the old array only, never `v = w` after it
    x = np.array([0.5, 1.5, -2.0])
    value, g = s2sgrad.value_and_grad(fresh_array_rebound_after_its_alias)(x)
    np.testing.assert_allclose(value, np.sum(x) + 3.0 * x[0] * x[0])
    np.testing.assert_allclose(g, [1.0 + 6.0 * x[0], 1.0, 1.0])
    check_grads(fresh_array_rebound_after_its_alias, (x,))
    check_jvp(fresh_array_rebound_after_its_alias, (x,))


# -- a method of the user's object named like an array method --------------------------------------
_OBJECTS_WITH_ARRAY_METHOD_NAMES = '''
import numpy as np


class Plain:
    def __init__(self, w):
        self.w = w

    def dot(self, a):
        return self.w @ a

    def sum(self):
        return np.sum(self.w * self.w)


class Counting:
    def __init__(self, w):
        self.w = w
        self.calls = 0

    def dot(self, a):
        self.calls += 1
        return self.w @ a


def plain(x):
    box = Plain(x * x)
    return box.dot(np.array([1.0, -1.0, 0.5])) + box.sum()


def given_list(x, boxes):
    total = 0.0
    for box in boxes:
        total = total + box.dot(x * x)
    return total


def counting(x):
    box = Counting(np.array([1.0, -1.0, 0.5]))
    return box.dot(x * 2.0)
'''


def test_a_method_named_like_an_array_method_is_the_class_s_own(tmp_path):
    """`box.dot(a)` and `box.sum()` on an object of the user's class call the class's methods (they
    were read as `ndarray.dot`/`ndarray.sum`: a TypeError, or a wrong gradient); where s2sgrad does
    not read the class, the call is refused at its line."""
    module = load_module(tmp_path, "array_method_names", _OBJECTS_WITH_ARRAY_METHOD_NAMES)
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(module.plain)(x), 2 * x * np.array([1.0, -1.0, 0.5]) + 4 * x ** 3)
    check_grads(module.plain, (x,))
    check_jvp(module.plain, (x,))
    boxes = [module.Plain(np.array([1.0, 2.0, -1.0])), module.Plain(np.array([0.5, 0.0, 3.0]))]
    np.testing.assert_allclose(s2sgrad.grad(module.given_list)(x, boxes), 2 * x * np.array([1.5, 2.0, 2.0]))
    check_grads(module.given_list, (x, boxes))
    with pytest.raises(s2sgrad.UserCodeError, match=r"array_method_names.py:40:\d+: .*`box.dot` is not differentiated"):
        s2sgrad.grad(module.counting)(x)
