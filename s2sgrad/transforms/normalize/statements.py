"""Statement steps of `Normalize`: assignments, stores, unpacking, `if`, `while`, `return`, calls kept
for their effect."""

import gast

from ...trees import clone
from ..lists import append_loop, appends, extend_parts, item_at, pop_parts, without_item
from .nodes import assign, assigned_names, is_comprehension, is_numpy, loaded_names, locate, name
from ...errors import Location


# The NumPy calls that store by flat index: their parameters, the last one an option.
_FLAT_STORES = {"put": ("a", "ind", "v", "mode"), "fill_diagonal": ("a", "val", "wrap")}


class StatementSteps:
    """Normalizes the statements other than `for`; `block` dispatches on the node type."""

    def stmt_FunctionDef(self, stmt):
        self.emit(stmt)         # the closure itself, for calls that need no derivative

    def block(self, stmts):
        saved = self.out
        self.out = []
        for stmt in stmts:
            self.origin = stmt
            getattr(self, "stmt_" + type(stmt).__name__, self.stmt_keep)(stmt)
        out, self.out = self.out, saved
        return out

    def emit(self, stmt, origin=None):
        self.out.append(locate(stmt, origin or self.origin))

    def stmt_keep(self, stmt):
        self.emit(stmt)

    def stmt_With(self, stmt):
        """A gradient hook stays as written: its body runs in the adjoint sweep, on the adjoint."""
        hook = clone(stmt)
        hook.s2s_hook = True
        self.emit(hook, stmt)

    def stmt_Pass(self, stmt):
        pass

    def stmt_Expr(self, stmt):
        if isinstance(stmt.value, gast.Constant):
            return                      # docstrings and bare literals do nothing
        if self._list_update(stmt.value):
            return
        if isinstance(stmt.value, gast.Call) and self._writing_call(stmt.value) is not None:
            self._write_as_store(stmt.value)
        elif isinstance(stmt.value, gast.Call) and not self._forward_only_call(stmt.value):
            self.emit(gast.Expr(value=self.call(stmt.value)))
        else:
            self.emit(stmt)

    def _list_update(self, call):
        """`xs.extend(ys)` -> appends; `xs.pop()` as a statement -> `xs = xs[:-1]` (lists.py)."""
        extend = extend_parts(call, self.lists)
        if extend is not None:
            base, items = extend
            if isinstance(items, (gast.List, gast.Tuple)) and not any(isinstance(e, gast.Starred) for e in items.elts):
                values = [self.atom(e, hint="item") for e in items.elts]     # all read before the first append
                for stmt in appends(base, values):
                    self.stmt_Expr(locate(stmt, self.origin))
            else:
                self.stmt_For(locate(append_loop(base, items, self.namer.fresh("item")), self.origin))
            return True
        if pop_parts(call, self.private_lists) is not None:
            self._pop(call, None)
            return True
        return False

    def _pop(self, call, hint):
        """`xs.pop(k)` on a private list: its item in a name, then `xs` bound to the list without it."""
        base, position = pop_parts(call, self.private_lists)
        item = self.atom(item_at(base, position), hint=hint or "popped")
        rest = without_item(base, position, self.namer.fresh("index"))
        self.emit(assign(base, self.expr(rest, hint=base), self.origin))
        return item

    def _writing_call(self, call):
        """(destination, the call computing what it gets) for the NumPy calls that write into an
        array: `np.copyto(dst, src)`, `np.add.at(dst, index, v)`, `np.subtract.at(dst, index, v)`
        (`added_at` of -v), `dst.fill(v)`, `np.f(..., out=dst)`; else None."""
        func = call.func
        if self._is_fill(call):
            return func.value, call.args[0]
        if self._is_numpy_writer(call, "copyto", 2):
            return call.args[0], call.args[1]
        scatter = self._scatter_at(call)
        if scatter is not None:
            return call.args[0], scatter
        flat = self._flat_store(call)
        if flat is not None:
            return flat
        out = [k for k in call.keywords if k.arg == "out"]
        if out and is_numpy(func, self.locals) and not isinstance(out[0].value, (gast.Tuple, gast.Starred)):
            plain = gast.Call(func=func, args=call.args, keywords=[k for k in call.keywords if k.arg != "out"])
            return out[0].value, plain
        return None

    def _flat_store(self, call):
        """`np.put(a, ind, v, mode)` -> (a, `put_into(a, ind, v, mode)`), `np.fill_diagonal(a, val, wrap)`
        -> (a, `put_into(a, diagonal_flat_index(a, wrap), val)`); None for another call, or one whose
        arguments do not bind (left to be refused as a write)."""
        names = _FLAT_STORES.get(call.func.attr) if is_numpy(call.func, self.locals) else None
        if names is None or len(call.args) > len(names) or any(isinstance(a, gast.Starred) for a in call.args):
            return None
        bound = dict(zip(names, call.args))
        bound.update((k.arg, k.value) for k in call.keywords if k.arg in names and k.arg not in bound)
        if len(bound) != len(call.args) + len(call.keywords) or not set(names[:-1]) <= set(bound):
            return None
        a, option = bound["a"], [bound[names[-1]]] if names[-1] in bound else []
        if call.func.attr == "put":
            return a, gast.Call(func=name("put_into"), args=[clone(a), bound["ind"], bound["v"]] + option, keywords=[])
        index = gast.Call(func=name("diagonal_flat_index"), args=[clone(a)] + option, keywords=[])
        return a, gast.Call(func=name("put_into"), args=[clone(a), index, bound["val"]], keywords=[])

    def _scatter_at(self, call):
        """`added_at(dst, index, v)` for `np.add.at(dst, index, v)`, of -v for `np.subtract.at`; else None."""
        func = call.func
        if not isinstance(func, gast.Attribute) or func.attr != "at":
            return None
        ufunc = gast.Call(func=func.value, args=call.args, keywords=call.keywords)
        if self._is_numpy_writer(ufunc, "add", 3):
            return gast.Call(func=name("added_at"), args=list(call.args), keywords=[])
        if self._is_numpy_writer(ufunc, "subtract", 3):
            dst, index, values = call.args
            negated = gast.UnaryOp(op=gast.USub(), operand=values)
            return gast.Call(func=name("added_at"), args=[dst, index, negated], keywords=[])
        return None

    def _is_numpy_writer(self, call, attr, count):
        """`np.<attr>(...)` with `count` positional arguments and no keywords."""
        return is_numpy(call.func, self.locals) and call.func.attr == attr and len(call.args) == count \
            and not call.keywords

    def _is_fill(self, call):
        """`dst.fill(v)` on a local value."""
        func = call.func
        return isinstance(func, gast.Attribute) and func.attr == "fill" and len(call.args) == 1 \
            and not call.keywords and not self._global_dotted(func)

    def _write_as_store(self, call):
        """`np.copyto(dst, src)` -> `dst[...] = src`: a store, which NumPy's semantics give it;
        the atom of the destination, which the call returns."""
        dst, value = self._writing_call(call)
        base = self.atom(dst)
        whole = gast.Constant(value=Ellipsis, kind=None)
        self.emit(assign(gast.Subscript(value=base, slice=whole, ctx=gast.Store()), self.atom(value), self.origin))
        return base

    def _forward_only_call(self, call):
        return isinstance(call.func, gast.Name) and call.func.id == "print"

    def stmt_Assign(self, stmt):
        value = stmt.value
        targets = stmt.targets
        if len(targets) > 1:            # a = b = expr
            atom = self.atom(value)
            for target in targets:
                self.store(target, atom)
            return
        target = targets[0]
        if isinstance(target, gast.Name) and isinstance(value, gast.Call):
            rewritten = self._rewritten(value)          # `d = dict(zip(ks, vs))`: built in `d` itself
            value = rewritten if isinstance(rewritten, (gast.ListComp, gast.DictComp)) else value
        if isinstance(target, gast.Name) and is_comprehension(value) and target.id not in loaded_names(value):
            self._comprehension_into(value, target.id)
        elif isinstance(target, gast.Name) and isinstance(value, gast.Call) and self._writing_call(value) is not None:
            self.emit(assign(target.id, self._write_as_store(value), stmt))
        elif isinstance(target, gast.Name):
            self.emit(assign(target.id, self.expr(value, hint=target.id), stmt))
        elif isinstance(target, (gast.Tuple, gast.List)):
            self.unpack(target, value)
        else:
            self.store(target, self.atom(value))

    def stmt_AnnAssign(self, stmt):
        if stmt.value is not None:
            self.stmt_Assign(gast.Assign(targets=[stmt.target], value=stmt.value, type_comment=None))

    def store(self, target, atom):
        if isinstance(target, gast.Name):
            self.emit(assign(target.id, atom, self.origin))
        elif isinstance(target, gast.Subscript):
            base = self.atom(target.value)
            self.emit(assign(gast.Subscript(value=base, slice=self.index(target.slice), ctx=gast.Store()),
                             atom, self.origin))
        elif isinstance(target, gast.Attribute):
            base = self.atom(target.value)
            self.emit(assign(gast.Attribute(value=base, attr=target.attr, ctx=gast.Store()), atom, self.origin))
        elif isinstance(target, (gast.Tuple, gast.List)):
            self.unpack(target, atom)
        else:
            self.emit(assign(target, atom, self.origin))

    def unpack(self, target, value):
        """`a, b = value`: each target bound to its item (`a, *rest, z = xs` too)."""
        elts = target.elts
        if isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(elts):
            return self._unpack_display(target, value)
        whole = self.atom(value, hint="values")
        stars = [k for k, elt in enumerate(elts) if isinstance(elt, gast.Starred)]
        if stars:
            return self._unpack_starred(elts, whole, stars[0])
        for k, elt in enumerate(elts):
            item = gast.Subscript(value=whole, slice=gast.Constant(value=k, kind=None), ctx=gast.Load())
            self.store(elt, self.atom(item, hint="item") if not isinstance(elt, gast.Name) else item)
        return None

    def _unpack_display(self, target, value):
        """`a, b = b, a`: every value read before any is written."""
        atoms = [self.atom(v) for v in value.elts]
        written = assigned_names([gast.Assign(targets=[target], value=value)])
        safe = []
        for atom in atoms:
            if isinstance(atom, gast.Name) and atom.id in written:
                tmp = self.namer.fresh("old_" + atom.id)
                self.emit(assign(tmp, atom, self.origin))
                atom = name(tmp)
            safe.append(atom)
        for elt, atom in zip(target.elts, safe):
            self.store(elt, atom)

    def _unpack_starred(self, elts, whole, k):
        """`a, *rest, z = xs`: the count of the others is static."""
        after = len(elts) - k - 1
        stop = gast.Constant(value=-after, kind=None) if after else None
        part = gast.Subscript(value=whole, slice=gast.Slice(gast.Constant(value=k, kind=None), stop, None),
                              ctx=gast.Load())
        rest = self.atom(part, hint="rest")
        self.store(elts[k].value, gast.Call(func=name("list"), args=[rest], keywords=[]))
        for j, elt in enumerate(elts):
            if j != k:
                index = j if j < k else j - len(elts)
                item = gast.Subscript(value=whole, slice=gast.Constant(value=index, kind=None), ctx=gast.Load())
                self.store(elt, item if isinstance(elt, gast.Name) else self.atom(item, hint="item"))

    def stmt_AugAssign(self, stmt):
        target = stmt.target
        value = self.atom(self._grown_by(stmt))
        if isinstance(target, gast.Name):       # in place for an array: `analyses.aliases` decides who sees it
            self.emit(gast.AugAssign(target=name(target.id, True), op=stmt.op, value=value))
            return
        base = self.atom(target.value)
        if isinstance(target, gast.Subscript):
            index = self.index(target.slice)
            item = gast.Subscript(value=base, slice=index, ctx=gast.Load())
            old = self.atom(item, hint="old")
            new = self.atom(gast.BinOp(left=old, op=stmt.op, right=value), hint="new")
            store = assign(gast.Subscript(value=base, slice=clone(index), ctx=gast.Store()), new, stmt)
            store.s2s_update_of = old.id     # an array in a list or a dict is updated in place (aliases.py)
            self.emit(store)
        else:
            old = self.atom(gast.Attribute(value=base, attr=target.attr, ctx=gast.Load()), hint="old")
            new = self.atom(gast.BinOp(left=old, op=stmt.op, right=value), hint="new")
            self.emit(assign(gast.Attribute(value=base, attr=target.attr, ctx=gast.Store()), new, stmt))

    def _grown_by(self, stmt):
        """What `stmt` adds: for a list grown by `xs += ys`, `ys` as a list (`(a, b)` -> `[a, b]`,
        another iterable `list(ys)`), which a list's `+=` takes as its `extend` does."""
        value, target = stmt.value, stmt.target
        if not (isinstance(target, gast.Name) and target.id in self.grown_lists and isinstance(stmt.op, gast.Add)) \
                or isinstance(value, (gast.List, gast.ListComp)):
            return value
        if isinstance(value, gast.Tuple) and not any(isinstance(e, gast.Starred) for e in value.elts):
            return locate(gast.List(elts=value.elts, ctx=gast.Load()), value)
        return locate(gast.Call(func=name("list"), args=[value], keywords=[]), value)

    def stmt_Return(self, stmt):
        value = stmt.value if stmt.value is not None else gast.Constant(value=None, kind=None)
        self.emit(gast.Return(value=self.atom(value, hint="result")))

    def stmt_If(self, stmt):
        hint = "took_if"
        if isinstance(stmt.test, gast.UnaryOp) and isinstance(stmt.test.op, gast.Not) \
                and isinstance(stmt.test.operand, gast.Name):
            hint = "not_" + stmt.test.operand.id
        test = self.atom(stmt.test, hint=hint, fresh=True)
        body = self.block(stmt.body)
        orelse = self.block(stmt.orelse)
        self.origin = stmt
        self.emit(gast.If(test=test, body=body or [locate(gast.Pass(), stmt)], orelse=orelse), stmt)

    def stmt_While(self, stmt):
        saved, self.out = self.out, []
        flag = self.atom(stmt.test, hint="keep_going", fresh=True)      # the test may need a loop of its own
        head, self.out = self.out, saved
        for s in head:
            locate(s, stmt)
        self.out.extend(head)
        body = self.block(stmt.body) + clone(head)
        self.origin = stmt
        self.emit(gast.While(test=flag, body=body, orelse=[]), stmt)

    def source_location(self, node):
        return self.source.location(node) if self.source else Location("<function>", getattr(node, "lineno", 0), 0, "")
