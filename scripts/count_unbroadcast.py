"""Count the `unbroadcast` calls in the gradients of the corpora, and how many are needed.

For every case of the language corpus (tests/language) and of tests/corpus, and every input
set, the reverse-mode gradient is built twice: as `s2sgrad emit` writes it (no kinds) and as
`value_and_grad` builds it (specialised on the kinds of the arguments).  Printed per corpus:

- static: `unbroadcast` calls in the text, in the entry function and in the callees' functions;
- dynamic (with kinds): the call sites that the inputs reach, and those at which the shapes of
  the cotangent and of the value actually differed (where the call does work).

Rerun after a change to the shape or kinds analyses:

    PYTHONPATH=. python scripts/count_unbroadcast.py [--json out.json]
"""

import argparse
import ast
import json
import os
import sys
import warnings

import numpy as np


def _sites(source):
    """`source` with each `unbroadcast(g, like)` call rewritten to `_ub(k, g, like)`; the count
    of sites per function ({function: n})."""
    tree = ast.parse(source)
    per_function, counter = {}, [0]

    class Rewrite(ast.NodeTransformer):
        def visit_FunctionDef(self, node):
            before = counter[0]
            self.generic_visit(node)
            per_function[node.name] = per_function.get(node.name, 0) + counter[0] - before
            return node

        def visit_Call(self, node):
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id == "unbroadcast" and len(node.args) == 2:
                site = ast.Constant(value=counter[0])
                counter[0] += 1
                return ast.copy_location(ast.Call(func=ast.Name(id="_ub", ctx=ast.Load()),
                                                  args=[site, *node.args], keywords=[]), node)
            return node

    tree = Rewrite().visit(tree)
    return ast.fix_missing_locations(tree), per_function


def _run(tree, entry, args, reached, differed, key):
    """Run the rewritten gradient on `args`, recording the sites reached and where shapes differed."""
    from s2sgrad.runtime import unbroadcast

    def _ub(site, g, like):
        reached.add((key, site))
        if np.shape(g) != np.shape(like) or type(like) is not type(g) and np.ndim(g):
            differed.add((key, site))
        return unbroadcast(g, like)

    namespace = {"_ub": _ub}
    exec(compile(tree, f"<{key}>", "exec"), namespace)
    namespace[entry](*args)


def _cases():
    """(corpus, function, wrt, input sets) for the language corpus and tests/corpus."""
    from tests.language import CASES
    for case in CASES:
        yield "language", case.fn, case.wrt, case.copies()
    from tests.corpus import CASES as TABLE
    for case in TABLE:
        yield "corpus", case.fn, case.wrt, case.copies()


FAILURES = []      # (function, kinds or not, build or run, the exception's class)


def count():
    """{corpus: counts} over every case and input set (see the module docstring)."""
    from s2sgrad.api import compiled, kinds_of
    totals = {}
    for corpus, fn, wrt, inputs in _cases():
        t = totals.setdefault(corpus, {"cases": 0, "failed": 0, "no_kinds": {"entry": 0, "callees": 0},
                                       "kinds": {"entry": 0, "callees": 0}, "reached": set(), "differed": set()})
        t["cases"] += 1
        seen = set()
        for args in inputs:
            for label, kinds in (("no_kinds", ()), ("kinds", kinds_of(args))):
                try:
                    c = compiled(fn, wrt, kinds=kinds)
                    tree, per_function = _sites(c.source)
                except Exception as error:      # a refusal or a failure: counted, not fatal
                    t["failed"] += 1
                    FAILURES.append((fn.__qualname__, label, "build", type(error).__name__))
                    continue
                key = (fn.__module__, fn.__qualname__, label, kinds)
                if key not in seen:
                    seen.add(key)
                    t[label]["entry"] += per_function.get(c.name, 0)
                    t[label]["callees"] += sum(n for f, n in per_function.items() if f != c.name)
                if label == "kinds":
                    try:
                        _run(tree, c.name, args, t["reached"], t["differed"], key)
                    except Exception as error:
                        t["failed"] += 1
                        FAILURES.append((fn.__qualname__, label, "run", type(error).__name__))
    for t in totals.values():
        t["reached"], t["differed"] = len(t["reached"]), len(t["differed"])
    return totals


def main(argv=None):
    # emitted code imports a corpus module by the name its folder gives it (`language.assign`)
    sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the counts to this file")
    parser.add_argument("--failures", action="store_true", help="list the builds and runs that failed")
    opts = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    totals = count()
    for corpus, t in totals.items():
        print(f"{corpus}: {t['cases']} cases ({t['failed']} builds or runs failed)")
        for label in ("no_kinds", "kinds"):
            print(f"  {label:8}: unbroadcast calls in the text: {t[label]['entry']} in entry functions, "
                  f"{t[label]['callees']} in callees")
        print(f"  kinds   : call sites reached by the inputs: {t['reached']}; shapes differed at: {t['differed']}")
    if opts.failures:
        for failure in FAILURES:
            print("  failed:", *failure)
    if opts.json:
        with open(opts.json, "w") as out:
            json.dump(totals, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
