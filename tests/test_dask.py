"""The rule table and some language-corpus programs on Dask arrays: a CPU-only foreign array
type that dispatches through NumPy's protocols as CuPy does, so what would break on a GPU
(a rule or helper making a NumPy array next to a foreign one) breaks here.

Every gradient of an array argument must be a Dask array (not computed to NumPy) and equal
NumPy's on the same data. Entries that cannot work on Dask are listed below, by rule family,
with the reason; they are strict expected failures, so one that starts working shows up.
Arrays are small and in one chunk (Dask's linear algebra and FFT need one chunk per core
axis); the distributed test in tests/test_distributed.py uses many chunks. By default the
first entry of every primitive and every listed entry run (every rule is reached, every
listed reason is checked); S2SGRAD_DASK_ALL=1 runs the whole table.
"""

import collections
import os
import warnings

import numpy as np
import pytest

da = pytest.importorskip("dask.array")

import backend_check  # noqa: E402
import s2sgrad  # noqa: E402
from rule_table import TABLE  # noqa: E402

DASK = backend_check.Backend("dask", lambda a: da.from_array(a, chunks=-1), lambda a: a.compute(),
                             lambda value: isinstance(value, da.Array))

LACKS = "Dask has no such function: NumPy's own runs and computes the array to NumPy"
SCIPY = "SciPy computes with NumPy: it converts a Dask array (scipy.* does not dispatch)"
BATCH = "Dask's linalg takes 2-D arrays only (no stack of matrices)"

# family -> {primitive, an entry's call (all entries of that call) or an entry's id: reason}
EXPECTED = {
    "elementwise": {
        "np.clip(x, min=y)": "Dask's clip has no min=/max= keywords (NumPy 2.1's spelling of a_min, a_max)",
        "np.ndarray.conjugate": "a Dask array has no .conjugate() method (it has .conj())",
    },
    "fft": {
        "np.fft.ihfft": "Dask's FFT needs one chunk along the axis; the zero-padding that undoes n= adds one",
        **dict.fromkeys([
            "scipy.fft.fft", "scipy.fft.ifft", "scipy.fft.rfft", "scipy.fft.irfft", "scipy.fft.hfft",
            "scipy.fft.ihfft", "scipy.fft.fft2", "scipy.fft.ifft2", "scipy.fft.rfft2", "scipy.fft.irfft2",
            "scipy.fft.fftn", "scipy.fft.ifftn", "scipy.fft.rfftn", "scipy.fft.irfftn"], SCIPY),
    },
    "linalg": {
        **dict.fromkeys(["np.cross", "np.inner", "np.kron", "np.linalg.cross", "np.linalg.det",
                         "np.linalg.diagonal", "np.linalg.eig", "np.linalg.eigh", "np.linalg.eigvals",
                         "np.linalg.eigvalsh", "np.linalg.matmul", "np.linalg.matrix_norm",
                         "np.linalg.matrix_power", "np.linalg.matrix_transpose", "np.linalg.multi_dot",
                         "np.linalg.outer", "np.linalg.pinv", "np.linalg.slogdet", "np.linalg.svdvals",
                         "np.linalg.tensordot", "np.linalg.trace", "np.linalg.vecdot", "np.matrix_transpose"],
                        LACKS),
        "np.linalg.cholesky": "Dask's cholesky returns the upper factor (NumPy's the lower): the value differs",
        "np.dot(x, y)[f-2x3]": "Dask's dot of a Python float and an array fails (no .ndim on the float)",
        "np.linalg.inv(x)[2x3x3]": BATCH,
        "np.linalg.solve(x, y)[2x3x3-3]": BATCH,
        "np.linalg.svd(x, compute_uv=False)": "Dask's svd has no compute_uv=",
        "np.ndarray.diagonal": "a Dask array has no .diagonal() method",
        **dict.fromkeys(["np.linalg.lstsq(x, y, rcond=None)[0]", "np.polyfit", "np.vander"],
                        "Dask has no lstsq of full rank nor vander: NumPy's own runs and computes the array to NumPy"),
    },
    "reductions": {
        "np.linalg.vector_norm": LACKS,
        "np.linalg.vector_norm(x) ** 2": LACKS,
        "np.linalg.norm(x, 'nuc', axis=(0, 1))": "Dask's norm has no SVD-based norm of more than 2 axes",
        "np.linalg.norm(x, 2, (1, 2))": "Dask's norm has no SVD-based norm of more than 2 axes",
        "np.linalg.norm(x, -2, (0, 2))": "Dask's norm has no SVD-based norm of more than 2 axes",
        "np.ptp(x, axis=-1, keepdims=True)": "Dask's ptp has no keepdims=",
        "np.ptp(x, axis=None, keepdims=True)": "Dask's ptp has no keepdims=",
        "np.sum(x, where=x > 0)": "Dask's sum has no where=",
        "np.sum(x, initial=2.0)": "Dask's sum has no initial=",
        "np.add.reduce": "a Dask array has no ufunc.reduce (NumPy's add.reduce returns NotImplemented)",
        "np.multiply.reduce": "a Dask array has no ufunc.reduce (NumPy's multiply.reduce returns NotImplemented)",
        "np.bincount": "Dask's bincount takes Dask arrays only, and these indices are NumPy's",
        "np.histogram": "Dask's histogram takes Dask arrays only, and these values are NumPy's",
    },
    "scans": {
        **dict.fromkeys(["np.convolve", "np.correlate", "np.cumulative_prod", "np.cumulative_sum", "np.geomspace",
                         "np.interp", "np.logspace", "np.polyder", "np.polyval", "np.trapezoid"], LACKS),
        "np.gradient(x)": "Dask's gradient of a 1-D array returns a list of one array (NumPy's the array)",
        "np.gradient(x, np.array([0.0, 0.5, 0.7, 1.5]))": "Dask's gradient of a 1-D array returns a list",
        "np.linspace": "Dask's linspace has no axis= (nor array endpoints)",
        "np.median(x)": "Dask's median needs an axis",
        "np.nancumsum(x)": "Dask's nancumsum needs an axis",
        "scipy.integrate.trapezoid": SCIPY,
        **dict.fromkeys(["np.maximum.accumulate", "np.minimum.accumulate"],
                        "a Dask array has no ufunc.accumulate (NumPy's returns NotImplemented)"),
    },
    "ufunc_methods": dict.fromkeys(["np.maximum.reduce", "np.minimum.reduce", "np.fmax.reduce", "np.fmin.reduce",
                                    "np.logaddexp.reduce", "np.logaddexp2.reduce", "np.add.accumulate",
                                    "np.multiply.accumulate"],
                                   "a Dask array has no ufunc.reduce nor ufunc.accumulate (NumPy's return NotImplemented)"),
    "windows": {"np.lib.stride_tricks.as_strided": "a Dask array has no strides: as_strided views memory"},
    "filters": dict.fromkeys(["scipy.signal.lfilter", "runtime.linear_filter", "runtime.lagged_sums"], SCIPY),
    "puts": dict.fromkeys(["runtime.put_into", "runtime.put_values_adjoint"],
                          "Dask has no np.put: the store by flat index copies the array to NumPy"),
    "scipy_integrals": {"scipy.integrate.simpson": SCIPY},
    "scipy_linalg": dict.fromkeys(
        ["scipy.linalg.cho_factor", "scipy.linalg.cho_solve", "scipy.linalg.cholesky", "scipy.linalg.det",
         "scipy.linalg.eigh", "scipy.linalg.expm", "scipy.linalg.inv", "scipy.linalg.logm", "scipy.linalg.lu_factor",
         "scipy.linalg.lu_solve", "scipy.linalg.solve", "scipy.linalg.solve_sylvester",
         "scipy.linalg.solve_triangular", "scipy.linalg.sqrtm"], SCIPY),
    "shape": {
        **dict.fromkeys(["np.array", "np.array_split", "np.asanyarray", "np.asarray", "np.ascontiguousarray",
                         "np.asfortranarray", "np.astype", "np.column_stack", "np.copy", "np.diagflat", "np.dsplit",
                         "np.full", "np.hsplit", "np.partition", "np.real_if_close", "np.resize", "np.sort",
                         "np.split", "np.take_along_axis", "np.unstack", "np.unwrap", "np.vsplit"], LACKS),
        'attribute_key("mT")': "a Dask array has no .mT",
        "np.ndarray.take": "a Dask array has no .take() method",
        "np.ndarray.item": "a Dask array has no .item() method",
        "np.ndarray.tolist": "a Dask array has no .tolist() method",
        "np.delete(x, 1)": "Dask's delete needs an axis",
        "np.insert(x, 1, y)": "Dask's insert needs an axis",
        "np.extract": "the length of Dask's extract is unknown until computed (nan): no seed fits it",
        "np.repeat(x, 2)": "Dask's repeat needs an axis",
        "np.repeat(x, [1, 0, 2], axis=1)": "Dask's repeat takes one integer count only",
        "np.reshape(x, -1)": "Dask's reshape does not take a bare -1",
        "np.take(x, [0, 2, 2])": "Dask's take without an axis reads axis 0, NumPy's the flattened array",
        "np.take(x, [4, -1, 7], mode='wrap')": "Dask's take has no mode=",
        "np.take(x, [5, -2], axis=0, mode='clip')": "Dask's take has no mode=",
    },
    "integrate": dict.fromkeys(["scipy.integrate.odeint",
                                "scipy.integrate.solve_ivp(lambda t, y, k: -k * y + np.sin(t), (0.0, 0.8), x, "
                                "t_eval=np.array([0.0, 0.3, 0.8]), args=(y,), rtol=1e-11, atol=1e-11).y"], SCIPY),
    "signal": dict.fromkeys(["scipy.signal.convolve", "scipy.signal.correlate", "scipy.signal.fftconvolve",
                             "scipy.signal.convolve2d", "scipy.signal.correlate2d"], SCIPY),
    "softmax": dict.fromkeys(["scipy.special.log_softmax", "scipy.special.logsumexp", "scipy.special.softmax"], SCIPY),
    "special": dict.fromkeys(["scipy.special.multigammaln", "scipy.special.polygamma"], SCIPY),
    "stats": dict.fromkeys(
        [*(f"scipy.stats.{d}.{m}" for d in ("norm", "t", "gamma", "beta", "chi2", "expon", "laplace", "logistic")
           for m in ("logpdf", "pdf")), "scipy.stats.poisson.logpmf", "scipy.stats.poisson.pmf"], SCIPY),
    "stats_cdf": dict.fromkeys(
        [f"scipy.stats.{d}.{m}" for d in ("norm", "t", "gamma", "beta", "chi2", "expon", "laplace", "logistic", "poisson")
         for m in ("cdf", "logcdf", "sf", "logsf")], SCIPY),
    "stats_multivariate": dict.fromkeys(
        ["scipy.stats.multivariate_normal.logpdf", "scipy.stats.multivariate_normal.pdf", "scipy.stats.dirichlet.logpdf",
         "scipy.stats.dirichlet.pdf"], SCIPY),
    "stats_entropy": dict.fromkeys(
        [f"scipy.stats.{d}.entropy" for d in ("norm", "expon", "laplace", "logistic", "gamma", "chi2", "t", "beta",
                                             "dirichlet", "multivariate_normal")], SCIPY),
}


def expected_failure(index):
    """(family, reason) of entry `index` when it is listed above, else None."""
    entry = TABLE[index]
    for family, listed in EXPECTED.items():
        reason = listed.get(entry.id) or listed.get(entry.call) or listed.get(entry.primitive)
        if reason:
            return family, reason
    return None


def _selected():
    if os.environ.get("S2SGRAD_DASK_ALL"):
        return backend_check.entries()
    seen = collections.Counter()
    out = []
    for index in backend_check.entries():
        seen[TABLE[index].primitive] += 1
        if seen[TABLE[index].primitive] == 1 or expected_failure(index):
            out.append(index)
    return out


def _params():
    out = []
    for index in _selected():
        listed = expected_failure(index)
        marks = [pytest.mark.xfail(strict=True, reason=f"{listed[0]}: {listed[1]}")] if listed else []
        out.append(pytest.param(index, id=TABLE[index].id, marks=marks))
    return out


@pytest.mark.parametrize("index", _params())
def test_rule_on_dask(index):
    """The entry's value and gradients are Dask arrays equal to NumPy's."""
    backend_check.check_entry(index, DASK)


def test_every_listed_name_is_in_the_table_and_its_family():
    """The table of expected failures names entries that exist, under their rule family."""
    wrong = []
    for family, listed in EXPECTED.items():
        for key in listed:
            found = [i for i in backend_check.entries() if key in (TABLE[i].id, TABLE[i].call, TABLE[i].primitive)]
            if not found or any(backend_check.family(i) != family for i in found):
                wrong.append((family, key))
    assert wrong == []


# -- language-corpus programs on Dask inputs -----------------------------------------------------
CORPUS = ["if_elif_top", "range_data_loop", "while_data_top", "store_elem_loop", "row_add_top", "slice_store_loop",
          "mask_store_top", "index_mul_top", "scan_loop", "reductions_top", "dot_call", "listcomp_top", "stack_loop",
          "rnn_top"]
CORPUS_EXPECTED = {"mask_store_top": "Dask cannot assign an array through a Dask boolean mask (`y[y > 1.0] = ...` "
                                     "restored in the adjoint sweep): the masked length is unknown until computed"}


def _corpus_cases():
    from tests.language import CASES
    by_name = {case.name: case for case in CASES}
    return [pytest.param(by_name[name], id=name, marks=[pytest.mark.xfail(strict=True, reason=CORPUS_EXPECTED[name])]
                         if name in CORPUS_EXPECTED else []) for name in CORPUS]


def _to_dask(value):
    if isinstance(value, np.ndarray):
        return da.from_array(value, chunks=-1)
    if isinstance(value, (list, tuple)):
        return type(value)(_to_dask(v) for v in value)
    return value


@pytest.mark.parametrize("case", _corpus_cases())
def test_corpus_program_on_dask(case):
    """A corpus program's gradient on Dask inputs: Dask arrays, equal to NumPy's."""
    for args in case.copies():
        want = s2sgrad.grad(case.fn, case.wrt)(*args)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The `numpy.", FutureWarning)
            got = s2sgrad.grad(case.fn, case.wrt)(*_to_dask(args))
        want, got = (want, got) if isinstance(case.wrt, tuple) else ((want,), (got,))
        for w, g in zip(want, got):
            if isinstance(w, np.ndarray):
                assert isinstance(g, da.Array), type(g)
                g = g.compute()
            np.testing.assert_allclose(np.asarray(g), w, rtol=1e-10, atol=1e-12)


def test_scatter_add_without_ufunc_at_adds_repeated_positions():
    """Dask has no ufunc.at: runtime.scatter_add adds in rounds of distinct positions."""
    from s2sgrad import runtime
    index = (np.array([0, 2, 0, 0]), np.array([1, 3, 1, 1]))
    values = np.array([1.0, 2.0, 3.0, 4.0])
    want = np.zeros((3, 4))
    np.add.at(want, index, values)
    target = da.zeros((3, 4), chunks=2)
    runtime.scatter_add(target, index, da.from_array(values, chunks=2))
    assert isinstance(target, da.Array)
    np.testing.assert_array_equal(target.compute(), want)
    target = da.zeros((3, 4), chunks=2)
    runtime.scatter_add(target, (slice(None), 2), da.ones(3))         # no fancy index: one assignment
    np.testing.assert_array_equal(target.compute()[:, 2], np.ones(3))
