"""The rule library, checked entry by entry from tests/rule_table.py.

For every entry a small source file is generated (`def f_17(x, y): return np.hypot(x, y)`),
imported and differentiated; the gradient is checked against central finite differences
with the dot-product test (float64), and float32 inputs must give float32 gradients close to
the float64 ones.  Each template is also called directly as an ordinary function.
"""

import ast
import builtins
import functools
import hashlib
import importlib.util
import linecache
import math
import operator
import os
import tempfile

import gast
import numpy as np
import pytest
import scipy.integrate
import scipy.linalg
import scipy.signal
import scipy.special
import scipy.stats

from rule_table import TABLE
from s2sgrad import rules, runtime
from s2sgrad.api import compiled, kinds_of
from s2sgrad.testing import check_grads, check_jvp
from tests.sweeps import first_of_each

NAMESPACE = {"np": np, "scipy": scipy, "math": math, "operator": operator, "attribute_key": rules.attribute_key,
             "runtime": runtime}


HEADER = ("import math\nimport operator\n\nimport numpy as np\nimport scipy\nimport scipy.integrate\nimport scipy.linalg\nimport scipy.signal\n"
          "import scipy.special\nimport scipy.stats\n")
FOLDER = tempfile.mkdtemp(prefix="s2sgrad_rules_")
_MODULES = {}


def load_module(folder, name, text):
    """Write `text` (after HEADER's imports) to `folder/name.py` and import it: s2sgrad reads the source."""
    path = os.path.join(folder, f"{name}.py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"{HEADER}\n\n{text}")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def case(index):
    """The generated function of entry `index`: one small module per entry, written on first use."""
    if index not in _MODULES:
        entry = TABLE[index]
        text = entry.prelude + f"def f({', '.join(entry.args)}):\n    return {entry.call}\n"
        _MODULES[index] = load_module(FOLDER, f"rule_case_{index}", text).f
    return _MODULES[index]


def sample(domain, shape, rng):
    """A random argument: a Python float (shape None) or a float64 array, drawn from `domain`."""
    size = shape if shape is not None else ()
    if domain in ("real", "const"):
        out = rng.standard_normal(size)
    elif domain == "distinct":
        n = int(np.prod(size))
        out = np.reshape(rng.permutation(n) * 0.5 - n / 4 + rng.uniform(0, 0.1, n), size)
    elif domain == "nonzero":
        out = rng.choice([-1.0, 1.0], size) * rng.uniform(0.5, 1.5, size)
    elif domain == "tied":
        out = np.array([1.0, 3.0, 3.0, 0.0])
    elif domain == "zeros":              # every other entry exactly zero
        out = rng.choice([-1.0, 1.0], size) * rng.uniform(0.5, 1.5, size)
        np.reshape(out, -1)[1::2] = 0.0
    elif domain in ("wellcond", "spd"):
        n = size[-1]
        a = rng.standard_normal(size) * 0.5
        out = a + 3 * np.eye(n) if domain == "wellcond" else a @ np.swapaxes(a, -1, -2) + n * np.eye(n)
    else:
        low, high = {"pos": (0.5, 2.0), "neg": (-2.0, -0.5), "unit": (-0.8, 0.8), "prob": (0.2, 0.8),
                     "gt1": (1.2, 3.0)}[domain]
        out = rng.uniform(low, high, size)
    return float(out) if shape is None else np.asarray(out, dtype=np.float64)


def _inputs(index, entry):
    rng = np.random.default_rng(index)
    args = [sample(domain, shape, rng) for domain, shape in entry.args.values()]
    wrt = tuple(name for name, (domain, _) in entry.args.items() if domain != "const")
    return args, wrt


def _params(select, forward=False, hvp=False):
    out = []
    for i, entry in enumerate(TABLE):
        if not select(entry):
            continue
        reason = entry.xfail or (entry.forward_xfail if forward else "") or (entry.hvp_xfail if hvp else "")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(i, id=entry.id, marks=marks))
    return out


@pytest.mark.parametrize("index", _params(lambda e: not e.direct_only))
def test_pipeline(index):
    """The generated function's gradient agrees with central finite differences (float64)."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    check_grads(case(index), args, wrt=wrt)


@pytest.mark.parametrize("index", _params(lambda e: not e.direct_only, forward=True))
def test_forward_pipeline(index):
    """Forward-mode tangents agree with central finite differences and, by the dot-product
    test, with reverse mode (float64)."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    check_jvp(case(index), args, wrt=wrt)


def _second_order(entry):
    # Finite differences of the gradient are meaningless at a tie, where the gradient jumps.
    return not entry.direct_only and all(domain != "tied" for domain, _ in entry.args.values())


def _second_order_run():
    """CI: the first second-order entry of each primitive, and each expected failure; S2SGRAD_DEEP=1: all."""
    eligible = [i for i, e in enumerate(TABLE) if _second_order(e)]
    keep = first_of_each([TABLE[i].primitive for i in eligible],
                         [k for k, i in enumerate(eligible) if TABLE[i].xfail or TABLE[i].hvp_xfail
                          or TABLE[i].forward_xfail])
    return {eligible[k] for k in keep}


SECOND_ORDER_RUN = {id(TABLE[i]) for i in _second_order_run()}


@pytest.mark.parametrize("index", _params(lambda e: id(e) in SECOND_ORDER_RUN, forward=True, hvp=True))
def test_forward_over_reverse(index):
    """Forward mode over the emitted gradient (a Hessian-vector product, with the output seed
    held fixed) agrees with central finite differences of the gradient: the rules of the
    runtime helpers and of everything the adjoint templates call are exercised here."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    # Specialised on the kinds of the arguments, as s2sgrad.hvp does.  (The generic reverse
    # module shares its source name with the generic forward one that test_forward_pipeline
    # compiles, so reading the gradient's source back could find the forward text.)
    gradient = compiled(case(index), wrt, kinds=kinds_of(args)).gradient
    forward = compiled(gradient, wrt, mode="forward")
    rng = np.random.default_rng(index)
    value = case(index)(*args)
    v = rng.standard_normal(np.shape(value)) if np.ndim(value) else 1.0
    positions = [forward.params.index(n) for n in forward.wrt]
    directions = [rng.standard_normal(np.shape(args[k])) if np.ndim(args[k]) else float(rng.standard_normal())
                  for k in positions]
    _, (_, tangent) = forward.gradient(*args, v, **dict(zip(forward.tangent_params, directions)))

    def gradient_at(step):
        moved = list(args)
        for k, d in zip(positions, directions):
            moved[k] = moved[k] + step * d
        return gradient(*moved, d_result=v)[1]
    eps = 1e-6
    plus, minus = gradient_at(eps), gradient_at(-eps)
    single = len(wrt) == 1
    for t, p, m in zip([tangent] if single else tangent, [plus] if single else plus, [minus] if single else minus):
        numeric = (np.asarray(p) - np.asarray(m)) / (2 * eps)
        assert np.shape(t) == np.shape(numeric), f"tangent of a gradient: shape {np.shape(t)}, {np.shape(numeric)}"
        np.testing.assert_allclose(t, numeric, rtol=1e-4, atol=1e-4 * (1 + float(np.max(np.abs(numeric), initial=0))))


def _float32(value):
    return value.astype(np.float32) if isinstance(value, np.ndarray) else value


@pytest.mark.parametrize("index", _params(lambda e: e.f32 and not e.xfail and not e.direct_only))
def test_float32(index):
    """Float32 inputs give float32 gradients, close to the float64 gradients."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    fn = case(index)
    gradient = compiled(fn, wrt).gradient
    value = fn(*args)
    v = np.random.default_rng(index).standard_normal(np.shape(value)) if np.ndim(value) else np.float64(1.0)
    _, want = gradient(*args, d_result=v)
    # The seed has the output's dtype, as the API passes it.
    _, got = gradient(*[_float32(a) for a in args], d_result=np.asarray(v, dtype=np.float32)[()])
    want, got = (want, got) if len(wrt) > 1 else ((want,), (got,))
    for name, w, g in zip(wrt, want, got):
        if isinstance(args[list(entry.args).index(name)], np.ndarray):
            assert np.result_type(g) == np.float32, f"gradient of {name} is {np.result_type(g)}"
        scale = 1 + float(np.max(np.abs(w), initial=0.0))
        np.testing.assert_allclose(np.asarray(g, dtype=np.float64), w, rtol=2e-2, atol=2e-3 * scale)


# -- the templates as ordinary callables ------------------------------------------------------
BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.Pow: operator.pow, ast.Mod: operator.mod, ast.MatMult: operator.matmul}
UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def _direct_call(call, params):
    """(primitive, positional operands, keywords) of `call`, or None when it is not a plain call.

    Operands are ("leaf", name), ("list", names, kind) or ("value", source text).
    """
    node = ast.parse(call, mode="eval").body

    def operand(arg):
        if isinstance(arg, ast.Name) and arg.id in params:
            return ("leaf", arg.id)
        if isinstance(arg, (ast.List, ast.Tuple)) and arg.elts and all(
                isinstance(e, ast.Name) and e.id in params for e in arg.elts):
            return ("list", [e.id for e in arg.elts], type(arg).__name__)
        if any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(arg)):
            raise LookupError
        return ("value", ast.unparse(arg))

    try:
        if isinstance(node, ast.BinOp) and type(node.op) in BINOPS:
            return BINOPS[type(node.op)], [operand(node.left), operand(node.right)], {}
        if isinstance(node, ast.UnaryOp) and type(node.op) in UNARY:
            return UNARY[type(node.op)], [operand(node.operand)], {}
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return rules.attribute_key(node.attr), [operand(node.value)], {}
        if not isinstance(node, ast.Call):
            return None
        keywords = {k.arg: operand(k.value) for k in node.keywords}
        if any(kind != "value" for kind, *_ in keywords.values()):
            return None
        operands = [operand(a) for a in node.args]
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in params:
            return getattr(np.ndarray, func.attr), [operand(func.value)] + operands, keywords
        return eval(ast.unparse(func), NAMESPACE), operands, keywords
    except LookupError:
        return None


def _evaluate(operand, values, shift=None):
    kind = operand[0]
    if kind == "leaf":
        return values[operand[1]] if shift is None else values[operand[1]] + shift.get(operand[1], 0.0)
    if kind == "list":
        items = [_evaluate(("leaf", n), values, shift) for n in operand[1]]
        return items if operand[2] == "List" else tuple(items)
    return eval(_compiled(operand[1]), NAMESPACE)


@functools.lru_cache(maxsize=None)
def _compiled(text):
    """`text` compiled under a file name linecache knows: a lambda in it (odeint's right-hand
    side) has a source s2sgrad can read when the template differentiates it."""
    filename = f"<rule table {hashlib.sha1(text.encode()).hexdigest()[:12]}>"
    linecache.cache[filename] = (len(text), None, [text + "\n"], filename)
    return compile(text, filename, "eval")


def _leaves(items):
    return list(items) if isinstance(items, (list, tuple, np.ndarray)) else [items]


def _call(primitive, operands, keywords, values, shift=None):
    key = primitive
    if isinstance(key, tuple):                      # an attribute such as .T
        return getattr(_evaluate(operands[0], values, shift), key[1])
    return primitive(*[_evaluate(o, values, shift) for o in operands],
                     **{k: _evaluate(o, values) for k, o in keywords.items()})


def _cotangents(rule, operands, cotangents):
    """The template's return value -> one cotangent (or list of them) per call operand."""
    params = [p for p in list(rule.signature.parameters.values())[1:]
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    wanted = rule.cotangent_params
    # A template with *operands (einsum) returns their cotangents as one trailing tuple.
    varargs = any(p.kind == p.VAR_POSITIONAL for p in params) and isinstance(cotangents, tuple) \
        and len(cotangents) == len(wanted) + 1
    cotangents = cotangents if len(wanted) > 1 or varargs else (cotangents,)
    out = []
    for i in range(len(operands)):
        if i < len(params) and params[i].kind != params[i].VAR_POSITIONAL:
            name = params[i].name
            out.append(cotangents[wanted.index(name)] if name in wanted else None)
        else:
            start = next(k for k, p in enumerate(params) if p.kind == p.VAR_POSITIONAL)
            out.append(cotangents[-1][i - start])
    return out


def _random_like(value, rng):
    if isinstance(value, (list, tuple)):
        return type(value)(_random_like(v, rng) for v in value) if not hasattr(value, "_fields") \
            else tuple(_random_like(v, rng) for v in value)
    return rng.standard_normal(np.shape(value)) if np.ndim(value) else float(rng.standard_normal())


def _inner(a, b):
    if isinstance(a, (list, tuple)):
        return sum(_inner(x, y) for x, y in zip(a, b))
    return float(np.sum(np.asarray(a) * np.asarray(b)))


def _direct_params():
    out = []
    for i, entry in enumerate(TABLE):
        parsed = None if entry.prelude else _direct_call(entry.call, entry.args)     # (a user's helper: no rule)
        if parsed is not None and rules.lookup(parsed[0]) is not None and not _a_loop(*parsed):
            out.append(pytest.param(i, id=entry.id))
    return out


def _a_loop(primitive, operands, keywords):
    """`max(xs)`, `min(xs)`, `sum(xs, start)`: calls the normal form writes as a loop of other rules."""
    return (primitive in (max, min) and len(operands) == 1) or (primitive is sum and (len(operands) == 2 or keywords))


@pytest.mark.parametrize("index", _direct_params())
def test_template(index):
    """The template, called as a function, agrees with finite differences of the primitive."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    values = dict(zip(entry.args, args))
    primitive, operands, keywords = _direct_call(entry.call, entry.args)
    rule = rules.lookup(primitive, positional=len(operands))
    result = _call(primitive, operands, keywords, values)
    v = _random_like(result, np.random.default_rng(1000 + index))
    call_values = [_evaluate(o, values) for o in operands]
    call_keywords = {k: _evaluate(o, values) for k, o in keywords.items()}
    bound = rule.signature.bind(result, *call_values, **call_keywords, d_result=v)
    bound.apply_defaults()          # a rule may give defaults its template does not (scipy.stats: loc, scale)
    for template in dict.fromkeys([rule.template, _chosen_for(rule, bound.arguments).template]):   # and the chosen
        _check_template(entry, values, wrt, template(*bound.args, **bound.kwargs), (primitive, operands, keywords),
                        rule, v, np.random.default_rng(1000 + index))


def _chosen_for(rule, arguments):
    """The rule the transform chooses for these constant arguments (`rules.chosen`)."""
    constants = {p: gast.Constant(value=value, kind=None) for p, value in arguments.items()
                 if value is None or type(value) in (bool, int, float, str)}
    return rules.chosen(rule, constants)


def _check_template(entry, values, wrt, returned, call, rule, v, rng):
    """The template's cotangents (`returned`) agree with finite differences of the primitive."""
    primitive, operands, keywords = call
    grads = _cotangents(rule, operands, returned)
    eps = 1e-6
    for _ in range(2):
        direction = {}
        for name in wrt:
            u = rng.standard_normal(np.shape(values[name]))
            if name in entry.symmetric:
                u = (u + np.swapaxes(u, -1, -2)) / 2
            direction[name] = u if isinstance(values[name], np.ndarray) else float(u)
        plus = _call(primitive, operands, keywords, values, {n: eps * d for n, d in direction.items()})
        minus = _call(primitive, operands, keywords, values, {n: -eps * d for n, d in direction.items()})
        numeric = (_inner(v, plus) - _inner(v, minus)) / (2 * eps)
        analytic = 0.0
        for operand, g in zip(operands, grads):
            names = [operand[1]] if operand[0] == "leaf" else operand[1] if operand[0] == "list" else []
            for name, part in zip(names, _leaves(g) if operand[0] == "list" else [g]):
                if name in wrt:
                    assert part is not None, f"the template gives no cotangent for {name}"
                    assert np.shape(part) == np.shape(values[name]), f"cotangent of {name}: {np.shape(part)}"
                    analytic += _inner(part, direction[name])
        assert abs(numeric - analytic) <= 1e-6 + 1e-4 * max(abs(numeric), abs(analytic)), (numeric, analytic)


# -- the registry as a whole ------------------------------------------------------------------
import contextlib  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import pathlib  # noqa: E402
import re  # noqa: E402
import textwrap  # noqa: E402

from s2sgrad import extend, runtime  # noqa: E402
from s2sgrad.errors import NoRuleError  # noqa: E402
from s2sgrad.rules import catalog  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_count_differentiable():
    """At least 200 distinct NumPy/SciPy primitives with a non-zero derivative have a rule."""
    assert catalog.count_differentiable() >= 200, catalog.count_differentiable()


def test_table_exercises_every_counted_primitive():
    """Every primitive that counts is named by at least one entry of the rule table."""
    in_table = [eval(entry.primitive, NAMESPACE) for entry in TABLE]      # equality: a bound method is made anew
    untested = [name for name, key in catalog.counted().items() if key not in in_table]
    assert not untested, f"no rule-table entry for {untested}"


def test_every_table_primitive_has_a_rule():
    for entry in TABLE:
        key = eval(entry.primitive, NAMESPACE)
        assert rules.lookup(key) is not None, f"{entry.primitive} has no rule"


def test_docs_rules_md_is_current():
    path = ROOT / "docs" / "rules.md"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    version = ".".join(np.__version__.split(".")[:2])
    if f"with NumPy {version};" not in current:
        pytest.skip(f"docs/rules.md was generated with another NumPy than {np.__version__} "
                    "(array methods differ between versions)")
    assert current == catalog.markdown(), (
        "docs/rules.md is stale; regenerate it with "
        "`python -m s2sgrad.rules.catalog --markdown --write docs/rules.md`")


def _autograd_numpy_functions():
    """{public name: numpy/scipy function} for autograd's primitives that have a VJP."""
    core = pytest.importorskip("autograd.core")
    importlib.import_module("autograd.numpy")
    importlib.import_module("autograd.scipy.special")
    table = getattr(core, "primitive_vjps", None)
    assert table, "cannot find autograd's table of primitives with VJPs (autograd.core.primitive_vjps)"
    names = catalog._public_names()
    out = {}
    for wrapped in table:
        fun = getattr(wrapped, "fun", None)
        if fun is not None and id(fun) in names and names[id(fun)].startswith(("np.", "scipy.special.")):
            out[names[id(fun)]] = fun
    assert len(out) > 50, f"autograd's table looks wrong: only {len(out)} NumPy functions found"
    return out


def test_compare_with_autograd():
    """Print what autograd differentiates that s2sgrad does not, and the reverse (informative)."""
    theirs = _autograd_numpy_functions()
    names = catalog._public_names()
    ours = {catalog.name_of(key, names) for key in rules.ADJOINTS}
    only_theirs = sorted(name for name, fun in theirs.items() if rules.lookup(fun) is None
                         and not rules.is_nograd(fun))
    only_ours = sorted(set(catalog.counted()) - set(theirs))
    print(f"\nautograd has VJPs for {len(theirs)} NumPy/SciPy functions; s2sgrad counts "
          f"{catalog.count_differentiable()} ({len(ours)} rule keys).")
    print(f"only autograd ({len(only_theirs)}): {', '.join(only_theirs)}")
    print(f"only s2sgrad ({len(only_ours)}): {', '.join(only_ours)}")


def test_covered_and_missing_lists():
    covered = catalog.covered()
    assert covered == sorted(covered) and len(covered) == len(rules.ADJOINTS)
    assert "np.exp(x)" in covered and "x + y" in covered
    assert any(line.startswith("np.sum(a, axis=None") for line in covered)
    missing = catalog.missing()
    assert "np.nancumprod" in missing and "np.exp" not in missing and "np.zeros" not in missing
    # The SciPy modules s2sgrad claims are listed too.
    assert "scipy.special.hyp2f1" in missing and "scipy.linalg.schur" in missing
    assert not {"scipy.special.iv", "scipy.linalg.expm", "scipy.signal.convolve"} & set(missing)
    # and the densities, distribution functions and entropies of the scipy.stats distributions it claims
    assert "scipy.stats.poisson.entropy" in missing and "scipy.integrate.quad" in missing
    assert not {"scipy.stats.norm.logpdf", "scipy.stats.expon.sf", "scipy.integrate.solve_ivp"} & set(missing)


def test_cli_rules():
    from s2sgrad.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["rules"]) == 0
    assert out.getvalue().splitlines() == catalog.covered()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["rules", "--missing"]) == 0
    assert out.getvalue().splitlines() == catalog.missing()


def _module(tmp_path, name, text):
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_missing_rule_names_function_line_and_extend(tmp_path):
    module = _module(tmp_path, "uses_nancumprod", "import numpy as np\n\n\ndef f(x):\n"
                     "    y = x * 2.0\n    return np.sum(np.nancumprod(y))\n")
    with pytest.raises(NoRuleError) as err:
        compiled(module.f, 0)
    text = str(err.value)
    assert "np.nancumprod" in text and "uses_nancumprod.py:6" in text and "s2sgrad.extend" in text


def test_extending_doc_example_runs(tmp_path):
    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    _module(tmp_path, "extending_example", "\n".join(blocks))


def _template(source, tmp_path, name="tpl"):
    return getattr(_module(tmp_path, name, "import numpy as np\nimport scipy\n\n\n" + source), "t")


@pytest.mark.parametrize("source, message", [
    ("def t(value, x, *, d_result):\n    return d_result\n", "first parameter must be `result`"),
    ("def t(result, x, d_result):\n    return d_result\n", "keyword-only `d_result`"),
    ("def t(result, x, *, d_result):\n    return d_result * scipy.special.expit(x)\n", "`scipy`"),
    ("def t(result, x, y, *, d_result):\n    return d_result, d_result, d_result\n", "returns 3 cotangents"),
])
def test_extend_refuses_bad_templates(tmp_path, source, message):
    template = _template(source, tmp_path)
    with pytest.raises(extend.RuleDefinitionError, match=re.escape(message)):
        extend.adjoint(object())(template)


def test_extend_refuses_to_replace_a_rule_silently(tmp_path):
    template = _template("def t(result, x, *, d_result):\n    return d_result\n", tmp_path)
    with pytest.raises(ValueError, match="override=True"):
        extend.adjoint(np.exp)(template)


def test_extend_nograd(tmp_path):
    module = _module(tmp_path, "uses_own", "import numpy as np\n\n\ndef step(x):\n    return x * 0.0\n\n\n"
                     "def f(x):\n    return np.sum(step(x) + x)\n")
    extend.nograd(module.step)
    assert rules.is_nograd(module.step)
    np.testing.assert_allclose(check_grads(module.f, [np.ones(3)]), np.ones(3))


def _resolve(func):
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    parts.append(func.id)
    parts.reverse()
    if parts[0] == "np":
        obj = np
        for part in parts[1:]:
            obj = getattr(obj, part)
        return obj
    if parts[0] in rules.RUNTIME_NAMES and len(parts) == 1:
        return getattr(runtime, parts[0])
    if len(parts) == 1 and hasattr(builtins, parts[0]):          # max, min, slice, ... (not exceptions)
        obj = getattr(builtins, parts[0])
        return None if isinstance(obj, type) and issubclass(obj, BaseException) else obj
    if len(parts) == 2 and hasattr(np.ndarray, parts[1]):       # value.method(...)
        return getattr(np.ndarray, parts[1])
    return None


def test_templates_call_only_differentiable_functions():
    """Every NumPy, runtime or builtin call inside a template (adjoint or tangent) has a rule or is
    declared zero-gradient, so emitted derivatives can be differentiated again (`max(a, b)` has
    none: templates write np.maximum)."""
    unknown = set()
    templates = list(rules.ADJOINTS.values()) + [r for r in rules.TANGENTS.values() if r.kind == "template"] \
        + _chosen(rules.CHOSEN) + _chosen(rules.TANGENT_CHOSEN)
    for rule in templates:
        if not rule.template.__module__.startswith("s2sgrad.rules."):
            continue
        func = ast.parse(textwrap.dedent(inspect.getsource(rule.template))).body[0]
        # `for p, x in zip(...)` in a comprehension is a loop the normal form reads item by item
        looped = {id(gen.iter) for n in ast.walk(func) if isinstance(n, ast.comprehension) for gen in [n]}
        for node in (n for stmt in func.body for n in ast.walk(stmt)):          # not the decorators
            if isinstance(node, ast.Call) and not (id(node) in looped and _resolve(node.func) in (zip, enumerate)):
                obj = _resolve(node.func)
                if obj is not None and rules.lookup(obj) is None and not rules.is_nograd(obj) \
                        and not hasattr(obj, "__s2sgrad_first_order__"):        # refused, with its reason
                    unknown.add(f"{rule.template.__module__}.{rule.template.__name__}: {ast.unparse(node.func)}")
    assert not unknown, sorted(unknown)


def test_builtin_templates_pass_the_extension_checks():
    """The built-in rules obey the form s2sgrad.extend enforces (free names, signature)."""
    for rule in list(rules.ADJOINTS.values()) + list(rules.VARIANTS.values()) + _chosen(rules.CHOSEN):
        if rule.template.__module__.startswith("s2sgrad.rules."):
            extend._validate(rule.template, rule.operands)
    for rule in list(rules.TANGENTS.values()) + _chosen(rules.TANGENT_CHOSEN):
        if rule.kind == "template" and rule.template.__module__.startswith("s2sgrad.rules."):
            extend._validate_tangent(rule.template)


def _chosen(table):
    """The rules registered for one constant value of an option (`when=`)."""
    return [rule for entries in table.values() for _, _, rule in entries]


# Adjoint keys with no tangent rule, each with the reason (none at present).
NO_TANGENT = {}


def test_every_adjoint_has_a_tangent():
    """Forward mode covers what reverse mode does: every key of ADJOINTS has a TANGENTS entry."""
    names = catalog._public_names()
    missing = sorted(catalog.name_of(key, names) for key, rule in rules.ADJOINTS.items()
                     if rule.template.__module__.startswith("s2sgrad.rules.") and key not in rules.TANGENTS
                     and key not in NO_TANGENT)
    assert not missing, f"no tangent rule for {missing}"


def test_tangent_kinds_are_known_and_templates_sit_next_to_their_adjoints():
    for key, rule in rules.TANGENTS.items():
        assert rule.kind in ("template", "linear", "multilinear", "elementwise"), rule.kind
        if rule.kind != "template" or key not in rules.ADJOINTS:
            continue
        adjoint = rules.ADJOINTS[key].template
        if adjoint.__module__.startswith("s2sgrad.rules."):
            assert rule.template.__module__ == adjoint.__module__, (key, rule.template.__module__)


@pytest.mark.parametrize("source, message", [
    ("def t(value, x, *, t_x):\n    return t_x\n", "first parameter must be `result`"),
    ("def t(result, x):\n    return x\n", "it takes no tangent"),
    ("def t(result, x, *, t_y):\n    return t_y\n", "`t_y` names no parameter"),
    ("def t(result, x, *, t_x):\n    return t_x * scipy.special.expit(x)\n", "`scipy`"),
    ("def t(result, x, *, t_x, d_result):\n    return t_x\n", "takes `d_result`"),
])
def test_extend_refuses_bad_tangent_templates(tmp_path, source, message):
    template = _template(source, tmp_path)
    with pytest.raises(extend.RuleDefinitionError, match=re.escape(message)):
        extend.tangent(np.exp, override=True)(template)


def test_extend_tangent_needs_an_adjoint_and_refuses_to_replace_silently(tmp_path):
    template = _template("def t(result, x, *, t_x):\n    return t_x\n", tmp_path)
    with pytest.raises(ValueError, match="override=True"):
        extend.tangent(np.exp)(template)
    with pytest.raises(ValueError, match="override=True"):
        extend.deflinear(np.sum)
    with pytest.raises(extend.RuleDefinitionError, match="register one with s2sgrad.extend.adjoint first"):
        extend.tangent(object())(template)
    with pytest.raises(extend.RuleDefinitionError, match="register one with s2sgrad.extend.adjoint first"):
        extend.defmultilinear(object())


def test_extend_tangent_deflinear_and_defmultilinear(tmp_path):
    """A user's primitives in forward mode: a template, a linear one and a bilinear one."""
    module = _module(tmp_path, "own_primitives", textwrap.dedent('''\
        import numpy as np


        def cube(x):
            return x * x * x


        def double(x):
            return 2.0 * x


        def bilinear(a, b):
            return a * b


        def f(x, y):
            return np.sum(cube(x) * double(y) + bilinear(x, y))
        '''))
    tpl = _module(tmp_path, "own_templates", textwrap.dedent('''\
        import numpy as np


        def cube(result, x, *, d_result):
            return 3.0 * d_result * x * x


        def cube_tangent(result, x, *, t_x):
            return 3.0 * t_x * x * x


        def double(result, x, *, d_result):
            return 2.0 * d_result


        def bilinear(result, a, b, *, d_result):
            return d_result * b, d_result * a
        '''))
    extend.adjoint(module.cube)(tpl.cube)
    extend.adjoint(module.double)(tpl.double)
    extend.adjoint(module.bilinear)(tpl.bilinear)
    extend.tangent(module.cube)(tpl.cube_tangent)
    extend.deflinear(module.double)
    extend.defmultilinear(module.bilinear)
    assert [rules.lookup_tangent(p).kind for p in (module.cube, module.double, module.bilinear)] == \
        ["template", "linear", "multilinear"]
    rng = np.random.default_rng(0)
    check_jvp(module.f, [rng.standard_normal(3), rng.standard_normal(3)], wrt=(0, 1))
    text = compiled(module.f, (0, 1), mode="forward").source
    assert "double(t_y)" in text and "bilinear(t_x, y)" in text and "bilinear(x, t_y)" in text


def test_extend_elementwise_derives_the_tangent_and_broadcasts(tmp_path):
    """`extend.adjoint(..., elementwise=True)`: declared broadcasting, tangent derived from the adjoint."""
    module = _module(tmp_path, "own_elementwise", textwrap.dedent('''\
        import numpy as np


        def softclip(x, y):
            return np.logaddexp(x, y)


        def f(x, y):
            return np.sum(softclip(x * x, y) * x)
        '''))
    tpl = _module(tmp_path, "own_elementwise_templates", textwrap.dedent('''\
        import numpy as np

        from s2sgrad.runtime import unbroadcast


        def softclip(result, x, y, *, d_result):
            return unbroadcast(d_result * np.exp(x - result), x), unbroadcast(d_result * np.exp(y - result), y)
        '''))
    extend.adjoint(module.softclip, elementwise=True)(tpl.softclip)
    assert rules.declared(module.softclip, "elementwise") and rules.lookup_tangent(module.softclip).kind == "elementwise"
    rng = np.random.default_rng(1)
    args = [rng.standard_normal((2, 3)), rng.standard_normal(3)]
    check_grads(module.f, args, wrt=(0, 1))
    check_jvp(module.f, args, wrt=(0, 1))


def test_extend_when_registers_the_rule_of_one_option(tmp_path):
    """`when={option: values}`: the rule of calls with that constant, beside the general rule."""
    module = _module(tmp_path, "own_option", textwrap.dedent('''\
        import numpy as np


        def scale(x, mode="double"):
            return 2.0 * x if mode == "double" else 3.0 * x


        def f(x):
            return np.sum(scale(x) + scale(x * x, mode="triple"))
        '''))
    tpl = _module(tmp_path, "own_option_templates", textwrap.dedent('''\
        def scale(result, x, mode="double", *, d_result):
            return d_result * (2.0 if mode == "double" else 3.0)


        def scale_triple(result, x, mode="double", *, d_result):
            return d_result * 3.0
        '''))
    extend.adjoint(module.scale)(tpl.scale)
    extend.adjoint(module.scale, when={"mode": ("triple",)})(tpl.scale_triple)
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(check_grads(module.f, [x]), 2.0 + 6.0 * x)
    assert "* 3.0" in compiled(module.f, 0).source
    with pytest.raises(extend.RuleDefinitionError, match="not a parameter"):
        extend.adjoint(module.scale, when={"kind": ("x",)})(tpl.scale_triple)
    with pytest.raises(extend.RuleDefinitionError, match="without when= first"):
        extend.adjoint(object(), when={"mode": ("x",)})(tpl.scale_triple)


def test_conventions_at_kinks_and_singular_points(tmp_path):
    """The documented values where the derivative is undefined or infinite."""
    module = _module(tmp_path, "kinks", "import numpy as np\n\n\n"
                     "def absolute(x):\n    return np.sum(np.abs(x))\n\n\n"
                     "def root(x):\n    return np.sum(np.sqrt(x))\n\n\n"
                     "def norm(x):\n    return np.linalg.norm(x)\n\n\n"
                     "def biggest(x):\n    return np.max(x)\n\n\n"
                     "def guarded(x):\n    return np.sum(np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), 0.0))\n\n\n"
                     "def unguarded(x):\n    return np.sum(np.where(x > 0, np.log(x), 0.0))\n")
    import s2sgrad
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(s2sgrad.grad(module.absolute)(np.array([0.0, -2.0, 3.0])), [0.0, -1.0, 1.0])
        assert np.isinf(s2sgrad.grad(module.root)(np.array([0.0, 4.0]))[0])
        np.testing.assert_array_equal(s2sgrad.grad(module.norm)(np.zeros(3)), np.zeros(3))
        np.testing.assert_allclose(s2sgrad.grad(module.biggest)(np.array([1.0, 3.0, 3.0])), [0.0, 0.5, 0.5])
        np.testing.assert_allclose(s2sgrad.grad(module.guarded)(np.array([0.0, 2.0])), [0.0, 0.5])
        np.testing.assert_allclose(s2sgrad.grad(module.unguarded)(np.array([0.0, 2.0])), [0.0, 0.5])   # gated


def test_einsum_with_more_than_four_operands_is_refused(tmp_path):
    """Not silently zero: a rule whose operands do not bind is a located error (one operand has
    a rule now: its rows are in tests/rule_table.py)."""
    from s2sgrad.errors import UserCodeError
    module = _module(tmp_path, "einsum_five", "import numpy as np\n\n\ndef f(x, y):\n"
                     "    return np.sum(np.einsum('ij,jk,kl,lm,mn->in', y, y, y, y, x))\n")
    with pytest.raises(UserCodeError, match="one to four operands"):
        compiled(module.f, 0)
    module = _module(tmp_path, "einsum_sublist", "import numpy as np\n\n\ndef f(x):\n"
                     "    return np.sum(np.einsum(x, [0, 1], [1, 0]))\n")
    with pytest.raises(UserCodeError, match="string literal"):
        compiled(module.f, 0)


def test_an_argument_collected_by_star_parameter_is_never_silently_constant(tmp_path):
    """np.gradient's spacing (`*varargs`) has no cotangent: differentiated, it is refused."""
    from s2sgrad.errors import UserCodeError
    module = _module(tmp_path, "gradient_spacing", "import numpy as np\n\n\ndef f(x, h):\n"
                     "    return np.sum(np.gradient(x, h) ** 2)\n")
    with pytest.raises(UserCodeError, match="varargs"):
        compiled(module.f, (0, 1))
    assert compiled(module.f, 0) is not None


def test_norm_of_an_order_known_only_at_run_time(tmp_path):
    """`np.linalg.norm(x, p)`, p a parameter: the general rule tests p when the gradient runs, for
    vector and matrix norms of every order, in both modes."""
    module = _module(tmp_path, "norm_order", "import numpy as np\n\n\n"
                     "def f(x, p):\n    return np.linalg.norm(x, p)\n\n\n"
                     "def g(x, p):\n    return np.linalg.norm(x, p, axis=(2, 0))\n")
    rng = np.random.default_rng(3)
    vector, matrix, stack = rng.uniform(0.5, 2.0, 5) * [1, -1, 1, -1, 1], rng.standard_normal((3, 4)), \
        rng.standard_normal((3, 4, 2))
    cases = [(module.f, vector, p) for p in (None, 0, 1, -1, 2, -2, np.inf, -np.inf, 3, 0.5)] + \
        [(module.f, matrix, p) for p in (None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf)] + \
        [(module.g, stack, p) for p in ("nuc", 1, -2, -np.inf)]
    for fn, x, p in cases:
        check_grads(fn, [x.copy(), p], wrt=0)
        check_jvp(fn, [x.copy(), p], wrt=0)


def test_norm_of_a_constant_order_has_a_rule_of_its_own(tmp_path):
    """A constant `ord` chooses its rule when the function is transformed: no test of the order
    is left in the emitted code (`rules.chosen`), in either mode."""
    module = _module(tmp_path, "norm_constant", "import numpy as np\n\n\n"
                     "def f(x):\n    return np.linalg.norm(x, 3)\n\n\n"
                     "def g(x, p):\n    return np.linalg.norm(x, p)\n")
    for mode in ("reverse", "forward"):
        assert "inf" not in compiled(module.f, (0,), mode=mode).source
        assert "p in (None, 'fro')" in compiled(module.g, (0,), mode=mode).source
    chosen = rules.chosen(rules.lookup(np.linalg.norm), {"ord": gast.Constant(value=3, kind=None)})
    assert chosen is not rules.lookup(np.linalg.norm) and chosen.template.__name__ == "norm_p"
    assert rules.chosen(rules.lookup(np.linalg.norm), {"ord": gast.Name(id="p", ctx=gast.Load(), annotation=None,
                                                                        type_comment=None)}) \
        is rules.lookup(np.linalg.norm)
