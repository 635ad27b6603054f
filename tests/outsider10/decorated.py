"""The decorator path for round 10: `s2sgrad.differentiate(wrt=...)(f).grad(*args)` of every scalar
case, against the finite differences the other paths are judged by; one line per result that
is not a pass or a located refusal, then the counts.

    python tests/outsider10/decorated.py
"""
import os
import sys
import warnings

import numpy as np

sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
warnings.simplefilter("ignore")
import s2sgrad  # noqa: E402
from tests.outsider10 import harness  # noqa: E402
from tests.outsider_driver import close  # noqa: E402


def main():
    counts = {}
    for case in harness.all_cases():
        if case.out != "scalar":
            continue
        try:
            d = s2sgrad.differentiate(wrt=case.wrt)(case.f)
            g = d.grad(*case.fresh())
            grads = tuple(g) if isinstance(case.wrt, (tuple, list)) else (g,)
            got = np.concatenate([harness.to_vec(x) for x in grads])
            J = harness.fd_jacobian(case, case.wrt)
            ok, msg = close(got, J[0], case.tol)
            outcome = "PASS" if ok else "WRONG " + msg
        except s2sgrad.S2SError as e:
            outcome = "REFUSED" if ".py" in str(e) else "UNLOCATED " + str(e)[:100]
        except Exception as e:  # noqa: BLE001 - every other exception is the finding
            outcome = "CRASH %s %s" % (type(e).__name__, str(e)[:120])
        k = outcome.split()[0]
        counts[k] = counts.get(k, 0) + 1
        if k not in ("PASS", "REFUSED"):
            print(case.id, outcome)
    print(counts)


if __name__ == "__main__":
    main()
