"""`for` steps of `Normalize`: every loop becomes `for i in range(atoms)`, its items read by index
(sequences, `zip`, `enumerate`, `reversed`, a dict's keys, values and items)."""

import copy

import gast

from ...naming import atom_hint
from ...trees import walk
from .displays import static_unpacking
from .nodes import assign, assigned_names, dict_method, is_call_to, is_numpy, loaded_names, locate, name


class LoopSteps:
    """Normalizes `for` statements into index loops over `range`.

    `LOOP_FORMS` lists the forms a loop may take, tried in order: each is a method
    `(stmt, body_writes) -> bool` that writes the loop and returns True when the statement has
    its form.  A loop of none of them is a loop over a sequence by index.
    """

    LOOP_FORMS = ("_for_range", "_for_enumerate", "_for_zip", "_for_zip_rows", "_for_reversed", "_for_dict_view",
                  "_for_dict_keys")

    def stmt_For(self, stmt):
        """A `for` statement as `for i in range(atoms)`; a checkpointed loop is lifted (reverse mode)."""
        from ..checkpoint import is_checkpointed_loop, lift
        if is_checkpointed_loop(stmt):
            if self.checkpoints:
                return lift(self, stmt)
            stmt = copy.copy(stmt)
            stmt.iter = stmt.iter.args[0] if stmt.iter.args else stmt.iter.keywords[0].value
        body_writes = assigned_names(stmt.body)
        stmt = self._copy_first(without_copy(stmt, body_writes))
        for form in self.LOOP_FORMS:
            if getattr(self, form)(stmt, body_writes):
                return None
        self._sequence_loop(stmt, None, [stmt.iter], [stmt.target], body_writes)
        return None

    def _copy_first(self, stmt):
        """`for k, v in d.copy().items()` whose body writes into `d`: the copy made once, before the
        loop, under a name of its own (`table = d.copy()`), its view iterated."""
        found = _copied_table(stmt.iter)
        if found is None:
            return stmt
        table, view = found
        copied = self.atom(gast.Call(func=gast.Attribute(value=table, attr="copy", ctx=gast.Load()), args=[],
                                     keywords=[]), hint="copy_" + table.id)
        stmt = copy.copy(stmt)
        stmt.iter = copied if view is None else \
            gast.Call(func=gast.Attribute(value=copied, attr=view, ctx=gast.Load()), args=[], keywords=[])
        return stmt

    def _for_range(self, stmt, body_writes):
        """`for i in range(a, b, c)`: the bounds read once, before the loop."""
        iterable = stmt.iter
        if not (called(iterable) == "range" and isinstance(stmt.target, gast.Name) and not iterable.keywords):
            return False
        bounds = [self.atom(a) for a in iterable.args]
        bounds = [self._stable(b, body_writes, "bound") for b in bounds]
        target = stmt.target.id
        prelude = []
        if target in body_writes:   # the loop variable is reassigned: iterate a fresh one
            loop_var = self.namer.fresh(target + "_loop")
            prelude = [assign(target, name(loop_var), stmt)]
            target = loop_var
        body = prelude + self.block(stmt.body)
        self.origin = stmt
        self.emit(self._range_loop(target, bounds, body, stmt), stmt)
        return True

    def _for_enumerate(self, stmt, body_writes):
        """`for i, x in enumerate(xs[, start])`, also `for i, (a, b) in enumerate(zip(as_, bs))`."""
        iterable = stmt.iter
        if not (called(iterable) == "enumerate" and enumerate_start(iterable) is not False
                and isinstance(stmt.target, gast.Tuple) and len(stmt.target.elts) == 2):
            return False
        index, item = stmt.target.elts
        start = None
        if enumerate_start(iterable) is not None:
            start = self.atom(enumerate_start(iterable), hint="start")
        inner = iterable.args[0]
        if is_call_to(inner, "zip") and isinstance(item, gast.Tuple) and len(item.elts) == len(inner.args) \
                and not inner.keywords:
            seqs, items = [reversed_as_slice(s) for s in keys_beside_views(inner.args)], item.elts
        else:
            seqs, items = [reversed_as_slice(inner)], [item]
        self._sequence_loop(stmt, index, seqs, items, body_writes, start)
        return True

    def _for_zip(self, stmt, body_writes):
        """`for a, b in zip(as_, bs)`: one index into each sequence, as long as the shortest."""
        iterable = stmt.iter
        if not (called(iterable) == "zip" and isinstance(stmt.target, gast.Tuple) and not iterable.keywords
                and len(stmt.target.elts) == len(iterable.args)):
            return False
        seqs = [reversed_as_slice(s) for s in keys_beside_views(iterable.args)]
        self._sequence_loop(stmt, None, seqs, stmt.target.elts, body_writes)
        return True

    def _for_zip_rows(self, stmt, body_writes):
        """`for a, b in zip(*rows)`, `rows` of a length known only at run time: `zip(rows[0],
        rows[1])`, after checking that `rows` has as many rows as the target has names (unpacking
        each item would fail otherwise; with an empty `rows` too, where Python runs no iteration)."""
        iterable, target = stmt.iter, stmt.target
        if not (called(iterable) == "zip" and not iterable.keywords and len(iterable.args) == 1
                and isinstance(iterable.args[0], gast.Starred) and isinstance(target, gast.Tuple)
                and not any(isinstance(e, gast.Starred) for e in target.elts)
                and static_unpacking(iterable.args[0].value, self.displays) is None):
            return False
        rows = self._stable(self.atom(iterable.args[0].value, hint="rows"), body_writes, "rows")
        count = len(target.elts)
        self._check_row_count(rows, count)
        seqs = [self.atom(gast.Subscript(value=rows, slice=gast.Constant(value=k, kind=None), ctx=gast.Load()),
                          hint="row") for k in range(count)]
        self._sequence_loop(stmt, None, seqs, target.elts, body_writes)
        return True

    def _check_row_count(self, rows, count):
        """`if len(rows) != count: raise ValueError(...)`."""
        n_rows = self.atom(gast.Call(func=name("len"), args=[rows], keywords=[]), hint="n_rows")
        test = gast.Compare(left=n_rows, ops=[gast.NotEq()], comparators=[gast.Constant(value=count, kind=None)])
        wrong = self.atom(test, hint="wrong_count", fresh=True)
        message = f"zip(*{atom_hint(rows) or 'rows'}) needs exactly {count} rows here: the loop unpacks {count} values"
        error = gast.Call(func=name("ValueError"), args=[gast.Constant(value=message, kind=None)], keywords=[])
        raise_ = locate(gast.Raise(exc=error, cause=None), self.origin)
        self.emit(gast.If(test=wrong, body=[raise_], orelse=[]))

    def _for_reversed(self, stmt, body_writes):
        """`for x in reversed(xs)`: item k is xs[len - 1 - k]; `for k in reversed(d): ... d[k]`, a
        dict's keys from the last."""
        iterable = stmt.iter
        if not (called(iterable) == "reversed" and len(iterable.args) == 1 and not iterable.keywords
                and isinstance(stmt.target, gast.Name)):
            return False
        table = iterable.args[0]
        if isinstance(table, gast.Name) and (indexes_by(stmt.body, table.id, stmt.target.id)
                                             or isinstance(self.displays.get(table.id), gast.Dict)):
            keys = gast.Call(func=gast.Attribute(value=table, attr="keys", ctx=gast.Load()), args=[], keywords=[])
            self._dict_loop(stmt, keys, body_writes, backwards=True)
            return True
        if isinstance(table, gast.Name) and table.id not in self.lists \
                and stmt.target.id in loaded_names(gast.Module(body=stmt.body, type_ignores=[])):
            self._check_sequence(table, stmt)       # a dict's keys are not read by position
        self._sequence_loop(stmt, None, iterable.args, [stmt.target], body_writes, backwards=True)
        return True

    def _check_sequence(self, table, stmt):
        """`check_sequence(d, "reversed(d)", "file:line")`: a dict, which this loop would read by
        position, refused where it runs."""
        where = self.source.location(stmt) if self.source is not None else None
        where = f"{where.filename}:{where.line}" if where is not None else f"line {stmt.lineno}"
        what = gast.Constant(value=f"reversed({table.id})", kind=None)
        call = gast.Call(func=name("check_sequence"), args=[table, what, gast.Constant(value=where, kind=None)],
                         keywords=[])
        self.emit(locate(gast.Expr(value=call), stmt))

    def _for_dict_view(self, stmt, body_writes):
        """`for k, v in d.items()`, `d.keys()`, `d.values()`."""
        if dict_method(stmt.iter) is None:
            return False
        self._dict_loop(stmt, stmt.iter, body_writes)
        return True

    def _for_dict_keys(self, stmt, body_writes):
        """`for k in d: ... d[k]` iterates a dict's keys; so does a loop whose variable only indexes
        (`for k in d: m[k] = g[k]`), which is `list(d)` whatever d is."""
        if not (indexes_itself(stmt) or only_indexes(stmt)):
            return False
        keys = gast.Call(func=gast.Attribute(value=stmt.iter, attr="keys", ctx=gast.Load()), args=[], keywords=[])
        self._dict_loop(stmt, keys, body_writes)
        return True

    def _dict_loop(self, stmt, iterable, body_writes, backwards=False):
        """`for k, v in d.items()` (and .keys(), .values()) -> a loop over `keys_of(d)` (from the
        last key `backwards`)."""
        kind = dict_method(iterable)
        table = self._stable(self.atom(iterable.func.value, hint="table"), body_writes, "table")
        keys = self.atom(gast.Call(func=name("keys_of"), args=[table], keywords=[]),
                         hint="keys_" + (atom_hint(table) or "table"))
        count = self.atom(gast.Call(func=name("len"), args=[keys], keywords=[]), hint="n_keys")
        loop_var = self.namer.fresh("i_key")
        position = name(loop_var)
        if backwards:
            last = self.atom(gast.BinOp(left=count, op=gast.Sub(), right=gast.Constant(value=1, kind=None)), hint="last")
        saved, self.out = self.out, []
        if backwards:
            position = self.atom(gast.BinOp(left=last, op=gast.Sub(), right=position), hint="position")
        key = gast.Subscript(value=keys, slice=position, ctx=gast.Load())
        if kind == "keys":
            self.store(stmt.target, self.atom(key, hint="key"))
        else:
            key_atom = self.atom(key, hint="key")
            value = gast.Subscript(value=table, slice=key_atom, ctx=gast.Load())
            if kind == "values":
                target = stmt.target
            else:
                target = stmt.target.elts[1]
                self.store(stmt.target.elts[0], key_atom)
            self._bind_item(target, value, stmt)
        head, self.out = self.out, saved
        body = head + self.block(stmt.body)
        self.origin = stmt
        self.emit(self._range_loop(loop_var, [count], body, stmt), stmt)

    def _sequence_loop(self, stmt, index, seqs, items, body_writes, start=None, backwards=False):
        """`for items in seqs` by index: `index` the enumerate index (or None), `start` its start."""
        atoms = [self._stable(self.atom(_indexable(s, self.locals), hint="seq"), body_writes, "seq") for s in seqs]
        lengths = [self.atom(gast.Call(func=name("len"), args=[a], keywords=[]), hint="len_" + (atom_hint(a) or "seq"))
                   for a in atoms]
        if len(lengths) > 1:
            count = self.atom(gast.Call(func=name("min"), args=lengths, keywords=[]), hint="n_items")
        else:
            count = lengths[0]
        loop_var, prelude = self._loop_variable(index, items, body_writes, start)
        if backwards:       # `reversed(seq)`: item k is seq[len - 1 - k]
            last = self.atom(gast.BinOp(left=count, op=gast.Sub(), right=gast.Constant(value=1, kind=None)), hint="last")
        saved, self.out = self.out, []
        for target, value in prelude:
            self.store(target, self.atom(value, hint=getattr(target, "id", "index")))
        position = name(loop_var)
        if backwards:
            position = self.atom(gast.BinOp(left=last, op=gast.Sub(), right=name(loop_var)), hint="position")
        for seq, item in zip(atoms, items):
            element = gast.Subscript(value=seq, slice=position, ctx=gast.Load())
            self._bind_item(item, element, stmt)
        head, self.out = self.out, saved
        body = head + self.block(stmt.body)
        self.origin = stmt
        self.emit(self._range_loop(loop_var, [count], body, stmt), stmt)

    def _loop_variable(self, index, items, body_writes, start):
        """(the loop's variable, [(target, value)] binding the enumerate index in the body)."""
        if isinstance(index, gast.Name) and index.id not in body_writes and start is None:
            return index.id, []
        hint = "i_" + (items[0].id if isinstance(items[0], gast.Name) else "item")
        loop_var = self.namer.fresh(hint)
        position = name(loop_var) if start is None else gast.BinOp(left=name(loop_var), op=gast.Add(), right=start)
        return loop_var, [] if index is None else [(index, position)]

    def _bind_item(self, target, value, origin):
        """A loop's item: `x = seq[i]` for a name, unpacked into the pattern otherwise."""
        if isinstance(target, gast.Name):
            self.emit(assign(target.id, value, origin))
        else:
            self.store(target, self.atom(value, hint="item"))

    def _range_loop(self, target, bounds, body, origin):
        call = gast.Call(func=name("range"), args=bounds, keywords=[])
        return locate(gast.For(target=name(target, True), iter=call, body=body, orelse=[], type_comment=None), origin)

    def _stable(self, atom, body_writes, hint):
        """A name the loop body does not reassign, holding the atom's value at loop entry."""
        if isinstance(atom, gast.Name) and atom.id in body_writes:
            tmp = self.namer.fresh(hint + "_" + atom.id)
            self.emit(assign(tmp, atom, self.origin))
            return name(tmp)
        return atom


def _indexable(seq, locals_):
    """`list(seq)` for the iterables that are not sequences a loop can index: a dict's view
    (`enumerate(d.values())`), `np.ndindex(shape)`, a set, and `reversed(...)` where it is not
    read backwards by index (`for k, v in reversed(d.items())`); `seq` itself otherwise."""
    ndindex = isinstance(seq, gast.Call) and isinstance(seq.func, gast.Attribute) and seq.func.attr == "ndindex" \
        and is_numpy(seq.func, locals_)
    unordered = isinstance(seq, (gast.Set, gast.SetComp)) or called(seq) in ("set", "frozenset", "reversed")
    if dict_method(seq) is None and not ndindex and not unordered:
        return seq
    return gast.Call(func=name("list"), args=[seq], keywords=[])


def called(iterable):
    """The name a loop's iterable calls (`range` in `range(n)`), else None."""
    return iterable.func.id if isinstance(iterable, gast.Call) and isinstance(iterable.func, gast.Name) else None


def enumerate_start(call):
    """The start of `enumerate(seq)`, `enumerate(seq, k)` or `enumerate(seq, start=k)`: None for
    0, the expression otherwise; False when the call has another form."""
    keywords = {k.arg: k.value for k in call.keywords}
    if len(call.args) == 1 and set(keywords) <= {"start"}:
        return keywords.get("start")
    if len(call.args) == 2 and not keywords:
        return call.args[1]
    return False


def reversed_as_slice(seq):
    """`reversed(s)` zipped with other sequences -> `s[::-1]`: a sequence of its own length."""
    if is_call_to(seq, "reversed") and len(seq.args) == 1 and not seq.keywords:
        step = gast.UnaryOp(op=gast.USub(), operand=gast.Constant(value=1, kind=None))
        return gast.Subscript(value=seq.args[0], slice=gast.Slice(lower=None, upper=None, step=step),
                              ctx=gast.Load())
    return seq


_READS = ("items", "keys", "values", "get", "copy")


def without_copy(stmt, body_writes):
    """`for k in d.copy()` (also `d.copy().items()`, ...) as `for k in d`, where the body neither
    rebinds `d` nor writes into it (an item stored or deleted, a method other than a read called):
    then the copy holds what `d` holds all along.  `stmt` itself otherwise."""
    found = _copied_table(stmt.iter)
    if found is None or found[0].id in body_writes or _written_into(stmt.body, found[0].id):
        return stmt
    table, view = found
    stmt = copy.copy(stmt)
    stmt.iter = table if view is None else \
        gast.Call(func=gast.Attribute(value=table, attr=view, ctx=gast.Load()), args=[], keywords=[])
    return stmt


def _copied_table(iterable):
    """(d, None) for `d.copy()`, (d, "items") for `d.copy().items()` (and keys, values); else None."""
    view = None
    if _method_call(iterable, ("items", "keys", "values")):
        view, iterable = iterable.func.attr, iterable.func.value
    if _method_call(iterable, ("copy",)) and isinstance(iterable.func.value, gast.Name):
        return iterable.func.value, view
    return None


def _method_call(node, names):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and node.func.attr in names \
        and not node.args and not node.keywords


def _written_into(body, table):
    """Whether `body` may write into the value `table` names (stores, deletes, a method called on it)."""
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Subscript) and not isinstance(node.ctx, gast.Load) \
                and isinstance(node.value, gast.Name) and node.value.id == table:
            return True
        if isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name) and node.value.id == table \
                and node.attr not in _READS:
            return True
    return False


def keys_beside_views(seqs):
    """`zip(d, d.values())`: a name zipped beside a view of itself (`d.values()`, `d.items()`,
    `d.keys()`) is a dict, iterated over its keys: `d.keys()` in its place."""
    dicts = {s.func.value.id for s in seqs if dict_method(s) is not None}
    return [gast.Call(func=gast.Attribute(value=s, attr="keys", ctx=gast.Load()), args=[], keywords=[])
            if isinstance(s, gast.Name) and s.id in dicts else s for s in seqs]


def indexes_itself(stmt):
    """`for k in d:` whose body reads `d[k]`: d is a dict (a list is not indexed by its items)."""
    if not (isinstance(stmt.iter, gast.Name) and isinstance(stmt.target, gast.Name)):
        return False
    return indexes_by(stmt.body, stmt.iter.id, stmt.target.id)


def indexes_by(body, table, key):
    """Whether `body` reads `table[key]`, both names."""
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name) \
                and node.value.id == table and isinstance(node.slice, gast.Name) and node.slice.id == key:
            return True
    return False


def only_indexes(stmt):
    """`for k in seq:` whose body reads k only as an index (`g[k]`) or in a comparison: the items
    of `list(seq)`, a dict's keys or a list's items, carry no derivative."""
    if not (isinstance(stmt.iter, gast.Name) and isinstance(stmt.target, gast.Name)):
        return False
    key, allowed = stmt.target.id, set()
    nodes = list(walk(gast.Module(body=stmt.body, type_ignores=[])))
    for node in nodes:
        if isinstance(node, gast.Subscript):
            allowed.add(id(node.slice))
        elif isinstance(node, gast.Compare):
            allowed.update(id(n) for n in [node.left] + node.comparators)
    uses = [n for n in nodes if isinstance(n, gast.Name) and n.id == key]
    return bool(uses) and all(id(n) in allowed and isinstance(n.ctx, gast.Load) for n in uses)
