"""The differential corpus: s2sgrad's vjp, jvp and hvp against autograd's, case by case.

Every case of tests/differential_table.py is written into a source file (s2sgrad reads the
source) and run the same way through autograd (the same function text, executed with
`autograd.numpy` as `np`).  The two must agree; where they do not, central finite
differences say which is wrong, and the failure reports it.  For what autograd cannot
differentiate, finite differences are the oracle.  Forward mode is also checked against
s2sgrad's own reverse mode by the dot-product test <v, J u> = <J^T v, u>.  Nothing
expected here is computed by s2sgrad itself.
"""

import ast
import inspect
import math
import operator
import tempfile

import numpy as np
import pytest

import s2sgrad
from differential_table import CASES
from s2sgrad import rules
from s2sgrad.rules import catalog
from s2sgrad.errors import UserCodeError
from test_rules import NAMESPACE, load_module, sample
from tests.sweeps import first_of_each

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402
import autograd.scipy.linalg  # noqa: E402,F401
import autograd.scipy.signal  # noqa: E402,F401
import autograd.scipy.special  # noqa: E402,F401
import autograd.scipy.stats  # noqa: E402,F401
from autograd.core import primitive_vjps  # noqa: E402

# Emitted code must compile cleanly: a literal left in an `is` test (a fold missed) is an error.
pytestmark = pytest.mark.filterwarnings("error::SyntaxWarning")
FOLDER = tempfile.mkdtemp(prefix="s2sgrad_differential_")
AUTOGRAD_NAMESPACE = {"np": anp, "scipy": autograd.scipy, "math": math, "operator": operator}
AUTOGRAD_PRIMITIVES = {id(getattr(w, "fun", w)) for w in primitive_vjps}
AUTOGRAD_METHODS = [w.fun for w in primitive_vjps if inspect.ismethod(getattr(w, "fun", None))]     # scipy.stats
_FUNCTIONS = {}


def _source(case, name, scalar):
    """`def name(...)` returning the case's value, or (scalar) np.sum(np.sin(value)) for hvp."""
    body = case.call if case.body else f"return {case.call}"
    lines = body.strip("\n").splitlines()
    if scalar:
        indent = lines[-1][:len(lines[-1]) - len(lines[-1].lstrip())]
        lines[-1] = f"{indent}return np.sum(np.sin({lines[-1].strip()[len('return '):]}))"
    return f"def {name}({', '.join(case.args)}):\n" + "".join(f"    {line}\n" for line in lines)


def functions(index):
    """(f, h, f_autograd, h_autograd) of case `index`: h is a scalar function of f's value."""
    if index not in _FUNCTIONS:
        case = CASES[index]
        text = case.prelude + _source(case, "f", False) + "\n\n" + _source(case, "h", True)
        module = load_module(FOLDER, f"differential_case_{index}", text)
        space = dict(AUTOGRAD_NAMESPACE)
        exec(compile(text, f"<autograd {index}>", "exec"), space)
        _FUNCTIONS[index] = module.f, module.h, space["f"], space["h"]
    return _FUNCTIONS[index]


def inputs(index):
    """The arguments, the positions differentiated, and a random tangent for each of those."""
    case = CASES[index]
    rng = np.random.default_rng(index)
    args = [sample(domain, shape, rng) for domain, shape in case.args.values()]
    wrt = tuple(i for i, (domain, _) in enumerate(case.args.values()) if domain != "const")
    return args, wrt, rng


def random_like(value, rng):
    if isinstance(value, (list, tuple)):
        return type(value)(random_like(v, rng) for v in value)
    return rng.standard_normal(np.shape(value)) if isinstance(value, np.ndarray) else float(rng.standard_normal())


def oracle_of(case):
    """"autograd" or "fd": autograd where it registers the primitive (or traces the construct)."""
    if case.oracle != "auto":
        return case.oracle
    if case.primitive.startswith(("operator.", "np.ndarray.", "construct:", "attribute_key")) \
            or case.primitive in ("abs", "sum") or case.prelude:      # autograd traces a user's helper
        return "autograd"
    obj = eval(case.primitive, NAMESPACE)
    known = id(obj) in AUTOGRAD_PRIMITIVES or inspect.ismethod(obj) and obj in AUTOGRAD_METHODS
    return "autograd" if known else "fd"


def _inner(a, b):
    return float(sum(np.sum(np.asarray(x) * np.asarray(y)) for x, y in zip(a, b)))


def _moved(args, wrt, directions, step):
    out = list(args)
    for i, d in zip(wrt, directions):
        out[i] = args[i] + step * d if isinstance(args[i], np.ndarray) else float(args[i] + step * d)
    return out


def fd_jvp(fn, args, wrt, directions, eps=1e-6):
    """J u by central differences."""
    plus, minus = fn(*_moved(args, wrt, directions, eps)), fn(*_moved(args, wrt, directions, -eps))
    return (np.asarray(plus, dtype=np.float64) - np.asarray(minus, dtype=np.float64)) / (2 * eps)


def fd_hessian_form(fn, args, wrt, u, w, eps=1e-4):
    """w^T H u of a scalar function by central second differences."""
    def at(a, b):
        moved = _moved(args, wrt, u, a)
        return float(fn(*_moved(moved, wrt, w, b)))
    return (at(eps, eps) - at(eps, -eps) - at(-eps, eps) + at(-eps, -eps)) / (4 * eps * eps)


def close(a, b, rtol, atol):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1.0)
    return bool(np.all(np.abs(a - b) <= atol * scale + rtol * np.abs(b)))


def arbitrate(mode, ours, theirs, fd_of):
    """The failure message when s2sgrad and autograd disagree: which one finite differences back."""
    ok_ours, ok_theirs = fd_of(ours), fd_of(theirs)
    verdict = ("s2sgrad is WRONG (finite differences agree with autograd)" if ok_theirs and not ok_ours else
               "autograd is wrong here (finite differences agree with s2sgrad): mark the case oracle='fd' "
               "with the reason" if ok_ours and not ok_theirs else
               "both disagree with finite differences" if not ok_ours else "both agree with finite differences "
               "(a tolerance problem)")
    return f"{mode}: s2sgrad and autograd disagree; {verdict}\ns2sgrad:  {ours!r}\nautograd: {theirs!r}"


def _hvp_run():
    """CI: the first hvp case of each primitive, and each refusal and expected failure; S2SGRAD_DEEP=1: all."""
    eligible = [i for i, case in enumerate(CASES) if "hvp" in case.modes]
    keep = first_of_each([CASES[i].primitive for i in eligible],
                         [k for k, i in enumerate(eligible) if CASES[i].refused or "hvp" in CASES[i].xfail])
    return {eligible[k] for k in keep}


HVP_RUN = _hvp_run()


def _params(mode):
    out = []
    for i, case in enumerate(CASES):
        if mode not in case.modes or (mode == "hvp" and i not in HVP_RUN):
            continue
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail[mode])] if mode in case.xfail else []
        out.append(pytest.param(i, id=case.id, marks=marks))
    return out


def expect_refusal(index, run, why=True):
    """A refused case: a located error (file:line) saying why, never another exception."""
    with pytest.raises(UserCodeError) as err:
        run()
    text = str(err.value)
    assert f"differential_case_{index}.py:" in text, f"the refusal is not located: {text}"
    assert not why or CASES[index].refused in text, f"the refusal does not say {CASES[index].refused!r}: {text}"


# -- reverse mode -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", _params("rev"))
def test_reverse(index):
    """s2sgrad.vjp with a random cotangent equals autograd's (or finite differences')."""
    case = CASES[index]
    f, _, f_ag, _ = functions(index)
    args, wrt, rng = inputs(index)
    if case.refused:
        expect_refusal(index, lambda: s2sgrad.vjp(f, wrt)(*args, d_result=1.0))
        return
    v = random_like(f(*args), rng)
    ours = s2sgrad.vjp(f, wrt)(*args, d_result=v)
    for i, g in zip(wrt, ours):
        assert np.shape(g) == np.shape(args[i]), f"the gradient of argument {i} has shape {np.shape(g)}"
    directions = [random_like(args[i], rng) for i in wrt]

    def agrees_with_fd(grads):
        want = _inner([v], [fd_jvp(f, args, wrt, directions)])
        got = _inner(grads, directions)
        return abs(got - want) <= 1e-6 + 1e-4 * max(abs(got), abs(want))
    if oracle_of(case) == "fd":
        assert agrees_with_fd(ours), f"reverse mode disagrees with finite differences: {ours!r}"
        return
    theirs = autograd.make_vjp(f_ag, wrt)(*args)[0](v)
    if not all(close(a, b, 1e-6, 1e-9) for a, b in zip(ours, theirs)):
        pytest.fail(arbitrate("reverse", ours, theirs, agrees_with_fd))


# -- forward mode -----------------------------------------------------------------------------------------


def autograd_jvp(f_ag, args, wrt, directions):
    """J u from autograd's reverse mode: one vjp per output entry."""
    backward, value = autograd.make_vjp(f_ag, wrt)(*args)
    out = np.zeros(np.shape(value))
    for k in np.ndindex(np.shape(value)):
        seed = np.zeros(np.shape(value))
        seed[k] = 1.0
        out[k] = _inner(backward(seed if np.ndim(value) else 1.0), directions)
    return out


@pytest.mark.parametrize("index", _params("fwd"))
def test_forward(index):
    """s2sgrad.jvp equals autograd's J u, and passes the dot-product test with s2sgrad.vjp."""
    case = CASES[index]
    f, _, f_ag, _ = functions(index)
    args, wrt, rng = inputs(index)
    directions = [random_like(args[i], rng) for i in wrt]
    tangents = [None] * len(args)
    for i, d in zip(wrt, directions):
        tangents[i] = d
    if case.refused:
        try:
            value, ours = s2sgrad.jvp(f, args, tangents)
        except UserCodeError:       # located; forward mode may refuse for a reason of its own
            expect_refusal(index, lambda: s2sgrad.jvp(f, args, tangents), why=False)
            return
        # Forward mode may differentiate what reverse mode refuses; then it must be right.
        assert close(value, f(*args), 1e-12, 1e-12), "forward mode changed the function's value"
        assert close(ours, fd_jvp(f, args, wrt, directions), 1e-4, 1e-6), "forward mode is wrong"
        return
    value, ours = s2sgrad.jvp(f, args, tangents)
    assert close(value, f(*args), 1e-12, 1e-12), f"forward mode changed the value: {value!r}"
    assert np.shape(ours) == np.shape(value), f"the tangent has shape {np.shape(ours)}, the value {np.shape(value)}"

    def agrees_with_fd(t):
        return close(t, fd_jvp(f, args, wrt, directions), 1e-4, 1e-6)
    if oracle_of(case) == "fd":
        assert agrees_with_fd(ours), f"forward mode disagrees with finite differences: {ours!r}"
    else:
        theirs = autograd_jvp(f_ag, args, wrt, directions)
        if not close(ours, theirs, 1e-6, 1e-9):
            pytest.fail(arbitrate("forward", ours, theirs, agrees_with_fd))
    v = random_like(value, rng)
    left = _inner([v], [ours])
    right = _inner(s2sgrad.vjp(f, wrt)(*args, d_result=v), directions)
    assert abs(left - right) <= 1e-9 + 1e-7 * max(abs(left), abs(right)), (
        f"dot-product test: forward <v, J u> = {left!r}, reverse <J^T v, u> = {right!r}")


# -- Hessian-vector products ------------------------------------------------------------------------------


def autograd_hvp(h_ag, args, wrt, directions):
    gradient = autograd.grad(h_ag, wrt)

    def along(*a):
        return sum(anp.sum(g * d) for g, d in zip(gradient(*a), directions))
    return autograd.grad(along, wrt)(*args)


@pytest.mark.parametrize("index", _params("hvp"))
def test_hvp(index):
    """s2sgrad.hvp of sum(sin(f)) equals autograd's (forward over reverse against reverse over reverse)."""
    case = CASES[index]
    _, h, _, h_ag = functions(index)
    args, wrt, rng = inputs(index)
    directions = [random_like(args[i], rng) for i in wrt]
    tangents = [None] * len(args)
    for i, d in zip(wrt, directions):
        tangents[i] = d
    if case.refused:
        expect_refusal(index, lambda: s2sgrad.hvp(h, args, tangents))
        return
    ours = s2sgrad.hvp(h, args, tangents)
    ours = tuple(ours) if len(wrt) > 1 else (ours,)
    for i, g in zip(wrt, ours):
        assert np.shape(g) == np.shape(args[i]), f"H u for argument {i} has shape {np.shape(g)}"
    w = [random_like(args[i], rng) for i in wrt]

    def agrees_with_fd(hu):
        # second differences at one step, else their Richardson extrapolation (steps h, h/2), whose
        # error is O(h^4): functions that grow fast (10**y) need it
        got = _inner(hu, w)
        coarse = fd_hessian_form(h, args, wrt, directions, w)
        if abs(got - coarse) <= 1e-5 + 2e-4 * max(abs(got), abs(coarse)):
            return True
        fine = fd_hessian_form(h, args, wrt, directions, w, eps=5e-5)
        want = (4 * fine - coarse) / 3
        return abs(got - want) <= 1e-5 + 2e-4 * max(abs(got), abs(want))
    if oracle_of(case) == "fd":
        assert agrees_with_fd(ours), f"hvp disagrees with finite differences: {ours!r}"
        return
    theirs = autograd_hvp(h_ag, args, wrt, directions)
    if not all(close(a, b, 1e-6, 1e-9) for a, b in zip(ours, theirs)):
        pytest.fail(arbitrate("hvp", ours, theirs, agrees_with_fd))


# -- the corpus as a whole ----------------------------------------------------------------------------------


def _resolve_call(func):
    """The primitive a call in a case names: `np.sum`, `scipy.special.erf`, `x.sum` (a method), `abs`."""
    text = ast.unparse(func)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("x", "y", "z"):
        return getattr(np.ndarray, func.attr, None)
    try:
        return eval(text, NAMESPACE)
    except (NameError, AttributeError, SyntaxError):
        return None


def _exercised():
    """{template: set of option names the corpus passes it}, binding each call to its template."""
    out = {}
    for case in CASES:
        for node in ast.walk(ast.parse(_source(case, "f", False))):
            if not isinstance(node, ast.Call):
                continue
            rule = rules.lookup(_resolve_call(node.func))
            if rule is None:
                continue
            args = list(node.args)
            if isinstance(node.func, ast.Attribute) and rule.primitive is getattr(np.ndarray, node.func.attr, None):
                args = [node.func.value] + args
            signature = inspect.signature(rule.template)
            names = [k.arg for k in node.keywords]
            try:
                bound = signature.bind_partial(None, *args, **{k: None for k in names})
                names += [p for p in bound.arguments if signature.parameters[p].default is not inspect.Parameter.empty]
            except TypeError:
                pass
            out.setdefault(rule.template, set()).update(names)
    return out


def _options(rule):
    """The options a rule accepts: its template's parameters with a default or keyword-only, and,
    for a template taking **options, the primitive's own keyword parameters."""
    params = list(inspect.signature(rule.template).parameters.values())[1:]
    names = [p.name for p in params if p.name != "d_result" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
             and (p.default is not p.empty or p.kind == p.KEYWORD_ONLY)]
    if any(p.kind == p.VAR_KEYWORD for p in params):
        try:
            own = inspect.signature(rule.primitive).parameters.values()
        except (TypeError, ValueError):
            own = []
        names += [p.name for p in own if p.default is not p.empty and p.name not in names
                  and p.kind != p.VAR_KEYWORD]
    return names


def _audited_rules():
    """Every built-in rule of a NumPy/SciPy/Python primitive (not the runtime helpers')."""
    for key, rule in rules.ADJOINTS.items():
        module = getattr(key, "__module__", "") or ""
        if rule.template.__module__.startswith("s2sgrad.rules.") and not module.startswith("s2sgrad") \
                and rule.template.__module__ != "s2sgrad.rules.helpers":
            yield key, rule


def test_every_option_of_every_rule_is_exercised_or_refused():
    """Each option a rule accepts is passed to it by some case of the corpus: with a value the rule
    handles (checked against the oracle), or with one it refuses (a case with `refused`, checked to
    be a located error).  `out=` is refused by every rule (rules.OUT) and tested on a few."""
    exercised = _exercised()
    missing = sorted({f"{catalog.name_of(key)}: {name}" for key, rule in _audited_rules() for name in _options(rule)
                      if name != "out" and name not in exercised.get(rule.template, ())})
    assert not missing, "options the corpus never passes to their rule: " + ", ".join(missing)


def test_every_rule_is_in_the_corpus():
    """Every built-in rule of a NumPy/SciPy/Python primitive has a case."""
    exercised = _exercised()
    named = {eval(case.primitive, NAMESPACE) for case in CASES if not case.primitive.startswith("construct:")}
    missing = sorted({catalog.name_of(key) for key, rule in _audited_rules()
                      if rule.template not in exercised and key not in named})
    assert not missing, f"rules without a differential case: {missing}"


def test_autograd_primitives_use_autograd_as_the_oracle():
    """Every primitive in autograd's gradient registry that s2sgrad also differentiates has a case
    checked against autograd (not only against finite differences)."""
    checked = []            # compared by equality: a bound method (scipy.stats.norm.logpdf) is made anew
    for case in CASES:
        if oracle_of(case) == "autograd" and not case.primitive.startswith("construct:"):
            checked.append(eval(case.primitive, NAMESPACE))
    missing = sorted(catalog.name_of(w.fun) for w in primitive_vjps if hasattr(w, "fun")
                     and rules.lookup(w.fun) is not None and not any(w.fun is c or w.fun == c for c in checked))
    assert not missing, f"autograd differentiates these, but no case compares with it: {missing}"


def test_the_corpus_is_large_enough():
    """At least 2,000 comparisons across reverse mode, forward mode and Hessian-vector products."""
    assert sum(len(case.modes) for case in CASES) >= 2000


def test_tangent_templates_accept_what_their_adjoints_accept():
    """A call the adjoint accepts must bind to the tangent template too (same options)."""
    problems = []
    for key, tangent in rules.TANGENTS.items():
        adjoint = rules.ADJOINTS.get(key)
        if tangent.kind != "template" or adjoint is None or type(tangent) is not rules.TangentRule:
            continue            # a user's rules (another test may have registered some) are checked when made
        ours = inspect.signature(tangent.template).parameters
        theirs = inspect.signature(adjoint.template).parameters
        wanted = {n for n, p in theirs.items() if n not in ("result", "d_result") and p.kind != p.VAR_KEYWORD}
        has_options = any(p.kind == p.VAR_KEYWORD for p in ours.values())
        lost = sorted(n for n in wanted if n not in ours and not has_options)
        if lost:
            problems.append(f"{catalog.name_of(key)}: {lost}")
    assert not problems, f"tangent templates that refuse options their adjoint takes: {problems}"
