#!/usr/bin/env python
"""Benchmark: time(value_and_grad) / time(f) for s2sgrad, a hand-written gradient, and autograd.

    .venv/bin/python scripts/bench.py [--quick] [--json PATH] [--only mlp,spring,gmm]
    .venv/bin/python scripts/bench.py --suite adbench [--quick] [--only gmm,ba,ht,lstm]

Workloads (benchmarks/workloads.py): a two-layer tanh MLP loss at two sizes, a damped spring
simulated for 1,000 steps on Python floats, and a diagonal Gaussian-mixture log-likelihood.
Before timing, every workload's s2sgrad, hand-written and autograd gradients are checked to
agree (np.allclose); a disagreement stops the run.  The `memory` row differentiates 10,000 fresh
closures (1,000 with --quick) in a fresh process and reports the RSS kept once they are dropped;
the `hvp` rows time s2sgrad.hvp against s2sgrad.grad (MLP, RNN, spring, GMM); the `api` rows time
value_and_grad's overhead over its emitted function, call by call, for a float, a NumPy float, a
0-d array, a small array and a dict of arrays (benchmarks/api_overhead.py); the
`transform` rows time the transform itself on 20 nested loops and on straight-line
functions of 10 to 5,000 statements, and `s2sgrad emit` on a 1,000-line file (benchmarks/extra.py:
the seconds per 100 lines and whether they grow with length; `--transform-repeat N`: the median
of N fresh processes per row); the `import` row times
`import s2sgrad` in fresh processes (`-X importtime`, bytecode cached) and checks that it
imports neither SciPy nor checkpoint_schedules.  The `tape` rows (benchmarks/tape.py) count,
per loop iteration, the pushes and bytes the emitted gradient keeps for its adjoint sweep
beside a hand-written adjoint's (spring, RNN, GRU, LSTM; the MLP's kept intermediates); they
are counts, not timings.

Timing: time.perf_counter; each callable is warmed up, then timed in batches of `number`
calls (calibrated so one batch takes >= --batch-s), the callables of one workload in
interleaved rounds so that machine noise hits all of them alike, until every callable has
>= --min-total-s of timed calls and >= --min-rounds rounds.  Reported: MEDIAN per-call times
and RATIOS (median time of value_and_grad / median time of f, the plain function).
`--suite adbench` times the four ADBench objectives (benchmarks/adbench/: GMM, bundle adjustment,
hand tracking, LSTM, the reference-style NumPy code differentiated unmodified) side by side with
autograd, JAX eager and jit, and PyTorch eager, each where installed: ratio = median time of the
value and gradient (GMM, LSTM) or of the Jacobian (BA, HT) / median time of f in plain NumPy; the
time of each tool's first call (s2sgrad: transform + run; JAX jit: compile + run) is reported apart.
Nothing in the environment is changed (thread counts etc. are as you launched it), except that
PyTorch gets NumPy's thread count (benchmarks/adbench/peers_torch.py: OPENBLAS_NUM_THREADS etc.
where set, else 1).  On a
small, busy machine a multi-threaded BLAS can make the matmul-heavy MLP timings erratic (a
BLAS worker thread waiting for a core); launch with e.g. OPENBLAS_NUM_THREADS=1 for stable
numbers there (the JSON records such variables under environment.thread_env).
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import s2sgrad  # noqa: E402
from benchmarks import api_overhead, autograd_versions, extra, suite  # noqa: E402

# Acceptance targets the project sets (checked and reported, not enforced).
TARGETS = {
    "mlp": ("s2sgrad ratio <= 1.5 x hand-written ratio", lambda r: r["s2sgrad_over_hand"] <= 1.5),
    "spring": ("s2sgrad ratio <= 10", lambda r: r["ratio"]["s2sgrad"] <= 10.0),
}


def _batch(fn, args, number):
    """Seconds per call of `fn(*args)`, averaged over one batch of `number` calls."""
    t0 = time.perf_counter()
    for _ in range(number):
        fn(*args)
    return (time.perf_counter() - t0) / number


def _calibrate(fn, args, batch_s):
    """Calls per batch so that one batch takes at least `batch_s` seconds."""
    number = 1
    while True:
        t = _batch(fn, args, number) * number
        if t >= batch_s:
            return number
        number = max(number * 2, int(number * 1.2 * batch_s / max(t, 1e-9)))


def time_callables(callables, args, batch_s, min_total_s, min_rounds, max_rounds=1000, warmup=3):
    """Median seconds per call of each callable, measured in interleaved rounds."""
    for fn in callables.values():                      # warm-up (compiles, caches, allocator)
        _batch(fn, args, warmup)
    numbers = {name: _calibrate(fn, args, batch_s) for name, fn in callables.items()}
    samples = {name: [] for name in callables}
    totals = dict.fromkeys(callables, 0.0)
    rounds = 0
    while rounds < max_rounds and (rounds < min_rounds or min(totals.values()) < min_total_s):
        for name, fn in callables.items():
            per_call = _batch(fn, args, numbers[name])
            samples[name].append(per_call)
            totals[name] += per_call * numbers[name]
        rounds += 1
    out = {}
    for name, xs in samples.items():
        q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
        out[name] = {"median_s": statistics.median(xs), "min_s": min(xs), "q1_s": q[0], "q3_s": q[2],
                     "number": numbers[name], "rounds": len(xs), "total_s": totals[name],
                     "samples_s": xs}
    return out


def bench_case(case, opts, use_autograd):
    check = suite.check_agreement(case, use_autograd=use_autograd)   # raises on a gradient mismatch
    callables = {"f": case.fn, "s2sgrad": case.s2sgrad()}
    emitted = case.s2sgrad_emitted()
    if emitted is not None:
        callables["s2sgrad_emitted"] = emitted
    generic = case.s2sgrad_generic()
    if generic is not None:
        callables["s2sgrad_generic"] = generic
    callables["hand"] = case.hand
    ag = case.autograd() if use_autograd else None
    if ag is not None:
        callables["autograd"] = ag
    times = time_callables(callables, case.args, opts.batch_s, opts.min_total_s, opts.min_rounds)
    f_time = times["f"]["median_s"]
    ratio = {name: t["median_s"] / f_time for name, t in times.items() if name != "f"}
    # The median over rounds of (time / f's time in the same round): less hurt by bursts of load.
    paired = {name: statistics.median(x / y for x, y in zip(t.pop("samples_s"), times["f"]["samples_s"]))
              for name, t in times.items() if name != "f"}
    times["f"].pop("samples_s")
    row = {"workload": case.workload, "size": case.size, "wrt": list(case.wrt),
           "f_median_s": f_time, "ratio": ratio, "paired_ratio": paired,
           "s2sgrad_over_hand": ratio["s2sgrad"] / ratio["hand"],
           "s2sgrad_emitted_over_hand": ratio["s2sgrad_emitted"] / ratio["hand"] if emitted is not None else None,
           # the emitted function within 10% of the API that runs it: the API adds little on top
           "emitted_over_api": paired["s2sgrad_emitted"] / paired["s2sgrad"] if emitted is not None else None,
           "times": times, "agreement": check["tools_checked"], "value_errors": check["value_errors"]}
    if case.workload in TARGETS:
        text, ok = TARGETS[case.workload]
        row["target"] = {"text": text, "met": bool(ok(row))}
    return row


def _fmt_time(s):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s * 1e9:.3g} ns"


def _fmt_ratio(x):
    return "n/a" if x is None else f"{x:.2f}"


def print_table(rows, file=sys.stdout):
    headers = ["workload", "size", "f time", "ratio s2sgrad", "ratio hand-written", "ratio autograd",
               "s2sgrad/hand-written", "ratio s2sgrad (emitted fn)", "emitted fn / API", "ratio emitted, no kinds",
               "target"]
    table = []
    for r in rows:
        ag = r["ratio"].get("autograd")
        target = "" if "target" not in r else ("met" if r["target"]["met"] else "MISSED") + f" ({r['target']['text']})"
        table.append([r["workload"], r["size"], _fmt_time(r["f_median_s"]), f"{r['ratio']['s2sgrad']:.2f}",
                      f"{r['ratio']['hand']:.2f}", _fmt_ratio(ag),
                      f"{r['s2sgrad_over_hand']:.2f}", _fmt_ratio(r["ratio"].get("s2sgrad_emitted")),
                      _fmt_ratio(r.get("emitted_over_api")), _fmt_ratio(r["ratio"].get("s2sgrad_generic")), target])
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(headers), file=file)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=file)
    for t in table:
        print(line(t), file=file)


def _git(*args):
    import subprocess
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _loadavg():
    try:
        return list(os.getloadavg())
    except (AttributeError, OSError):
        return None


def environment():
    try:
        import autograd
        ag_version = getattr(autograd, "__version__", None)
        if ag_version is None:
            from importlib.metadata import version
            ag_version = version("autograd")
    except ImportError:
        ag_version = None
    return {
        "timestamp_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "python": sys.version.split()[0], "implementation": platform.python_implementation(),
        "platform": platform.platform(), "machine": platform.machine(), "cpu_count": os.cpu_count(),
        "numpy": np.__version__, "s2sgrad": s2sgrad.__version__, "autograd": ag_version,
        "git_commit": _git("rev-parse", "HEAD"),
        # s2sgrad's files that differ from that commit (the benchmark measured the working tree)
        "s2sgrad_uncommitted": (_git("status", "--porcelain", "--", "s2sgrad") or "").splitlines(),
        "loadavg": _loadavg(),
        "thread_env": {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
                       if k in os.environ},
    }


MEMORY_TARGET_MIB = 20.0


def _closure(a):
    def f(x):
        return np.sum(np.sin(x * a) * x)
    return f


def _rss_mib():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) / 1024 for line in fh if line.startswith("VmRSS:"))


def _memory_child(count):
    """In a fresh interpreter: RSS growth once `count` fresh closures are differentiated and dropped."""
    import gc
    x = np.linspace(-1.0, 1.0, 5)
    for k in range(50):             # warm up: imports, rule tables, the allocator's pools
        s2sgrad.value_and_grad(_closure(float(k)))(x)
    gc.collect()
    before, start = _rss_mib(), time.perf_counter()
    for k in range(count):
        s2sgrad.value_and_grad(_closure(float(k)))(x)
    gc.collect()
    return {"closures": count, "rss_growth_mib": _rss_mib() - before,
            "ms_per_closure": 1000 * (time.perf_counter() - start) / count}


def memory_row(count):
    """Issue 10: a transform per fresh closure, nothing kept once the closure is dropped (a row)."""
    import subprocess
    proc = subprocess.run([sys.executable, __file__, "--memory-child", str(count)], capture_output=True,
                          text=True, check=True)
    row = json.loads(proc.stdout.strip().splitlines()[-1])
    row["target"] = {"text": f"RSS growth < {MEMORY_TARGET_MIB:g} MiB",
                     "met": row["rss_growth_mib"] < MEMORY_TARGET_MIB}
    return row


def print_memory(rows, file):
    print("\nMemory: fresh closures differentiated (value_and_grad) and dropped, in a fresh process:\n", file=file)
    for r in rows:
        print(f"  {r['closures']:,} closures: RSS +{r['rss_growth_mib']:.1f} MiB, {r['ms_per_closure']:.1f} ms "
              f"each; target {'met' if r['target']['met'] else 'MISSED'} ({r['target']['text']})", file=file)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--json", default="bench.json", help="where to write the results (default: bench.json)")
    p.add_argument("--quick", action="store_true", help="a fast smoke run (short batches, few rounds)")
    p.add_argument("--only", default=None,
                   help="comma-separated workloads: mlp,spring,gmm,hvp,api,checkpoint,transform,memory,import,tape")
    p.add_argument("--suite", default="default", choices=["default", "adbench"],
                   help="default: the workloads above; adbench: GMM, BA, HT and LSTM beside the peer tools")
    p.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--no-autograd", action="store_true", help="skip autograd even when installed")
    p.add_argument("--batch-s", type=float, default=None, help="seconds per timed batch (default 0.02; quick 0.005)")
    p.add_argument("--min-total-s", type=float, default=None,
                   help="timed seconds per callable, at least (default 1.0; quick 0.2)")
    p.add_argument("--min-rounds", type=int, default=None, help="interleaved rounds, at least (default 21; quick 5)")
    p.add_argument("--transform-repeat", type=int, default=1,
                   help="fresh processes per transform row; the row reports their medians (default 1)")
    opts = p.parse_args(argv)
    if opts.memory_child is not None:
        print(json.dumps(_memory_child(opts.memory_child)))
        return 0
    if opts.suite == "adbench":
        return adbench_main(opts)
    opts.batch_s = opts.batch_s if opts.batch_s is not None else (0.005 if opts.quick else 0.02)
    opts.min_total_s = opts.min_total_s if opts.min_total_s is not None else (0.2 if opts.quick else 1.0)
    opts.min_rounds = opts.min_rounds if opts.min_rounds is not None else (5 if opts.quick else 21)

    use_autograd = autograd_versions.AVAILABLE and not opts.no_autograd
    if not autograd_versions.AVAILABLE:
        print("note: autograd is not installed (pip install -e .[bench]); its column is n/a", file=sys.stderr)
    selected = None if opts.only is None else set(opts.only.split(","))
    cases = suite.cases(selected) if selected is None or selected & {"mlp", "spring", "gmm"} else []

    # Check every workload before timing any: fail loudly on a gradient disagreement.
    for case in cases:
        try:
            check = suite.check_agreement(case, use_autograd=use_autograd)
        except suite.DisagreementError as e:
            print(f"\nFAILED: gradients disagree: {e}\n", file=sys.stderr)
            return 1
        for message in check["value_errors"]:
            print(f"!!! WRONG VALUE (gradients agree; timing goes on): {message}", file=sys.stderr)
    print(f"gradients agree (np.allclose) on {len(cases)} workloads: s2sgrad, hand-written"
          f"{', autograd' if use_autograd else ''}", file=sys.stderr)

    load_at_start = _loadavg()
    rows = []
    for case in cases:
        print(f"timing {case.workload} [{case.size}] ...", file=sys.stderr, flush=True)
        rows.append(bench_case(case, opts, use_autograd))

    if rows:
        print()
        print("ratio = median time of value_and_grad / median time of f (the plain function); lower is better.")
        print("'emitted fn' calls the generated gradient value_and_grad runs (specialised on the arguments' kinds) "
              "directly, without the API wrapper; 'emitted fn / API' is the median of its per-round ratio to the API; "
              "'no kinds' calls the generic gradient `s2sgrad emit` writes.")
        print()
        print_table(rows)
    noisy = []
    for r in rows:
        names = [name for name, t in r["times"].items() if (t["q3_s"] - t["q1_s"]) > 0.25 * t["median_s"]]
        if names:
            noisy.append(f"{r['workload']} [{r['size']}]: {', '.join(names)}")
    if noisy:
        print("\nnote: noisy timings (interquartile range > 25% of the median); compare with "
              "'paired_ratio' in the JSON, or rerun:\n  " + "\n  ".join(noisy))
    missed = [r for r in rows if "target" in r and not r["target"]["met"]]
    wrong = [m for r in rows for m in r["value_errors"]]
    for m in wrong:
        print(f"!!! WRONG VALUE: {m}")
    hvp_rows, checkpoint_rows = [], []
    if selected is None or "hvp" in selected:
        print("timing hvp ...", file=sys.stderr, flush=True)

        def timer(callables, args):
            return time_callables(callables, args, opts.batch_s, opts.min_total_s, opts.min_rounds)
        hvp_rows = [extra.hvp_row(*case, timer) for case in extra.hvp_cases()]
        print("\nHessian-vector products (forward mode over the emitted gradient); ratio of medians:\n")
        extra.print_hvp(hvp_rows, sys.stdout)
    api_rows = []
    if selected is None or "api" in selected:
        print("timing the value_and_grad API path ...", file=sys.stderr, flush=True)
        api_rows = api_overhead.api_rows(20_000 if opts.quick else 100_000)
        print("\nvalue_and_grad's overhead over its emitted function (median of single calls, interleaved):\n")
        api_overhead.print_api(api_rows, sys.stdout)
    if selected is None or "checkpoint" in selected:
        print("timing checkpointed loops ...", file=sys.stderr, flush=True)
        checkpoint_rows = extra.checkpoint_rows(repeat=1 if opts.quick else 3)
        print("\nGradient of a 1,000-step loop (state: two arrays of 1,000 floats) under binomial checkpointing:\n")
        extra.print_checkpoint(checkpoint_rows, sys.stdout)
    transform_rows = []
    if selected is None or "transform" in selected:
        print("timing the transform on long and deeply nested functions ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as workdir:
            repeat = max(1, opts.transform_repeat)
            transform_rows = [extra.transform_row(*case, workdir, repeat=repeat)
                              for case in extra.transform_cases(opts.quick)]
            transform_rows.append(extra.emit_row(workdir, repeat=repeat))
        print("\nTransform time (one function, a fresh process):\n")
        extra.print_transform(transform_rows, sys.stdout)
    memory_rows = []
    if selected is None or "memory" in selected:
        print("measuring memory over fresh closures ...", file=sys.stderr, flush=True)
        memory_rows = [memory_row(1_000 if opts.quick else 10_000)]
        print_memory(memory_rows, sys.stdout)
    import_rows = []
    if selected is None or "import" in selected:
        print("timing import s2sgrad ...", file=sys.stderr, flush=True)
        import_rows = [extra.import_row(5 if opts.quick else 15)]
        print("\nImport time (`python -X importtime -c 'import s2sgrad'`, fresh processes):\n")
        extra.print_import(import_rows, sys.stdout)
    tape_rows = []
    if selected is None or "tape" in selected:
        from benchmarks import tape
        print("counting what the emitted gradients keep for their adjoint sweep ...", file=sys.stderr, flush=True)
        tape_rows = [tape.tape_row(case) for case in tape.tape_cases()]
        print("\nTape: pushes and bytes kept for the adjoint sweep per loop iteration, emitted (as value_and_grad "
              "runs it, and as `s2sgrad emit` writes it with no kinds) vs hand-written:\n")
        tape.print_tape(tape_rows, sys.stdout)
    env = environment()
    env["loadavg_at_start"] = load_at_start
    env["torch_threads"] = _torch_threads()
    result = {"environment": env,
              "settings": {"quick": opts.quick, "batch_s": opts.batch_s, "min_total_s": opts.min_total_s,
                           "min_rounds": opts.min_rounds, "autograd": use_autograd},
              "results": rows,
              "hvp": hvp_rows,
              "api": api_rows,
              "checkpoint": checkpoint_rows,
              "transform": transform_rows,
              "transform_linear": extra.linearity(transform_rows),
              "memory": memory_rows,
              "import": import_rows,
              "tape": tape_rows,
              "noisy": noisy,
              "targets_missed": [f"{r['workload']} [{r['size']}]: {r['target']['text']}" for r in missed],
              "value_errors": wrong}
    Path(opts.json).write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {opts.json}")
    return 0


ADBENCH_COLUMNS = ("s2sgrad", "s2sgrad other mode", "autograd", "JAX eager", "JAX jit", "PyTorch eager")


def adbench_row(row, opts):
    """Time one ADBench row: f and every tool's derivative in interleaved rounds (medians)."""
    callables = {"f": row.f, **row.tools}
    times = time_callables(callables, row.args, opts.batch_s, opts.min_total_s, opts.min_rounds, warmup=1)
    f_time = times["f"]["median_s"]
    for t in times.values():
        t.pop("samples_s")
    return {"problem": row.problem, "f_median_s": f_time, "modes": row.modes,
            "ratio": {tool: t["median_s"] / f_time for tool, t in times.items() if tool != "f"},
            "first_call_s": dict(row.compile_s), "missing": dict(row.missing), "times": times}


def print_adbench(results, file=sys.stdout):
    headers = ["problem", "f time", *ADBENCH_COLUMNS, "first call: s2sgrad", "JAX jit"]
    table = []
    notes = {}
    for r in results:
        cells = [r["problem"], _fmt_time(r["f_median_s"])]
        for tool in ADBENCH_COLUMNS:
            if tool in r["ratio"]:
                mode = r["modes"].get(tool)
                cells.append(f"{r['ratio'][tool]:.3g}" + (f" ({mode})" if mode else ""))
            elif tool not in r["missing"]:
                cells.append("-")           # no such column for this problem (one mode only)
            else:
                why = r["missing"].get(tool, "n/a")
                mark = notes.setdefault(why, "*" * (len(notes) + 1))
                cells.append(mark)
        first = r["first_call_s"]
        cells += [_fmt_time(first["s2sgrad"]) if "s2sgrad" in first else "n/a",
                  _fmt_time(first["JAX jit"]) if "JAX jit" in first else "n/a"]
        table.append(cells)
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(headers), file=file)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|", file=file)
    for t in table:
        print(line(t), file=file)
    for why, mark in notes.items():
        print(f"{mark}: {why}", file=file)


def _installed_version(name):
    """The version of an installed distribution, or None (the peers of the ADBench rows)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _torch_threads():
    try:
        import torch
    except ImportError:
        return "no"
    return torch.get_num_threads()


def adbench_targets(results):
    """The acceptance targets checked on one run, one (text, met) pair each; a target whose peer did not
    run is left out."""
    out = []
    for r in results:
        ratio, first, problem = r["ratio"], r["first_call_s"], r["problem"]
        out.append((f"{problem}: s2sgrad ratio {ratio['s2sgrad']:.3g} <= 4", ratio["s2sgrad"] <= 4.0))
        if "PyTorch eager" in ratio:
            x = ratio["s2sgrad"] / ratio["PyTorch eager"]
            out.append((f"{problem}: s2sgrad / PyTorch eager {x:.3g} <= 1.5", x <= 1.5))
        if problem.startswith("BA") and "JAX jit" in ratio:
            x = ratio["s2sgrad"] / ratio["JAX jit"]
            out.append((f"{problem}: s2sgrad / JAX jit (steady state) {x:.3g} <= 3", x <= 3.0))
        if "JAX jit" in first:
            out.append((f"{problem}: first gradient {_fmt_time(first['s2sgrad'])} < JAX jit's compile + run "
                        f"{_fmt_time(first['JAX jit'])}", first["s2sgrad"] < first["JAX jit"]))
    return out


def print_adbench_targets(results, file=sys.stdout):
    for text, met in adbench_targets(results):
        print(("met    " if met else "MISSED ") + text, file=file)


def adbench_main(opts):
    from benchmarks.adbench import suite as adbench
    opts.batch_s = opts.batch_s if opts.batch_s is not None else (0.005 if opts.quick else 0.02)
    opts.min_total_s = opts.min_total_s if opts.min_total_s is not None else (0.1 if opts.quick else 0.5)
    opts.min_rounds = opts.min_rounds if opts.min_rounds is not None else (3 if opts.quick else 5)
    selected = None if opts.only is None else set(opts.only.split(","))
    rows = adbench.rows(selected, quick=opts.quick)
    for row in rows:             # every tool's first call, and agreement, before any timing
        print(f"checking {row.problem} ...", file=sys.stderr, flush=True)
        try:
            adbench.check(row)
        except adbench.DisagreementError as e:
            print(f"\nFAILED: derivatives disagree: {e}\n", file=sys.stderr)
            return 1
    print("derivatives agree (np.allclose, rtol 1e-6) between s2sgrad and every peer that ran", file=sys.stderr)
    load_at_start = _loadavg()
    results = []
    for row in rows:
        print(f"timing {row.problem} ...", file=sys.stderr, flush=True)
        results.append(adbench_row(row, opts))
    print()
    print("ratio = median time of the value and gradient (GMM, LSTM) or of the Jacobian (BA: per observation, "
          "2 x 15; HT: over the 26 pose parameters) / median time of f in plain NumPy; lower is better. "
          "(rev)/(fwd): s2sgrad's mode. First call: s2sgrad's transform + run (the transform is cached per "
          "function, so a second size of one objective reuses it); JAX jit's compile + run. PyTorch eager: "
          f"{_torch_threads()} intra-op thread(s), as NumPy (benchmarks/adbench/peers_torch.py).")
    print()
    print_adbench(results)
    print()
    print_adbench_targets(results)
    env = environment()
    env["loadavg_at_start"] = load_at_start
    env["torch_threads"] = _torch_threads()
    env.update({name: _installed_version(name) for name in ("jax", "jaxlib", "torch", "scipy")})
    result = {"environment": env, "suite": "adbench",
              "settings": {"quick": opts.quick, "batch_s": opts.batch_s, "min_total_s": opts.min_total_s,
                           "min_rounds": opts.min_rounds},
              "results": results, "targets": adbench_targets(results)}
    Path(opts.json).write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwrote {opts.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
