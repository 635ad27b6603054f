"""What the reverse pass refuses while it builds steps: each check returns a located Diagnostic or None."""

import ast
import operator

import gast
from numpy.lib.stride_tricks import as_strided

from ...analyses.ops import dotted
from ...errors import Diagnostic
from ...trees import walk
from ..normalize import loaded_names, name
from .nodes import _is_append, _locate
from ...analyses.aliases import _bound
from ...resolve import UserFunction


def requirement_problem(rule, op):
    """The message of the rule's requirement (or signature) that the call breaks, or None."""
    try:
        rule.signature.bind(None, *op.args, **op.keywords, d_result=None)
    except TypeError as err:
        return f"call to `{op.name}` does not match its rule: {err}"
    return None


def shared_store_problem(unit, stmt):
    """The diagnostic for `y[i] = v` where another name may see the write, or None."""
    base = stmt.targets[0].value
    info = unit.activity
    if isinstance(base, gast.Name) and base.id in _strided_views(info):
        return Diagnostic(unit.location(stmt), f"in-place update of `{written_as(unit, stmt, base.id) or base.id}`, a view "
                          "made by as_strided whose entries may share memory, is not differentiable",
                          "build the windows with sliding_window_view and write into a copy (`w = w.copy()`)")
    write = unit.aliases.write(stmt)
    if not (isinstance(base, gast.Name) and write is not None and not write.private
            and info.types.get(base.id) != "int" and (info.active or unit.wrt)):
        return None
    shown = written_as(unit, stmt, base.id)
    if shown is None:               # a statement over several lines: the caret shows where
        return Diagnostic(unit.location(stmt), f"in-place update of the array written here, {_sharing(write, unit)}, "
                          "is not differentiable", "write into a copy under a name of its own (`part = ....copy()`)")
    if shown != base.id:            # an item or a field the user wrote inline (`y[0][1] = v`): a temporary here
        suggestion = (f"write into a copy under a name of its own (`part = {shown}.copy()`, then write into "
                      "`part`), or build a new list or dict for the container")
    elif info.maybe_container(base.id):
        suggestion = (f"write into a copy (`{shown}_new = {shown}.copy()` for an array), or build a new "
                      "dict or a new list for a container")
    else:
        suggestion = f"update a private copy: `{shown}_new = {shown}.copy()`, then write into it"
    return Diagnostic(unit.location(stmt), f"in-place update of `{shown}`, {_sharing(write, unit)}, "
                      "is not differentiable", suggestion)


def _strided_views(info):
    """The names that may hold an as_strided view, or a view or item of one (a write there may reach
    other entries of the view through shared memory); worked out once per function."""
    views = getattr(info, "s2s_strided_views", None)
    if views is None:
        views = set()
        found = {t for t, op, _ in info.defs if op.kind == "rule" and op.key is as_strided}
        while found:
            views |= found
            found = {t for t, op, _ in info.defs if t not in views and op.kind in ("atom", "subscript")
                     and views.intersection(op.operands())}
        info.s2s_strided_views = views
    return views


def user_name(unit, name):
    """`name` as the user wrote it (rename.py may have renamed it), or None for a temporary of s2sgrad's."""
    inverse = {new: old for old, new in getattr(unit.node, "s2s_renames", {}).items()}
    if name in inverse:
        return inverse[name]
    return None if name in unit.namer.generated else name


_WRITES_FIRST = ("copyto", "put", "fill_diagonal")        # np.<name>(dst, ...) writes into dst


def written_as(unit, stmt, base):
    """What a store writes into, as the user wrote it: `base` where it is the user's name, else the
    container of the target in the source line (`y[0]` for `y[0][1] = v`, `p.w` for `p.w[0] = v`)."""
    named = user_name(unit, base)
    if named is not None:
        return named
    try:
        node = ast.parse(unit.location(stmt).text.strip()).body[0]
    except (SyntaxError, IndexError):
        return None
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):      # np.copyto(z[1:], v), z[1:].fill(v)
        call = node.value
        out = [k.value for k in call.keywords if k.arg == "out"]
        target = out[0] if out else call.args[0] if call.args and not isinstance(call.func, ast.Attribute) \
            or call.args and call.func.attr in _WRITES_FIRST else getattr(call.func, "value", None)
        return ast.unparse(target) if target is not None else None
    target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
    if isinstance(target, (ast.Subscript, ast.Attribute)):
        return ast.unparse(target.value)
    return None


def append_problem(unit, stmt):
    """The diagnostic for `xs.append(v)` where another name (or a container) holds the list too,
    or None: the appended item would reach that name, which the list's own adjoint cannot see."""
    call = getattr(stmt, "value", None)
    if not (isinstance(stmt, gast.Expr) and _is_append(call)):
        return None
    write = unit.aliases.write(stmt)
    info = unit.activity
    escaping = _escaping_written_item(unit, stmt, call, write)
    if escaping is not None:
        return escaping
    if write is None or write.kind != "append" or not write.seen_by:
        return None
    operands = {n.id for n in walk(call) if isinstance(n, gast.Name)}
    if not operands & info.varied:
        return None
    holder = _seen_by(write, unit) or "another name"
    return Diagnostic(unit.location(stmt), f"appending to a list that `{holder}` also holds (the same list, by "
                      "another name or inside a container) is not differentiable",
                      "build the list under a name of its own (`hs = []`, then `hs.append(...)`), and put it "
                      "where it belongs after the loop")


def _escaping_written_item(unit, stmt, call, write):
    """The diagnostic for `LOG.append(h)`, LOG a global's or an argument's list and `h` an array
    the function writes into in place: the adjoint sweep puts back what those writes overwrote,
    in the very array the caller's list holds.  None otherwise."""
    item = call.args[0] if len(call.args) == 1 else None
    receiver = call.func.value
    outside = isinstance(receiver, gast.Name) and receiver.id not in unit.activity.local_names \
        or write is not None and write.external
    if not outside or not isinstance(item, gast.Name):
        return None
    written = [w for w in unit.aliases.writes.values() if w.name == item.id and w.kind in ("store", "augassign")]
    if not written:
        return None
    receiver = ".".join(dotted(receiver) or ["the list"])
    return Diagnostic(unit.location(stmt), f"`{item.id}`, which this function writes into in place, is appended to "
                      f"`{receiver}`, a list from outside it: the gradient's adjoint sweep puts back what those writes "
                      "overwrote, and the list would show it",
                      f"append a copy: `{receiver}.append({item.id}.copy())`")


def _sharing(write, unit=None):
    if write.external:
        return "which may hold an argument's or a global's array (the caller would see the write)"
    other = _seen_by(write, unit)
    who = f"`{other}`" if other else "another name"
    return f"which {who} may also refer to (a copy, a view or a container) and reads afterwards"


def _seen_by(write, unit):
    """The first name that sees the write as the user wrote it (a temporary of s2sgrad's is skipped)."""
    if unit is None:
        return write.seen_by[0] if write.seen_by else None
    named = next((user_name(unit, n) for n in write.seen_by if user_name(unit, n) is not None), None)
    return named or next((e for e in map(lambda n: _defined_as(unit, n), write.seen_by) if e), None)


def _defined_as(unit, temporary):
    """The expression a temporary of s2sgrad's holds, where it is made only of the user's names
    (`a[1]` for the item of `a[0], a[1] = a[1], a[0]`), else None."""
    for node in walk(unit.func):
        if isinstance(node, gast.Assign) and isinstance(node.targets[0], gast.Name) \
                and node.targets[0].id == temporary:
            names = {n.id for n in walk(node.value) if isinstance(n, gast.Name)}
            if all(user_name(unit, n) == n for n in names):
                return ast.unparse(gast.gast_to_ast(node.value))
            return None
    return None


def active_index_problem(unit, stmt):
    """The diagnostic for an object that does not depend on the differentiated inputs indexed by
    values that do (`np.r_[x, y]`, `np.c_[x, y]`): no derivative flows through an index, so it
    must not be given a silent zero."""
    if not isinstance(stmt, gast.Assign):
        return None
    varied = unit.activity.varied
    indexed = [n for n in [stmt.value] + list(stmt.targets) if isinstance(n, gast.Subscript)
               and not (isinstance(n.value, gast.Name) and n.value.id in varied)]
    active = sorted({name for n in indexed for name in loaded_names(n.slice)} & varied)
    if not active:
        return None
    base = unit.activity.source_of(indexed[0].value)
    what = ".".join(dotted(base) or []) or "an array"
    return Diagnostic(unit.location(stmt), f"`{active[0]}`, which depends on the differentiated inputs, is used as "
                      f"an index of {what}: an index has no derivative",
                      "build the array with np.concatenate / np.stack (for np.r_ / np.c_), or index with "
                      "integers or a mask")


def call_write_problem(unit, stmt):
    """The diagnostic for a call that writes into an argument that is differentiated here, or None."""
    write = unit.aliases.write(stmt)
    info = unit.activity
    if write is None or write.kind != "call":
        return None
    call = stmt.value
    operands = {n.id for n in walk(call) if isinstance(n, gast.Name)}
    touched = ({write.name} | unit.aliases.names_sharing(write)) & info.active
    if not touched and not operands & info.varied or unit.aliases.consumed_arguments(stmt, call):
        return None
    what = ".".join(dotted(call.func) or []) or getattr(call.func, "attr", "the call")
    inside = _written_in_callee(unit, stmt, call)
    if inside is not None:
        return inside
    into = written_as(unit, stmt, write.name) or write.name
    fresh = into if user_name(unit, write.name) is not None else "new"
    return Diagnostic(unit.location(stmt), f"`{what}` writes into `{into}` in place, which is not "
                      "differentiable", f"compute a new value instead: `{fresh}_new = ...`")


def _written_in_callee(unit, stmt, call):
    """The diagnostic at the first statement of a user function (or of one it calls) that writes
    into an array the call passes it; None when the call is not of one."""
    callee, _ = unit.aliases._callee(call)
    if not isinstance(callee, UserFunction):
        return None
    found = []
    for param, atom in sorted(_bound(callee, call).items()):
        site = unit.aliases.written_at(callee, param) if isinstance(atom, gast.Name) else None
        if site is not None:
            found.append((site[0].source.location(site[1]).line, atom.id, site))
    if not found:
        return None
    _, name, (function, written) = min(found, key=lambda f: f[0])
    return Diagnostic(function.source.location(written),
                      f"`{function.name}` writes into `{name}` of `{unit.node.name}` in place, here (the call is at "
                      f"line {unit.location(stmt).line}), which is not differentiable",
                      f"compute a new value in `{function.name}` (`x = x - ...` rather than `x -= ...`, or write "
                      "into a copy) and use what it returns")


def starred_problem(unit, stmt):
    """The diagnostic for `f(*xs)` whose length is known only at run time where the call is
    differentiated (an operand varies with the inputs and the call has or needs a derivative)."""
    call = getattr(stmt, "value", None)
    if not isinstance(call, gast.Call) or not any(isinstance(a, gast.Starred) for a in call.args):
        return None
    info = unit.activity
    op = info.ops.get(id(stmt))
    if op is None or op.kind == "nograd" or not set(op.operands()) & info.varied:
        return None
    return Diagnostic(unit.location(stmt), "`*` unpacking into a differentiated call needs a length known when the "
                      "function is read: a tuple or list display, or a name bound once to one",
                      "pass the items one by one, or build the sequence as a display in the function")


_SYMBOLS = {gast.Add: "+", gast.Sub: "-", gast.Mult: "*", gast.Div: "/", gast.FloorDiv: "//", gast.Mod: "%",
            gast.Pow: "**", gast.MatMult: "@", gast.BitAnd: "&", gast.BitOr: "|", gast.BitXor: "^",
            gast.LShift: "<<", gast.RShift: ">>"}


def shared_update_problem(unit, stmt):
    """The diagnostic for `a op= b` where `a` certainly holds an array that another name may see
    (`b = a; b += 1`): NumPy would update it for that name too.  None where `a` may be a number,
    which rebinds (`rebinding_check` then asks where it runs), or where no other name sees it."""
    target = stmt.target.id
    write = unit.aliases.write(stmt)
    info = unit.activity
    if write is None or write.private or not (info.active or unit.wrt):
        return None
    param = _copied_array_parameter(unit, target)
    if param is None:
        return None
    op = _SYMBOLS.get(type(stmt.op), "+")
    held = "the caller's array" if param == target else f"the array of the argument `{param}` (a name bound to it " \
        "does not copy it)"
    return Diagnostic(unit.location(stmt), f"in-place update of `{target}`, which holds {held}: NumPy would update "
                      "the caller's array, which is not differentiable",
                      f"write `{target} = {target} {op} ...` to make a new array that no other name sees, or "
                      f"`{target} = {target}.copy()` where it is bound")


def _copied_array_parameter(unit, target):
    """The parameter known to hold an array (by its annotation or the kinds of the call) that
    `target` only ever copies by name (`b = a`, `h = state`), or None."""
    info, seen = unit.activity, set()
    while target not in seen:
        seen.add(target)
        if target in unit.params:
            return target if info.types.get(target) == "array" else None
        copies = [(op, stmt) for t, op, stmt in info.defs if t == target and isinstance(stmt, gast.Assign)]
        if len(copies) != 1 or copies[0][0].kind != "atom" or not isinstance(copies[0][1].value, gast.Name):
            return None
        target = copies[0][1].value.id
    return None


def rebinding_check(unit, stmt):
    """`check_rebinding(a, "a", "file:line")` before `a += b`: raises if `a` holds an array."""
    target = stmt.target.id
    loc = unit.location(stmt)
    where = gast.Constant(value=f"{loc.filename}:{loc.line}", kind=None)
    return _locate(gast.Expr(value=gast.Call(
        func=name("check_rebinding"), args=[name(target), gast.Constant(value=target, kind=None), where],
        keywords=[])), stmt)


def item_update_check(unit, stmt):
    """`check_item_update(lst, old, "lst[k]", "file:line")` before the store of `lst[k] op= v`
    whose item another name may see: raises if the item is an array in a list or a dict (NumPy
    would update it in place, for that name too); None where no other name sees it."""
    if not unit.aliases.shared_item_update(stmt):
        return None
    target = stmt.targets[0]
    loc = unit.location(stmt)
    what = unparse_target(target)
    where = gast.Constant(value=f"{loc.filename}:{loc.line}", kind=None)
    shared = gast.Constant(value=unit.aliases.item_seen_by_another_name(stmt), kind=None)
    return _locate(gast.Expr(value=gast.Call(
        func=name("check_item_update"), args=[name(target.value.id), name(stmt.s2s_update_of),
                                              gast.Constant(value=what, kind=None), where, shared],
        keywords=[])), stmt)


def item_copy_check(unit, stmt):
    """`check_item_copy(t, "y[i]", "file:line")` after `t = y[i]`, where `y` is written in place
    later while `t` is still read: raises if the item is a view (y has more axes than the index
    reads); None for any other statement."""
    if not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Subscript)
            and stmt.targets[0].id in getattr(unit.aliases, "checked_items", ())):
        return None
    target = stmt.targets[0].id
    loc = unit.location(stmt)
    read, named = _defined_as(unit, target), user_name(unit, target)
    what = f"{named} = {read}" if named and read else named or read or target
    where = gast.Constant(value=f"{loc.filename}:{loc.line}", kind=None)
    return _locate(gast.Expr(value=gast.Call(
        func=name("check_item_copy"), args=[name(target), gast.Constant(value=what, kind=None), where],
        keywords=[])), stmt)


def unparse_target(target):
    """`lst[k]` as the user wrote it, for a message (`lst[...]` where the index is not simple)."""
    index = target.slice
    text = repr(index.value) if isinstance(index, gast.Constant) else index.id if isinstance(index, gast.Name) \
        else "..."
    return f"{target.value.id}[{text}]"


def bitwise_problem(unit, stmt):
    """The diagnostic for `a | b`, `a & b` or `a ^ b` of values that depend on the differentiated
    inputs, or None: of bits they have no derivative, of dicts (`d | e`) they would need one."""
    info = unit.activity
    op = info.ops.get(id(stmt))
    if op is None or op.kind != "nograd" or op.key not in _BITWISE or not set(op.operands()) & info.varied:
        return None
    return Diagnostic(unit.location(stmt), f"`{_BITWISE[op.key]}` of values that depend on the differentiated inputs "
                      "is not differentiated (of dicts, it would carry their values)",
                      "for dicts, copy and store: `e = dict(d)`, then `e[\"k\"] = v`; for masks, compare "
                      "first (`(x > 0) | (y > 0)`)")


_BITWISE = {operator.or_: "|", operator.and_: "&", operator.xor: "^"}
