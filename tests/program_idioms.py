"""More statement variants: helpers and closures, `and`/`or`, comprehension scopes, early
returns, while loops, everyday NumPy, writes through views, containers, objects of plain
classes, a module's dict given as `**` keywords, and other idioms.

Registered in the same table as `tests/program_variants.py` (see there for the protocol).
"""

from tests.program_variants import variant


# --- helper: functions of the module, closures, functions passed as values --------------------

@variant("helper.fills_fresh")
def _helper_fill(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _fill({g.vec(names)}, {g.vec(names)})"], names | {t}


@variant("helper.eye_rotation")
def _helper_rotate(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _rotate({g.scal(names)}, {g.vec(names)})"], names | {t}


@variant("helper.returns_arg")
def _helper_ident(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _ident({g.vec(names)}) * c"], names | {t}


@variant("helper.function_argument")
def _helper_apply(g, names, depth):
    t = g.vtarget()
    fn = g.ch.choice(["np.tanh", "_square", "np.sin"])
    return [f"{t} = _apply({fn}, {g.vec(names)})"], names | {t}


@variant("helper.closure_argument")
def _helper_closure_arg(g, names, depth):
    t, inner, a, b = g.vtarget(), g.fresh("inner"), g.vec(names), g.vec(names)
    return [f"def {inner}(u):", f"    return u * {b} + c", f"{t} = _apply({inner}, {a})"], names | {t}


@variant("helper.lambda")
def _helper_lambda(g, names, depth):
    t, inner, a, s = g.vtarget(), g.fresh("lam"), g.vec(names), g.scal(names)
    return [f"{inner} = lambda u: np.sin(u) * {s}", f"{t} = {inner}({a}) + {inner}({a} * 2.0)"], names | {t}


@variant("helper.recursive_default")
def _helper_recursive(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _smooth({g.vec(names)}) + _scaled({g.vec(names)})"], names | {t}


@variant("helper.closure_over_input")
def _helper_closure_over_input(g, names, depth):
    # the argument is a constant: the result depends on the input only through what `inner` captures
    t, inner, b = g.vtarget(), g.fresh("inner"), g.vec(names)
    return [f"def {inner}(u):", f"    return u * {b}", f"{t} = _apply({inner}, np.ones(4)) + {g.vec(names)}"], names | {t}


@variant("helper.partial_made_inline")
def _helper_partial_inline(g, names, depth):
    t, a, b, s = g.vtarget(), g.vec(names), g.vec(names), g.scal(names)
    mapped = f"sum(map(functools.partial(_scaled, scale={s}), [{a}, {b}]))"
    return [f"{t} = {mapped} + functools.partial(_helper, {a})({b})"], names | {t}


@variant("helper.updates_fresh_argument")
def _helper_updates_fresh(g, names, depth):
    # `u -= ...` in the helper, on an array made here and never read again
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = np.tanh({a})", f"{t} = _decay_into(h, {b}) + _decay_into({a} * c, {b})"], names | {t}


@variant("helper.factory_over_input")
def _helper_factory_over_input(g, names, depth):
    t, scale = g.vtarget(), g.fresh("scale")
    return [f"{scale} = _make_scaler({g.scal(names)})", f"{t} = {scale}({g.vec(names)})"], names | {t}


@variant("helper.factory_given_to_helper")
def _helper_factory_given(g, names, depth):
    # the factory's closure made in the call and given to a helper that calls it
    t = g.vtarget()
    return [f"{t} = _apply(_make_scaler({g.scal(names)} * c), {g.vec(names)})"], names | {t}


@variant("helper.callable_object")
def _helper_callable_object(g, names, depth):
    # an object of a class whose __init__ stores arrays and whose __call__ reads them
    t, gain, a = g.vtarget(), g.fresh("gain"), g.vec(names)
    return [f"{gain} = _Gain({a}, {g.scal(names)})", f"{t} = {gain}({g.vec(names)}) + _apply({gain}, {a})"], \
        names | {t}


@variant("helper.factory_closure")
def _helper_factory(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _triple({g.vec(names)}) * c"], names | {t}


# --- objects: plain classes as parameter holders, module dicts given as keywords --------------

@variant("objects.method_call")
def _objects_method(g, names, depth):
    t, layer, a = g.vtarget(), g.fresh("layer"), g.vec(names)
    return [f"{layer} = _Layer({a}, {g.scal(names)})",
            f"{t} = {layer}.forward({g.vec(names)}) + {layer}.W * {layer}.shift"], names | {t}


@variant("objects.built_in_loop")
def _objects_loop(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["layers = []", "for k in range(2):", f"    layers.append(_Layer({a} * (k + 1.0), c))",
            f"{t} = {b} * 1.0", "for layer in layers:", f"    {t} = layer.forward({t})"], names | {t}


@variant("globals.dict_splat")
def _globals_splat(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = _affine({a}, **_OPTIONS) * c + _affine({b}, **{{'shift': c}})"], names | {t}


# --- boolop: `and` / `or` used for their value ------------------------------------------------

@variant("boolop.or_value")
def _boolop_or(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    first = g.ch.choice([f"np.sum({a} * 0.0)", "0.0"])
    return [f"{s} = {first} or np.sum({b} * {b})"], names | {s}


@variant("boolop.and_value")
def _boolop_and(g, names, depth):
    s, a, u = g.starget(), g.vec(names), g.scal(names)
    return [f"{s} = c and np.sum(np.sin({a})) * {u}"], names | {s}


@variant("boolop.mixed")
def _boolop_mixed(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    return [f"{s} = (np.sum({a}) > 0.0 and np.sum({b} * c)) or c * 2.0"], names | {s}


# --- scope: comprehensions that reuse an enclosing loop variable's name -----------------------

@variant("scope.for_shadow")
def _scope_for(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["for k in range(2):", f"    parts = [{a} * (k + 1.0) for k in range(3)]",
            f"    {t} = {b} + sum(parts) * k"], names | {t}


@variant("scope.while_shadow")
def _scope_while(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["k = 0", f"{t} = {b} * 1.0", "while k < 2:", f"    parts = [{a} * (k + 1.0) for k in range(3)]",
            f"    {t} = {t} + sum(p * p for p in parts) * 0.1 * k", "    k = k + 1"], names | {t}


@variant("scope.while_shadow_bound", focus_only=True)
def _scope_while_bound(g, names, depth):
    """In f, k counts 0..3; were the comprehension's k to leak, `k < 4` would never end (so
    this variant is only a focus: as a surrounding statement it would make timeouts of all)."""
    t, a = g.vtarget(), g.vec(names)
    return ["k = 0", f"{t} = {a} * 1.0", "while k < 4:", f"    {t} = np.stack([{t} * (k + 1.0) for k in range(3)])[k % 3]",
            "    k = k + 1"], names | {t}


@variant("scope.three_scopes")
def _scope_three(g, names, depth):
    """Three scopes that name their variable k: a dict comprehension, a loop, a comprehension in it."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"d = {{k: {a} * (k + c) for k in range(2)}}", f"{t} = {b} * 0.0", "for k in range(2):",
            f"    parts = [{b} * (k + 1.0) for k in range(3)]", f"    {t} = {t} + parts[k] * np.sum(d[k])"], names | {t}


@variant("scope.stack_shadow")
def _scope_stack(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {b} * 1.0", "for i in range(2):",
            f"    {t} = {t} + np.stack([{a} * i for i in range(3)]).sum(axis=0) * (i + 1.0)"], names | {t}


@variant("scope.iterate_array")
def _scope_iterate(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = np.array([v * c + v * v for v in {a}])"], names | {t}


@variant("scope.dict_comprehension")
def _scope_dict(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"d = {{k: {a} * (k + c) for k in range(2)}}", f"{t} = d[1] * d[0] + {b}"], names | {t}


# --- early: returns from inside loops and branches --------------------------------------------

@variant("early.in_for", compound=True)
def _early_for(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    inner, names = g.nested(names | {t}, depth)
    return [f"{t} = {b} * 1.0", "for i in range(3):", f"    {t} = np.tanh({a}) * c + {t} * 0.5",
            f"    if np.sum({t}) > 0.5 * i:", f"        return np.sum({t} * {t})"] + inner, names | {t}


@variant("early.in_while")
def _early_while(g, names, depth):
    a = g.vec(names)
    return ["k = 0", "while k < 5:", f"    if np.sum({a} * {a}) > 0.5 + k:", f"        return np.sum({a}) * c",
            "    k += 1"], names


@variant("early.else_branch", compound=True)
def _early_else(g, names, depth):
    a, s = g.vec(names), g.scal(names)
    inner, new = g.block(names, depth + 1)
    return [f"if np.sum({a}) > 0.0:"] + ["    " + x for x in inner] + ["else:", f"    return {s} * np.sum({a})"], new


# --- loops: while loops as people write them -------------------------------------------------

@variant("loops.while_counter")
def _loops_counter(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return ["m = 0", f"{t} = {a} * 1.0", f"while np.sum({t} * {t}) > 0.5 and m < 8:", f"    {t} = {t} * 0.7",
            "    m += 1"], names | {t}


@variant("loops.while_true_break")
def _loops_true(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = {a} * 1.0", "m = 0", "while True:", f"    {t} = np.tanh({t}) * c", "    m += 1",
            f"    if np.max(np.abs({t})) < 0.5 or m > 4:", "        break"], names | {t}


@variant("loops.while_else")
def _loops_else(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", "m = 0", "while m < 3:", f"    {t} = {t} * {b} + c", "    m += 1",
            f"    if np.sum({t}) > 4.0:", "        break", "else:", f"    {t} = {t} * 0.5"], names | {t}


@variant("loops.continue")
def _loops_continue(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = {a} * 1.0", "for i in range(4):", "    if i == 1:", "        continue",
            f"    {t} = {t} + {a} * i * c"], names | {t}


@variant("loops.zip_rows", compound=True)
def _loops_zip(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    inner, names = g.nested(names, depth)
    return [f"{t} = {b} * 0.0", f"for u, v in zip({a}, {b}):", f"    {t} = {t} + u * v * c"] + inner, names | {t}


# --- numpy: everyday NumPy idioms --------------------------------------------------------------

@variant("numpy.softmax")
def _numpy_softmax(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"m = np.max({a})", f"e = np.exp({a} - m)", f"{t} = e / np.sum(e) * {b}"], names | {t}


@variant("numpy.logsumexp")
def _numpy_logsumexp(g, names, depth):
    s, a = g.starget(), g.vec(names)
    return [f"m = np.max({a})", f"{s} = m + np.log(np.sum(np.exp({a} - m)))"], names | {s}


@variant("numpy.normalize")
def _numpy_normalize(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} / (np.linalg.norm({a}) + 1.0) + {b} / np.sqrt(np.sum({b} ** 2) + 1.0)"], names | {t}


@variant("numpy.outer_keepdims")
def _numpy_outer(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"M = {a}[:, None] * {b}[None, :]", "M = M - np.mean(M, axis=1, keepdims=True)",
            f"{t} = M.sum(axis=0) + M @ {b}"], names | {t}


@variant("numpy.solve")
def _numpy_solve(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"A = np.eye(4) * 2.0 + np.outer({a}, {a}) * 0.1", f"{t} = np.linalg.solve(A, {b})"], names | {t}


@variant("numpy.sort_index")
def _numpy_sort(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"order = np.argsort({a})", f"{t} = {a}[order] * {b} + np.sort({b})"], names | {t}


@variant("numpy.mask_reduce")
def _numpy_mask(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    return [f"{s} = np.sum({a}[{b} > 0.0] ** 2) + np.mean(np.where({a} > 0.0, {a}, 0.1 * {a}))"], names | {s}


@variant("numpy.cumsum_diff")
def _numpy_cumsum(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = np.cumsum({a} * c)", f"{t} = np.concatenate([{t}[:1], np.diff({t})]) + np.clip({a}, -0.5, 0.5)"], \
        names | {t}


@variant("numpy.where_float_condition")
def _numpy_where_float(g, names, depth):
    """np.where on a float condition (nonzero is True), as a 0/1 weight array is often used."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"weight = np.maximum({a} * c, 0.0)", f"{t} = np.where(weight, {a}, {b} * 0.5)"], names | {t}


@variant("numpy.row_loop")
def _numpy_rows(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"M = np.outer({a}, {b})", f"{t} = {b} * 0.0", "for row in M:", f"    {t} = {t} + np.tanh(row) * c"], \
        names | {t}


@variant("numpy.einsum_dot")
def _numpy_einsum(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    return [f"{s} = np.einsum('i,i->', {a}, {b}) + np.dot({a}, {b}) * 0.5 + np.inner({a}, {a}) * 0.1"], names | {s}


@variant("numpy.stats_methods")
def _numpy_stats(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = ({a} - {a}.mean()) / ({a}.std() + 1.0) + {b}.var() * {b}.reshape(2, 2).T.ravel()"], names | {t}


# --- views: writes through slices and overlapping in-place updates ----------------------------

@variant("views.view_augassign")
def _views_aug(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"v = {t}[1:3]", f"v *= {b}[:2]", f"{t} = {t} + v.sum()"], names | {t}


@variant("views.overlapping_update")
def _views_overlap(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"{t}[1:] += {t}[:-1] * c", f"{t}[:-1] = {t}[1:] * {b}[:-1]"], names | {t}


@variant("views.copy_idiom_then_store")
def _views_copy_idiom(g, names, depth):
    """A copy made by arithmetic (`* 1.0`), then a store into the original."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"keep = {t} * 1.0", f"{t}[1] = {t}[1] * {b}[1]", f"{t} = {t} + keep * c"], names | {t}


@variant("views.strided_store")
def _views_strided(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = np.copy({a})", f"{t}[::2] *= c", f"{t}[1::2] = {b}[::2] + {t}[::-2]"], names | {t}


@variant("views.matrix_transpose_update")
def _views_transpose(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["M = np.zeros((4, 4))", "for i in range(4):", f"    M[i, :] = {a} * (i + c)", "M += M.T",
            f"{t} = M @ {b}"], names | {t}


@variant("views.full_slice_assign")
def _views_full(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"E = np.empty_like({a})", f"E[:] = {a} * c", f"E[{b} > 0.0] += 1.0", f"{t} = E"], names | {t}


# --- containers: dicts, tuples and lists of arrays as people pass them ------------------------

@variant("containers.dict_params")
def _containers_dict(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"p = {{'w': {a}, 'b': c}}", "p['w'] = p['w'] * 2.0", f"{t} = p['w'] * p['b'] + {b}"], names | {t}


@variant("containers.tuple_return")
def _containers_tuple(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"mean, var = _stats({a})", f"{t} = ({b} - mean) / np.sqrt(var + 1.0) + 0.25"], names | {t}


@variant("containers.zip_lists")
def _containers_zip(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"xs = [{a}, {b} * c, {a} * {b}]", "ws = [0.5, 1.0, 1.5]", f"{t} = {a} * 0.0",
            "for i, (u, k) in enumerate(zip(xs, ws)):", f"    {t} = {t} + u * k * (i + 1)"], names | {t}


@variant("containers.reversed_index")
def _containers_reversed(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = {a} * 1.0", f"for i in range(len({a}) - 1, 0, -1):",
            f"    {t}[i - 1] = {t}[i - 1] + {t}[i] * c"], names | {t}


# --- idioms: more of what people write ---------------------------------------------------------

@variant("idioms.nested_comprehension")
def _idioms_grid(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"grid = [[{a}[i] * {b}[j] for j in range(4)] for i in range(4)]",
            f"{t} = np.array(grid).sum(axis=1) * c"], names | {t}


@variant("idioms.sum_zip")
def _idioms_sum_zip(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    return [f"{s} = sum(u * v for u, v in zip({a}, {b})) + sum(abs(u) for u in {a})"], names | {s}


@variant("idioms.dict_items")
def _idioms_items(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"terms = {{'first': {a}, 'second': {b} * c}}", f"{t} = {a} * 0.0", "for key, value in terms.items():",
            f"    {t} = {t} + value * len(key)"], names | {t}


@variant("idioms.powers")
def _idioms_powers(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} ** 3 + np.power({b}, 2) * c + c ** ({a} * 0.5) + np.abs({a}) ** 1.5"], names | {t}


@variant("idioms.det_inv")
def _idioms_det(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"A = np.eye(4) + np.outer({a}, {b}) * 0.1", f"{t} = np.linalg.inv(A) @ {a} * np.linalg.det(A)"], names | {t}


@variant("idioms.shape_shuffles")
def _idioms_shuffles(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = np.roll({a}, 1) + np.flip({b}) + np.tile({a}[:2], 2) + np.repeat({b}[::2], 2)",
            f"{t} = {t}[::-1] * c"], names | {t}


@variant("idioms.float_branch")
def _idioms_float_branch(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"level = float(np.sum({a}))", f"{t} = {a} * level if level > 0.0 else {b} * (1.0 - level)",
            "reps = int(abs(level) * 2) % 3", "for i in range(reps):", f"    {t} = np.sin({t}) + {b}"], names | {t}


@variant("idioms.list_item_augassign")
def _idioms_list_aug(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"acc = [{a} * 0.0, {b} * 0.0]", "for i in range(3):", f"    acc[i % 2] += {a} * (i + c)",
            f"{t} = acc[0] - acc[1]"], names | {t}


@variant("idioms.def_in_loop", compound=True)
def _idioms_def_loop(g, names, depth):
    t, a, b, inner = g.vtarget(), g.vec(names), g.vec(names), g.fresh("step")
    return [f"{t} = {a} * 1.0", "for i in range(2):", f"    def {inner}(u):", f"        return u * (i + 1.0) + {b}",
            f"    {t} = np.tanh({inner}({t}))"], names | {t}


@variant("idioms.nested_break_continue")
def _idioms_break_continue(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", "for i in range(3):", "    if i == 1:", "        continue", "    for j in range(3):",
            f"        {t} = {t} * 0.9 + {b} * c", f"        if np.sum({t}) > 1.0 + j:", "            break"], names | {t}


@variant("idioms.while_tolerance")
def _idioms_newton(g, names, depth):
    s, a = g.starget(), g.vec(names)
    return [f"target = np.sum({a} * {a}) + 1.0", "root = 1.0", "m = 0",
            "while abs(root * root - target) > 1e-10 and m < 50:", "    root = 0.5 * (root + target / root)",
            "    m += 1", f"{s} = root * c"], names | {s}


@variant("idioms.matrix_rows_store")
def _idioms_rows_store(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["J = np.zeros((4, 4))", "for i in range(4):", f"    J[i] = {a} * {b}[i]", "    J[i, i] += c",
            f"{t} = np.linalg.solve(J + np.eye(4) * 4.0, {b})"], names | {t}


# --- functions: lists of functions iterated, zipped, indexed, held by an object -----------------

@variant("functions.two_fors")
def _functions_two_fors(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = sum([fn({a}) * k for fn in [np.sin, _square] for k in [1.0, 0.5]]) + {b}"], names | {t}


@variant("functions.zip_weights")
def _functions_zip(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"{t} = sum(fn({a}) * w for fn, w in zip(_ACTS, [0.5, c]))"], names | {t}


@variant("functions.by_index")
def _functions_by_index(g, names, depth):
    t, fs, a, b = g.vtarget(), g.fresh("fs"), g.vec(names), g.vec(names)
    return [f"{fs} = [np.tanh, lambda u: u * c, _square]", f"{t} = {fs}[0]({a}) + {fs}[-1]({b}) * 0.5"], names | {t}


@variant("functions.range_len")
def _functions_range_len(g, names, depth):
    t, fs, i, a, b = g.vtarget(), g.fresh("fs"), g.fresh("i"), g.vec(names), g.vec(names)
    return [f"{fs} = (np.sin, _square)", f"{t} = {a} * 1.0", f"for {i} in range(len({fs})):",
            f"    {t} = {t} * 0.5 + {fs}[{i}]({b}) * ({i} + 1.0)"], names | {t}


@variant("functions.global_list_loop")
def _functions_global_loop(g, names, depth):
    t, act, a = g.vtarget(), g.fresh("act"), g.vec(names)
    return [f"{t} = {a} * c", f"for {act} in _ACTS:", f"    {t} = {act}({t}) * 0.8"], names | {t}


@variant("functions.held_by_object")
def _functions_object(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = _Stack({a} * 0.5, c).apply({b})"], names | {t}


@variant("functions.given_to_object")
def _functions_given_to_object(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = _Chain({a} * 0.5, [np.sin, lambda u: u * c]).apply({b})"], names | {t}


@variant("functions.zip_grown")
def _functions_zip_grown(g, names, depth):
    t, ws, k, fn, w, a, b = (g.vtarget(), g.fresh("ws"), g.fresh("k"), g.fresh("fn"), g.fresh("w"), g.vec(names),
                             g.vec(names))
    return [f"{ws} = []", f"for {k} in range(1):", f"    {ws}.append(c * ({k} + 1.0))",
            f"{t} = sum(fn({a}) * w for fn, w in zip(_ACTS, {ws})) + {b}",
            f"for {fn}, {w} in zip(_ACTS, {ws}):", f"    {t} = {t} + {fn}({b}) * {w}"], names | {t}


@variant("functions.same_list_twice")
def _functions_same_list_twice(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = _Chain({a} * 0.5, [np.sin, _square]).apply({b})",
            f"{t} = {t} + _Chain({b} * 0.2, [np.sin, _square]).apply({a})"], names | {t}
