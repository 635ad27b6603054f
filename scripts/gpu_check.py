"""GPU check: s2sgrad's emitted gradients on CuPy arrays, through NumPy's dispatch.

Not a test (CI has no GPU). Run on a machine with CuPy: `python scripts/gpu_check.py`.
Each case is differentiated once; its gradient is computed on NumPy arrays and on CuPy
arrays by the same emitted code, and the two must agree. Prints a table (and timings of
the larger cases); `--numpy` runs the CuPy half on NumPy too, as a dry run anywhere.

`--table` runs the rule table (tests/rule_table.py) instead: every entry that takes an array,
on CuPy arrays, each gradient a CuPy array equal to NumPy's (tests/backend_check.py), and
prints the entries that fail, by rule family. `--table --backend numpy|dask` runs the same
code on NumPy or Dask arrays, without a GPU (tests/test_gpu_check.py does, so it cannot rot).
"""

import argparse
import importlib.util
import sys
import textwrap
import time
import traceback
from pathlib import Path

import numpy as np

import s2sgrad

CASES = textwrap.dedent('''
    import numpy as np


    def control(x, n):
        y = x
        for i in range(n):
            if np.sum(y) > 0.0:
                y = np.tanh(y) * x
            else:
                y = y * y + 1.0
        return np.sum(y * y)


    def mlp(W1, b1, W2, b2, x, y):
        h = np.tanh(x @ W1 + b1)
        out = h @ W2 + b2
        return np.sum((out - y) ** 2)


    def gmm(means, log_sigmas, logits, X):
        diff = (X[:, None, :] - means[None, :, :]) / np.exp(log_sigmas)[None, :, :]
        log_w = logits - np.max(logits)
        log_w = log_w - np.log(np.sum(np.exp(log_w)))
        comp = log_w - 0.5 * np.sum(diff ** 2, axis=2) - np.sum(log_sigmas, axis=1)
        m = np.max(comp, axis=1, keepdims=True)
        return np.sum(m[:, 0] + np.log(np.sum(np.exp(comp - m), axis=1)))


    def scan(x, a):
        y = np.zeros_like(x)
        y[0] = x[0]
        for i in range(len(x) - 1):
            y[i + 1] = y[i] * a + x[i + 1]
        return np.sum(y * y)


    def masked(x):
        y = x * x
        y[y > 1.0] = 0.0
        return np.sum(np.where(y > 0.5, y, 0.0)) + np.mean(np.abs(x))


    def rnn(W, U, xs, h0):
        h = h0
        hs = []
        for x in xs:
            h = np.tanh(W @ h + U @ x)
            hs.append(h)
        return np.sum(np.stack(hs) ** 2)


    def params_dict(params, x):
        h = np.maximum(x @ params["W"] + params["b"], 0.0)
        return np.sum(h * h)


    def early(x):
        total = 0.0
        for i in range(x.shape[0]):
            if np.sum(x[i]) > 3.0:
                break
            total = total + np.sum(np.sin(x[i]))
        return total
''')


def load_cases():
    path = Path(__file__).with_name("_gpu_cases.py")
    path.write_text(CASES)
    spec = importlib.util.spec_from_file_location("_gpu_cases", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["_gpu_cases"] = module
    spec.loader.exec_module(module)
    return module


def inputs(rng, scale):
    n = scale
    return {
        "control": ((rng.standard_normal(8 * n), 6), 0),
        "mlp": ((rng.standard_normal((16, 32 * n)), rng.standard_normal(32 * n), rng.standard_normal((32 * n, 4)),
                 rng.standard_normal(4), rng.standard_normal((64 * n, 16)), rng.standard_normal((64 * n, 4))), (0, 1, 2, 3)),
        "gmm": ((rng.standard_normal((8, 4)), 0.1 * rng.standard_normal((8, 4)), rng.standard_normal(8),
                 rng.standard_normal((100 * n, 4))), (0, 1, 2)),
        "scan": ((rng.standard_normal(20), 0.7), (0, 1)),
        "masked": ((rng.standard_normal(50 * n),), 0),
        "rnn": ((0.3 * rng.standard_normal((16, 16)), rng.standard_normal((16, 8)),
                 [rng.standard_normal(8) for _ in range(5)], np.zeros(16)), (0, 1)),
        "params_dict": (({"W": rng.standard_normal((8, 16 * n)), "b": rng.standard_normal(16 * n)},
                         rng.standard_normal((32 * n, 8))), 0),
        "early": ((np.abs(rng.standard_normal((10, 3))),), 0),
    }


def to(xp, value):
    """Arrays and Python floats -> the library's arrays (a NumPy zero for a Python-float input
    would not mix with CuPy arrays in the adjoint sweep)."""
    if isinstance(value, (np.ndarray, float)):
        return xp.asarray(value)
    if isinstance(value, list):
        return [to(xp, v) for v in value]
    if isinstance(value, tuple):
        return tuple(to(xp, v) for v in value)
    if isinstance(value, dict):
        return {k: to(xp, v) for k, v in value.items()}
    return value


def host(value):
    if isinstance(value, (list, tuple)):
        return [host(v) for v in value]
    if isinstance(value, dict):
        return {k: host(v) for k, v in value.items()}
    return value.get() if hasattr(value, "get") else np.asarray(value)


def close(a, b):
    if isinstance(a, dict):
        return all(close(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(close(x, y) for x, y in zip(a, b))
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-6, atol=1e-8)


def timed(fn, *args):
    fn(*args)
    best = []
    for _ in range(5):
        start = time.perf_counter()
        out = fn(*args)
        host(out)
        best.append(time.perf_counter() - start)
    return float(np.median(best))


def backend(name):
    """The tests/backend_check.py Backend called `name`: cupy, dask or numpy."""
    import backend_check
    if name == "numpy":
        return backend_check.NUMPY
    if name == "dask":
        import dask.array as da
        return backend_check.Backend("dask", lambda a: da.from_array(a, chunks=-1), lambda a: a.compute(),
                                     lambda value: isinstance(value, da.Array))
    import cupy
    return backend_check.Backend("cupy", cupy.asarray, cupy.asnumpy, lambda value: isinstance(value, cupy.ndarray))


def run_table(name, indices=None, out=sys.stdout):
    """Check the rule table's entries (all that take an array, or `indices`) on backend `name`;
    print the failures by rule family and a count. Returns {family: [(entry id, problem)]}."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import backend_check
    chosen = backend(name)
    failures = {}
    indices = backend_check.entries() if indices is None else indices
    for index in indices:
        try:
            backend_check.check_entry(index, chosen)
        except Exception as error:                  # a backend's own error is a finding too
            problem = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"[:160]
            failures.setdefault(backend_check.family(index), []).append((backend_check.TABLE[index].id, problem))
    for family in sorted(failures):
        print(f"{family}:", file=out)
        for entry_id, problem in failures[family]:
            print(f"    {entry_id}: {problem}", file=out)
    print(f"rule table on {name}: {len(indices) - sum(map(len, failures.values()))} of {len(indices)} entries "
          f"agree with NumPy", file=out)
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--numpy", action="store_true", help="use NumPy for the device half (a dry run)")
    parser.add_argument("--table", action="store_true", help="run the rule table instead of the programs")
    parser.add_argument("--backend", default="cupy", choices=("cupy", "dask", "numpy"),
                        help="the array library of --table (numpy and dask need no GPU)")
    args = parser.parse_args()
    if args.table:
        if args.backend == "cupy":
            import cupy
            print("cupy", cupy.__version__, "device", cupy.cuda.runtime.getDeviceProperties(0)["name"].decode())
        return 1 if run_table(args.backend) else 0
    if args.numpy:
        xp = np
    else:
        import cupy as xp
        print("cupy", xp.__version__, "device", xp.cuda.runtime.getDeviceProperties(0)["name"].decode())
    module = load_cases()
    rng = np.random.default_rng(0)
    failures = 0
    print(f"{'case':12} {'agrees':7} {'numpy s':>9} {'device s':>9}")
    for scale in (1, 64):
        for name, (case_args, wrt) in inputs(rng, scale).items():
            fn = getattr(module, name)
            grad = s2sgrad.value_and_grad(fn, wrt)
            try:
                want = grad(*case_args)
                got = grad(*to(xp, case_args))
                ok = close(host(want[1]), host(got[1])) and close(host(want[0]), host(got[0]))
                t_np = timed(grad, *case_args)
                t_dev = timed(grad, *to(xp, case_args))
                print(f"{name:12} {str(ok):7} {t_np:9.5f} {t_dev:9.5f}  (scale {scale})")
                failures += not ok
            except Exception:
                failures += 1
                print(f"{name:12} ERROR (scale {scale})")
                traceback.print_exc(limit=4)
    print("failures:", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
