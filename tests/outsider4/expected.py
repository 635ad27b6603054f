"""Known WRONG and CRASH outcomes: (case id, path) -> (outcome, reason).  The driver marks these
xfail(strict=True), so a fix shows up as an unexpected pass to be removed from here."""

KNOWN = {}


def _add(case_id, paths, outcome, reason):
    for p in paths:
        KNOWN[(case_id, p)] = (outcome, reason)


ALL_SCALAR = ("grad", "grad_alt", "vag", "vjp", "jvp", "hvp", "cli")

_add("idioms.enumerate_start", ALL_SCALAR, "CRASH",
     "F1: enumerate(xs, start=1) runs with i from 0 (ZeroDivisionError; with v * i a wrong gradient)")
_add("idioms.zip_reversed", ("grad_alt",), "CRASH",
     "F2: zip(reversed(xs), ws) wrt ws: len() of a list_reverseiterator in the emitted code")
_add("models.default_captured", ALL_SCALAR, "CRASH",
     "F3: nested def with a default naming an outer parameter: InternalError (reads it as a global)")
_add("models.partial_twice", ("hvp",), "CRASH",
     "F4: hvp through a partial passed to a function of yours: no forward rule for `.func`")
_add("vector.dict_out_sum", ("jac_rev", "jac_fwd"), "CRASH",
     "F5: jacobian of a dict argument: fwd TypeError in the emitted code; rev an object array of dicts")
