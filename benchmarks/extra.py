"""Second-order and checkpointing benchmarks, side by side with the first-order gradient, and
the transform's own time.

hvp: time(s2sgrad.hvp) / time(s2sgrad.grad) on the same inputs (target <= 2: forward mode
over the emitted gradient).  (The api rows: api_overhead.py.)
checkpoint: one gradient of a 1,000-step loop with an array
state, keeping all, 32, 8 or 2 loop states: peak traced memory, time, and steps run.
transform: seconds to differentiate 20 nested loops, and straight-line functions of 10 to 5,000
statements, each in a fresh process with the package's bytecode cached (targets: <= 50 ms per 100
lines up to 1,000 lines, linear in length, 20 nested loops and 5,000 lines each under 5 s), and
`s2sgrad emit` on a 1,000-line file (target: under 1 s).
"""

import json
import time
import tracemalloc
from pathlib import Path

import numpy as np

import s2sgrad

from . import workloads

ROOT = Path(__file__).resolve().parents[1]

HVP_TARGET = 2.0


def hvp_cases():
    """(name, size, fn, args, position of the argument H is taken over)."""
    out = []
    for size, dims in workloads.MLP_SIZES.items():
        out.append(("mlp", size, workloads.mlp_loss, workloads.make_mlp(*dims), 0))
    out.append(("rnn", workloads.RNN_SIZE, workloads.rnn_loss, workloads.make_rnn(), 0))
    out.append(("spring", "1000 steps", workloads.spring_loss, workloads.make_spring(1000), 0))
    out.append(("gmm", "N=500, K=8, D=4", workloads.gmm_loglik, workloads.make_gmm(500, 8, 4), 0))
    return out


def check_hvp(fn, args, position, eps=1e-5):
    """H v against central differences of the reverse-mode gradient; raises on disagreement."""
    x = args[position]
    v = np.random.default_rng(1).standard_normal(np.shape(x))
    v = v if isinstance(x, np.ndarray) else float(v)
    tangents = [None] * len(args)
    tangents[position] = v
    got = np.asarray(s2sgrad.hvp(fn, args, tangents))
    grad = s2sgrad.grad(fn, wrt=position)

    def at(step):
        moved = list(args)
        moved[position] = x + step * v
        return np.asarray(grad(*moved))
    want = (at(eps) - at(-eps)) / (2 * eps)
    scale = 1.0 + float(np.max(np.abs(want)))
    if not np.allclose(got, want, rtol=1e-4, atol=1e-5 * scale):
        raise AssertionError(f"{fn.__name__}: hvp disagrees with finite differences of the gradient")
    return tangents


def hvp_row(name, size, fn, args, position, timer):
    tangents = check_hvp(fn, args, position)
    grad = s2sgrad.grad(fn, wrt=position)
    callables = {"grad": grad, "hvp": lambda *a: s2sgrad.hvp(fn, a, tangents)}
    times = timer(callables, args)
    ratio = times["hvp"]["median_s"] / times["grad"]["median_s"]
    return {"workload": name, "size": size, "grad_median_s": times["grad"]["median_s"],
            "hvp_median_s": times["hvp"]["median_s"], "hvp_over_grad": ratio,
            "target": {"text": f"hvp <= {HVP_TARGET:g} x grad", "met": bool(ratio <= HVP_TARGET)}}


def checkpoint_rows(size=1000, n_steps=1000, snapshots=(None, 32, 8, 2), repeat=3):
    """Peak traced memory and median time of one gradient for each snapshot count."""
    rows = []
    grad = s2sgrad.grad(workloads.oscillators, wrt=(0, 1))
    reference = None
    for k in snapshots:
        args = workloads.make_oscillators(size, n_steps, k)
        grads = grad(*args)                 # transform and warm up outside the measurement
        if reference is None:
            reference = grads
        same = all(np.allclose(a, b, rtol=1e-12, atol=1e-12) for a, b in zip(grads, reference))
        tracemalloc.start()
        grad(*args)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            grad(*args)
            samples.append(time.perf_counter() - t0)
        rows.append({"snapshots": "all" if k is None else k, "peak_bytes": peak,
                     "median_s": float(np.median(samples)), "same_gradient": bool(same)})
    f_time = _median_time(lambda: workloads.oscillators(*workloads.make_oscillators(size, n_steps, None)), repeat)
    for row in rows:
        row["over_f"] = row["median_s"] / f_time
    return rows


def _median_time(fn, repeat):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return float(np.median(samples))


def print_hvp(rows, file):
    print("| workload | size | grad time | hvp time | hvp / grad | target |", file=file)
    print("|---|---|---|---|---|---|", file=file)
    for r in rows:
        met = "met" if r["target"]["met"] else "MISSED"
        print(f"| {r['workload']} | {r['size']} | {r['grad_median_s'] * 1e6:.0f} us | {r['hvp_median_s'] * 1e6:.0f} us"
              f" | {r['hvp_over_grad']:.2f} | {met} ({r['target']['text']}) |", file=file)


def print_checkpoint(rows, file):
    print("| snapshots | peak memory | gradient time | gradient / f | same gradient |", file=file)
    print("|---|---|---|---|---|", file=file)
    for r in rows:
        print(f"| {r['snapshots']} | {r['peak_bytes'] / 2**20:.1f} MiB | {r['median_s'] * 1e3:.0f} ms | "
              f"{r['over_f']:.1f} | {'yes' if r['same_gradient'] else 'NO'} |", file=file)


# -- transform time --------------------------------------------------------------------------
TRANSFORM_TARGET_S = 5.0            # nesting depth 20, and a 5,000-line function
PER_100_LINES_TARGET_S = 0.050      # straight-line functions of 10, 100 and 1,000 lines
LINEAR_TARGET = 1.5                 # seconds per line at 1,000 lines / at 100 lines, at most


def _nested_loops(depth):
    """`depth` nested `for` loops around one update (the transform's time in nesting depth)."""
    lines = ["import numpy as np", "", "", "def f(x):", "    y = x * 1.0"]
    for d in range(depth):
        lines.append("    " * (d + 1) + f"for i{d} in range(2):")
    lines.append("    " * (depth + 1) + "y = np.sin(y) * 0.9 + x * 0.1")
    return lines + ["    return np.sum(y * y)"]


def _long_function(length):
    """`length` straight-line statements (the transform's time in a function's length)."""
    lines = ["import numpy as np", "", "", "def f(x):", "    y = x * 1.0"]
    for k in range(length):
        lines.append(f"    z{k} = y * y + x" if k % 3 == 0 else f"    y = np.sin(y) * 0.9 + x * {k / 1000:.3f}")
    return lines + ["    return np.sum(y * y)"]


def transform_cases(quick=False):
    lengths = (10, 100, 1000) if quick else (10, 100, 1000, 2000, 5000)
    return [("for loops nested", 20, _nested_loops(20))] + [("straight-line statements", n, _long_function(n))
                                                            for n in lengths]


def _bytecode_env(cache):
    """The environment of a fresh process that imports s2sgrad from bytecode cached in `cache`
    (as a user's installed package is): without it, `PYTHONDONTWRITEBYTECODE` (set on many CI
    machines) makes every process compile the package again, which is not the transform's time."""
    import os
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


EMIT_TARGET_S = 1.0


def _child_seconds(command, env):
    """(CPU seconds, wall seconds) of running `command` in a child process."""
    import resource
    import subprocess
    import time

    def used():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    cpu, wall = used(), time.perf_counter()
    subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    return used() - cpu, time.perf_counter() - wall


def _median(values):
    import statistics
    return statistics.median(values)


def emit_row(workdir, length=1000, repeat=1):
    """CPU seconds of `s2sgrad emit FILE` (the command line, a fresh process, reverse and forward
    mode) on a generated function of `length` straight-line statements, the package's bytecode
    cached (warmed by one run), and of `import s2sgrad.cli` alone in such a process; the wall
    seconds under `wall_s`.  With `repeat`, each is the median of that many processes."""
    import sys
    path = Path(workdir) / f"emit_{length}.py"
    path.write_text("\n".join(_long_function(length)) + "\n")
    env = _bytecode_env(Path(workdir) / "pycache")
    command = [sys.executable, "-m", "s2sgrad", "emit", str(path), "-f", "f", "--mode"]
    _child_seconds(command + ["reverse"], env)
    cpu, wall = {}, {}
    for mode in ("reverse", "forward"):
        runs = [_child_seconds(command + [mode], env) for _ in range(repeat)]
        cpu[mode], wall[mode] = _median([c for c, _ in runs]), _median([w for _, w in runs])
    import_s = _median([_child_seconds([sys.executable, "-c", "import s2sgrad.cli"], env)[0] for _ in range(repeat)])
    return {"kind": "`s2sgrad emit` (command line)", "size": length, "reverse_s": cpu["reverse"],
            "forward_s": cpu["forward"], "import_s": import_s, "wall_s": wall,
            "target": {"text": f"each under {EMIT_TARGET_S:g} s", "met": max(cpu.values()) < EMIT_TARGET_S}}


_TRANSFORM_SCRIPT = """\
import importlib.util, json, sys, time
from s2sgrad.api import compiled
def load(name):
    spec = importlib.util.spec_from_file_location(name, sys.argv[1])
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m.f
out = {'cpu': {}}
for mode in ('reverse', 'forward'):
    first, again = load('first_' + mode), load('again_' + mode)
    t0, c0 = time.perf_counter(), time.process_time(); compiled(first, 0, mode=mode, kinds=('array',))
    t1, c1 = time.perf_counter(), time.process_time(); compiled(again, 0, mode=mode, kinds=('array',))
    out[mode] = t1 - t0; out[mode + '_again'] = time.perf_counter() - t1
    out['cpu'][mode] = c1 - c0; out['cpu'][mode + '_again'] = time.process_time() - c1
print(json.dumps(out))
"""


def transform_row(kind, size, lines, workdir, repeat=1):
    """Seconds to transform (reverse and forward mode) a generated module's `f` in a fresh
    process: the first transform of each mode, and the same function's again (a second copy of
    the module: nothing cached is reused but what every function shares, the rule templates);
    for a straight-line function, the seconds per 100 lines of the second.  CPU seconds (the
    process's, so that other work on a shared machine does not count); the wall seconds of the
    first transforms under `wall_s`.  With `repeat`, each is the median of that many processes."""
    import subprocess
    import sys
    path = Path(workdir) / f"transform_{kind.split()[0]}_{size}.py"
    path.write_text("\n".join(lines) + "\n")
    cache = Path(workdir) / "pycache"
    env = _bytecode_env(cache)
    command = [sys.executable, "-c", _TRANSFORM_SCRIPT, str(path)]
    if not cache.exists():          # the first row: cache the bytecode of what a transform imports
        subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    runs = []
    for _ in range(repeat):
        proc = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    wall = {mode: _median([times[mode] for times in runs]) for mode in ("reverse", "forward")}
    cpu = {key: _median([times["cpu"][key] for times in runs]) for key in runs[0]["cpu"]}
    row = {"kind": kind, "size": size, "reverse_s": cpu["reverse"], "forward_s": cpu["forward"],
           "reverse_again_s": cpu["reverse_again"], "forward_again_s": cpu["forward_again"], "wall_s": wall}
    if kind.startswith("straight") and size <= 1000:
        row["per_100_lines_s"] = 100 * max(cpu["reverse_again"], cpu["forward_again"]) / size
        row["target"] = {"text": f"<= {PER_100_LINES_TARGET_S * 1e3:g} ms per 100 lines",
                         "met": row["per_100_lines_s"] <= PER_100_LINES_TARGET_S}
    else:
        row["target"] = {"text": f"each under {TRANSFORM_TARGET_S:g} s",
                         "met": max(cpu.values()) < TRANSFORM_TARGET_S}
    return row


def linearity(rows):
    """Seconds per line at 1,000 lines over seconds per line at 100 (the slower mode, the second
    transform), or None without both rows."""
    per_line = {r["size"]: max(r["reverse_again_s"], r["forward_again_s"]) / r["size"] for r in rows
                if r["kind"].startswith("straight") and r["size"] in (100, 1000)}
    if len(per_line) < 2:
        return None
    ratio = per_line[1000] / per_line[100]
    return {"ratio": ratio, "target": {"text": f"<= {LINEAR_TARGET:g}", "met": ratio <= LINEAR_TARGET}}


def print_transform(rows, file):
    print("CPU seconds of the transform; `again`: the same function's second transform in the process.\n", file=file)
    print("| function | size | reverse mode | forward mode | again: reverse | forward | per 100 lines | wall, first "
          "(rev / fwd) | target |", file=file)
    print("|---|---|---|---|---|---|---|---|---|", file=file)
    for r in rows:
        again = f"{r['reverse_again_s']:.3f} s | {r['forward_again_s']:.3f} s" if "reverse_again_s" in r else " | "
        per_100 = f"{r['per_100_lines_s'] * 1e3:.0f} ms" if "per_100_lines_s" in r else ""
        wall = f"{r['wall_s']['reverse']:.2f} s / {r['wall_s']['forward']:.2f} s"
        if "import_s" in r:
            again = f"import alone: {r['import_s']:.3f} s | "
        print(f"| {r['kind']} | {r['size']:,} | {r['reverse_s']:.3f} s | {r['forward_s']:.3f} s | {again} | "
              f"{per_100} | {wall} | {'met' if r['target']['met'] else 'MISSED'} ({r['target']['text']}) |", file=file)
    linear = linearity(rows)
    if linear is not None:
        print(f"\nLinear in length: seconds per line at 1,000 lines / at 100 lines = {linear['ratio']:.2f} "
              f"({'met' if linear['target']['met'] else 'MISSED'}: {linear['target']['text']})", file=file)


IMPORT_TARGET_MS = 150.0
# Modules `import s2sgrad` must leave alone: SciPy (its rule families load on first use) and
# checkpoint_schedules (imported by a checkpointed loop).
NOT_AT_IMPORT = ("scipy", "checkpoint_schedules")



def _importtime_ms(module, env):
    """`python -X importtime -c "import module"` in a fresh process: the cumulative milliseconds."""
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                          text=True, check=True, env=env, cwd=ROOT)
    last = [line for line in proc.stderr.splitlines() if line.startswith("import time:")][-1]
    return int(last.split("|")[1]) / 1000


def import_row(repeat=9):
    """Milliseconds to `import s2sgrad` (and numpy alone) in fresh processes started in this
    checkout, bytecode already cached (a private pycache, warmed once): the minimum and median of
    `repeat` runs, and which of NOT_AT_IMPORT were imported."""
    import os
    import subprocess
    import sys
    import tempfile
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        check = ("import sys, s2sgrad\nprint(' '.join(m for m in sorted(sys.modules) "
                 f"if m.split('.')[0] in {NOT_AT_IMPORT!r}))")
        imported = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True,
                                  env=env, cwd=ROOT).stdout.split()
        times = {module: sorted(_importtime_ms(module, env) for _ in range(repeat)) for module in ("s2sgrad", "numpy")}
    best = times["s2sgrad"][0]
    return {"repeat": repeat, "s2sgrad_min_ms": best, "s2sgrad_median_ms": times["s2sgrad"][repeat // 2],
            "numpy_min_ms": times["numpy"][0], "numpy_median_ms": times["numpy"][repeat // 2],
            "imported": sorted({m.split(".")[0] for m in imported}),
            "target": {"text": f"under {IMPORT_TARGET_MS:g} ms, without {' or '.join(NOT_AT_IMPORT)}",
                       "met": best < IMPORT_TARGET_MS and not imported}}


def print_import(rows, file):
    print("| import | min | median | numpy alone (min) | imports scipy / checkpoint_schedules | target |", file=file)
    print("|---|---|---|---|---|---|", file=file)
    for r in rows:
        print(f"| s2sgrad ({r['repeat']} fresh processes) | {r['s2sgrad_min_ms']:.0f} ms | "
              f"{r['s2sgrad_median_ms']:.0f} ms | {r['numpy_min_ms']:.0f} ms | "
              f"{', '.join(r['imported']) or 'neither'} | "
              f"{'met' if r['target']['met'] else 'MISSED'} ({r['target']['text']}) |", file=file)
