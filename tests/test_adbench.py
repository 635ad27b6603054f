"""The four ADBench objectives, differentiated unmodified: against central finite differences,
against autograd on the peer versions, and the readers of the published formats."""

import functools

import numpy as np
import pytest

import s2sgrad
from benchmarks.adbench import ba, formats, generate, gmm, hand, lstm, peers

try:
    import autograd
    import autograd.numpy as anp
except ImportError:
    autograd = None


def finite_jacobian(f, args, position, eps=1e-6):
    """Central differences of f (any shape) over args[position] (an array)."""
    x = np.asarray(args[position], dtype=float)
    columns = []
    for k in range(x.size):
        step = np.zeros(x.size)
        step[k] = eps
        plus, minus = list(args), list(args)
        plus[position] = x + step.reshape(x.shape)
        minus[position] = x - step.reshape(x.shape)
        columns.append((np.asarray(f(*plus)) - np.asarray(f(*minus))) / (2 * eps))
    return np.moveaxis(np.array(columns), 0, -1).reshape(np.shape(f(*args)) + x.shape)


def autograd_jacobian(fn, args, position):
    return autograd.jacobian(functools.partial(fn, anp), position)(*args)


needs_autograd = pytest.mark.skipif(autograd is None, reason="autograd is not installed")


@pytest.fixture(scope="module")
def gmm_args():
    return generate.gmm_instance(3, 4, 12)


def test_gmm_gradient(gmm_args):
    value, grads = s2sgrad.value_and_grad(gmm.gmm_objective, wrt=gmm.WRT)(*gmm_args)
    assert value == pytest.approx(gmm.gmm_objective(*gmm_args), rel=1e-12)
    for position, g in enumerate(grads):
        np.testing.assert_allclose(g, finite_jacobian(gmm.gmm_objective, gmm_args, position), rtol=1e-5, atol=1e-7)


@needs_autograd
def test_gmm_against_autograd(gmm_args):
    grads = s2sgrad.grad(gmm.gmm_objective, wrt=gmm.WRT)(*gmm_args)
    assert peers.gmm_objective(np, *gmm_args) == pytest.approx(gmm.gmm_objective(*gmm_args), rel=1e-12)
    for position, g in enumerate(grads):
        np.testing.assert_allclose(g, autograd_jacobian(peers.gmm_objective, gmm_args, position), rtol=1e-10,
                                   atol=1e-12)


def test_jacobian_wrt_a_parameter_twice_is_refused():
    with pytest.raises(s2sgrad.ArgumentError, match="each parameter once"):
        s2sgrad.jacobian(ba.compute_reproj_err, wrt=(0, "cam"))


def ba_observation(rotation=True):
    cams, X, w, obs, feats = generate.ba_instance(2, 3, 4)
    cam = cams[0].copy()
    if not rotation:
        cam[0:3] = 0.0              # the first-order branch of rodrigues_rotate_point
    return cam, X[0], w[0], feats[0]


@pytest.mark.parametrize("rotation", [True, False])
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_ba_jacobian(rotation, mode):
    args = ba_observation(rotation)
    for position in range(3):
        J = s2sgrad.jacobian(ba.compute_reproj_err, wrt=position, mode=mode)(*args)
        np.testing.assert_allclose(J, finite_jacobian(ba.compute_reproj_err, args, position), rtol=1e-6, atol=1e-8)
    several = s2sgrad.jacobian(ba.compute_reproj_err, wrt=("cam", "X", "w"), mode=mode)(*args)
    assert [J.shape for J in several] == [(2, 11), (2, 3), (2,)]
    for position, J in enumerate(several):
        np.testing.assert_allclose(J, finite_jacobian(ba.compute_reproj_err, args, position), rtol=1e-6, atol=1e-8)
    J = s2sgrad.jacobian(ba.compute_w_err)(args[2])
    assert J == pytest.approx(-2.0 * args[2])


@needs_autograd
@pytest.mark.parametrize("rotation", [True, False])
def test_ba_against_autograd(rotation):
    args = ba_observation(rotation)
    for position in range(3):
        J = s2sgrad.jacobian(ba.compute_reproj_err, wrt=position)(*args)
        np.testing.assert_allclose(J, autograd_jacobian(peers.compute_reproj_err, args, position), rtol=1e-10,
                                   atol=1e-12)


def test_ba_objective_matches_the_residuals():
    cams, X, w, obs, feats = generate.ba_instance(3, 5, 7)
    reproj, w_err = ba.ba_objective(cams, X, w, obs, feats)
    np.testing.assert_allclose(reproj[4], ba.compute_reproj_err(cams[4 % 3], X[4 % 5], w[4], feats[4]))
    np.testing.assert_allclose(w_err, 1.0 - w ** 2)


@pytest.fixture(scope="module")
def hand_args():
    return generate.hand_instance(4, n_vertices=30)


@pytest.mark.parametrize("mode", ["fwd", "rev"])
def test_hand_jacobian(hand_args, mode):
    J = s2sgrad.jacobian(hand.hand_objective, wrt=0, mode=mode)(*hand_args)
    assert J.shape == (4, 3, 26)
    np.testing.assert_allclose(J, finite_jacobian(hand.hand_objective, hand_args, 0), rtol=1e-6, atol=1e-8)


@needs_autograd
def test_hand_against_autograd(hand_args):
    np.testing.assert_allclose(peers.hand_objective(np, *hand_args), hand.hand_objective(*hand_args), atol=1e-12)
    J = s2sgrad.jacobian(hand.hand_objective, wrt=0, mode="fwd")(*hand_args)
    np.testing.assert_allclose(J, autograd_jacobian(peers.hand_objective, hand_args, 0), rtol=1e-10, atol=1e-12)


@pytest.fixture(scope="module")
def lstm_args():
    return generate.lstm_instance(2, 4, 3)


@pytest.mark.parametrize("layers", [1, 3])
def test_lstm_gradient(layers):
    # the state too: each layer's hidden state reaches the next layer through the view `x = s2[i]`
    lstm_args = generate.lstm_instance(layers, 4, 3, seed=layers)
    value, grads = s2sgrad.value_and_grad(lstm.lstm_objective, wrt=lstm.WRT + ("state",))(*lstm_args)
    assert value == pytest.approx(lstm.lstm_objective(*lstm_args), rel=1e-12)
    for position, g in enumerate(grads):
        np.testing.assert_allclose(g, finite_jacobian(lstm.lstm_objective, lstm_args, position), rtol=1e-5,
                                   atol=1e-8)


@needs_autograd
def test_lstm_against_autograd(lstm_args):
    grads = s2sgrad.grad(lstm.lstm_objective, wrt=lstm.WRT)(*lstm_args)
    assert peers.lstm_objective(np, *lstm_args) == pytest.approx(lstm.lstm_objective(*lstm_args), rel=1e-12)
    for position, g in enumerate(grads):
        np.testing.assert_allclose(g, autograd_jacobian(peers.lstm_objective, lstm_args, position), rtol=1e-10,
                                   atol=1e-12)


# -- a callee's result stored through tuple targets into an array it may see -------------------

def _swap(a):
    return a[1], a[0]


def _scaled(a):
    return a[1] * 2.0, a[0] * 3.0


def stores_fresh_values(x):
    s = x * 1.0
    (s[0], s[1]) = _scaled(s)
    return np.sum(s * x)


def stores_views(x):
    s = x * 1.0
    (s[0], s[1]) = _swap(s)         # NumPy: s[1] receives the new s[0], through the view
    return np.sum(s * x)


class _Rows:
    def swap(self, a):
        return a[1], a[0]


_ROWS = _Rows()


def stores_a_methods_views(x):
    s = x * 1.0
    (s[0], s[1]) = _ROWS.swap(s)    # the method's `a` is its second parameter
    return np.sum(s * x)


def test_tuple_targets_take_a_callees_new_arrays():
    x = np.arange(6.0).reshape(2, 3) + 1.0
    g = s2sgrad.grad(stores_fresh_values)(x)
    np.testing.assert_allclose(g, finite_jacobian(stores_fresh_values, (x,), 0), rtol=1e-7)


@pytest.mark.parametrize("fn", [stores_views, stores_a_methods_views])
def test_tuple_targets_refuse_a_callees_views(fn):
    x = np.arange(6.0).reshape(2, 3)
    with pytest.raises(s2sgrad.UserCodeError, match="in-place update of `s`"):
        s2sgrad.grad(fn)(x)


# -- the published formats ------------------------------------------------------------------------

def test_gmm_format_round_trip(tmp_path):
    args = generate.gmm_instance(2, 3, 5)
    formats.write_gmm(tmp_path / "gmm.txt", *args)
    for got, want in zip(formats.read_gmm(tmp_path / "gmm.txt"), args):
        np.testing.assert_array_equal(got, want)


def test_gmm_format_replicated_point(tmp_path):
    (tmp_path / "gmm.txt").write_text("2 1 3\n0.5\n1 2\n0.1 0.2 0.3\n4 5\n1.0 0\n")
    alphas, means, icf, x, gamma, m = formats.read_gmm(tmp_path / "gmm.txt", replicate_point=True)
    assert x.shape == (3, 2) and np.all(x == [4.0, 5.0]) and icf.shape == (1, 3) and (gamma, m) == (1.0, 0)


def test_ba_format(tmp_path):
    cams, X, w, obs, feats = generate.ba_instance(3, 5, 7)
    formats.write_ba(tmp_path / "ba.txt", cams, X, w, obs, feats)
    rcams, rX, rw, robs, rfeats = formats.read_ba(tmp_path / "ba.txt")
    assert rcams.shape == (3, 11) and rX.shape == (5, 3) and rw.shape == (7,) and rfeats.shape == (7, 2)
    np.testing.assert_array_equal(rcams[2], cams[0])
    np.testing.assert_array_equal(robs, obs)
    assert robs[6].tolist() == [0, 1]


def test_hand_format_round_trip(tmp_path):
    args = generate.hand_instance(4, n_vertices=20)
    formats.write_hand(tmp_path / "model", tmp_path / "hand.txt", *args)
    for got, want in zip(formats.read_hand(tmp_path / "model", tmp_path / "hand.txt"), args):
        np.testing.assert_array_equal(got, want)


def test_lstm_format_round_trip(tmp_path):
    args = generate.lstm_instance(2, 4, 3)
    formats.write_lstm(tmp_path / "lstm.txt", *args)
    for got, want in zip(formats.read_lstm(tmp_path / "lstm.txt"), args):
        np.testing.assert_array_equal(got, want)


# -- the benchmark suite (scripts/bench.py --suite adbench), on tiny sizes, no real timing ------------

def test_bench_suite_agrees_and_prints(monkeypatch, capsys):
    import importlib.util
    import io
    import types
    from pathlib import Path
    from benchmarks.adbench import suite
    monkeypatch.setattr(suite, "QUICK_SIZES", {"gmm": [(2, 2, 5)], "ba": [(2, 2, 3)], "ht": [(2, 20)],
                                               "lstm": [(1, 3, 2)]})
    path = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"
    spec = importlib.util.spec_from_file_location("adbench_bench_script", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = suite.rows(quick=True)
    assert [r.problem for r in rows] == ["GMM d=2 K=2 n=5", "BA Jacobian, 3 observations", "HT Jacobian 6x26",
                                         "LSTM l=1 c=3 b=2"]
    opts = types.SimpleNamespace(batch_s=1e-4, min_total_s=0.0, min_rounds=1)
    results = []
    for row in rows:
        suite.check(row)
        assert row.compile_s["s2sgrad"] > 0.0
        results.append(bench.adbench_row(row, opts))
    out = io.StringIO()
    bench.print_adbench(results, out)
    text = out.getvalue()
    assert "HT Jacobian 6x26" in text and "(fwd)" in text and "(rev)" in text
    for tool in ("JAX eager", "PyTorch eager"):
        if results[0]["missing"].get(tool) == "not installed":
            assert "not installed" in text
    if autograd is not None:
        assert all("autograd" in r["ratio"] for r in results)


# -- forward against reverse: the dot-product test <v, J u> = <J^T v, u> ------------------------

@pytest.mark.parametrize("problem", ["gmm", "ba", "hand", "lstm"])
def test_forward_and_reverse_agree(problem):
    if problem == "gmm":
        fn, args, wrt = gmm.gmm_objective, generate.gmm_instance(3, 4, 12), (0, 1, 2)
    elif problem == "ba":
        cams, X, w, obs, feats = generate.ba_instance(2, 3, 4)
        fn, args, wrt = ba.compute_reproj_err, (cams[1], X[1], w[1], feats[1]), (0, 1, 2)
    elif problem == "hand":
        fn, args, wrt = hand.hand_objective, generate.hand_instance(4, n_vertices=30), 0
    else:
        fn, args, wrt = lstm.lstm_objective, generate.lstm_instance(2, 4, 3), (0, 1, 2)
    s2sgrad.testing.check_jvp(fn, args, wrt=wrt)
