"""Per-example Jacobians of a function mapped over a batch: `jacobian(f, wrt, mode, batch=...)`.

Each batched Jacobian is checked example by example against central differences and against
the one-sweep-per-element forms (column-by-column jvp, row-by-row vjp) on that example alone;
the corpus has constructs at top level, in a loop, in a branch and in a callee, per-example
scalars against vectors, Jacobians over a shared argument (weights every example reads),
matmul with a shared matrix, dot and cross of two batched operands, reductions with an axis,
stores into arrays made inside f, and the ADBench BA functions.  The language corpus
(tests/language) runs batched too, each case's differentiated argument stacked over three
perturbed examples.
"""

import numpy as np
import pytest

import s2sgrad
from s2sgrad import batches, jacobians
from s2sgrad.errors import ArgumentError
from benchmarks.adbench import ba, generate
from tests.test_jacobian_sweeps import _copies, _differences, _rows

M = np.array([[0.3, -1.2, 0.5], [0.7, 0.1, -0.4]])


def scaled_by_a_scalar(x, s):
    return np.tanh(x) * s + s * s


def shared_matrix(x, b):
    return M @ np.sin(x) + b


def dot_and_cross(u, v):
    return np.cross(u, v) * np.dot(u, v) + np.sum(u * v, axis=-1)


def matrix_example(A, v):
    return np.concatenate([(A @ v) ** 2, np.sum(A * A, axis=0), A.T @ np.cos(v)])


def _step(y, x):
    return np.sin(y) * x + 0.5 * y


def shared_weights(W, x):
    return np.tanh(W @ x) * x[:2]


def in_a_callee(x):
    return _step(_step(x, x), x[::-1])


def in_a_loop(x, n):
    y = x
    for i in range(n):
        y = y * np.cos(y) + x[i % 3]
    return y


def in_a_branch(x):
    if np.sum(x * x) > 1.0:
        return np.exp(-x) * x
    return x ** 3


def stores(x):
    y = np.zeros(4)
    y[0] = x[0] * x[1]
    y[1:3] = np.sin(x[1:])
    y[3] = np.sum(y[:3]) * x[2]
    return y


def to_a_number(x, w):
    return np.sum(w * np.log1p(x * x))


def matrix_stores(A):
    R = np.eye(3)
    R[0, 1] = np.cos(A[0, 0])
    R[1, 0] = -R[0, 1] * A[1, 1]
    return R @ A @ R.T


def _batch(*shape, seed=0, lo=-1.0, hi=1.0):
    return np.random.default_rng(seed).uniform(lo, hi, size=shape)


B = 5
# (function, args with the batch axis on the batched ones, batch=, wrt)
CORPUS = [
    (scaled_by_a_scalar, (_batch(B, 3), _batch(B, seed=1)), True, (0, 1)),
    (shared_matrix, (_batch(B, 3), np.array([0.2, -0.1])), ("x",), 0),
    (dot_and_cross, (_batch(B, 3), _batch(B, 3, seed=2)), True, (0, 1)),
    (matrix_example, (_batch(B, 3, 3), _batch(B, 3, seed=3)), True, ("A", "v")),
    (in_a_callee, (_batch(B, 3),), True, 0),
    (in_a_loop, (_batch(B, 3), 4), (0,), 0),
    (in_a_branch, (_batch(B, 3, lo=0.7, hi=1.0),), True, 0),         # every example takes the first arm
    (in_a_branch, (_batch(B, 3, lo=-0.3, hi=0.3),), True, 0),        # every example the second
    (stores, (_batch(B, 3),), True, 0),
    (to_a_number, (_batch(B, 4), _batch(B, 4, seed=4)), True, (0, 1)),
    (matrix_stores, (_batch(B, 3, 3),), True, 0),
    (shared_weights, (M, _batch(B, 3)), ("x",), ("W", "x")),          # W shared: per-example dF_b/dW
    (scaled_by_a_scalar, (_batch(B, 3), 0.7), ("x",), (0, 1)),       # a shared number
]
MIXED = (in_a_branch, (np.concatenate([_batch(2, 3, lo=0.7, hi=1.0), _batch(3, 3, lo=-0.3, hi=0.3)]),), True, 0)


def _ids(corpus):
    return [f"{c[0].__name__}-{k}" for k, c in enumerate(corpus)]


def _positions(fn, wrt):
    return tuple(jacobians._position(fn, w) for w in (wrt if isinstance(wrt, tuple) else (wrt,)))


def _batched(fn, args, batch):
    params = list(jacobians.inspect.signature(fn).parameters)
    return batches.batched_positions(fn, batch, params)


def _check_each_example(fn, args, batch, wrt, got):
    batched = _batched(fn, args, batch)
    several = isinstance(wrt, tuple)
    got = got if several else (got,)
    for b in range(args[batched[0]].shape[0]):
        one = batches.example(_copies(args), batched, b)
        for J, p in zip(got, _positions(fn, wrt)):
            np.testing.assert_allclose(J[b], _differences(fn, one, p), rtol=1e-6, atol=1e-8)
            np.testing.assert_allclose(J[b], jacobians._forward_columns(fn, _copies(one), p), rtol=1e-12, atol=1e-13)
            np.testing.assert_allclose(J[b], _rows(fn, one, p), rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("fn,args,batch,wrt", CORPUS + [MIXED], ids=_ids(CORPUS + [MIXED]))
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_each_example_against_differences_and_one_sweep_per_element(fn, args, batch, wrt, mode):
    got = s2sgrad.jacobian(fn, wrt=wrt, mode=mode, batch=batch)(*_copies(args))
    _check_each_example(fn, args, batch, wrt, got)


@pytest.mark.parametrize("fn,args,batch,wrt", CORPUS, ids=_ids(CORPUS))
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_the_batched_sweeps_apply(fn, args, batch, wrt, mode, monkeypatch):
    """No loop over the examples on the corpus: the sweeps run over the whole batch at once."""
    def refuse(*a, **k):
        raise AssertionError("fell back to one Jacobian per example")
    monkeypatch.setattr(jacobians, "_forward_jacobian", refuse)
    monkeypatch.setattr(jacobians, "_reverse_jacobian", refuse)
    s2sgrad.jacobian(fn, wrt=wrt, mode=mode, batch=batch)(*_copies(args))


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_examples_that_branch_differently_fall_back_to_one_jacobian_each(mode, monkeypatch):
    calls = []
    one = jacobians._forward_jacobian if mode == "fwd" else jacobians._reverse_jacobian
    monkeypatch.setattr(jacobians, "_forward_jacobian" if mode == "fwd" else "_reverse_jacobian",
                        lambda *a, **k: calls.append(1) or one(*a, **k))
    fn, args, batch, wrt = MIXED
    s2sgrad.jacobian(fn, wrt=wrt, mode=mode, batch=batch)(*_copies(args))
    assert len(calls) == args[0].shape[0]


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_sweeps_carry_groups_of_directions(mode, monkeypatch):
    """Fewer rows per sweep than directions times examples: several sweeps, stitched in order."""
    monkeypatch.setattr(batches, "ROWS", 2 * B)
    fn, args, batch, wrt = CORPUS[3]
    got = s2sgrad.jacobian(fn, wrt=wrt, mode=mode, batch=batch)(*_copies(args))
    _check_each_example(fn, args, batch, wrt, got)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
@pytest.mark.parametrize("rotation", ["nonzero", "zero"])
def test_ba(mode, rotation, monkeypatch):
    cams, X, w, obs, feats = generate.ba_instance(4, 6, 9)
    if rotation == "zero":
        cams[:, :3] = 0.0
    args = (cams[obs[:, 0]], X[obs[:, 1]], w, feats)
    monkeypatch.setattr(jacobians, "_forward_jacobian", None)       # no fallback: the batched sweeps apply
    monkeypatch.setattr(jacobians, "_reverse_jacobian", None)
    J = s2sgrad.jacobian(ba.compute_reproj_err, wrt=("cam", "X", "w"), mode=mode, batch=True)(*args)
    monkeypatch.undo()
    for b in range(obs.shape[0]):
        one = batches.example(args, (0, 1, 2, 3), b)
        want = s2sgrad.jacobian(ba.compute_reproj_err, wrt=("cam", "X", "w"), mode=mode)(*one)
        for got, p, expected in zip(J, range(3), want):
            np.testing.assert_allclose(got[b], expected, rtol=1e-12, atol=1e-13)
            np.testing.assert_allclose(got[b], _differences(ba.compute_reproj_err, one, p), rtol=1e-6, atol=1e-8)
    Jw = s2sgrad.jacobian(ba.compute_w_err, mode=mode, batch=True)(w)
    np.testing.assert_allclose(Jw, -2.0 * w, rtol=1e-14)


def test_the_arguments_are_left_as_they_were():
    x = _batch(B, 3)
    kept = x.copy()
    for mode in ("rev", "fwd"):
        s2sgrad.jacobian(stores, mode=mode, batch=True)(x)
        np.testing.assert_array_equal(x, kept)


@pytest.mark.parametrize("batch,args,message", [
    (("y",), (_batch(3, 2),), "names no|give True or the parameters"),
    (True, (np.ones(3), np.ones(4)), "different leading lengths"),
    (True, (1.5, np.ones(4)), "needs a leading batch axis"),
    ((), (_batch(3, 3, 3), _batch(3, 3)), "batch="),
    (True, (np.zeros((0, 3, 3)), np.zeros((0, 3))), "empty batch"),
])
def test_refusals(batch, args, message):
    with pytest.raises(ArgumentError, match=message):
        s2sgrad.jacobian(matrix_example, wrt=("A", "v") if len(args) == 2 else 0, batch=batch)(*args)


# -- the language corpus, batched over its differentiated argument ----------------------------
def _language_cases():
    from tests.language import CASES
    out = []
    for case in CASES:
        args = case.inputs[0]
        wrt = case.wrt
        if isinstance(wrt, (tuple, list)):
            continue
        try:
            p = jacobians._position(case.fn, wrt)
        except Exception:
            continue
        if p >= len(args) or type(args[p]) is not np.ndarray or args[p].dtype.kind != "f" or args[p].size > 12:
            continue
        out.append(pytest.param(case, p, id=case.name))
    return out


@pytest.mark.parametrize("case,position", _language_cases())
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_language_corpus_batched(case, position, mode):
    args = case.copies()[0]
    try:
        value = case.fn(*case.copies()[0])
    except Exception:
        pytest.skip("the case raises on its first input set")
    if not (isinstance(value, (float, np.floating)) or type(value) is np.ndarray and value.dtype.kind == "f"):
        pytest.skip("not a float output")
    x = args[position]
    stacked = np.stack([x, x * (1.0 + 1e-3), x * (1.0 - 2e-3)])
    batched = list(args)
    batched[position] = stacked
    try:
        want = [s2sgrad.jacobian(case.fn, wrt=position, mode=mode)(*case.copies()[0][:position], e,
                                                                     *case.copies()[0][position + 1:])
                for e in stacked]
    except Exception:
        pytest.skip("its unbatched Jacobian raises")
    got = s2sgrad.jacobian(case.fn, wrt=position, mode=mode, batch=(position,))(*batched)
    np.testing.assert_allclose(got, np.stack(want), rtol=1e-11, atol=1e-12)


# -- operations with both operands carrying the leading axis (two batched primals) ----------
BOTH = [
    ("dot of vectors", lambda a, b: np.dot(a, b), (3,), (3,)),
    ("dot, matrix vector", lambda a, b: np.dot(a, b), (2, 3), (3,)),
    ("dot, vector matrix", lambda a, b: np.dot(b, a), (2, 3), (2,)),
    ("matmul of matrices", lambda a, b: a @ b, (2, 3), (3, 4)),
    ("matmul, vector left", lambda a, b: b @ a, (5, 3, 4), (3,)),
    ("matmul, vector right", lambda a, b: a @ b, (5, 2, 3), (3,)),
    ("matmul, batched", lambda a, b: a @ b, (3, 4), (5, 4, 2)),
    ("matmul of vectors", lambda a, b: a @ b, (3,), (3,)),
    ("cross", lambda a, b: np.cross(a, b), (3,), (4, 3)),
    ("outer", lambda a, b: np.multiply.outer(a, b), (2,), (3,)),
    ("concatenate", lambda a, b: np.concatenate([a, b]), (2, 3), (4, 3)),
    ("elementwise", lambda a, b: np.arctan2(a, b) * a, (2, 3), (3,)),
]


@pytest.mark.parametrize("what,fn,a_shape,b_shape", BOTH, ids=[o[0] for o in BOTH])
def test_both_operands_carry_the_axis(what, fn, a_shape, b_shape):
    from s2sgrad.directions import Directions
    rng = np.random.default_rng(5)
    a, b = Directions(rng.normal(size=(4,) + a_shape)), Directions(rng.normal(size=(4,) + b_shape))
    got = fn(a, b)
    assert isinstance(got, Directions)
    want = np.stack([fn(a.data[j], b.data[j]) for j in range(4)])
    np.testing.assert_allclose(got.data, want, rtol=1e-14, atol=1e-14)


def test_a_branch_is_taken_when_every_example_agrees():
    from s2sgrad.directions import Directions, Unvectorized
    assert bool(Directions(np.array([1.0, 2.0])) > 0) is True
    assert bool(Directions(np.array([1.0, 2.0])) < 0) is False
    with pytest.raises(Unvectorized):
        bool(Directions(np.array([1.0, -2.0])) > 0)
    with pytest.raises(Unvectorized):
        bool(Directions(np.ones((2, 3))) > 0)          # an array's truth: ambiguous, as in NumPy


def test_arrays_made_inside_f_carry_the_batch():
    from s2sgrad.batches import _Creating
    from s2sgrad.directions import Directions
    xp = _Creating(3)
    v = Directions(np.arange(3.0))
    R = xp.eye(2)
    R[0, 1] = v
    assert isinstance(R, Directions) and R.data.shape == (3, 2, 2)
    np.testing.assert_array_equal(R.data[:, 0, 1], [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(xp.array([v, 1.0]).data, [[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    assert type(xp.zeros(3, dtype=int)) is np.ndarray           # an index array stays one
    assert xp.full(2, v).data.tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]
