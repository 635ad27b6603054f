"""Builds tests/OUTSIDER5.md and tests/outsider5/expected.py from run_all.py's JSON lines.

    python tests/outsider5/make_report.py RESULTS.jsonl [MORE.jsonl ...] [--main=RECHECK.jsonl]

--main= takes recheck.py's output on another checkout (the main branch) and fills the findings
table's last column (`@G1@` in report_header.md) with what became of each finding there; the
findings checked by hand only take their status from MANUAL below.

Later files win for the same (case, path).  Every WRONG or CRASH is attributed to a finding of
/tmp/wt/outsider5_findings.md (G1, G2, ...) by FINDINGS below; an unattributed one is listed as such.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from tests import outsider_report as report  # noqa: E402
from tests.outsider5 import harness  # noqa: E402

# (finding, regex on "case_id path", one line)
FINDINGS = [
    ("G1", r"^(inplace\.list_of_views|containers\.(list_repeat_alias|list_slot_view_update|dict_shallow_copy_update"
           r"|dict_copy_method_update|list_copy_update|appended_then_slot_update|list_display_same_array|comprehension_same_array|concat_same_array|dict_comprehension_same_array|list_of_tuple_same_array)) ",
     "`lst[i] op= v` / `d[k] op= v` on an array another name shares is rebound, not updated in place"),
    ("G2", r"^(pyshapes\.max_over_keys|containers\.(max_key_of_dict|max_of_keys|min_key_get)) ",
     "`max(d)` / `max(d, key=...)` over a dict's keys, then `d[k]`: raw IndexError/KeyError"),
    ("G3", r"^(pyshapes\.zip_dict_items|containers\.(sorted_items|sorted_items_loop|dict_of_sorted_items"
           r"|sorted_zip_pairs)) ",
     "`sorted(p.items())` / `sorted(zip(keys, arrays))`: the arrays get a zero gradient"),
    ("G3", r"^selection\.sorted_(pairs_argsort|const_keys|float_keys) ",
     "`sorted(zip(keys, values))` with differentiable values or keys: a zero gradient"),
    ("G11", r"^selection\.(max_of_zip|min_value_index) ", "`max`/`min` over tuples: TypeError"),
    ("G13", r"^api\.checkpointed_(append|append_floats|store) ",
     "a `checkpointed` loop that appends to a list or stores into an array: zero gradient"),
    ("G14", r"^jacstores\.dict_state ", "false refusal naming an internal `total`: tuple assignment into dict items"),
    ("G16", r"^records\.method_(updates_dict|appends) ",
     "a method writes into a dict or list its object holds: zero gradient (refused on main)"),
    ("G17", r"^containers\.(append_through_alias|history_in_state_dict|append_via_dict_item|append_in_loop_over_lists) ", "appending through a second name for the same list"),
    ("G18", r"^containers\.(append_into_(dict_list|nested_list)|activation_caches|buckets|loss_history) ", "`.append` to a list inside a dict or a list"),
    ("G18", r"^records\.append_to_(record|object)_list ", "`.append` to a list held by a record's or an object's attribute"),
    ("G19", r"^containers\.(bound_append|comprehension_append|map_append) ",
     "`append` used other than as a statement (`push = hs.append`, a comprehension, `map`)"),
    ("G20", r"^(containers\.(dict_inplace_union|dict_union|operator_setitem|list_iadd_tuple)|records\.setattr_on_object) ",
     "other spellings of a container write: `d |= {...}`, `operator.setitem`, `lst += (v,)`"),
    ("G21", r"^extras\.dunder_", "dunder calls that write into an array (`np.ndarray.__setitem__`, `y.__imul__`)"),
    ("G4", r"^containers\.deque_", "`collections.deque` used as a buffer: AttributeError in the emitted code"),
    ("G5", r"^containers\.product_grid ", "`for i, j in itertools.product(...)`: TypeError, no len()"),
    ("G7", r"^multimod\.via_relative_module hvp", "hvp with `from . import layers` under a namespace package:"
                                                   " ModuleNotFoundError"),
    ("G10", r"^records\.(namedtuple_|dataclass_|copy_record|field_read|record_in_list|argument_record|plain_object)",
     "a store into an array held by an attribute (`p.W[i] = v`, namedtuple, dataclass, plain object) is not"
     " differentiated"),
]
# Findings that depend on how the test modules were imported: G7 needs `tests.outsider5` imported as
# such (run_all.py); under pytest the folder tests/ is on sys.path, so `outsider5.layers` imports.
ENVIRONMENTAL = {"G7"}
ORDER = ["grad", "grad_alt", "vag", "vjp", "jvp", "hvp", "jac_rev", "jac_fwd", "cli", "cli_fwd", "cli_sa"]


# What became of the findings that the table cannot show (checked by hand on main, /tmp/o5/manual_main.py)
MANUAL = {
    "G6": "fixed for arrays; `jacobian(mode=\"fwd\")` of a dict of float32 arrays still gives float64",
    "G7": "fixed",
    "G8": "fixed (the message names a class of another file)",
    "G9": "fixed (a block per pair of leaves)",
    "G12": "open",
    "G14": "open",
    "G15": "open",
}


# Said after the status computed from the recheck.
NOTES = {
    "G1": ": a container of one array made by a comprehension or `+` (`[y for _ in range(2)]`, `[y] + [y]`,"
          " `{k: y for k in ks}`), then a slot update, is still wrong; the other shapes are refused",
    "G3": ": `sorted(p.items())` fixed; `sorted(zip(...))` of numbers raises the documented TypeError,"
          " without a file:line",
}


def main_status(main):
    """Finding id -> what the recheck on main found for its (case, path) pairs."""
    per = {}
    for (cid, path), (outcome, _) in main.items():
        fid, _ = attribute(cid, path)
        per.setdefault(fid, []).append(outcome)
    status = dict(MANUAL)
    for fid, outs in per.items():
        bad = sum(o in ("WRONG", "CRASH") for o in outs)
        refused = sum(o == "REFUSED" for o in outs)
        if bad:
            status[fid] = "open (%d of %d still %s)" % (bad, len(outs), "/".join(sorted(
                {o for o in outs if o in ("WRONG", "CRASH")})))
        elif refused:
            status[fid] = "located refusal" if refused == len(outs) else "fixed (%d pass, %d refused)" % (
                len(outs) - refused, refused)
        else:
            status[fid] = "fixed"
    for fid, note in NOTES.items():
        if fid in per and status[fid].startswith("open"):
            status[fid] += note
    return status


attribute = report.attributer(FINDINGS, 'F?')
load = report.load


def write_expected(res):
    report.write_expected(os.path.join(HERE, "expected.py"), res, attribute, [
        '"""Known WRONG and CRASH outcomes: (case id, path) -> (outcome, reason).  Generated by',
        'make_report.py from a full run; the driver marks them xfail(strict=True), so a fix shows up',
        'as an unexpected pass (remove the entry then)."""'], skip=lambda fid, key: fid in ENVIRONMENTAL)


def write_markdown(res, header):
    cases = harness.all_cases()
    counts = report.outcome_counts(res)
    out = [header.rstrip(), "", "## Totals", "",
           "%d cases (%d distinct functions) in %d themes; %d (case, path) results: %s." % (
               len(cases), len({(c.module.__name__, c.f.__name__) for c in cases}), len(harness.THEMES),
               sum(counts.values()), ", ".join("%s %d" % kv for kv in sorted(counts.items()))),
           "", "## Every case and path", "",
           report.LEGEND, ""]
    out += report.case_grid(cases, res, ORDER) + report.not_passing(cases, res, ORDER, attribute)
    with open(os.path.join(os.path.dirname(HERE), "OUTSIDER5.md"), "w") as fh:
        fh.write("\n".join(out) + "\n")


if __name__ == "__main__":
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    mains = [a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--main=")]
    results = load(files)
    write_expected(results)
    header_file = os.path.join(HERE, "report_header.md")
    header = open(header_file).read() if os.path.exists(header_file) else "# Outsider round 5"
    status = main_status(load(mains)) if mains else dict(MANUAL)
    header = re.sub(r"@(G\d+)@", lambda m: status.get(m.group(1), "not rechecked"), header)
    write_markdown(results, header)
