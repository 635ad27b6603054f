"""What the outsider rounds' drivers share: which (case, path) pairs apply, which run without
S2SGRAD_DEEP (a fixed fiftieth, plus one known result per finding), and their pytest params with the
known WRONG/CRASH results as strict xfails; `run_all`, the command line that runs every pair."""

import json
import os
import time
import warnings

import pytest

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
EVERY = 50
_CHEAP = {p: i for i, p in enumerate(["grad", "vjp", "jvp", "vag", "grad_alt", "jac_rev", "jac_fwd",
                                      "cli", "cli_fwd", "cli_sa", "hvp"])}


def applicable(case, path):
    if path in case.skip:
        return False
    if path in ("grad", "vag", "hvp", "cli", "cli_sa"):
        return case.out == "scalar"
    if path == "grad_alt":
        return case.out == "scalar" and case.alt is not None
    if path in ("jac_rev", "jac_fwd"):
        return case.out == "vector"
    return True


def representatives(known):
    """One known (case, path) per finding, the cheapest path first."""
    seen, reps = set(), set()
    for key, (_, reason) in sorted(known.items(), key=lambda kv: _CHEAP.get(kv[0][1], 99)):
        finding = reason.split(":", 1)[0]
        if finding not in seen:
            seen.add(finding)
            reps.add(key)
    return reps


def params(harness, known):
    found, k = [], 0
    reps = representatives(known)
    for case in harness.all_cases():
        for path in harness.PATHS:
            if not applicable(case, path):
                continue
            k += 1
            key = (case.id, path)
            if not DEEP and k % EVERY != 0 and key not in reps:
                continue
            marks = []
            if key in known:
                outcome, reason = known[key]
                marks.append(pytest.mark.xfail(strict=True, reason="%s: %s" % (outcome, reason)))
            found.append(pytest.param(case, path, id="%s-%s" % key, marks=marks))
    return found


def check(harness, case, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome, reason = harness.run(case, path, subprocess_cli=DEEP)
    assert outcome in ("PASS", "REFUSED", "N/A"), "%s %s: %s" % (case.id, path, reason)


def run_all(harness, argv):
    """Every case of the given themes (all by default) along every path, one line per result and a
    summary; `--inproc` runs the command line in-process, `--json=FILE` writes the results."""
    inproc = "--inproc" in argv
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    themes = [a for a in argv if not a.startswith("--")] or harness.THEMES
    counts = {}
    for theme in themes:
        for case in harness.load_cases(theme):
            for path in harness.PATHS:
                t = time.time()
                outcome, reason = harness.run(case, path, subprocess_cli=not inproc)
                counts[outcome] = counts.get(outcome, 0) + 1
                if out is not None:
                    out.write(json.dumps([case.id, path, outcome, reason]) + "\n")
                    out.flush()
                if outcome != "N/A":
                    print("%-40s %-8s %-8s %5.1fs %s" % (case.id, path, outcome, time.time() - t, reason),
                          flush=True)
    print(counts)
    print("s2sgrad from", harness.s2sgrad.__file__)
