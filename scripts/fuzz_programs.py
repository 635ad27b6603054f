#!/usr/bin/env python
"""Deep random-program run (outside CI): generate, check every mode, shrink, write reproducers.

    .venv/bin/python scripts/fuzz_programs.py --count 10000 --seed 0 --jobs 1 --timeout 10 --out /tmp/fuzz
    PYTHONPATH=/tmp/snap .venv/bin/python scripts/fuzz_programs.py ...    # s2sgrad from a snapshot
    ... --max-depth 5 --max-block 3 --focus control                         # hunt slow transforms

Program i is drawn from `random.Random(seed * 1000003 + i)` with focus category
`CATEGORIES[i % len(CATEGORIES)]` (or --focus), so a run is reproducible and every category
gets its share.  Each program is checked in reverse mode, forward mode and hvp
(tests/program_checks.py) in a worker process that reports the stage it is in; a stage that
runs past 3 x --timeout seconds of wall-clock time kills the worker, and the program counts as
`timeout`.  A transform that finishes but took more than --timeout CPU seconds counts as
`timeout` too.

Outcomes, per focus category (the worst over the modes) and per mode: passed, refused (a
located UserCodeError/NoRuleError, or the documented run-time SharedUpdateError), wrong (a
check failed, or the generated code's value differs from f's), crash (any other exception
from s2sgrad or the code it emits), timeout, skipped (f's value overflows), invalid (f itself
raised or is not deterministic: a generator bug).  Failures are grouped by (mode, signature),
and wrong ones by focus variant too (a wrong number names no cause); the first program of
each group is shrunk (the --shrink-max most frequent groups) by deleting statements and
unwrapping compound ones while the signature holds, then written to OUT/repro/ as a
standalone script printing OK / WRONG / EXC / REFUSED.  OUT also gets results.jsonl (one line
per program), summary.txt (the tables, the reproducers, the slowest transforms), and the
slowest programs in OUT/slow/.
"""

import argparse
import ast
import collections
import gc
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(ROOT)       # appended: PYTHONPATH may point `s2sgrad` at a snapshot of a commit

from tests import program_checks as checks  # noqa: E402
from tests import programs  # noqa: E402

OUTCOMES = ("passed", "refused", "wrong", "crash", "timeout", "skipped", "invalid")
RESTART_EVERY = 250
MEMORY_LIMIT = 6 * 2**30


# --- the worker ---------------------------------------------------------------------------

WORST = ("crash", "wrong", "timeout", "refused", "passed")


def _failure(exc):
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return {"outcome": checks.classify(exc), "stage": getattr(exc, "check_stage", "?"),
            "signature": list(checks.signature(getattr(exc, "check_stage", "?"), exc)),
            "error": f"{type(exc).__name__}: " + (lines[0] if lines else "")[:1000],
            "message": str(exc)[:3000], "traceback": "".join(traceback.format_exception(exc))[-4000:]}


def _worker(conn):
    import resource
    # a runaway gradient (an endless loop pushing onto its tape) fails here, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    directory = tempfile.mkdtemp(prefix="fuzz_programs_")
    sys.setrecursionlimit(10000)
    while True:
        task = conn.recv()
        if task is None:
            return
        program, seed, modes = task
        gc.collect()            # the timings are the transform's, not the last program's garbage
        timings, current = {}, ["start"]

        def stage(name):
            current[0] = name
            conn.send(("stage", name, time.monotonic()))
        try:
            results = checks.check(program, seed, directory, timings, stage, modes)
            per_mode = {m: {"outcome": "passed"} if e is None else _failure(e) for m, e in results.items()}
            worst = min((r for r in per_mode.values()), key=lambda r: WORST.index(r["outcome"]))
            result = dict(worst, modes=per_mode)
        except BaseException as exc:        # noqa: B902 -- Skip, InvalidProgram, or a bug here
            result = dict(_failure(exc), stage=current[0], modes={})
        result["timings"] = timings
        conn.send(("done", result))


class Worker:
    """A worker process running one program at a time, restarted when killed or stale."""

    def __init__(self):
        self.process = None
        self.runs = 0

    def start(self):
        parent, child = mp.Pipe()
        self.conn = parent
        self.process = mp.get_context("fork").Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        self.runs = 0

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def run(self, program, seed, timeout, modes=checks.MODES):
        """The result dict of checking `program`, with timeouts enforced from outside."""
        if self.process is None or self.runs >= RESTART_EVERY:
            self.stop()
            self.start()
        self.runs += 1
        self.conn.send((program, seed, modes))
        stage, since = "start", time.monotonic()
        while True:
            limit = 3 * timeout         # wall clock, generous: the machine may be shared
            left = since + limit - time.monotonic()
            if left <= 0 or not self.conn.poll(left):
                if self.conn.poll(0):
                    continue
                self.stop()
                if stage in ("start", "load", "value"):         # f itself does not end: a generator bug
                    return {"outcome": "invalid", "stage": stage, "signature": ["invalid", stage, "f never ends"],
                            "error": f"f ran past {limit:.0f} s", "timings": {}, "modes": {}}
                return {"outcome": "timeout", "stage": stage, "signature": ["timeout", stage],
                        "error": f"killed after {limit:.0f} s in {stage}", "timings": {stage: limit}, "modes": {}}
            try:
                message = self.conn.recv()
            except EOFError:
                self.stop()
                return {"outcome": "crash", "stage": stage, "signature": ["crash", stage, "worker died"],
                        "error": "the worker process died", "timings": {}, "modes": {}}
            if message[0] == "done":
                result = message[1]
                slow = [k for k, v in result["timings"].items() if v > timeout]
                if result["outcome"] == "passed" and slow:
                    result.update(outcome="timeout", signature=["timeout", slow[0] + " transform"],
                                  error=f"{slow[0]} transform took {result['timings'][slow[0]]:.1f} s")
                return result
            stage, since = message[1], time.monotonic()


# --- shrinking -------------------------------------------------------------------------------

def _statement_lists(tree):
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                yield node, field


def _candidates(source):
    """Smaller versions of the function: one statement deleted, or a compound one unwrapped."""
    tree = ast.parse(source)
    spots = list(_statement_lists(tree))
    for k, (_, field) in enumerate(spots):
        length = len(getattr(spots[k][0], field))
        for i in reversed(range(length)):
            for how in ("delete", "unwrap"):
                copy = ast.parse(source)
                node, fld = list(_statement_lists(copy))[k]
                stmts = getattr(node, fld)
                target = stmts[i]
                if isinstance(target, ast.FunctionDef) and fld == "body" and node is copy:
                    continue
                if how == "delete":
                    if isinstance(target, ast.Return) and node is copy.body[0] and i == len(stmts) - 1:
                        continue
                    replacement = []
                elif isinstance(target, (ast.If, ast.For, ast.While)):
                    replacement = target.body
                else:
                    continue
                if how == "unwrap" and isinstance(target, ast.If) and target.orelse:
                    yield from _unwrapped_else(source, k, i)
                stmts[i:i + 1] = replacement
                if not stmts:
                    if fld == "orelse":
                        setattr(node, fld, [])
                    else:
                        stmts.append(ast.Pass())
                yield ast.unparse(copy)


def _unwrapped_else(source, k, i):
    copy = ast.parse(source)
    node, field = list(_statement_lists(copy))[k]
    stmts = getattr(node, field)
    stmts[i:i + 1] = stmts[i].orelse
    yield ast.unparse(copy)


def shrink(worker, program, seed, mode, signature, timeout, budget_s):
    """The smallest program found that still fails with `signature` (greedy, to a fixed point)."""
    deadline = time.monotonic() + budget_s
    source = ast.unparse(ast.parse(program.function_source()))
    best = program.with_function(source)
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        for candidate in _candidates(source):
            if time.monotonic() > deadline:
                break
            trial = program.with_function(candidate)
            result = worker.run(trial, seed, timeout, modes=(mode,) if mode else checks.MODES)
            if result.get("signature") == signature:
                source, best, progress = candidate, trial, True
                break
    return best


# --- reproducers ---------------------------------------------------------------------------

CHECKS = {
    "reverse": '''    entry = compiled(f, wrt)
    got = entry(tuple(args), {{}})[0]
    assert np.allclose(got, value, rtol=1e-9, atol=1e-12), f"reverse value {{got!r}}, f gives {{value!r}}"
    got = s2sgrad.value_and_grad(f, wrt)(*args)[0]
    assert np.allclose(got, value, rtol=1e-9, atol=1e-12), f"specialised value {{got!r}}, f gives {{value!r}}"
    check_grads(f, args, wrt=wrt, seed={seed})''',
    "forward": '''    check_jvp(f, args, wrt=wrt, seed={seed})''',
    "hvp": '''    v = np.random.default_rng({seed}).standard_normal(np.shape(args[0]))
    got = s2sgrad.hvp(f, tuple(args), (v,) + (None,) * (len(args) - 1))
    grad, eps = s2sgrad.grad(f), 1e-5
    want = (grad(args[0] + eps * v, *args[1:]) - grad(args[0] - eps * v, *args[1:])) / (2 * eps)
    assert np.allclose(got, want, rtol=1e-4, atol=1e-5), f"hvp {{got!r}}, differences of the gradient {{want!r}}"''',
}

TEMPLATE = '''"""Fuzz reproducer: {outcome} in {stage}.

{error}
Found by scripts/fuzz_programs.py (focus {focus}, program seed {seed}), shrunk.
Prints OK, WRONG, EXC or REFUSED.
"""
{module}

def main():
    import s2sgrad
    from s2sgrad.api import compiled
    from s2sgrad.errors import UserCodeError
    from s2sgrad.testing import check_grads, check_jvp
    args = {args}
    wrt = tuple(range(len(args)))
    value = f(*args)
    try:
{checks}
    except UserCodeError as exc:
        print("REFUSED", exc)
    except AssertionError as exc:
        print("WRONG", exc)
    except Exception as exc:
        print("EXC", type(exc).__name__, exc)
    else:
        print("OK")


if __name__ == "__main__":
    # import this file as a module (s2sgrad reads its source; __main__ is a special case)
    import importlib
    sys_path = __import__("sys").path
    sys_path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    importlib.import_module(__import__("os").path.splitext(__import__("os").path.basename(__file__))[0]).main()
'''


def _literal(value):
    import numpy as np
    if isinstance(value, np.ndarray):
        return f"np.array({value.tolist()!r})"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_literal(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def reproducer(program, seed, result, mode=None):
    stage = result.get("stage", "?")
    if mode is None:
        mode = "hvp" if stage.startswith("hvp") else "forward" if stage.startswith("forward") else "reverse"
    checks_text = "\n".join("    " + line for line in CHECKS[mode].format(seed=seed).splitlines())
    error = [line for line in result.get("error", "").splitlines() if line.strip()]
    return TEMPLATE.format(outcome=result["outcome"].upper(), stage=stage, focus=program.focus, seed=seed,
                           error=(error[0] if error else "")[:300].replace('"""', "'''").replace("\\", "/"),
                           module=program.standalone_module(), args=_literal(program.inputs(seed)),
                           checks=checks_text)


# --- the run -------------------------------------------------------------------------------

def _program(args, i):
    focus = args.focus or programs.CATEGORIES[i % len(programs.CATEGORIES)]
    chooser = programs.RandomChooser(args.seed * 1000003 + i)
    return programs.generate(chooser, focus=focus, max_depth=args.max_depth, max_block=args.max_block)


def _run_all(args, workers):
    """Every program, spread over the workers; yields (index, program, result)."""
    pending = list(range(args.count))
    if args.jobs == 1:
        for i in pending:
            program = _program(args, i)
            yield i, program, workers[0].run(program, i, args.timeout)
        return
    from concurrent.futures import ThreadPoolExecutor       # one thread drives each worker process
    with ThreadPoolExecutor(args.jobs) as ex:
        free = list(workers)

        def job(i):
            worker = free.pop()
            try:
                program = _program(args, i)
                return i, program, worker.run(program, i, args.timeout)
            finally:
                free.append(worker)
        yield from ex.map(job, pending)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--out", default="fuzz-out")
    parser.add_argument("--focus", help="a category or variant: every program focuses on it")
    parser.add_argument("--max-depth", type=int, default=2)
    parser.add_argument("--max-block", type=int, default=3)
    parser.add_argument("--shrink-budget", type=float, default=120.0, help="seconds per shrink")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--shrink-max", type=int, default=60, help="shrink only the most frequent signatures")
    parser.add_argument("--slowest", type=int, default=10)
    args = parser.parse_args(argv)
    import s2sgrad
    print(f"s2sgrad from {os.path.dirname(s2sgrad.__file__)}", flush=True)
    os.makedirs(os.path.join(args.out, "repro"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "slow"), exist_ok=True)
    workers = [Worker() for _ in range(args.jobs)]
    counts = collections.defaultdict(collections.Counter)       # category -> outcome -> programs
    per_mode = collections.defaultdict(collections.Counter)     # mode -> outcome -> programs
    first = {}                      # (mode, focus or "*", signature) -> (index, program, failure)
    hits = collections.Counter()
    slow = []
    start = time.monotonic()
    with open(os.path.join(args.out, "results.jsonl"), "w") as log:
        for n, (i, program, result) in enumerate(_run_all(args, workers), 1):
            counts[program.category][result["outcome"]] += 1
            log.write(json.dumps({"index": i, "focus": program.focus, "variants": program.variants,
                                  "source": program.function_source(), **result}) + "\n")
            log.flush()
            seen_here = set()
            for mode, failure in _failures(result):
                per_mode[mode or "-"][failure["outcome"]] += 1
                if failure["outcome"] in ("passed", "skipped", "refused"):
                    continue
                if tuple(failure["signature"][2:]) in seen_here and failure["outcome"] == "crash":
                    continue        # the same crash in a later mode: the earlier mode's reproducer covers it
                seen_here.add(tuple(failure["signature"][2:]))
                # a wrong gradient says nothing of its cause: one per focus variant
                focus = program.focus if failure["outcome"] == "wrong" else "*"
                key = (mode, focus, tuple(failure["signature"]))
                first.setdefault(key, (i, program, failure))
                hits[key] += 1
            slow.append((max(result.get("timings", {}).values(), default=0.0), i, program, result))
            slow = sorted(slow, key=lambda s: -s[0])[:args.slowest]
            if n % 100 == 0:
                print(f"[{n}/{args.count}] {time.monotonic() - start:.0f} s, {len(first)} failure signatures",
                      flush=True)
    for _, i, program, result in slow:
        with open(os.path.join(args.out, "slow", f"slow_{i}.py"), "w") as fh:
            fh.write(f"# timings {json.dumps(result.get('timings'))}\n" + program.module_source())
    written = _write_reproducers(args, workers[0], first, hits)
    for w in workers:
        w.stop()
    summary = _summary(args, counts, per_mode, first, written, slow, time.monotonic() - start)
    with open(os.path.join(args.out, "summary.txt"), "w") as fh:
        fh.write(summary)
    print(summary)


def _failures(result):
    """(mode, failure) for each mode checked, or (None, result) when no mode ran to its end."""
    if result.get("modes"):
        return list(result["modes"].items())
    return [(None, result)]


def _write_reproducers(args, worker, first, hits):
    """Shrink the first program of each (mode, focus, signature); one file per distinct shrunk program."""
    seen, written = {}, []
    ranked = sorted(first.items(), key=lambda item: -hits[item[0]])        # the most frequent first
    shrunk = {key for key, _ in ranked[:args.shrink_max]}
    for (mode, focus, sig), (i, program, failure) in sorted(first.items(), key=lambda item: item[1][0]):
        if args.no_shrink or (mode, focus, sig) not in shrunk:
            small = program
        else:
            small = shrink(worker, program, i, mode, list(sig), args.timeout, args.shrink_budget)
        key = (mode, sig, small.function_source())
        if key in seen:
            continue
        name = f"{failure['outcome']}_{len(seen):03d}_{mode or 'all'}_{program.focus.replace('.', '_')}.py"
        seen[key] = name
        with open(os.path.join(args.out, "repro", name), "w") as fh:
            fh.write(reproducer(small, i, failure, mode))
        written.append((name, sig, i, hits[mode, focus, sig]))
        print(f"wrote {name}: {' | '.join(map(str, sig))[:160]}", flush=True)
    return written


def _table(title, rows):
    lines = [f"{title:12s} " + " ".join(f"{o:>8s}" for o in OUTCOMES)]
    total = collections.Counter()
    for name in sorted(rows):
        total.update(rows[name])
        lines.append(f"{name:12s} " + " ".join(f"{rows[name][o]:8d}" for o in OUTCOMES))
    return lines + [f"{'total':12s} " + " ".join(f"{total[o]:8d}" for o in OUTCOMES)]


def _summary(args, counts, per_mode, first, written, slow, elapsed):
    lines = [f"{args.count} programs, seed {args.seed}, {elapsed:.0f} s", "",
             "programs per focus category (the worst outcome over the modes):"]
    lines += _table("category", counts)
    lines += ["", "checks per mode ('-': the program stopped before its modes ran):"]
    lines += _table("mode", per_mode)
    lines += ["", f"{len(first)} failure signatures; {len(written)} reproducers:"]
    lines += [f"  {name}  (program {i}, {n} programs): {' | '.join(map(str, sig))[:150]}"
              for name, sig, i, n in written]
    lines += ["", "slowest transforms:"]
    lines += [f"  {t:7.2f} s  program {i} ({program.focus}): " +
              ", ".join(f"{k} {v:.2f}" for k, v in result.get("timings", {}).items())
              for t, i, program, result in slow]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
