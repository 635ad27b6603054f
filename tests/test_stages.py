"""Each pipeline stage on its own: source before and after, as dedented strings.

Stages: parse, fence, normalize (with jumps, which normalize runs first), reverse,
optimize, codegen.  Also: the normal-form grammar holds on every corpus function.
"""

import inspect
import linecache
import textwrap
import traceback

import gast
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UserCodeError
from s2sgrad.naming import Namer
from s2sgrad.pipeline import GradientModule
from s2sgrad.resolve import StaticResolver
from s2sgrad.transforms import codegen
from s2sgrad.transforms.fence import fence
from s2sgrad.transforms.jumps import lower_jumps
from s2sgrad.transforms.normalize import check_normal_form, normalize
from s2sgrad.transforms.optimize import optimize
from s2sgrad.transforms.parse import parse_function, parse_source
from s2sgrad.transforms.reverse import Reverse
from tests.corpus import CASES


def dedent(text):
    return textwrap.dedent(text).lstrip("\n")


def parsed(text, fname="f"):
    source = parse_source(dedent(text), "m.py")
    return source, source.function(fname)


def show(func, source=None):
    printer = codegen.Printer(source.line_text if source is not None else (lambda line: ""))
    printer.function(func)
    return printer.text()


def function(fname, args, body):
    return gast.FunctionDef(name=fname, args=args, body=body, decorator_list=[], returns=None,
                            type_comment=None, type_params=[])


# -- parse --------------------------------------------------------------------------------
def test_parse_keeps_the_source_and_its_line_numbers():
    before = """
        import numpy as np

        def f(x, y):
            z = np.tanh(x) * y + 1.0
            return np.sum(z * z)
        """
    source, func = parsed(before)
    assert show(func) == dedent("""
        def f(x, y):
            z = np.tanh(x) * y + 1.0
            return np.sum(z * z)
        """)
    assert [stmt.lineno for stmt in func.body] == [4, 5]
    assert source.line_text(4) == "z = np.tanh(x) * y + 1.0"


def test_parse_of_a_live_function_uses_its_file():
    fn = CASES[0].fn
    source, node = parse_function(fn)
    assert node.name == fn.__name__ and node.lineno == fn.__code__.co_firstlineno
    assert source.filename.endswith("tests/corpus/functions.py")


def test_parse_reports_a_syntax_error_with_its_location():
    with pytest.raises(UserCodeError) as info:
        parse_source("def f(x):\n    return x +\n", "m.py")
    assert str(info.value).startswith("m.py:2:")
    assert "syntax error" in str(info.value)


# -- fence --------------------------------------------------------------------------------
def test_fence_lets_supported_code_through_unchanged():
    source, func = parsed("""
        def f(x):
            y = x
            for i in range(3):
                if y > 0.0:
                    y = y * x
            return y
        """)
    before = show(func)
    fence(source, func)
    assert show(func) == before


def test_fence_lists_every_refused_construct_at_once():
    source, func = parsed("""
        def f(x):
            try:
                y = x
            except ValueError:
                y = 0.0
            del y
            global q
            return y
        """)
    with pytest.raises(UserCodeError) as info:
        fence(source, func)
    found = [(d.location.line, d.location.col, d.message) for d in info.value.diagnostics]
    assert found == [
        (2, 4, "`try` is not supported"),
        (6, 4, "`del` is not supported"),
        (7, 4, "`global` is not supported"),
    ]
    assert str(info.value).splitlines()[:3] == ["m.py:2:5: error: `try` is not supported", "        try:",
                                                "        ^"]


# -- normalize (and jumps, which it runs first) -------------------------------------------
def test_normalize_one_primitive_per_statement():
    _, func = parsed("""
        def f(x, y):
            z = np.tanh(x) * y + 1.0
            for row in x:
                z = z + row
            if np.sum(z) > 0.0 and y > 1.0:
                z = -z
            return np.sum(z * z)
        """)
    after = normalize(func, Namer())
    assert show(after) == dedent("""
        def f(x, y):
            tanh_x = np.tanh(x)
            tanh_x_times_y = tanh_x * y
            z = tanh_x_times_y + 1.0
            len_x = len(x)
            for i_row in range(len_x):
                row = x[i_row]
                z = z + row
            sum_z = np.sum(z)
            took_if = sum_z > 0.0
            took_if_2 = took_if
            if took_if_2:
                took_if = y > 1.0
            took_if_3 = took_if
            if took_if_3:
                z = -z
            z_times_z = z * z
            result = np.sum(z_times_z)
            return result
        """)
    assert check_normal_form(after) == []


def test_normalize_loops_over_zip_of_rows_of_an_argument():
    """`for a, b in zip(*rows)` with `rows` an argument: one index loop over `rows[0]` and
    `rows[1]`, after a check that rows has exactly as many rows as the loop unpacks."""
    _, func = parsed("""
        def f(x, rows):
            total = 0.0
            for a, b in zip(*rows):
                total = total + np.sum(a * b * x)
            return total
        """)
    after = normalize(func, Namer())
    assert show(after) == dedent("""
        def f(x, rows):
            total = 0.0
            n_rows = len(rows)
            wrong_count = n_rows != 2
            if wrong_count:
                raise ValueError('zip(*rows) needs exactly 2 rows here: the loop unpacks 2 values')
            row = rows[0]
            row_2 = rows[1]
            len_row = len(row)
            len_row_2 = len(row_2)
            n_items = min(len_row, len_row_2)
            for i_a in range(n_items):
                a = row[i_a]
                b = row_2[i_a]
                a_times_b = a * b
                a_times_b_times_x = a_times_b * x
                sum_value = np.sum(a_times_b_times_x)
                total = total + sum_value
            return total
        """)
    assert check_normal_form(after) == []


def test_normalize_keeps_zip_of_a_static_display_of_rows():
    """`zip(*pairs)` of a display: its rows are known when the function is transformed, and the
    loop is the one over `zip(pairs[0], pairs[1])`, as before."""
    _, func = parsed("""
        def f(x, y):
            pairs = [(x, y), (y, x)]
            total = 0.0
            for a, b in zip(*pairs):
                total = total + a * b
            return total
        """)
    text = show(normalize(func, Namer()))
    assert "wrong_count" not in text and "pairs[0]" in text


def test_normalize_keeps_in_place_updates_and_rotates_while():
    _, func = parsed("""
        def f(x, a):
            y = x
            y += 1.0
            z = x * 2.0
            z += a
            while np.sum(z) < 10.0:
                z = z * 2.0
            b = a if a > 0.0 else -a
            return y[0] + z[1:3].T
        """)
    after = normalize(func, Namer())
    # `y` aliases the argument `x`, so `y += 1.0` must still mutate it; `z` is fresh, which
    # `analyses.aliases` finds: differentiated, its update becomes `z = z + a`.
    assert show(after) == dedent("""
        def f(x, a):
            y = x
            y += 1.0
            z = x * 2.0
            z += a
            sum_z = np.sum(z)
            keep_going = sum_z < 10.0
            while keep_going:
                z = z * 2.0
                sum_z = np.sum(z)
                keep_going = sum_z < 10.0
            took_if = a > 0.0
            if took_if:
                b_2 = a
            else:
                b_2 = -a
            b = b_2
            y_item = y[0]
            z_item = z[1:3]
            z_item_T = z_item.T
            result = y_item + z_item_T
            return result
        """)
    assert check_normal_form(after) == []


def test_normal_form_checker_rejects_unnormalized_code():
    _, func = parsed("""
        def f(x, a):
            while np.sum(x) < 10.0:
                x = x * 2.0
            b = a if a > 0.0 else -a
            return x[0] + b
        """)
    assert check_normal_form(func) == [
        "line 2: `while` test is not a name",
        "line 4: right-hand side is not one primitive operation",
        "line 5: `return` is not `return atom` at the end",
    ]


def test_normal_form_checker_allows_a_break_only_where_the_grammar_does():
    """`if Name: break` ends a loop body (a `while`'s: before the statements recomputing its
    test); a bare `break`, or a stop anywhere else, does not conform."""
    _, func = parsed("""
        def f(x, n, c, go):
            for i in range(n):
                if c:
                    break
                x = x * 2.0
            for i in range(n):
                break
            while go:
                x = x + 1.0
                if c:
                    break
                go = x < 3.0
            while go:
                if c:
                    break
                print(x)
                go = c
            if c:
                break
            return x
        """)
    assert check_normal_form(func) == [
        "line 3: `if Name: break` is not the last statement of a loop body",
        "line 7: `break` is not `if Name: break` at the end of a loop body",
        "line 14: `if Name: break` is not the last statement of a loop body",
        "line 18: `if Name: break` is not the last statement of a loop body",
    ]


def test_jumps_lower_break_to_flags():
    _, func = parsed("""
        def f(xs, s):
            for x in xs:
                if x > 10:
                    break
                s = s + x
            return s
        """)
    lowered = lower_jumps(func, Namer({"xs", "s", "x"}))
    # The jump ends the `if` arm, so the rest of the body becomes the `else` arm (the dead
    # `skip` flag is left to the optimizer).
    assert show(lowered if lowered is not None else func) == dedent("""
        def f(xs, s):
            stop = False
            for x in xs:
                skip = False
                if x > 10:
                    skip = True
                    stop = True
                else:
                    s = s + x
                if stop:
                    break
            return s
        """)


def test_jumps_guard_the_rest_of_the_body_after_a_nested_break():
    _, func = parsed("""
        def f(xs, s):
            for x in xs:
                if x > 0:
                    if x > 10:
                        break
                    s = s * 2
                s = s + x
            return s
        """)
    lowered = lower_jumps(func, Namer({"xs", "s", "x"}))
    assert show(lowered) == dedent("""
        def f(xs, s):
            stop = False
            for x in xs:
                skip = False
                if x > 0:
                    if x > 10:
                        skip = True
                        stop = True
                    else:
                        s = s * 2
                if not skip:
                    s = s + x
                if stop:
                    break
            return s
        """)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_corpus_is_in_normal_form_after_normalization(case):
    source, node = parse_function(case.fn)
    assert check_normal_form(normalize(node, Namer())) == []


# -- reverse ------------------------------------------------------------------------------
def test_reverse_writes_forward_and_adjoint_sweeps():
    source, func = parsed("""
        import numpy as np

        def f(x):
            y = np.sin(x) * x
            return np.sum(y)
        """)
    module = GradientModule()
    unit = module.prepare(source, func, StaticResolver(source), ["x"])
    forward, adjoint, result, grads = Reverse(unit, module.request, split=False).run()
    assert (result.id, grads) == ("result", ["d_x"])
    # Before optimization: one adjoint statement per rule output, copies not yet propagated.
    # The sum's adjoint stays a scalar: every cotangent of `sin_x * x` has x's full shape.
    assert show(function("d_f", func.args, forward + adjoint), source) == dedent("""
        def d_f(x):
            sin_x = np.sin(x)
            y = sin_x * x
            result = np.sum(y)
            # return np.sum(y)
            d_result_2 = d_result
            # y = np.sin(x) * x
            d_sin_x_2 = d_result_2 * x
            d_x_2 = d_result_2 * sin_x
            d_sin_x = d_sin_x_2
            d_x = d_x_2
            d_x_3 = d_sin_x * np.cos(x)
            d_x += d_x_3
        """)


def test_reverse_pushes_what_a_loop_overwrites():
    source, func = parsed("""
        import numpy as np

        def f(x, n):
            y = x
            for i in range(n):
                y = np.sin(y)
            return np.sum(y)
        """)
    module = GradientModule()
    unit = module.prepare(source, func, StaticResolver(source), ["x"])
    forward, adjoint, _, _ = Reverse(unit, module.request, split=False).run()
    text = show(function("d_f", func.args, forward + adjoint), source)
    assert "stack.push(y)" in text and "y = stack.pop()" in text
    assert "for i in reversed(range(n)):" in text
    assert "stack.push(n)" not in text and "stack.push(x)" not in text


# -- optimize -----------------------------------------------------------------------------
def test_optimize_propagates_copies_folds_temporaries_and_drops_dead_code():
    source, func = parsed("""
        def g(x):
            t = np.sin(x)
            u = t
            dead = x * 2.0
            v = u * x
            w = v + 1.0
            return w
        """, "g")
    optimize(func, {"t", "u", "dead", "v"})
    assert show(func) == dedent("""
        def g(x):
            w = np.sin(x) * x + 1.0
            return w
        """)


def test_optimize_never_folds_across_a_pop():
    source, func = parsed("""
        def g(x, stack):
            t = x * 2.0
            x = stack.pop()
            w = t + x
            return w
        """, "g")
    optimize(func, {"t"})
    assert show(func) == dedent("""
        def g(x, stack):
            t = x * 2.0
            x = stack.pop()
            w = t + x
            return w
        """)


def ridge_with_alias(w, X, y, lam):
    r = X @ w - y
    acc = np.zeros_like(w)
    alias = acc
    alias += lam * w
    return np.linalg.norm(r) ** 2 + np.sum(acc * w)


def test_optimize_drops_a_push_with_the_pop_whose_value_nothing_reads():
    # `alias`'s shape was pushed for an adjoint that no longer reads it: the push and its bare pop
    # go together, and so does the tape, which nothing else uses.
    text = s2sgrad.emit(ridge_with_alias, wrt="w")
    assert "stack" not in text and "Stack" not in text, text
    rng = np.random.default_rng(2)
    w, X, y = rng.standard_normal(3), rng.standard_normal((4, 3)), rng.standard_normal(4)
    namespace = {}
    exec(compile(text, "d_ridge_with_alias", "exec"), namespace)       # noqa: S102 (the emitted gradient)
    value, grad = namespace["d_ridge_with_alias"](w, X, y, 0.3)
    assert value == ridge_with_alias(w, X, y, 0.3)
    np.testing.assert_allclose(grad, 2 * X.T @ (X @ w - y) + 2 * 0.3 * w, rtol=1e-12)


def test_optimize_folds_a_chain_while_the_line_stays_within_80_characters():
    source, func = parsed("""
        def g(x):
            t1 = np.sin(x) * 0.25
            t2 = t1 + np.cos(x) * 0.5
            t3 = t2 * np.tanh(x) + 1.0
            t4 = t3 * np.exp(x) - np.log1p(x * x)
            t5 = t4 + np.arctan(x) * np.sinh(x)
            return t5
        """, "g")
    optimize(func, {"t1", "t2", "t3", "t4", "t5"})
    # t3 into t4 would make a line over 80 characters: t4 folds into t5 instead (a fold updates the
    # length bound of the statement it folds into, and the line's length decides)
    assert show(func) == dedent("""
        def g(x):
            t3 = (np.sin(x) * 0.25 + np.cos(x) * 0.5) * np.tanh(x) + 1.0
            t5 = t3 * np.exp(x) - np.log1p(x * x) + np.arctan(x) * np.sinh(x)
            return t5
        """)


def test_optimize_gives_a_shared_node_a_copy_where_it_is_met_second():
    from s2sgrad.transforms.optimize import unshare
    source, func = parsed("""
        def g(x):
            a = x + 1.0
            b = x * 2.0
            return b
        """, "g")
    shared = func.body[0].value
    func.body[1].value.left = shared            # `b = (x + 1.0) * 2.0`, the same node twice
    assert unshare(func) is True
    assert func.body[0].value is shared and func.body[1].value.left is not shared
    assert gast.dump(func.body[1].value.left) == gast.dump(shared)
    func.body[0].value.left.id = "y"            # a rewrite of one place leaves the other alone
    assert show(func).splitlines()[2] == "    b = (x + 1.0) * 2.0"


def test_optimize_refuses_a_name_indexed_with_a_store_context():
    from s2sgrad.transforms.optimize import unshare
    source, func = parsed("""
        def g(x, d):
            d[0] = x
            return d
        """, "g")
    func.body[0].targets[0].value.ctx = gast.Store()
    assert unshare(func) is False
    func.body.insert(1, func.body[0])           # shared and refused: copied, and still refused
    assert unshare(func) is False and func.body[0] is not func.body[1]


def test_inline_binds_a_call_as_inspect_does():
    """The inliner's own binding of a call to a rule's template gives what `Signature.bind`
    with defaults gives, and where the call does not fit, its very error."""
    import numpy as np

    from s2sgrad import rules
    from s2sgrad.transforms.inline import bind_arguments
    rule = rules.lookup(np.sum)
    x, axis = gast.Name(id="x", ctx=gast.Load(), annotation=None, type_comment=None), gast.Constant(value=0, kind=None)
    for args, keywords in [((x,), {}), ((x, axis), {}), ((x,), {"axis": axis}), ((x,), {"keepdims": axis})]:
        expected = rule.signature.bind("r", *args, d_result="d", **keywords)
        expected.apply_defaults()
        assert bind_arguments(rule, ("r", *args), keywords, first={"d_result": "d"}) == dict(expected.arguments)
    for args, keywords in [((x, axis, axis, axis, axis, axis, axis), {}), ((x,), {"bogus": axis}), ((), {}),
                           ((x, axis), {"axis": axis}), ((x,), {"out": x})]:
        with pytest.raises(TypeError) as expected:
            rule.signature.bind("r", *args, d_result="d", **keywords)
        with pytest.raises(TypeError) as got:
            bind_arguments(rule, ("r", *args), keywords, first={"d_result": "d"})
        assert str(got.value) == str(expected.value)


# -- codegen ------------------------------------------------------------------------------
def test_codegen_prints_comments_from_source_lines_and_a_line_map():
    source, func = parsed("""
        def f(x):
            y = x * x
            if y > 1.0:
                y = -y
            return y
        """)
    for stmt in gast.walk(func):
        if isinstance(stmt, gast.stmt) and stmt is not func:
            stmt.s2s_line = stmt.lineno
    printer = codegen.Printer(source.line_text)
    printer.function(func, 0, "Docstring.")
    assert printer.text() == dedent('''
        def f(x):
            """Docstring."""
            # y = x * x
            y = x * x
            # if y > 1.0:
            if y > 1.0:
                # y = -y
                y = -y
            # return y
            return y
        ''')
    assert printer.line_map[4] == 2 and printer.line_map[8] == 4


def test_codegen_imports_are_sorted_and_merged():
    lines = {"from s2sgrad.runtime import unbroadcast", "import numpy as np",
             "from s2sgrad.runtime import Stack", "import math"}
    assert codegen.import_block(lines) == ["import math", "import numpy as np",
                                           "from s2sgrad.runtime import Stack, unbroadcast"]


def test_codegen_registers_generated_text_in_linecache():
    text = "def d_f(x):\n    y = x * 2.0\n    raise ValueError(y)\n"
    code = codegen.register(text, "<s2sgrad test:d_f>")
    namespace = {}
    exec(code, namespace)
    assert inspect.getsource(namespace["d_f"]) == text
    assert linecache.getline("<s2sgrad test:d_f>", 2) == "    y = x * 2.0\n"
    try:
        namespace["d_f"](1.0)
    except ValueError as err:
        shown = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    assert "raise ValueError(y)" in shown


def _corpus_functions():
    from tests.language import CASES as LANGUAGE
    seen, out = set(), []
    for case in list(CASES) + list(LANGUAGE):
        if case.fn.__name__ not in seen:
            seen.add(case.fn.__name__)
            out.append(case.fn)
    return out


@pytest.mark.parametrize("fn", _corpus_functions(), ids=lambda fn: fn.__name__)
def test_every_corpus_function_normalizes_to_the_grammar(fn):
    """The documented normal form holds on code written for other purposes, not only on the
    examples above: every function of both corpora that the fence accepts."""
    source, node = parse_function(fn)
    try:
        fence(source, node)
    except UserCodeError:
        return
    assert check_normal_form(normalize(node, Namer(), source)) == []


# -- factories and callee updates ------------------------------------------------------------
def test_a_factory_call_becomes_the_function_it_makes():
    from s2sgrad.resolve import StaticResolver
    from s2sgrad.transforms.factories import inline_factories
    source = parse_source(dedent("""
        import numpy as np

        def make_step(a):
            def step(x):
                return 0.5 * (x + a / x)
            return step

        def make_shift(b):
            return lambda x: x + b

        def iterate(g, x):
            return g(g(x))

        def f(w, x0):
            step = make_step(np.exp(w))
            return iterate(make_shift(w), step(x0))
        """), "m.py")
    resolver = StaticResolver(source)
    after = inline_factories(resolver.definition("f"), source, resolver)
    assert show(after) == dedent("""
        def f(w, x0):
            a_step = np.exp(w)
            def step(x):
                return 0.5 * (x + a_step / x)
            b_make_shift = w
            make_shift_fn = lambda x: x + b_make_shift
            return iterate(make_shift_fn, step(x0))
        """)


def test_objects_of_a_plain_class_become_records_and_their_methods_nested_functions():
    from s2sgrad.resolve import StaticResolver
    from s2sgrad.transforms.objects import inline_objects
    source = parse_source(dedent("""
        import numpy as np

        class Dense:
            def __init__(self, W, b):
                self.W = W
                self.b = b * 2.0

            def __call__(self, x):
                return np.tanh(x @ self.W + self.b)

        def f(params, x):
            layers = [Dense(W, b) for W, b in params]
            for layer in layers:
                x = layer(x)
            return np.sum(x)
        """), "m.py")
    resolver = StaticResolver(source)
    after = inline_objects(resolver.definition("f"), source)
    why = ("m.py:14:13: `layer(...)` calls an object of a class s2sgrad does not read here (it reads Dense: "
           "plain classes of this file whose __init__ stores attributes and whose other methods read them)")
    assert show(after) == dedent("""
        def f(params, x):
            def Dense_call(self, x):
                return np.tanh(x @ self.W + self.b)
            def Dense_init(W, b):
                self_W = W
                self_b = b * 2.0
                return new_object((self_W, self_b), Dense, 'W b')
            layers = [Dense_init(W, b) for W, b in params]
            for layer in layers:
                x = Dense_call(layer, x) if is_object_of(layer, Dense) else not_an_object(layer, WHY)
            return np.sum(x)
        """).replace("WHY", repr(why))


def test_a_callee_update_of_its_parameter_becomes_a_new_value():
    from s2sgrad.transforms.updates import rebind_updates
    _, func = parsed("""
        import numpy as np

        def project(vx, p):
            vx -= p
            if p[0] > 0:
                vx *= 2.0
            return vx
        """, "project")
    assert show(rebind_updates(func, {"vx"})) == dedent("""
        def project(vx, p):
            vx = vx - p
            if p[0] > 0:
                vx = vx * 2.0
            return vx
        """)
