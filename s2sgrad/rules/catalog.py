"""Catalog: what the rule registry covers and misses, how many rules count, and docs/rules.md
(with each rule's tangent kind).

`python -m s2sgrad.rules.catalog --markdown` rewrites docs/rules.md from the registry;
`s2sgrad rules [--missing]` prints `covered()` or `missing()`.
"""

import inspect
import math
import operator
import sys

import numpy as np

from . import ADJOINTS, FAMILIES, NOGRAD, SCIPY_FAMILIES, TANGENTS, VARIANTS, load_all
from .. import runtime

# The registry as a whole: SciPy's families too, which `import s2sgrad` leaves for later.
load_all()

OPERATORS = {
    operator.add: "x + y", operator.sub: "x - y", operator.mul: "x * y", operator.truediv: "x / y",
    operator.pow: "x ** y", operator.mod: "x % y", operator.matmul: "x @ y", operator.neg: "-x",
    operator.pos: "+x", operator.abs: "operator.abs(x)", operator.floordiv: "x // y", operator.eq: "x == y",
    operator.ne: "x != y", operator.lt: "x < y", operator.le: "x <= y", operator.gt: "x > y",
    operator.ge: "x >= y", operator.not_: "not x", operator.is_: "x is y", operator.is_not: "x is not y",
    operator.contains: "y in x", operator.and_: "x & y", operator.or_: "x | y", operator.xor: "x ^ y",
    operator.invert: "~x", operator.lshift: "x << y", operator.rshift: "x >> y",
}

# Different objects that NumPy or SciPy document as another name for a function counted here.
ALIASES = {
    "np.amax": "np.max", "np.amin": "np.min", "np.degrees": "np.rad2deg", "np.radians": "np.deg2rad",
    "np.linalg.matmul": "np.matmul", "np.linalg.outer": "np.outer", "np.linalg.tensordot": "np.tensordot",
    "np.linalg.vecdot": "np.vecdot", "np.linalg.matrix_transpose": "np.matrix_transpose",
    "scipy.special.exp2": "np.exp2", "scipy.special.expm1": "np.expm1", "scipy.special.log1p": "np.log1p",
    "scipy.special.cbrt": "np.cbrt", "np.concat": "np.concatenate", "np.linalg.cross": "np.cross",
}


def _scipy_modules():
    """The SciPy modules s2sgrad claims, as (prefix, module); none where SciPy is not installed."""
    try:
        import scipy.fft
        import scipy.integrate
        import scipy.linalg
        import scipy.signal
        import scipy.special
    except ImportError:
        return []
    return [("scipy.special", scipy.special), ("scipy.linalg", scipy.linalg), ("scipy.signal", scipy.signal),
            ("scipy.integrate", scipy.integrate), ("scipy.fft", scipy.fft)]


def _namespaces():
    spaces = [("np", np), ("np.linalg", np.linalg), ("np.fft", np.fft)] + _scipy_modules()
    return spaces + [("math", math), ("s2sgrad.runtime", runtime)]


def _public_names():
    """{id(object): public dotted name}, preferring an object's own __name__ in its namespace."""
    names = {}
    for prefix, module in _namespaces():
        for attr in sorted(dir(module)):
            if attr.startswith("_"):
                continue
            obj = getattr(module, attr)
            own = getattr(obj, "__name__", None) == attr
            if id(obj) not in names or (own and not names[id(obj)][1] and names[id(obj)][0].startswith(prefix)):
                names[id(obj)] = (f"{prefix}.{attr}", own)
    return {k: v[0] for k, v in names.items()}


def name_of(key, names=None):
    """How source code spells the primitive `key`: `np.exp`, `x + y`, `x.sum`, `x.T`, `float`."""
    names = _public_names() if names is None else names
    if isinstance(key, tuple):
        return f"x.{key[1]}"
    if key in OPERATORS:
        return OPERATORS[key]
    if getattr(key, "__objclass__", None) is np.ndarray:
        return f"x.{key.__name__}"
    if isinstance(getattr(key, "__self__", None), np.ufunc):
        return f"np.{key.__self__.__name__}.{key.__name__}"         # np.add.reduce
    if id(key) in names:
        return names[id(key)]
    if getattr(key, "__module__", None) == "builtins" or key in (abs, round, float, int, len, range):
        return key.__name__
    return _distribution_name(key) or f"{getattr(key, '__module__', '?')}.{getattr(key, '__qualname__', repr(key))}"


def _distribution_name(key):
    """`scipy.stats.norm.logpdf` for a method bound to a scipy.stats distribution object, else None."""
    owner = getattr(key, "__self__", None)
    if not (getattr(type(owner), "__module__", "") or "").startswith("scipy.stats"):
        return None
    import scipy.stats
    found = sorted(name for name, value in vars(scipy.stats).items() if value is owner)
    return f"scipy.stats.{found[0]}.{key.__name__}" if found else None


def _call_text(name, rule):
    """`np.sum(a, axis=None, ...)`: the primitive's name and the rule's parameters."""
    if "(" in name or " " in name or name.startswith(("+", "-", "~")) or rule is None:
        return name
    params = list(rule.signature.parameters.values())[1:]
    shown = []
    for p in params:
        if p.name == "d_result" or p.kind == p.VAR_KEYWORD:
            continue
        if p.kind == p.VAR_POSITIONAL:
            shown.append("*" + p.name)
        elif p.default is p.empty:
            shown.append(p.name)
        else:
            shown.append(f"{p.name}={p.default!r}")
    if name in ("x.T", "x.mT"):
        return name
    if name.startswith("x."):
        shown = shown[1:]
    return f"{name}({', '.join(shown)})"


def family(rule):
    """The family of `rule`: the module or package of s2sgrad.rules whose file registers it."""
    module = rule.template.__module__
    inside = module.startswith(__package__ + ".")
    return module[len(__package__) + 1:].split(".")[0] if inside else module.rsplit(".", 1)[-1]


def covered():
    """One line per primitive with a rule: how to call it; sorted."""
    names = _public_names()
    return sorted(_call_text(name_of(key, names), rule) for key, rule in ADJOINTS.items())


def _is_counted_module(key):
    module = getattr(key, "__module__", "") or ""
    if isinstance(key, np.ufunc):
        return True
    return module.split(".")[0] in ("numpy", "scipy")


def counted():
    """The primitives that count: distinct NumPy/SciPy callables (and operators) with a non-zero
    derivative.  Not counted: array methods and attributes (aliases of functions), documented
    aliases, Python's math module and builtins, runtime helpers, zero-gradient entries."""
    names = _public_names()
    out = {}
    numpy_templates = set()
    for key, rule in ADJOINTS.items():
        if isinstance(key, tuple) or getattr(key, "__objclass__", None) is np.ndarray or key in OPERATORS:
            continue
        name = name_of(key, names)
        if not _is_counted_module(key) or name in ALIASES or name.startswith(("math.", "s2sgrad.")):
            continue
        out[name] = key
        numpy_templates.add(rule.template)
    for key, text in OPERATORS.items():
        rule = ADJOINTS.get(key)
        if rule is not None and rule.template not in numpy_templates:
            out[text] = key
    return dict(sorted(out.items()))


def count_differentiable():
    """How many primitives count toward the coverage goal (see `counted`)."""
    return len(counted())


# The methods of a scipy.stats distribution that s2sgrad claims: its densities, distribution
# functions and entropy, as the distribution has them.
STATS_METHODS = ("logpdf", "pdf", "logpmf", "pmf", "logcdf", "cdf", "logsf", "sf", "entropy")


def _stats_methods():
    """(dotted name, bound method) of STATS_METHODS for each scipy.stats distribution with a rule
    for at least one of them (the distributions s2sgrad claims); none without SciPy."""
    try:
        import scipy.stats
    except ImportError:
        return []
    out = []
    for attr in sorted(dir(scipy.stats)):
        dist = getattr(scipy.stats, attr)
        if attr.startswith("_") or isinstance(dist, type) or inspect.ismodule(dist) or inspect.isroutine(dist):
            continue
        methods = [(f"scipy.stats.{attr}.{m}", getattr(dist, m)) for m in STATS_METHODS if hasattr(dist, m)]
        if any(method in ADJOINTS for _, method in methods):
            out += methods
    return out


def missing():
    """Public functions of the modules s2sgrad claims (np, np.linalg, np.fft, Python's `math`,
    scipy.special, scipy.linalg, scipy.signal, scipy.integrate) and the density, distribution and
    entropy methods of the scipy.stats distributions it claims, with neither a rule nor a
    zero-gradient entry."""
    out = []
    for prefix, module in [("np", np), ("np.linalg", np.linalg), ("np.fft", np.fft), ("math", math)] \
            + _scipy_modules():
        for attr in sorted(dir(module)):
            obj = getattr(module, attr)
            if attr.startswith("_") or isinstance(obj, type) or inspect.ismodule(obj) or not callable(obj):
                continue
            try:
                if obj in ADJOINTS or obj in NOGRAD:
                    continue
            except TypeError:           # an unhashable callable has no rule
                pass
            out.append(f"{prefix}.{attr}")
    return out + [name for name, method in _stats_methods() if method not in ADJOINTS and method not in NOGRAD]


def _spelling_order(call):
    """NumPy spellings first, then SciPy, operators and methods, then math, builtins and helpers."""
    rank = 0 if call.startswith("np.") else 1 if call.startswith("scipy.") else \
        3 if call.startswith(("math.", "s2sgrad.")) else 2
    return rank, call


def _comments(template):
    """The template's comment lines: its conventions and limits."""
    lines = inspect.getsource(template).splitlines()
    return [line.strip()[2:] for line in lines if line.strip().startswith("# ")]


# How docs/rules.md names each kind of tangent rule.
TANGENT_KINDS = {"template": "template", "linear": "linear", "multilinear": "multilinear",
                 "elementwise": "from the adjoint"}


def tangent_kind(key):
    """How forward mode differentiates `key`: a TANGENT_KINDS value, or "none"."""
    rule = TANGENTS.get(key)
    return TANGENT_KINDS.get(rule.kind, rule.kind) if rule is not None else "none"


def _refusals(calls_and_keys, template):
    """What the row's rule refuses, from its declared requirements (`out=`, refused by all, aside)."""
    lines = []
    for _, key in calls_and_keys:
        rule = ADJOINTS[key] if ADJOINTS[key].template is template else \
            next(r for (k, _), r in VARIANTS.items() if k is key and r.template is template)
        for name, requirement in rule.requires.items():
            line = "Refused: " + requirement.describe(name)
            if name != "out" and line not in lines:
                lines.append(line)
    return lines


def _row(calls_and_keys, template):
    """(calls, tangent kinds, notes) of one adjoint template's row."""
    calls = sorted((call for call, _ in calls_and_keys), key=_spelling_order)
    kinds = sorted({tangent_kind(key) for _, key in calls_and_keys})
    notes = _comments(template) + _refusals(calls_and_keys, template)
    tangents = []
    for _, key in calls_and_keys:
        rule = TANGENTS.get(key)
        if rule is not None and rule.kind == "template" and rule.template not in tangents:
            tangents.append(rule.template)
    for tangent in tangents:
        lines = [line for line in _comments(tangent) if line not in notes]
        if lines:
            notes.append("Tangent: " + " ".join(lines))
    return calls, ", ".join(kinds), " ".join(notes)


def markdown():
    """The text of docs/rules.md."""
    names = _public_names()
    version = ".".join(np.__version__.split(".")[:2])
    out = ["# Derivative rules", "",
           "Generated from the registry by `python -m s2sgrad.rules.catalog --markdown`, with NumPy "
           f"{version}; do not edit.", "",
           f"{count_differentiable()} distinct NumPy/SciPy primitives with a non-zero derivative have a rule "
           "(array methods, documented aliases, `math` functions and zero-gradient entries not counted). "
           "`s2sgrad rules` lists them; `s2sgrad rules --missing` lists the public functions of NumPy "
           "(np, np.linalg, np.fft), Python's `math` and SciPy (scipy.special, scipy.linalg, scipy.signal, "
           "scipy.integrate, scipy.fft, and the densities, distribution functions and entropies of the scipy.stats "
           "distributions with a rule) without one. Add your own with `s2sgrad.extend` (see extending.md).", "",
           "The *tangent* column says how forward mode differentiates each primitive: *linear* (the same call "
           "on the operands' tangents), *multilinear* (one such call per operand, summed), *from the adjoint* "
           "(a diagonal Jacobian, read off the adjoint template) or *template* (its own tangent template, "
           "whose comments follow the adjoint's under *Tangent:*).", ""]
    out += _conventions()
    out += _family_sections(names)
    zero = sorted(name_of(k, names) for k in NOGRAD)
    out += ["## Zero gradient", "",
            "These return integers, booleans, shapes or piecewise-constant values: no adjoint, no error.", "",
            ", ".join(f"`{z}`" for z in zero), ""]
    return "\n".join(out)


def _family_sections(names):
    """One section per rule family: its first docstring line and a table of its rules."""
    out = []
    by_family = {}
    for key, rule in list(ADJOINTS.items()) + [(key, rule) for (key, _), rule in VARIANTS.items()]:
        by_family.setdefault(family(rule), []).append((key, rule))
    for name in FAMILIES + tuple(SCIPY_FAMILIES):
        items = by_family.get(name, [])
        if not items:
            continue
        module = sys.modules[f"{__package__}.{name}"]
        out += [f"## {name}", "", (module.__doc__ or "").strip().splitlines()[0], "",
                "| primitive (and aliases) | tangent | notes |", "|---|---|---|"]
        templates = {}
        for k, r in items:
            templates.setdefault(r.template, []).append((_call_text(name_of(k, names), r), k))
        rows = sorted(_row(calls, template) for template, calls in templates.items())
        out += [f"| {', '.join(f'`{c}`' for c in calls)} | {kind} | {note.replace('|', chr(92) + '|')} |"
                for calls, kind, note in rows]
        out.append("")
    return out


def _conventions():
    return [
        "## Conventions", "",
        "- Where the derivative is infinite (`sqrt`, `cbrt` at 0) the gradient is `inf`.",
        "- At kinks a subgradient is chosen: `abs`, `fabs`, `copysign` give 0 at 0; a norm gives 0 at 0; "
        "`hypot` and `arctan2` give 0 at the origin; `std` gives 0 where all entries are equal.",
        "- Ties share the gradient: `maximum`/`minimum`/`fmax`/`fmin` and the builtins `max(a, b)`/`min(a, b)` "
        "give half to each argument (`max(a, b, c)` is `max(max(a, b), c)`, and `max(xs)` a loop of them); "
        "`np.max`, `np.min`, `ptp` and their nan forms split it equally among the extremal entries; `clip` "
        "passes it to `a` at the bounds; `quantile`, `percentile` and `median` order ties as a stable sort does.",
        "- `np.linalg.eig` and `eigvals` are differentiated where the spectrum is real and the eigenvalues "
        "distinct (symmetric matrices, and others with a real spectrum); a complex spectrum raises when the "
        "gradient runs.",
        "- `prod` is exact with zeros (the product of the other entries); `cumprod` divides by the input "
        "and needs nonzero entries.",
        "- Gathers (`take`, `take_along_axis`, `sort`, integer-array indexing) scatter with `np.add.at`: "
        "repeated indices add up.",
        "- Arguments with a default that NumPy could also differentiate (`average`'s weights, `interp`'s "
        "`xp` and `fp`, `pad`'s constant, `diff`'s `prepend`/`append`, `logsumexp`'s `b`) are treated as "
        "constants.",
        "- `np.where(c, f(x), y)`: where the branch is not taken, x gets no gradient from it, also where "
        "f's derivative is nan or inf there (`np.where(x > 0, np.log(x), 0.0)` at 0 gives 0, as forward mode "
        "does): a branch of elementwise operations reads x through `only_where(c, x)`, whose adjoint zeroes "
        "those entries. Through a function of yours or a reduction in the branch, guard the input as well: "
        "`np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0)`.",
        "- Stable forms: `logaddexp`, `logsumexp`, `log_softmax`, `softplus`, `log_expit`, `log_ndtr` "
        "never form an overflowing exponential.",
        "- Forward mode keeps the same conventions (ties, kinks, zeros), so that forward and reverse mode "
        "agree everywhere: the dot-product test <v, J u> = <J^T v, u> holds at kinks too.",
        "- What a rule does not differentiate is refused when the function is transformed, with the call's "
        "file and line, never silently ignored: an option a template does not take, and the values its "
        "*Refused:* notes list (checked where the option is a constant).  `out=` is refused by every rule: "
        "a rule differentiates the value a call returns, not what it writes into `out`.",
        "",
    ]


def main(argv=None):
    """`--markdown`: print docs/rules.md (or write it with `--write PATH`); else the covered list."""
    argv = sys.argv[1:] if argv is None else argv
    if "--markdown" in argv:
        text = markdown()
        if "--write" in argv:
            with open(argv[argv.index("--write") + 1], "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
        return 0
    print("\n".join(missing() if "--missing" in argv else covered()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
