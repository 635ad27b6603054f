"""What the outsider rounds' make_report.py share: reading run_all.py's JSON lines, attributing a
WRONG or CRASH to a finding, writing expected.py, and the report's tables of every program and
path and of every result that is not a pass.  Each round keeps its findings and its summary."""

import json
import re

LETTER = {"PASS": "P", "REFUSED": "R", "WRONG": "**W**", "CRASH": "**C**", "N/A": "-"}
LEGEND = "P pass, R refused (located error), **W** wrong, **C** crash, - not applicable."


def load(files):
    """(case id, path) -> (outcome, reason), from JSON lines; later files win."""
    res = {}
    for fn in files:
        with open(fn) as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    res[(row[0], row[1])] = (row[2], row[3])
    return res


def attributer(findings, unknown):
    """`attribute(case_id, path)` -> (finding, line): the first of `findings` (finding, regex on
    "case_id path", line) that matches, else (`unknown`, "not attributed")."""
    def attribute(case_id, path):
        key = "%s %s" % (case_id, path)
        for fid, pat, line in findings:
            if re.search(pat, key):
                return fid, line
        return unknown, "not attributed"
    return attribute


def write_expected(filename, res, attribute, doc, skip=lambda fid, key: False, width=120):
    """expected.py: every WRONG or CRASH (but those `skip` leaves out) with its finding and
    reason (cut at `width`); `doc` is its docstring's lines."""
    lines = list(doc) + ["", "KNOWN = {"]
    for (cid, path), (outcome, reason) in sorted(res.items()):
        if outcome not in ("WRONG", "CRASH"):
            continue
        fid, line = attribute(cid, path)
        if skip(fid, (cid, path)):
            continue
        text = "%s: %s (%s)" % (fid, line, reason[:width])
        chunks = [text[i:i + 90] for i in range(0, len(text), 90)]
        lines.append("    (%r, %r): (" % (cid, path))
        lines.append("        %r," % outcome)
        lines += ["        %r" % c for c in chunks]
        lines[-1] += "),"
    lines.append("}")
    with open(filename, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def outcome_counts(res):
    counts = {}
    for (cid, path), (outcome, _) in res.items():
        if outcome != "N/A":
            counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def case_grid(cases, res, order):
    """One table per theme: a row per program, a letter per path."""
    out, theme = [], None
    for c in cases:
        t = c.id.split(".")[0]
        if t != theme:
            theme = t
            out += ["", "### %s" % t, "", "| program | " + " | ".join(order) + " |",
                    "|---|" + "---|" * len(order)]
        cells = [LETTER.get(res.get((c.id, p), ("N/A", ""))[0], "?") for p in order]
        out.append("| %s | %s |" % (c.id.split(".", 1)[1], " | ".join(cells)))
    return out


def not_passing(cases, res, order, attribute):
    """The table of every result that is not a pass, a WRONG or CRASH with its finding."""
    out = ["", "## Every result that is not a pass", "", "| program | path | outcome | reason |",
           "|---|---|---|---|"]
    for c in cases:
        for p in order:
            outcome, reason = res.get((c.id, p), ("N/A", ""))
            if outcome in ("PASS", "N/A"):
                continue
            if outcome in ("WRONG", "CRASH"):
                fid, _ = attribute(c.id, p)
                reason = "%s — %s" % (fid, reason)
            reason = reason.replace("|", "\\|").replace("`", "'")[:160]
            out.append("| %s | %s | %s | %s |" % (c.id, p, outcome, reason))
    return out
