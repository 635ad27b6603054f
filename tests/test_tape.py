"""What emitted gradients keep for the adjoint sweep: counted per loop iteration, so that a
regression fails, and the recording that keeps it small checked against finite differences,
forward mode (the dot-product test) and autograd.

The counts come from running the emitted code with a counting stack (benchmarks/tape.py, the
`tape` rows of scripts/bench.py).  Recording (analyses/recording.py) keeps a loop body's carried
names once per iteration, recomputes cheap values from names that hold theirs where the
adjoint runs, and pushes only the shape of a value whose adjoint reads nothing else.
"""

import re

import numpy as np
import pytest

import s2sgrad
from benchmarks import tape, workloads
from s2sgrad.testing import check_grads, check_jvp
from s2sgrad.transforms.codegen import shell_word

CASES = {case.fn.__name__: case for case in tape.tape_cases()}

# workload: (pushes per iteration, bytes per iteration / the hand-written adjoint's), at most.
LIMITS = {
    "spring_loss_untyped": (2, 1.0),
    "rnn_loss": (4.06, 1.0),            # the state, and the shapes of three sums' operands
    "gru_loss": (12, 1.01),             # its own 1 / (1 + exp(-a)) keeps only its value, as expit does
    "lstm_loss": (12, 1.01),            # tanh(c) recomputed from the carried c, as by hand
    "gru_loss_expit": (12, 1.01),
    "lstm_loss_expit": (12, 1.01),
    "mlp_loss": (0, 1.01),              # no stack: h, out - y, and the shapes unbroadcast reads
    "rnn_loss_declared": (1.06, 1.0),
    "mlp_loss_declared": (0, 1.0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pushes_and_bytes_per_iteration_do_not_grow(name):
    row = tape.tape_row(CASES[name])
    pushes, ratio = LIMITS[name]
    assert row["emitted"]["pushes_per_iter"] <= pushes + 1e-9, row
    assert row["bytes_over_hand"] <= ratio + 1e-3, row


# As `s2sgrad emit` writes them (no kinds), at most: the spring's shape stand-ins and its old
# `loss` (read for its shape) are taped per step; the RNN's three stand-ins likewise.
LIMITS_NO_KINDS = {"spring_loss_untyped": 9, "rnn_loss": 4.06, "gru_loss": 12, "lstm_loss": 12,
                   "gru_loss_expit": 12, "lstm_loss_expit": 12, "mlp_loss": 0, "rnn_loss_declared": 1.06,
                   "mlp_loss_declared": 0}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pushes_per_iteration_without_kinds_do_not_grow(name):
    row = tape.tape_row(CASES[name])
    assert row["emitted_no_kinds"]["pushes_per_iter"] <= LIMITS_NO_KINDS[name] + 1e-9, row


@pytest.mark.parametrize("name", ["rnn_loss", "gru_loss", "lstm_loss"])
def test_no_exit_dtype_where_gradients_accumulate_in_place(name):
    """`d_W = np.zeros_like(W)` then only `d_W += ...` keeps W's dtype: no `dtype_like` on the return."""
    source = tape.emitted_source(CASES[name])
    assert "dtype_like" not in source, source
    args = tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a for a in CASES[name].args)
    value, grads = s2sgrad.value_and_grad(CASES[name].fn, wrt=CASES[name].wrt)(*args)
    _, exact = s2sgrad.value_and_grad(CASES[name].fn, wrt=CASES[name].wrt)(*CASES[name].args)
    for g, e in zip(grads, exact):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, e, rtol=2e-3, atol=2e-4)


def test_exit_dtype_kept_where_the_gradient_may_be_promoted():
    """A float64 `y` makes `unbroadcast(d_out, b2)` float64 for a float32 `b2`: the cast stays."""
    def f(b, y):
        return np.sum((b + y) ** 2)

    assert "dtype_like(d_b2, b2)" in tape.emitted_source(CASES["mlp_loss"])
    g = s2sgrad.grad(f, wrt="b")(np.ones(3, np.float32), np.ones(3))
    assert g.dtype == np.float32


def test_exit_dtype_kept_where_the_accumulator_is_rebound():
    """Folded to `d_x = g` (no in-place update), or the input rebound: the exit cast stays."""
    def f(x, y):
        z = x * y
        for _ in range(2):
            z = z * y
        return np.sum(z)

    g = s2sgrad.grad(f, wrt=0)(np.ones(3, np.float32), np.full(3, 2.0))
    assert g.dtype == np.float32
    np.testing.assert_allclose(g, np.full(3, 8.0))


def _loop_pushes(source):
    """The `stack.push(...)` arguments inside the first loop of the emitted gradient."""
    starts = [source.find(k) for k in ("\n    for ", "\n    while ") if k in source]
    body = source[min(starts) + 1:]
    body = body.split("\n    d_", 1)[0].split("\n\n", 1)[0]
    return re.findall(r"stack\.push\((.*)\)", body)


def test_spring_pushes_the_state_once_per_step():
    source = tape.emitted_source(CASES["spring_loss_untyped"])
    assert _loop_pushes(source) == ["x", "v"]
    assert "err = x - target" in source.split("\n\n", 2)[2]      # recomputed in the adjoint, not pushed


def test_rnn_pushes_its_state_once_and_only_shapes_besides():
    pushes = _loop_pushes(tape.emitted_source(CASES["rnn_loss"]))
    assert pushes.count("h") == 1
    assert all(p == "h" or p.startswith("shape_only(") for p in pushes), pushes


def test_mlp_keeps_only_the_shapes_unbroadcast_reads():
    source = tape.emitted_source(CASES["mlp_loss"], kinds=False)
    forward = source.split("\n\n")[-2]
    for var in ("x_at_W1", "h_at_W2", "out"):
        assert f"    {var} = shape_only({var})\n" in forward, forward


def test_lstm_recomputes_tanh_of_its_cell_state():
    source = tape.emitted_source(CASES["lstm_loss"])
    assert "tanh_c" not in " ".join(_loop_pushes(source))
    assert source.split("\n\n")[-2].count("tanh_c = np.tanh(c)") == 1, source     # in the adjoint's loop


def test_a_sigmoid_written_out_keeps_only_its_value():
    for name in ("gru_loss", "lstm_loss"):
        source = tape.emitted_source(CASES[name])
        assert "fwd_sigmoid" not in source and "exp" not in source, source
        assert "sigmoid(" in source             # the forward sweep calls the user's function itself


# --- the recording's cases, each checked against differences, forward mode and with kinds -----

def carried_then_redefined(x, n):
    h = x
    for i in range(n):
        h = np.tanh(h * x + 0.1)
    h = h * 2.0                     # the loop's adjoint still starts from the value the loop left
    return np.sum(h * h)


def carried_nested(x, n):
    h = x
    for i in range(n):
        for j in range(2):
            h = np.sin(h) * x
        h = np.tanh(h)
    return np.sum(h)


def carried_read_in_arm(x, n):
    h = x
    s = 0.0
    i = 0
    while i < n:
        a = h * x
        h = np.tanh(a)
        if np.sum(h) > 0.0:
            s = s + np.sum(h * h)
        else:
            s = s - np.sum(np.sin(h))
        i = i + 1
    return s


def carried_with_break(x, n):
    h = x
    for i in range(n):
        h = np.tanh(h * x)
        if np.sum(h) > 100.0:
            break
    return np.sum(h * h)


def last_def_in_arm(x, n):
    h = x
    for i in range(n):
        a = h * x
        if i % 2 == 0:
            h = np.tanh(a)
        else:
            h = np.sin(a)
    return np.sum(h * h)


def chain_recomputed(x, k, n):
    y = x
    loss = 0.0
    for i in range(n):
        y = y - 0.1 * k * y
        e = y - 1.0
        f = 0.5 * e
        g = f * e + e
        loss = loss + np.sum(g * f)
    return loss


def shapes_broadcast(x, W, b, n):
    h = x
    for i in range(n):
        h = np.tanh(h @ W + b)      # b broadcasts: its adjoint sums, reading only shapes
    return np.sum(h * h)


def cheap_recomputed(x, n):
    h = x
    for i in range(n):
        c = h * x + 0.1
        e = np.tanh(c)              # pushed: nothing keeps c for the adjoint to recompute it from
        h = e * h
    return np.sum(h)


def cheap_overwritten(x, n):
    h = x
    for i in range(n):
        c = h * x
        e = np.sin(c)
        c = c * 0.5                 # c changes after e is made: e is not recomputed from it
        h = e * h + c
    return np.sum(h * h)


def stores_read_for_shape(x, w):
    y = np.zeros(3)
    y[0] = x[0] * 2.0               # what the stores overwrite is never put back: only y's shape is read
    y[1] = np.sin(x[1])
    return np.sum((y + w) ** 2)


def stores_read_for_value(x, w):
    y = np.ones(3)
    z = y * x                       # reads y's items as they were before the stores
    y[0] = x[0] * 2.0
    y[1] = np.sin(x[1]) * y[2]
    return np.sum((y + w) ** 2 + z)


def aux_read_for_shape(x, b):
    a = x * 2.0                     # the adjoint reads only its shape, and it is returned as aux
    c = a + b
    return np.sum(c * c), a


def test_a_value_returned_as_aux_is_not_kept_as_its_shape():
    x, b = np.arange(3.0), np.ones((2, 3))
    (value, aux), grad = s2sgrad.value_and_grad(aux_read_for_shape, has_aux=True)(x, b)
    np.testing.assert_array_equal(aux, x * 2.0)
    np.testing.assert_allclose(grad, 2 * 2.0 * np.sum(2.0 * x + b, axis=0), rtol=1e-14)


def test_a_store_read_only_for_its_shape_saves_nothing():
    assert "stack" not in s2sgrad.emit(stores_read_for_shape, wrt=0)
    assert "stack.push(np.copy(y[0]))" in s2sgrad.emit(stores_read_for_value, wrt=0)


def _step(h, x):
    for j in range(3):
        h = np.tanh(h * x)
    return h


def carried_in_callee(x, n):
    h = x
    for i in range(n):
        h = _step(h, x) + 0.5 * h
    return np.sum(h * h)


RNG = np.random.default_rng(3)
X = RNG.standard_normal(4) * 0.5
FUNCTIONS = [
    (carried_then_redefined, (X, 4), 0),
    (carried_nested, (X, 3), 0),
    (carried_read_in_arm, (X, 4), 0),
    (carried_with_break, (X, 5), 0),
    (last_def_in_arm, (X, 5), 0),
    (chain_recomputed, (X, 0.7, 4), (0, 1)),
    (chain_recomputed, (0.3, 0.7, 4), (0, 1)),
    (shapes_broadcast, (RNG.standard_normal((3, 4)), RNG.standard_normal((4, 4)) * 0.5, RNG.standard_normal(4), 3),
     (0, 1, 2)),
    (carried_in_callee, (X, 3), 0),
    (cheap_recomputed, (X, 4), 0),
    (cheap_overwritten, (X, 3), 0),
    (stores_read_for_shape, (X[:3], RNG.standard_normal(3)), (0, 1)),
    (stores_read_for_value, (X[:3], RNG.standard_normal(3)), (0, 1)),
]


@pytest.mark.parametrize("fn, args, wrt", FUNCTIONS, ids=[f[0].__name__ + str(i) for i, f in enumerate(FUNCTIONS)])
def test_recording_is_exact(fn, args, wrt):
    check_grads(fn, args, wrt)                  # the generic transform (`s2sgrad emit`)
    check_jvp(fn, args, wrt)                    # forward mode against reverse: the dot-product test
    value, grads = s2sgrad.value_and_grad(fn, wrt=wrt)(*args)     # specialised on the arguments' kinds
    reference = check_grads(fn, args, wrt)
    pairs = zip(grads, reference) if isinstance(wrt, tuple) else [(grads, reference)]
    for g, r in pairs:
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("fn, args, wrt", FUNCTIONS[:2] + FUNCTIONS[5:6], ids=["redefined", "nested", "chain"])
def test_recording_against_autograd(fn, args, wrt):
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp
    source_globals = dict(fn.__globals__, np=anp)
    import types
    ag_fn = types.FunctionType(fn.__code__, source_globals)
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    for p in positions:
        expected = autograd.grad(ag_fn, p)(*args)
        got = s2sgrad.grad(fn, wrt=p)(*args)
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


def test_workload_gradients_match_the_hand_written_adjoints():
    for case in tape.tape_cases():
        value, grads = s2sgrad.value_and_grad(case.fn, wrt=case.wrt)(*case.args)
        hand_value, hand_grads = case.hand(*case.args)
        np.testing.assert_allclose(value, hand_value, rtol=1e-10)
        for g, h in zip(grads, hand_grads):
            np.testing.assert_allclose(g, h, rtol=1e-8, atol=1e-10)


def test_gru_and_lstm_against_finite_differences():
    small = dict(steps=3, batch=2, n_in=3, n_hidden=4)
    check_grads(workloads.gru_loss, workloads.make_gru(**small), workloads.GRU_WRT)
    check_grads(workloads.lstm_loss, workloads.make_lstm(**small), workloads.LSTM_WRT)
    check_jvp(workloads.lstm_loss, workloads.make_lstm(**small), ("W", "b"))


# --- declared axes: no unbroadcast where shapes are known, sums written out where they differ ---

def _emit_cli(*argv):
    import contextlib
    import io

    from s2sgrad import cli
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["emit", *argv]) == 0
    return out.getvalue()


MLP_KINDS = ("W1=array[n_in n_hidden],b1=array[n_hidden],W2=array[n_hidden n_out],b2=array[n_out],"
             "x=array[batch n_in],y=array[batch n_out]")
RNN_KINDS = "Wh=array[n n],Wx=array[n_in n],b=array[n],xs=array[T batch n_in],y=array[batch n]"
SPRING_KINDS = "k=float,c=float,x0=float,v0=float,dt=float,target=float,n_steps=int"


@pytest.mark.parametrize("fn, wrt, kinds", [("mlp_loss", "W1,b1,W2,b2", MLP_KINDS), ("rnn_loss", "Wh,Wx,b", RNN_KINDS),
                                            ("spring_loss_untyped", "k,c,x0", SPRING_KINDS)])
def test_no_unbroadcast_when_the_cli_is_given_kinds(fn, wrt, kinds):
    text = _emit_cli("benchmarks/workloads.py", "-f", fn, "--wrt", wrt, "--kinds", kinds)
    assert "unbroadcast" not in text
    assert "--kinds " + shell_word(kinds) in text.splitlines()[1]       # the header's command regenerates it
    if fn == "rnn_loss":
        assert _loop_pushes(text) == ["h"]


def test_no_unbroadcast_when_annotated():
    from tests.custom import declared
    for fn, wrt in ((declared.mlp_loss, ("W1", "b1", "W2", "b2")), (declared.rnn_loss, ("Wh", "Wx", "b")),
                    (workloads.spring_loss, workloads.SPRING_WRT)):
        assert "unbroadcast" not in s2sgrad.emit(fn, wrt=wrt), fn.__name__
    assert "unbroadcast" not in _emit_cli("examples/control.py")        # the README's example
    text = s2sgrad.emit(declared.mlp_loss, wrt=("W1", "b1", "W2", "b2"))
    assert "d_b2 = np.sum(d_out, axis=0)" in text and "d_b1 = np.sum(" in text


def filled_like(w, x: float):
    acc = np.zeros_like(w)
    acc += x * w
    kept = np.copy(w)
    return np.sum(acc * w) + np.sum(np.ones_like(w) * kept * w)


def test_a_zeros_like_has_its_argument_s_shape():
    # `acc * w` and `ones_like(w) * kept * w` are all of w's shape: no unbroadcast between them.
    text = s2sgrad.emit(filled_like, wrt="w")
    assert "unbroadcast" not in text, text
    w = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(filled_like)(w, 0.7), 2 * 0.7 * w + 2 * w, rtol=1e-12)


def test_declared_gradients_are_exact():
    from tests.custom import declared
    mlp = workloads.make_mlp(5, 3, 4, 2)
    check_grads(declared.mlp_loss, mlp, (0, 1, 2, 3))
    rnn = workloads.make_rnn(steps=3, batch=2, n_in=3, n_hidden=4)
    check_grads(declared.rnn_loss, rnn, (0, 1, 2))
    rng = np.random.default_rng(0)
    args = (rng.standard_normal((3, 1)), rng.standard_normal((1, 4)), rng.standard_normal(4), 0.7)
    check_grads(declared.outer_sums, args, (0, 1, 2, 3))
    text = s2sgrad.emit(declared.outer_sums, wrt=(0, 1, 2))
    assert "unbroadcast" not in text and "keepdims=True" in text
    for fn, plain, args in ((declared.mlp_loss, workloads.mlp_loss, mlp), (declared.rnn_loss, workloads.rnn_loss, rnn)):
        got = s2sgrad.value_and_grad(fn, wrt=(0, 1, 2))(*args)
        want = s2sgrad.value_and_grad(plain, wrt=(0, 1, 2))(*args)
        np.testing.assert_allclose(got[0], want[0], rtol=1e-13)
        for g, w in zip(got[1], want[1]):
            np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-14)
    hv = s2sgrad.hvp(declared.mlp_loss, mlp, [np.ones_like(mlp[0]), None, None, None, None, None])
    hv_plain = s2sgrad.hvp(workloads.mlp_loss, mlp, [np.ones_like(mlp[0]), None, None, None, None, None])
    np.testing.assert_allclose(hv, hv_plain, rtol=1e-12)


def test_arguments_that_break_the_declared_axes_are_refused():
    from tests.custom import declared
    W1, b1, W2, b2, x, y = workloads.make_mlp(5, 3, 4, 2)
    with pytest.raises(ValueError, match=r"`b1` has shape \(5, 4\).*n_hidden"):
        s2sgrad.grad(declared.mlp_loss, wrt=(0, 1))(W1, np.ones((5, 4)), W2, b2, x, y)
    with pytest.raises(ValueError, match="`y` has shape"):
        s2sgrad.grad(declared.mlp_loss, wrt=(0, 1))(W1, b1, W2, b2, x, np.ones(2))


def test_unknown_kinds_are_refused():
    from s2sgrad import cli
    assert cli.main(["emit", "benchmarks/workloads.py", "-f", "mlp_loss", "--kinds", "W1=arr"]) == 2
    assert cli.main(["emit", "benchmarks/workloads.py", "-f", "mlp_loss", "--kinds", "nope=float"]) == 2
