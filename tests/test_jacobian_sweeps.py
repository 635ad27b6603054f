"""Jacobians in few sweeps: reverse mode replays the adjoint sweep on copies of one forward
sweep's tape; forward mode carries many input directions along a leading axis.

Every Jacobian is checked against central differences and against the one-sweep-per-element
form (row-by-row `vjp`, column-by-column `jvp`); the corpus has in-place stores whose adjoint
puts the overwritten values back, loops, branches, reductions with an axis, matmul on both
sides, reshapes and transposes, indexing, `np.cross` and the ADBench BA and HT objectives.
"""

import copy
import inspect

import numpy as np
import pytest

import s2sgrad
from s2sgrad import jacobians
from s2sgrad.directions import Directions, Unvectorized
from s2sgrad.sweeps import Unreplayable, copy_tape, written_entries
from benchmarks.adbench import ba, generate, hand
from tests.second_order import functions as F

A = np.array([[0.3, -1.2, 0.5], [0.7, 0.1, -0.4]])
C = np.array([0.3, -1.2, 0.5])


def chain(x):
    return np.tanh(x) * x + np.sin(x) ** 2 / (1.0 + x * x)


def scalar_times_vector(x):
    s = np.sum(x * x)
    return s * x + np.exp(-s)


def matmul_left(x):
    return A @ np.sin(x)


def matmul_right(x):
    return np.cos(x[:2]) @ A + np.dot(x, A.T) @ A


def matrix_argument(x):
    m = x.reshape(2, 3)
    return np.concatenate([(m @ A.T).ravel(), np.dot(m.T, m[:, 0])])


def reductions(x):
    m = x.reshape(2, 3) ** 2
    return np.concatenate([np.sum(m, axis=0), np.mean(m, axis=1), [np.max(m), np.prod(x)]])


def reshape_transpose(x):
    m = np.transpose(x.reshape(3, 2))
    return np.reshape(m.T * m[0][:, None] * 1.0, -1)


def indexing(x):
    y = np.zeros(5)
    y[1:] = x[:-2] * x[1:-1]
    y[0] = x[-1]
    y[[2, 4]] = y[[2, 4]] + x[[0, 0]]
    return y[::-1] + x[x.size - 5:]


def stores_in_a_loop(x):
    m = x.reshape(2, 3).copy()
    acc = np.ones(3)
    for i in range(2):
        acc = acc * m[i] + np.cos(acc)
        m[i] = acc
        if np.sum(acc) > 2.0:
            m[i] = m[i] * 2.0
    return np.concatenate([m @ acc + m[0] @ m.T, m[1] * acc])


def branches(x):
    y = x
    for i in range(3):
        if np.sum(y) > 0.0:
            y = np.tanh(y) * x
        else:
            y = y * y + 1.0
    return y


def cross(x):
    return np.cross(x[:3], x[3:]) * np.sum(x[:3])


def of_a_float(t):
    return np.sin(t) * C + t * t


def array_display(x):
    return np.array([np.sin(x[0]), x[1] * x[0], 2.0])


def two_arguments(x, y):
    return np.outer(x, y).ravel() * np.sum(x) + np.sin(y)[:1]


CORPUS = [
    (chain, (np.linspace(-1.0, 1.2, 6),)),
    (scalar_times_vector, (np.linspace(-0.5, 0.8, 4),)),
    (matmul_left, (np.array([0.2, -0.3, 0.9]),)),
    (matmul_right, (np.array([0.2, -0.3, 0.9]),)),
    (matrix_argument, (np.linspace(0.1, 0.9, 6),)),
    (reductions, (np.linspace(0.3, 1.4, 6),)),
    (reshape_transpose, (np.linspace(-0.7, 0.6, 6),)),
    (indexing, (np.linspace(0.2, 1.3, 6),)),
    (stores_in_a_loop, (np.linspace(0.1, 1.0, 6),)),
    (branches, (np.linspace(-0.4, 0.9, 5),)),
    (branches, (np.linspace(-0.9, -0.1, 5),)),
    (cross, (np.array([0.3, -0.2, 0.8, 1.1, 0.4, -0.6]),)),
    (of_a_float, (0.7,)),
]


def _copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _differences(fn, args, position, eps=1e-6):
    x = np.asarray(args[position], dtype=float)
    columns = []
    for k in range(x.size):
        step = np.zeros(x.size)
        step[k] = eps
        plus, minus = list(_copies(args)), list(_copies(args))
        plus[position] = x + step.reshape(x.shape) if x.ndim else float(x + eps)
        minus[position] = x - step.reshape(x.shape) if x.ndim else float(x - eps)
        columns.append((np.asarray(fn(*plus)) - np.asarray(fn(*minus))) / (2 * eps))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(fn(*_copies(args))) + x.shape)


def _rows(fn, args, position):
    """Row by row: one whole vjp per output element."""
    value = fn(*_copies(args))
    back = s2sgrad.vjp(fn, position)
    rows = [np.asarray(back(*_copies(args), d_result=e)) for e in jacobians._basis(value)]
    return np.reshape(np.asarray(rows), np.shape(value) + np.shape(args[position]))


def _ids(corpus):
    return [f"{fn.__name__}-{k}" for k, (fn, _) in enumerate(corpus)]


@pytest.mark.parametrize("fn,args", CORPUS, ids=_ids(CORPUS))
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_against_differences_and_one_sweep_per_element(fn, args, mode):
    J = s2sgrad.jacobian(fn, mode=mode)(*_copies(args))
    np.testing.assert_allclose(J, _differences(fn, args, 0), rtol=1e-6, atol=1e-8)
    if mode == "rev":
        np.testing.assert_allclose(J, _rows(fn, args, 0), rtol=1e-13, atol=1e-14)
    else:
        np.testing.assert_allclose(J, jacobians._forward_columns(fn, _copies(args), 0), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("fn,args", CORPUS, ids=_ids(CORPUS))
def test_the_few_sweep_forms_apply(fn, args):
    """Neither mode falls back to a sweep per element on the corpus."""
    assert jacobians._replayed_rows(fn, _copies(args), (0,)) is not None
    assert jacobians._vector_columns(fn, _copies(args), (0,)) is not None


@pytest.mark.parametrize("fn,args", F.VECTOR + F.ARRAY, ids=_ids(F.VECTOR + F.ARRAY))
def test_second_order_corpus_vector_mode_matches_columns(fn, args):
    """On the second-order corpus, the vector sweep (where it applies) equals one jvp per column."""
    want = jacobians._forward_columns(fn, _copies(args), 0)
    try:
        got = jacobians._vector_columns(fn, _copies(args), (0,))
    except Unvectorized:
        pytest.skip("falls back to one jvp per column")
    if got is not None:
        np.testing.assert_allclose(got[0], want, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(jacobians._replayed_rows(fn, _copies(args), (0,))[1],
                               [(r,) for r in _rows(fn, args, 0).reshape(-1, *np.shape(args[0]))],
                               rtol=1e-12, atol=1e-14)


def test_what_has_no_vector_form_falls_back_to_one_jvp_per_column():
    """`np.array([...])` of tangents needs each as a plain number: the vector sweep refuses, and
    the Jacobian is computed column by column, right."""
    x = np.array([0.4, -0.3])
    with pytest.raises(Unvectorized):
        jacobians._vector_columns(array_display, (x,), (0,))
    J = s2sgrad.jacobian(array_display, mode="fwd")(x)
    np.testing.assert_allclose(J, _differences(array_display, (x,), 0), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_several_arguments(mode):
    args = (np.array([0.3, -0.5, 0.9]), np.array([1.2, 0.4]))
    Jx, Jy = s2sgrad.jacobian(two_arguments, wrt=(0, 1), mode=mode)(*_copies(args))
    np.testing.assert_allclose(Jx, _differences(two_arguments, args, 0), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(Jy, _differences(two_arguments, args, 1), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_chunks(mode, monkeypatch):
    """More input directions than one chunk holds: several forward sweeps, stitched in order."""
    monkeypatch.setattr(jacobians, "CHUNK", 4)
    x = np.linspace(-1.0, 1.2, 10)
    J = s2sgrad.jacobian(scalar_times_vector, mode=mode)(x)
    np.testing.assert_allclose(J, _differences(scalar_times_vector, (x,), 0), rtol=1e-6, atol=1e-8)


def _counting(monkeypatch):
    calls = []
    run = jacobians._run

    def counted(function, *args, **kwargs):
        calls.append(function.__name__.split("_")[0])
        return run(function, *args, **kwargs)
    monkeypatch.setattr(jacobians, "_run", counted)
    return calls


def test_reverse_runs_the_forward_sweep_once(monkeypatch):
    calls = _counting(monkeypatch)
    s2sgrad.jacobian(stores_in_a_loop)(np.linspace(0.1, 1.0, 6))
    assert calls == ["fwd"] + ["bwd"] * 5


def test_forward_runs_one_sweep_per_chunk(monkeypatch):
    calls = _counting(monkeypatch)
    monkeypatch.setattr(jacobians, "CHUNK", 4)
    s2sgrad.jacobian(chain, mode="fwd")(np.linspace(-1.0, 1.2, 10))
    assert calls == ["jvp"] * 3


def test_the_replays_need_the_views_between_tape_entries(monkeypatch):
    """The tape of `stores_in_a_loop` holds a row of `m` as a view, and the adjoint sweep puts
    rows of `m` back in place: a copy that loses the view gives a wrong row (so the test above
    can fail)."""
    x = np.linspace(0.1, 1.0, 6)
    right = s2sgrad.jacobian(stores_in_a_loop)(x.copy())
    np.testing.assert_allclose(right, _rows(stores_in_a_loop, (x,), 0), rtol=1e-13, atol=1e-14)
    monkeypatch.setattr(jacobians, "copy_tape", lambda stack, written=None: copy.deepcopy(stack))
    wrong = s2sgrad.jacobian(stores_in_a_loop)(x.copy())
    assert not np.allclose(right[0], wrong[0])
    np.testing.assert_allclose(right[-1], wrong[-1])         # the last row runs on the tape itself


def test_later_replays_copy_only_what_the_first_one_wrote_into(monkeypatch):
    written = []
    monkeypatch.setattr(jacobians, "written_entries", lambda *a: written.append(written_entries(*a)) or written[-1])
    s2sgrad.jacobian(stores_in_a_loop)(np.linspace(0.1, 1.0, 6))
    assert 0 < sum(written[0]) < len(written[0])
    written.clear()
    s2sgrad.jacobian(chain)(np.linspace(0.1, 1.0, 6))
    assert not any(written[0])


SCALE = 2.0


def scaled(x):
    return np.sin(x) * SCALE


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_a_rebound_global_is_read_again(mode):
    global SCALE
    x = np.array([0.1, 0.4])
    J = s2sgrad.jacobian(scaled, mode=mode)
    np.testing.assert_allclose(J(x), np.diag(2.0 * np.cos(x)))
    SCALE = 3.0
    try:
        np.testing.assert_allclose(J(x), np.diag(3.0 * np.cos(x)))
    finally:
        SCALE = 2.0


def test_the_arguments_are_left_as_after_one_vjp():
    x = np.linspace(0.1, 1.0, 6)
    kept = x.copy()
    s2sgrad.jacobian(stores_in_a_loop)(x)
    np.testing.assert_array_equal(x, kept)


# -- the rule table: every rule's forward template run on tangents carrying directions ---------
def _rule_entries():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent))          # test_rules imports rule_table by its name
    from tests import test_rules
    from tests.sweeps import first_of_each
    table = test_rules.TABLE
    eligible = [i for i, e in enumerate(table) if not (e.direct_only or e.xfail or e.forward_xfail)]
    # CI: the first entry of each primitive; S2SGRAD_DEEP=1: every entry.
    keep = first_of_each([table[i].primitive for i in eligible])
    return test_rules, [pytest.param(i, id=table[i].id) for k, i in enumerate(eligible) if k in keep]


RULES, RULE_ENTRIES = _rule_entries()


@pytest.mark.parametrize("index", RULE_ENTRIES)
def test_rule_table_vector_mode_matches_columns(index):
    """Where the vector sweep runs (it refuses what has no direction-by-direction form), it gives
    the Jacobian that one jvp per column gives, for every argument of every rule-table entry."""
    args, wrt = RULES._inputs(index, RULES.TABLE[index])
    fn = RULES.case(index)
    params = list(inspect.signature(fn).parameters)
    positions = tuple(params.index(w) for w in wrt)
    if not positions:
        pytest.skip("no argument to differentiate")
    try:
        got = jacobians._vector_columns(fn, tuple(args), positions)
    except Unvectorized:
        pytest.skip("falls back to one jvp per column")
    if got is None:
        pytest.skip("not an array output")
    for g, p in zip(got, positions):
        try:
            want = jacobians._forward_columns(fn, tuple(args), p)
        except ValueError:
            pytest.skip("a jvp along this argument alone fails (see the report on np.geomspace)")
        np.testing.assert_allclose(g, want, rtol=1e-12, atol=1e-13)


# -- the ADBench objectives ------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["rev", "fwd"])
@pytest.mark.parametrize("rotation", ["zero", "nonzero"])
def test_ba(mode, rotation):
    cams, X, w, obs, feats = generate.ba_instance(3, 5, 7)
    cam = cams[0].copy()
    if rotation == "zero":
        cam[:3] = 0.0
    args = (cam, X[0], w[0], feats[0])
    positions = (0, 1, 2)
    assert jacobians._vector_columns(ba.compute_reproj_err, args, positions) is not None
    assert jacobians._replayed_rows(ba.compute_reproj_err, args, positions) is not None
    several = s2sgrad.jacobian(ba.compute_reproj_err, wrt=positions, mode=mode)(*args)
    for position, J in zip(positions, several):
        if position < 2:
            np.testing.assert_allclose(J, _differences(ba.compute_reproj_err, args, position), rtol=1e-6, atol=1e-8)
            np.testing.assert_allclose(J, jacobians._forward_columns(ba.compute_reproj_err, args, position), rtol=1e-13,
                                       atol=1e-14)
            np.testing.assert_allclose(J, _rows(ba.compute_reproj_err, args, position), rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_hand(mode):
    args = generate.hand_instance(4, n_vertices=30)
    assert jacobians._vector_columns(hand.hand_objective, args, (0,)) is not None
    assert jacobians._replayed_rows(hand.hand_objective, args, (0,)) is not None
    J = s2sgrad.jacobian(hand.hand_objective, mode=mode)(*args)
    np.testing.assert_allclose(J, _differences(hand.hand_objective, args, 0), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(J, jacobians._forward_columns(hand.hand_objective, args, 0), rtol=1e-12, atol=1e-13)


# -- the two runtime pieces, against their direction-by-direction meaning ----------------------
def _directions(shape, k=3, seed=0):
    return Directions(np.random.default_rng(seed).normal(size=(k,) + shape))


def _each(fn, *operands):
    k = next(x.data.shape[0] for x in operands if isinstance(x, Directions))
    return np.stack([np.asarray(fn(*(x.data[j] if isinstance(x, Directions) else x for x in operands)))
                     for j in range(k)])


OPERATIONS = [
    ("scalar times vector", lambda t, p: t * p, (), (3,)),
    ("vector plus scalar", lambda t, p: p + t, (3,), ()),
    ("broadcast rows", lambda t, p: np.maximum(t, p), (3,), (2, 3)),
    ("matmul, tangent left", lambda t, p: t @ p, (2, 3), (3, 4)),
    ("matmul, tangent right", lambda t, p: p @ t, (3, 4), (2, 3)),
    ("matvec, tangent right", lambda t, p: p @ t, (3,), (2, 3)),
    ("vecmat, tangent left", lambda t, p: t @ p, (3,), (3, 2)),
    ("batched matmul", lambda t, p: t @ p, (3, 4), (5, 4, 2)),
    ("dot, tangent left", lambda t, p: np.dot(t, p), (2, 3), (3,)),
    ("dot, tangent right", lambda t, p: np.dot(p, t), (3, 2), (3,)),
    ("dot of vectors", lambda t, p: np.dot(p, t), (3,), (3,)),
    ("cross", lambda t, p: np.cross(t, p), (3,), (3,)),
    ("cross, tangent right", lambda t, p: np.cross(p, t), (3,), (4, 3)),
    ("sum over an axis", lambda t, p: np.sum(t * p, axis=-1, keepdims=True), (2, 3), (3,)),
    ("sum of all", lambda t, p: np.sum(t + p), (2, 3), ()),
    ("sum of a number", lambda t, p: np.sum(t * p), (), ()),
    ("mean over axis 0", lambda t, p: np.mean(t, axis=0) * p, (2, 3), (3,)),
    ("reshape", lambda t, p: t.reshape(3, 2) * p, (2, 3), (2,)),
    ("np.reshape", lambda t, p: np.reshape(t, -1) + p, (2, 3), ()),
    ("ravel", lambda t, p: t.T.ravel() + np.ravel(t) * p, (2, 3), ()),
    ("flatten", lambda t, p: t.flatten() * p, (2, 3), ()),
    ("transpose", lambda t, p: t.T @ p, (2, 3), (2,)),
    ("np.transpose with axes", lambda t, p: np.transpose(t, (1, 0, 2)) * p, (2, 3, 4), (4,)),
    ("basic index", lambda t, p: t[1:, ::-1][..., None, 0] * p, (3, 3), ()),
    ("advanced index", lambda t, p: t[[0, 2, 2], 1] + t[np.array([True, False, True])][0, 0] * p, (3, 3), ()),
    ("index, slice, index", lambda t, p: t[[0, 1], :, [1, 0]], (2, 2, 2), ()),
    ("ufunc method", lambda t, p: np.add.reduce(t, axis=1) * p, (2, 3), ()),
    ("a numpy scalar times", lambda t, p: np.float64(2.5) * t - p, (3,), ()),
    ("einsum", lambda t, p: np.einsum("ij,j->i", t, p), (2, 3), (3,)),
    ("cross with axes", lambda t, p: np.cross(t, p, -1, -1, -1), (2, 3), (3,)),
    ("expand_dims", lambda t, p: np.expand_dims(t, (0, -1)) * p, (2, 3), ()),
    ("swapaxes", lambda t, p: np.swapaxes(t, 0, -1) * p, (2, 3), (2,)),
    ("moveaxis", lambda t, p: np.moveaxis(t, 0, -1) * p, (2, 3, 4), (2,)),
    ("outer, tangent left", lambda t, p: np.multiply.outer(t, p), (2, 3), (4,)),
    ("outer, tangent right", lambda t, p: np.multiply.outer(p, t), (2, 3), (4,)),
    ("broadcast_to", lambda t, p: np.broadcast_to(t, (4, 2, 3)) * p, (2, 3), ()),
    ("concatenate", lambda t, p: np.concatenate([t, p, t], axis=-1), (2, 3), (2, 2)),
    ("stack", lambda t, p: np.stack([t, p], axis=1), (2, 3), (2, 3)),
    ("matmul, one product, tangent right", lambda t, p: p @ t, (4, 3), (600, 4)),
    ("matmul, one product, tangent left", lambda t, p: t @ p, (600, 4), (4, 3)),
    ("a column spread over many rows", lambda t, p: t * p + p / (1.0 + t * t), (600, 4), (600, 1)),
    ("zeros_like and shape", lambda t, p: np.zeros_like(t) + np.shape(t)[0] * np.ndim(t) * np.size(t) * t, (2, 3), ()),
]


@pytest.mark.parametrize("what,fn,t_shape,p_shape", OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_directions_mean_each_direction(what, fn, t_shape, p_shape):
    t = _directions(t_shape)
    p = np.random.default_rng(1).normal(size=p_shape) if p_shape else 0.7
    got = fn(t, p)
    assert isinstance(got, Directions)
    np.testing.assert_allclose(got.data, _each(fn, t, p), rtol=1e-14, atol=1e-14)


def test_directions_stores():
    t = _directions((3, 4))
    want = t.data.copy()
    v = _directions((4,), seed=2)
    t[1] = v
    want[:, 1] = v.data
    t[0, [1, 3]] = v[:2]
    want[:, 0, [1, 3]] = v.data[:, :2]
    t[2] = 5.0
    want[:, 2] = 5.0
    t += 1.0
    np.testing.assert_array_equal(t.data, want + 1.0)


def test_directions_views_are_views():
    t = _directions((2, 3))
    row, flat, turned = t[0], t.reshape(-1), t.T
    t[0, 1] = 9.0
    assert (row.data[:, 1] == 9.0).all() and (flat.data[:, 1] == 9.0).all() and (turned.data[:, 1, 0] == 9.0).all()


@pytest.mark.parametrize("use", [
    lambda t: np.asarray(t),
    lambda t: float(t[0]),
    lambda t: bool(Directions(np.array([1.0, -1.0, 2.0])) > 0),       # the directions disagree
    lambda t: np.zeros(3).__setitem__(0, t[0]),
    lambda t: np.add(np.ones(3), t, out=np.zeros(3)),
    lambda t: np.atleast_2d(t),             # a view, direction by direction
], ids=["asarray", "float", "bool", "store into a plain array", "out= a plain array", "a view"])
def test_directions_refuse_what_has_no_direction_by_direction_form(use):
    with pytest.raises((Unvectorized, TypeError, ValueError)):
        use(_directions((3,)))


def test_copy_tape_keeps_views_and_identities():
    base = np.arange(6.0)
    items = [1.0, 2.0]
    tape = s2sgrad.runtime.Stack([base, base[1:4], items, items, (base[::2], "name"), 3])
    copied = copy_tape(tape)
    copied[0][2] = -1.0
    assert copied[1][1] == -1.0 and copied[4][0][1] == -1.0 and base[2] == 2.0
    assert copied[2] is copied[3] and copied[2] is not items
    assert type(copied) is type(tape)


def test_copy_tape_refuses_objects():
    class Thing:
        pass
    with pytest.raises(Unreplayable):
        copy_tape([Thing()])
    with pytest.raises(Unreplayable):
        copy_tape([np.array([Thing()], dtype=object)])
