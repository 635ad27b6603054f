"""The gradient of a loss over a dataset held as a chunked Dask array, on a dask.distributed cluster.

The loss is logistic regression's mean negative log-likelihood over every row of X. s2sgrad
emits its gradient once, as plain NumPy code; called with X and y as Dask arrays (chunked by
rows) and the parameters as small NumPy arrays, the same code builds a Dask graph: each chunk's
contribution is computed where the chunk lives and the contributions are summed (a map-reduce),
so the data never has to fit in one machine's memory. Here the cluster is a LocalCluster; the
same code runs on a real one (`Client("scheduler-address:8786")`).

    python examples/distributed_loss.py                       # small, and checked against NumPy
    python examples/distributed_loss.py --rows 4000000 --chunks 40 --no-check
"""

import argparse
import time

import numpy as np

import s2sgrad


def loss(w, b, X, y):
    """Mean logistic loss of the labels y (0 or 1) under the logits X @ w + b."""
    z = X @ w + b
    return np.sum(np.logaddexp(0.0, z) - y * z) / X.shape[0]


def dataset(rows, features, chunks, seed=0):
    """X (rows x features) and y, as Dask arrays of `chunks` row blocks, drawn block by block
    (nothing holds the whole dataset)."""
    import dask.array as da
    state = da.random.RandomState(seed)
    size = -(-rows // chunks)
    X = state.standard_normal((rows, features), chunks=(size, features))
    truth = np.linspace(-1.0, 1.0, features)
    y = (state.uniform(size=rows, chunks=size) < 1 / (1 + da.exp(-(X @ truth)))).astype(float)
    return X, y


def distributed_gradient(client, w, b, X, y):
    """(loss, (d_w, d_b)) at the NumPy parameters w, b over the Dask arrays X, y, on `client`."""
    value, grads = s2sgrad.value_and_grad(loss, (0, 1))(w, b, X, y)
    value, d_w, d_b = client.compute([value, *grads], sync=True)
    return value, (d_w, d_b)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-check", action="store_true", help="skip NumPy's gradient on the whole data")
    args = parser.parse_args()
    from dask.distributed import Client, LocalCluster

    print(s2sgrad.emit(loss, wrt=(0, 1)))
    w, b = np.zeros(args.features), np.array(0.0)
    X, y = dataset(args.rows, args.features, args.chunks)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        start = time.perf_counter()
        value, (d_w, d_b) = distributed_gradient(client, w, b, X, y)
        seconds = time.perf_counter() - start
    megabytes = args.rows * (args.features + 1) * 8 / 1e6
    print(f"rows {args.rows}  chunks {args.chunks}  data {megabytes:.0f} MB  loss {value:.6f}  "
          f"gradient on {args.workers} workers: {seconds:.3f} s")
    if not args.no_check:
        X_np, y_np = X.compute(), y.compute()
        start = time.perf_counter()
        want_value, (want_w, want_b) = s2sgrad.value_and_grad(loss, (0, 1))(w, b, X_np, y_np)
        print(f"NumPy on the whole data in memory: {time.perf_counter() - start:.3f} s; "
              f"largest difference {max(np.max(np.abs(d_w - want_w)), abs(float(d_b - want_b))):.2e}")
        assert np.allclose(d_w, want_w, rtol=1e-10, atol=1e-12) and np.isclose(d_b, want_b, rtol=1e-10)
        assert np.isclose(value, want_value, rtol=1e-12)


if __name__ == "__main__":
    main()
