"""The `api` rows of scripts/bench.py: value_and_grad's overhead over calling its emitted function
directly, for each kind of argument its direct path takes (s2sgrad/direct.py): a float, a NumPy
float, a 0-d array, a small array and a dict of arrays.

Each way of calling is timed call by call, the ways interleaved (so that load on the machine hits
them alike), `calls` calls each; a row reports the medians, and each way's median minus the
emitted function's (target: at most 1 us).
"""

import time

import numpy as np

import s2sgrad
from s2sgrad.api import _compiled_for

from . import workloads

API_TARGET_S = 1e-6


def vector_fn(x):
    return np.sum(np.sin(x) * x + 0.5 * x)


def dict_fn(p):
    return np.sum(p["w"] * p["w"]) + np.sum(np.sin(p["b"]))


def cases():
    """(argument, function, the argument) of each row."""
    return [("float", workloads.scalar_fn, 0.7),
            ("np.float64", workloads.scalar_fn, np.float64(0.7)),
            ("0-d array", workloads.scalar_fn, np.array(0.7)),
            ("array (3,)", vector_fn, np.linspace(-1.0, 1.0, 3)),
            ("dict of 2 arrays", dict_fn, {"w": np.linspace(0.5, 1.5, 3), "b": np.array([0.1, 0.3])})]


def api_rows(calls=100_000):
    return [api_row(argument, fn, x, calls) for argument, fn, x in cases()]


def _ways(fn, x):
    """The emitted function and each way of calling value_and_grad, all run once (transformed)."""
    marked = s2sgrad.differentiate(fn)
    prebuilt = s2sgrad.value_and_grad(fn)
    prebuilt(x)
    marked.value_and_grad(x)
    emitted = _compiled_for(fn, 0, (x,), {}).gradient
    _agree(emitted(x), prebuilt(x))
    return {"emitted function": emitted, "value_and_grad(f) made once": prebuilt,
            "s2sgrad.value_and_grad(f)(x)": lambda x: s2sgrad.value_and_grad(fn)(x),
            "@differentiate f.value_and_grad(x)": marked.value_and_grad}


def _agree(direct, through_api):
    for a, b in zip(_leaves(direct), _leaves(through_api)):
        if not np.array_equal(a, b):
            raise AssertionError("value_and_grad and its emitted function disagree")


def _leaves(x):
    if isinstance(x, dict):
        return [leaf for key in sorted(x) for leaf in _leaves(x[key])]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in _leaves(item)]
    return [np.asarray(x)]


def api_row(argument, fn, x, calls=100_000):
    """One argument's row: the median of `calls` single calls of each way, and its overhead."""
    ways = _ways(fn, x)
    samples = {name: [] for name in ways}
    clock = time.perf_counter_ns
    for _ in range(calls):
        for name, way in ways.items():
            t0 = clock()
            way(x)
            samples[name].append(clock() - t0)
    medians = {name: float(np.median(xs)) * 1e-9 for name, xs in samples.items()}
    base = medians["emitted function"]
    over = {name: t - base for name, t in medians.items() if name != "emitted function"}
    return {"argument": argument, "function": fn.__name__, "calls": calls, "median_s": medians,
            "overhead_s": over, "target": {"text": f"overhead <= {API_TARGET_S * 1e6:g} us",
                                           "met": max(over.values()) <= API_TARGET_S}}


def print_api(rows, file):
    """One line per argument: the emitted function's median, each way's overhead over it."""
    ways = [name for name in rows[0]["median_s"] if name != "emitted function"] if rows else []
    print("| argument | emitted function | " + " | ".join(f"{w}: overhead" for w in ways) + " | target |", file=file)
    print("|---" * (len(ways) + 3) + "|", file=file)
    for r in rows:
        cells = [f"{r['overhead_s'][w] * 1e9:+.0f} ns" for w in ways]
        met = ("met" if r["target"]["met"] else "MISSED") + f" ({r['target']['text']})"
        print(f"| {r['argument']} | {r['median_s']['emitted function'] * 1e9:.0f} ns | " + " | ".join(cells)
              + f" | {met} |", file=file)
