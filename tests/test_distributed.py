"""examples/distributed_loss.py on a dask.distributed LocalCluster: the gradient of a loss over a
dataset held as a chunked Dask array (a map-reduce over its row blocks) equals NumPy's on the
same data. Small and quick (a few seconds): it runs in CI with the rest of the suite."""

import importlib.util
import pathlib

import numpy as np
import pytest

pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

EXAMPLE = pathlib.Path(__file__).resolve().parent.parent / "examples" / "distributed_loss.py"


def _example():
    spec = importlib.util.spec_from_file_location("distributed_loss", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gradient_over_chunked_rows_on_a_local_cluster_equals_numpy():
    example = _example()
    rng = np.random.default_rng(0)
    w, b = rng.standard_normal(5), np.array(0.3)
    X, y = example.dataset(rows=6_000, features=5, chunks=6)
    assert len(X.chunks[0]) == 6
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        value, (d_w, d_b) = example.distributed_gradient(client, w, b, X, y)
    want_value, (want_w, want_b) = example.s2sgrad.value_and_grad(example.loss, (0, 1))(w, b, X.compute(),
                                                                                         y.compute())
    assert isinstance(d_w, np.ndarray) and d_w.shape == (5,)
    np.testing.assert_allclose(d_w, want_w, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(d_b, want_b, rtol=1e-10, atol=1e-13)
    np.testing.assert_allclose(value, want_value, rtol=1e-12)


def test_the_gradient_is_a_dask_graph_until_computed():
    import dask.array as da
    example = _example()
    X, y = example.dataset(rows=400, features=3, chunks=4)
    value, (d_w, d_b) = example.s2sgrad.value_and_grad(example.loss, (0, 1))(np.ones(3), np.array(0.0), X, y)
    assert isinstance(d_w, da.Array) and isinstance(d_b, da.Array)
