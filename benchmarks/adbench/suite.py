"""The ADBench rows of `scripts/bench.py --suite adbench`: each objective, its inputs, and the
derivative each tool computes on them (s2sgrad, autograd, JAX eager and jit, PyTorch eager).

Every tool's callable takes the objective's arguments and returns the derivative in one layout
(GMM and LSTM: (value, gradients); BA: per observation the 2 x 15 Jacobian of the reprojection
error over (camera, point, weight) and the weight error's derivative; HT: the (npts, 3, 26)
Jacobian), so `check` compares them leaf by leaf before anything is timed.  A peer that is not
installed is reported as such, not skipped silently.

s2sgrad's BA column maps ba.py's one-observation functions over the observations with
`s2sgrad.jacobian(..., batch=True)` (sweeps over all observations at once); the peers loop over
the observations, as the benchmark's reference harness does.
"""

import dataclasses
import functools
import importlib.util
import time

import numpy as np

import s2sgrad

from . import ba, generate, gmm, hand, lstm, peers

SIZES = {
    "gmm": [(2, 5, 1000), (10, 25, 1000)],
    "ba": [(10, 100, 500)],           # cameras, points, observations
    "ht": [(100, 544)],               # points (rows: 3 each), model vertices
    "lstm": [(2, 1024, 14)],          # layers, characters, bits per character
}
QUICK_SIZES = {
    "gmm": [(2, 5, 200), (10, 25, 200)],
    "ba": [(5, 20, 50)],
    "ht": [(10, 100)],
    "lstm": [(2, 64, 14)],
}
TOOLS = ("s2sgrad", "s2sgrad other mode", "autograd", "JAX eager", "JAX jit", "PyTorch eager")


@dataclasses.dataclass
class Row:
    problem: str
    f: object                   # the plain NumPy objective over `args`: the timing baseline
    args: tuple
    tools: dict                 # tool -> callable(*args) -> the derivative
    missing: dict               # tool -> why it has no column here ("not installed")
    modes: dict = dataclasses.field(default_factory=dict)      # tool -> "rev" / "fwd" where it matters
    compile_s: dict = dataclasses.field(default_factory=dict)  # tool -> seconds to its first derivative


def _jax():
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    return jax


def _autograd():
    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        return None, None
    return autograd, anp


def _torch():
    """peers_torch, its intra-op threads set to NumPy's BLAS count; None where torch is missing."""
    if importlib.util.find_spec("torch") is None:
        return None
    from . import peers_torch
    peers_torch.configure()
    return peers_torch


def _missing(jax, autograd):
    missing = {}
    if autograd is None:
        missing["autograd"] = "not installed"
    if jax is None:
        missing["JAX eager"] = missing["JAX jit"] = "not installed"
    if importlib.util.find_spec("torch") is None:
        missing["PyTorch eager"] = "not installed"
    return missing


def _first_call(row, tool, fn):
    """Times the first call of a tool's derivative (its transform or compile) and records it."""
    def timed(*args):
        start = time.perf_counter()
        out = fn(*args)
        _block(out)
        row.compile_s[tool] = time.perf_counter() - start
        return out
    return timed


def _block(out):
    for leaf in _leaves(out):
        if hasattr(leaf, "block_until_ready"):
            leaf.block_until_ready()


def _leaves(x):
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _leaves(item)]
    return [x]


# -- GMM and LSTM: value and gradient --------------------------------------------------------

def _gradient_row(problem, fn, peer, wrt, args, jax, autograd, anp):
    positions = tuple(range(len(wrt)))
    row = Row(problem, fn, args, {}, _missing(jax, autograd))
    row.tools["s2sgrad"] = s2sgrad.value_and_grad(fn, wrt=wrt)
    if autograd is not None:
        row.tools["autograd"] = autograd.value_and_grad(functools.partial(peer, anp), positions)
    if jax is not None:
        import jax.numpy as jnp
        static = tuple(range(len(wrt), len(args)))
        eager = jax.value_and_grad(functools.partial(peer, jnp), positions)
        row.tools["JAX eager"] = eager
        row.tools["JAX jit"] = jax.jit(eager, static_argnums=_static(args, static))
    return row


def _static(args, positions):
    """The non-array arguments, which jax.jit takes as static."""
    return tuple(i for i in positions if not isinstance(args[i], np.ndarray))


def gmm_rows(sizes, jax, autograd, anp):
    return [_gradient_row(f"GMM d={d} K={k} n={n}", gmm.gmm_objective, peers.gmm_objective, gmm.WRT,
                          generate.gmm_instance(d, k, n), jax, autograd, anp) for d, k, n in sizes]


LSTM_JIT_STEPS = 64       # jax.jit unrolls the reference's Python loop: compile time grows with c


def lstm_rows(sizes, jax, autograd, anp):
    rows = []
    for l, c, b in sizes:
        row = _gradient_row(f"LSTM l={l} c={c} b={b}", lstm.lstm_objective, peers.lstm_objective, lstm.WRT,
                            generate.lstm_instance(l, c, b), jax, autograd, anp)
        if jax is not None and c > LSTM_JIT_STEPS:
            del row.tools["JAX jit"]
            row.missing["JAX jit"] = f"not run: jit unrolls the loop of {c - 1} steps (lax.scan would be needed)"
        rows.append(row)
    return rows


# -- BA: a 2 x 15 Jacobian per observation ----------------------------------------------------

def ba_s2sgrad(mode):
    """The per-observation Jacobians of ba.py's one-observation functions, mapped over the
    observations by `batch=`: sweeps over all of them at once, no loop over observations."""
    reproj = s2sgrad.jacobian(ba.compute_reproj_err, wrt=("cam", "X", "w"), mode=mode, batch=True)
    weight = s2sgrad.jacobian(ba.compute_w_err, mode=mode, batch=True)

    def run(cams, X, w, obs, feats):
        J_cam, J_X, J_w = reproj(cams[obs[:, 0]], X[obs[:, 1]], w, feats)
        return np.concatenate([J_cam, J_X, J_w[:, :, None]], axis=2), weight(w)
    return run


def _ba_packed(xp, v, feat):
    return peers.compute_reproj_err(xp, v[:11], v[11:14], v[14], feat)


def ba_peer(jacobian_of, xp, jit=None):
    """Per observation, the Jacobian of the reprojection error over the packed 15 parameters."""
    jac = jacobian_of(functools.partial(_ba_packed, xp))
    d_weight = jacobian_of(functools.partial(peers.compute_w_err, xp))
    if jit is not None:
        jac, d_weight = jit(jac), jit(d_weight)

    def run(cams, X, w, obs, feats):
        p = obs.shape[0]
        J = np.zeros((p, 2, 15))
        J_w = np.zeros(p)
        for i in range(p):
            packed = np.concatenate([cams[obs[i, 0]], X[obs[i, 1]], w[i:i + 1]])
            J[i] = jac(packed, feats[i])
            J_w[i] = d_weight(w[i])
        return J, J_w
    return run


def ba_rows(sizes, jax, autograd, anp):
    rows = []
    for n, m, p in sizes:
        row = Row(f"BA Jacobian, {p} observations", ba.ba_objective, generate.ba_instance(n, m, p), {},
                  _missing(jax, autograd), modes={"s2sgrad": "rev", "s2sgrad other mode": "fwd"})
        row.tools["s2sgrad"] = ba_s2sgrad("rev")
        row.tools["s2sgrad other mode"] = ba_s2sgrad("fwd")
        if autograd is not None:
            row.tools["autograd"] = ba_peer(autograd.jacobian, anp)
        if jax is not None:
            import jax.numpy as jnp
            row.tools["JAX eager"] = ba_peer(jax.jacrev, jnp)
            row.tools["JAX jit"] = ba_peer(jax.jacrev, jnp, jit=jax.jit)
        rows.append(row)
    return rows


# -- HT: the Jacobian of all residuals over the 26 pose parameters ----------------------------

def ht_jax(jax, args, jit):
    """jacfwd over theta; the model (parents: branches in Python) is closed over, static under jit."""
    import jax.numpy as jnp
    model = args[1:]
    jac = jax.jacfwd(lambda theta: peers.hand_objective(jnp, theta, *model))
    if jit:
        jac = jax.jit(jac)
    return lambda theta, *rest: jac(theta)


def ht_rows(sizes, jax, autograd, anp):
    rows = []
    for npts, n_vertices in sizes:
        args = generate.hand_instance(npts, n_vertices)
        row = Row(f"HT Jacobian {3 * npts}x26", hand.hand_objective, args, {}, _missing(jax, autograd),
                  modes={"s2sgrad": "fwd", "s2sgrad other mode": "rev"})
        row.tools["s2sgrad"] = s2sgrad.jacobian(hand.hand_objective, wrt=0, mode="fwd")
        row.tools["s2sgrad other mode"] = s2sgrad.jacobian(hand.hand_objective, wrt=0, mode="rev")
        if autograd is not None:
            row.tools["autograd"] = autograd.jacobian(functools.partial(peers.hand_objective, anp), 0)
        if jax is not None:
            row.tools["JAX eager"] = ht_jax(jax, args, jit=False)
            row.tools["JAX jit"] = ht_jax(jax, args, jit=True)
        rows.append(row)
    return rows


# -- PyTorch eager: peers_torch's derivative of each problem ----------------------------------

TORCH_PEERS = {"gmm": "gmm_value_and_grad", "ba": "ba_jacobian", "ht": "ht_jacobian",
               "lstm": "lstm_value_and_grad"}


def rows(names=None, quick=False):
    """The rows of the selected problems (gmm, ba, ht, lstm), each tool wrapped to time its first call."""
    jax = _jax()
    autograd, anp = _autograd()
    torch_peers = _torch()
    sizes = QUICK_SIZES if quick else SIZES
    makers = {"gmm": gmm_rows, "ba": ba_rows, "ht": ht_rows, "lstm": lstm_rows}
    out = []
    for name, make in makers.items():
        if names is None or name in names:
            made = make(sizes[name], jax, autograd, anp)
            if torch_peers is not None:
                for row in made:
                    row.tools["PyTorch eager"] = getattr(torch_peers, TORCH_PEERS[name])
            out += made
    return out


class DisagreementError(AssertionError):
    """Two tools' derivatives of one problem differ."""


def check(row, rtol=1e-6, atol=1e-9):
    """Run every tool once (timing that first call), and compare each with s2sgrad's result."""
    results = {}
    for tool, fn in row.tools.items():
        results[tool] = _first_call(row, tool, fn)(*row.args)
    ref = [np.asarray(leaf, dtype=float) for leaf in _leaves(results["s2sgrad"])]
    for tool, out in results.items():
        leaves = [np.asarray(leaf, dtype=float) for leaf in _leaves(out)]
        if len(leaves) != len(ref) or any(a.shape != b.shape for a, b in zip(leaves, ref)):
            raise DisagreementError(f"{row.problem}: {tool} returns shapes {[a.shape for a in leaves]}, "
                                    f"s2sgrad {[b.shape for b in ref]}")
        for k, (a, b) in enumerate(zip(leaves, ref)):
            if not np.allclose(a, b, rtol=rtol, atol=atol):
                raise DisagreementError(f"{row.problem}: {tool} differs from s2sgrad in output {k} "
                                        f"(max abs error {np.max(np.abs(a - b)):.3g})")
    return results
