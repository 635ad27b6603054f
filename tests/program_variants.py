"""The statements random programs are made of, one registered function per variant.

Each variant `g, names, depth -> (lines, names)` returns the statement's lines and the names
bound after it (see `tests/programs.py` for `g`, the names' kinds and the categories).
A variant's name is `category.what`; `compound=True` marks one that holds random blocks.
"""

VARIANTS = {}
COMPOUND = set()
FOCUS_ONLY = set()


def variant(name, compound=False, focus_only=False):
    """Register a variant; `focus_only` ones are never drawn as surrounding statements."""
    def register(fn):
        VARIANTS[name] = fn
        if compound:
            COMPOUND.add(name)
        if focus_only:
            FOCUS_ONLY.add(name)
        return fn
    return register


# --- classic: the original generator's statements ------------------------------------------

UNARY = ["np.sin({a})", "np.tanh({a})", "np.exp({a} * 0.3)", "{a} * c", "np.cos({a}) * c",
         "np.sqrt({a} * {a} + 1.0)", "np.maximum({a}, 0.2)", "np.log1p({a} * {a})"]
BINARY = ["{a} + {b}", "{a} - {b}", "{a} * {b}", "{a} * 0.5 + {b} * {b}"]


@variant("classic.unary")
def _unary(g, names, depth):
    t = g.vtarget()
    return [f"{t} = " + g.ch.choice(UNARY).format(a=g.vec(names))], names | {t}


@variant("classic.binary")
def _binary(g, names, depth):
    t = g.vtarget()
    return [f"{t} = " + g.ch.choice(BINARY).format(a=g.vec(names), b=g.vec(names))], names | {t}


@variant("classic.store")
def _store(g, names, depth):
    t, a, b, i = g.vtarget(), g.vec(names), g.vec(names), g.ch.choice(["0", "1", "-1", "1:3"])
    return [f"{t} = {a} * 1.0", f"{t}[{i}] = {t}[{i}] * {b}[{i}] + c"], names | {t}


@variant("classic.call")
def _call(g, names, depth):
    t = g.vtarget()
    return [f"{t} = _helper({g.vec(names)}, {g.vec(names)})"], names | {t}


@variant("classic.closure")
def _closure(g, names, depth):
    t, inner = g.vtarget(), g.fresh("inner")
    a, b = g.vec(names), g.vec(names)
    return [f"scale = np.sum({b}) * 0.1", f"def {inner}(u):", "    return np.tanh(u) * scale + c",
            f"{t} = {inner}({a}) + {inner}({a} * 0.5)"], names | {t}


@variant("classic.comprehension")
def _comprehension(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"parts = [{a} * (k + 1.0) for k in range(3) if k != 1]",
            f"{t} = sum(p * p for p in parts) + {b}"], names | {t}


@variant("classic.augassign")
def _augassign(g, names, depth):
    t = g.vtarget()
    return [f"{t} = {g.vec(names)} * 1.0", f"{t} += {g.vec(names)} * c", f"{t} *= 0.9"], names | {t}


@variant("classic.ifexp")
def _ifexp(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * c if np.sum({a}) > 0.0 else {b} - c"], names | {t}


@variant("classic.loop_store")
def _loop_store(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"for i in range(1, {a}.shape[0]):",
            f"    {t}[i] = {t}[i - 1] * {b}[i] + {t}[i] * c"], names | {t}


@variant("classic.append")
def _append(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["acc = []", "for i in range(2):", f"    acc.append({a} * (i + 1.0) + {b})",
            f"{t} = np.stack(acc)[1] - np.stack(acc)[0] * c"], names | {t}


@variant("classic.return")
def _return(g, names, depth):
    a, b = g.vec(names), g.vec(names)
    return [f"if np.sum({a}) > 1.5:", f"    return np.sum({a} * {b}) * c"], names


# --- control: branches and loops around random blocks ----------------------------------------

@variant("control.if", compound=True)
def _if(g, names, depth):
    a = g.vec(names)
    inner, new = g.block(names, depth + 1)
    other, new2 = g.block(names, depth + 1)
    lines = [f"if np.sum({a}) > 0.0:"] + ["    " + s for s in inner] + ["else:"] + ["    " + s for s in other]
    return lines, names | (new & new2)          # only names bound in both arms


@variant("control.for", compound=True)
def _for(g, names, depth):
    inner, names = g.nested(names, depth)
    return [f"for i in range({g.ch.integer(0, 3)}):"] + inner, names


@variant("control.while", compound=True)
def _while(g, names, depth):
    a = g.vec(names)
    inner, names = g.nested(names, depth)
    return ["n = 0", f"while n < 3 and np.sum({a} * {a}) < 4.0:"] + inner + ["    n = n + 1"], names


@variant("control.break", compound=True)
def _break(g, names, depth):
    a = g.vec(names)
    inner, names = g.nested(names, depth)
    return ["for i in range(3):", f"    if np.sum({a}) > 0.5 * i:", "        break"] + inner, names


@variant("control.nested_for", compound=True)
def _nested_for(g, names, depth):
    inner, names = g.nested(names, depth)
    return ["for i in range(2):", "    for j in range(2):"] + ["    " + s for s in inner], names


# --- mlp: a loop over a list of differently shaped layers ------------------------------------

@variant("mlp.tuple_loop")
def _mlp_tuple_loop(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"h = {a}", "for W, b in params:", "    out = h @ W + b", "    h = np.tanh(out)",
            f"{t} = {a} * np.sum(out * out)"], names | {t}


@variant("mlp.enumerate_last_linear")
def _mlp_enumerate(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = {a}", "for i, (W, b) in enumerate(params):", "    h = h @ W + b",
            "    if i < len(params) - 1:", "        h = np.tanh(h)", f"{t} = {b} + np.mean(h) * c"], names | {t}


@variant("mlp.index_loop")
def _mlp_index(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"h = {a}", "for k in range(len(params)):", "    W = params[k][0]", "    b = params[k][1]",
            "    h = np.tanh(h @ W + b)", f"{t} = {a} * np.sum(h)"], names | {t}


@variant("mlp.layer_unpack")
def _mlp_layer_unpack(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"h = {a} * c", "for layer in params:", "    W, b = layer", "    h = np.maximum(h @ W + b, 0.0) + 0.1 * h @ W",
            f"{t} = {a} - np.sum(h * h)"], names | {t}


@variant("mlp.activations_list")
def _mlp_activations(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return ["acts = []", f"h = {a}", "for W, b in params:", "    h = np.tanh(h @ W + b)",
            "    acts.append(np.sum(h * h))", f"{t} = {a} * sum(acts)"], names | {t}


# --- shape: a loop-carried variable whose shape changes ---------------------------------------

@variant("shape.grow")
def _shape_grow(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"h = {a}[:1]", "for i in range(3):", "    h = np.concatenate([h, h * c])",
            f"{t} = {a} * np.sum(h)"], names | {t}


@variant("shape.scalar_to_vector")
def _shape_scalar_to_vector(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = np.sum({a})", "for i in range(2):", f"    h = h * {b} + {a}[i]", f"{t} = h"], names | {t}


@variant("shape.shrink")
def _shape_shrink(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"h = {a}", "for i in range(2):", "    h = h[1:] * h[:-1] + c",
            f"{t} = {a} * np.sum(h)"], names | {t}


@variant("shape.matrix_vector")
def _shape_matrix_vector(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = {a}", "for i in range(3):", "    if i % 2 == 0:", f"        h = np.outer(h, {b})",
            "    else:", "        h = np.tanh(h).sum(axis=0)", f"{t} = np.sum(h, axis=0)"], names | {t}


@variant("shape.while_shrink")
def _shape_while_shrink(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = {a}", "while h.shape[0] > 1:", "    h = h[1:] * 0.5 + h[:-1] * c",
            f"{t} = {b} * h[0]"], names | {t}


# --- scalar: Python and NumPy numbers ----------------------------------------------------------

@variant("scalar.reduce")
def _scalar_reduce(g, names, depth):
    s, a, b = g.starget(), g.vec(names), g.vec(names)
    expr = g.ch.choice([f"np.sum({a} * {b}) * 0.1", f"float(np.dot({a}, {b}))", f"{a}[0] * c",
                        f"np.linalg.norm({a})", f"{a} @ {b} * 0.5", f"{a}.max() + {b}.min()", f"np.mean({a}) * c"])
    return [f"{s} = {expr}"], names | {s}


@variant("scalar.arith")
def _scalar_arith(g, names, depth):
    s, u, v = g.starget(), g.scal(names), g.scal(names)
    expr = g.ch.choice([f"{u} * {v} + c", f"np.sin({u}) * {v}", f"{u} / (1.0 + {v} * {v})", f"max({u}, {v}) * 0.5",
                        f"abs({u} - 0.1) + {v}", f"{u} ** 2 - {v}"])
    return [f"{s} = {expr}"], names | {s}


@variant("scalar.use")
def _scalar_use(g, names, depth):
    t, a, s = g.vtarget(), g.vec(names), g.scal(names)
    return [f"{t} = {a} * {s} + np.tanh({s})"], names | {t}


@variant("scalar.spread_store")
def _scalar_spread(g, names, depth):
    # a number stored into several entries: its cotangent is their sum
    t, a, s = g.vtarget(), g.vec(names), g.scal(names)
    store = g.ch.choice([f"{t}[1:3] = {s}", f"{t}[{a} > 0.0] = {s}", f"{t}.fill({s})", f"{t}[[0, 2, 2]] = {s}",
                         f"{t}[...] = {s} * c"])
    return [f"{t} = {a} * 1.0", store, f"{t} = {t} * {a} + {s}"], names | {t}


@variant("scalar.where_arms")
def _scalar_where(g, names, depth):
    t, a, u, v = g.vtarget(), g.vec(names), g.scal(names), g.scal(names)
    arms = g.ch.choice([(u, "0.0"), (u, v), ("1.0", v), (u, a)])
    return [f"{t} = np.where({a} > 0.0, {arms[0]}, {arms[1]}) * {a}"], names | {t}


# --- alias: a second name for a value, then an update through one of them --------------------

@variant("alias.float_aug")
def _alias_float_aug(g, names, depth):
    s, u, a = g.starget(), g.scal(names), g.vec(names)
    other = "t" if s == "s" else "s"
    return [f"{other} = {u}", f"{other} *= {u}", f"{other} += np.sum({a}) * c", f"{s} = {other} + {u}"], \
        names | {s, other}


@variant("alias.float_aug_loop")
def _alias_float_aug_loop(g, names, depth):
    s, a = g.starget(), g.vec(names)
    return [f"{s} = np.sum({a}) * 0.5", "acc = s0 = " + s, "for i in range(2):", f"    acc *= {s}",
            "    acc += s0 * c", f"{s} = acc"], names | {s}


@variant("alias.array_aug")
def _alias_array_aug(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", "u = " + t, f"u += {b} * c", f"{t} = {t} + u"], names | {t}


@variant("alias.aug_then_alias")
def _alias_aug_then_alias(g, names, depth):
    """A fresh array updated in place, then given a second name: nothing is shared at the update."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"{t} += {b} * c", "h = " + t, f"{t} = h * 0.5 + {a}"], names | {t}


@variant("alias.rebind_then_aug")
def _alias_rebind_then_aug(g, names, depth):
    """A name that aliased another is rebound to a fresh array, then updated in place."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"h = {a} * 2.0", f"{t} = h", f"{t} = {t} * 1.0", f"{t} += {b} * c"], names | {t}


@variant("alias.array_item")
def _alias_array_item(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} + 0.0", f"a2 = {t}", f"a2[0] = {b}[1] * c", f"{t} = {t} * a2"], names | {t}


@variant("alias.tuple_item")
def _alias_tuple_item(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"a2, b2 = {t}, {t}", f"a2[1] = {b}[0] * c", f"{t} = b2 + {b}"], names | {t}


@variant("alias.list_item")
def _alias_list_item(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"box = [{t}]", f"box[0][2] = {b}[2] * c", f"{t} = {t} + {b}"], names | {t}


@variant("alias.helper_returns_arg")
def _alias_helper(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"a2 = _ident({t})", f"a2[0] = {b}[0] * c", f"{t} = {t} * 2.0"], names | {t}


@variant("alias.callee_writes_arg")
def _alias_callee_writes(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"_bump({t}, {b})", f"{t} = {t} * c"], names | {t}


@variant("alias.ifexp")
def _alias_ifexp(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"a2 = {t} if c > 0.0 else {b}", f"a2[3] = {b}[3] * c",
            f"{t} = {t} - {b}"], names | {t}


# --- random: draws from a generator inside the function ---------------------------------------

@variant("random.default_rng")
def _random_default_rng(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return ["rng = np.random.default_rng(0)", "noise = rng.standard_normal(4)",
            f"{t} = {a} * noise + rng.uniform(-1.0, 1.0, size=4) * c"], names | {t}


@variant("random.legacy_seed")
def _random_legacy(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["np.random.seed(0)", f"{t} = {a} + np.random.randn(4) * {b}", f"{t} = {t} * np.random.rand(4)"], \
        names | {t}


@variant("random.loop_draws")
def _random_loop(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return ["rng = np.random.default_rng(1)", f"{t} = {a} * 1.0", "for i in range(2):",
            f"    {t} = {t} * (1.0 + 0.1 * rng.standard_normal(4))"], names | {t}


@variant("random.dropout")
def _random_dropout(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["rng = np.random.default_rng(2)", "keep = rng.random(4) < 0.7",
            f"{t} = np.where(keep, {a}, {b} * rng.normal(0.0, 0.1, size=4)) / 0.7"], names | {t}


@variant("random.permutation")
def _random_permutation(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["rng = np.random.default_rng(3)", "perm = rng.permutation(4)", f"{t} = {a}[perm] * c + {b}"], names | {t}


# --- fresh: arrays from an allocator, then filled by item and slice stores --------------------

@variant("fresh.zeros_stores")
def _fresh_zeros(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["R = np.zeros(4)", f"R[0] = {a}[1] * c", f"R[1:3] = {b}[:2] * {a}[2:]", f"{t} = R + {a}"], names | {t}


@variant("fresh.eye_rotation")
def _fresh_eye(g, names, depth):
    t, a, s = g.vtarget(), g.vec(names), g.scal(names)
    return ["M = np.eye(4)", f"M[1, 1] = np.cos({s})", f"M[1, 2] = -np.sin({s})", f"M[2, 1] = np.sin({s})",
            f"M[2, 2] = np.cos({s})", f"{t} = M @ {a}"], names | {t}


@variant("fresh.empty_loop")
def _fresh_empty(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["E = np.empty(4)", "for i in range(4):", f"    E[i] = {a}[i] * {b}[(i + 1) % 4]", f"{t} = E"], \
        names | {t}


@variant("fresh.ones_matrix")
def _fresh_ones(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["O = np.ones((4, 4))", f"O[:, 0] = {a}", f"O[2, :] *= {b}", f"{t} = O @ {b}"], names | {t}


@variant("fresh.dp_table")
def _fresh_dp(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return ["D = np.zeros((3, 4))", f"D[0] = {a}", "for i in range(1, 3):",
            f"    D[i] = np.tanh(D[i - 1] * c + {b})", f"{t} = D[-1] + D.sum(axis=0)"], names | {t}


@variant("fresh.full_like")
def _fresh_full(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"F = np.full_like({a}, c)", f"F[{a} > 0.0] = {b}[{a} > 0.0] * 2.0", f"{t} = F * {a}"], names | {t}


@variant("fresh.fancy_repeated")
def _fresh_fancy_repeated(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"{t}[[0, 0, 2]] += {b}[:3] * c"], names | {t}


@variant("fresh.fancy_distinct")
def _fresh_fancy_distinct(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = np.zeros_like({a})", f"{t}[[3, 1]] = {b}[:2] * c", f"{t}[np.array([0, 2])] *= {a}[1:3]",
            f"{t} = {t} + {a}"], names | {t}


# --- lists: lists built, then handed to NumPy -------------------------------------------------

@variant("lists.np_array")
def _lists_np_array(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    reduce = g.ch.choice(["np.sum(np.array(terms))", "np.mean(np.asarray(terms))", "np.array(terms) @ np.ones(3)"])
    return ["terms = []", "for i in range(3):", f"    terms.append(np.sum({a} * (i + 1.0)))",
            f"{t} = {b} * ({reduce})"], names | {t}


@variant("lists.rebuilt_in_loop")
def _lists_rebuilt(g, names, depth):
    """A list rebuilt by each iteration of a loop, read after the loop."""
    t, a = g.vtarget(), g.vec(names)
    return ["for j in range(2):", f"    parts = [{a} * (m + c) for m in range(3)]", f"{t} = parts[0] * parts[2]"], \
        names | {t}


@variant("loops.rebind_iterable")
def _loops_rebind_iterable(g, names, depth):
    """`for u in seq` whose body rebinds seq: Python iterates the original."""
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * 1.0", f"seq = {b} * 2.0", "for u in seq:", f"    {t} = {t} + u * c", f"    seq = np.sin({t})"], \
        names | {t}


@variant("lists.np_sum_list")
def _lists_np_sum(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * np.sum([np.sum({a}), np.sum({b} * {b}), c])"], names | {t}


@variant("lists.np_max_list")
def _lists_np_max(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = {a} * np.max([np.sum({a}), np.sum({b})])"], names | {t}


@variant("lists.builtin_sum")
def _lists_builtin_sum(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return ["terms = []", "for i in range(3):", f"    terms.append({a} * (i + c))", f"{t} = sum(terms)"], names | {t}


@variant("lists.stack_pair")
def _lists_stack(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = np.stack([{a}, {b} * c]).sum(axis=0)"], names | {t}


@variant("lists.array_of_scalars")
def _lists_array_scalars(g, names, depth):
    t, a, b = g.vtarget(), g.vec(names), g.vec(names)
    return [f"{t} = np.array([{a}[0], {b}[1] * c, {a}[2] * {b}[3], 1.0])"], names | {t}


@variant("lists.rows_mean")
def _lists_rows(g, names, depth):
    t, a = g.vtarget(), g.vec(names)
    return [f"rows = [{a} * j for j in range(1, 3)]", f"{t} = np.array(rows).mean(axis=0)"], names | {t}
