"""Normalize: a function -> its normal form, one primitive operation per statement.

The normal form, checked by `check_normal_form`::

    stmt  := Name = expr
           | Name[index] = atom                      # a store into an array
           | Name op= atom                           # in place where Name holds an array
           | if Name: stmt* [else: stmt*]            # the arms do not assign Name
           | for Name in range(atom[, atom[, atom]]): stmt*
           | while Name: stmt*                       # the body ends by recomputing Name
           | if Name: break                          # only as the last statement of a loop body
           | return atom                             # the last statement only
           | call | assert ... | raise ...           # forward-only, kept as written
           | def name(...): ... | Name = lambda ...  # a nested function (also lifted, to differentiate)
    expr  := atom | atom binop atom | unaryop atom | atom cmpop atom
           | func(arg*, name=atom*) | atom.attr | atom[index] | (atom*) | [atom*]
    arg   := atom | *atom                            # *atom: a length known only at run time
    func  := global dotted name (np.exp, range, g) | atom.method
    index := atom | slice(atom?, atom?, atom?) | (index*)
    atom  := Name | Constant

Temporaries are named after what they hold (`tanh_y`, `y_times_x`, `took_if`).  Python's
semantics are kept exactly: `a += b` on a name stays an in-place update (`analyses.aliases`
finds where no other name sees it, so that differentiating it as `a = a + b` is exact), and
the NumPy calls that write into an array (`np.copyto(y, v)`, `y.fill(v)`, `np.f(..., out=y)`)
become stores `y[...] = ...`.  Comprehensions keep their own variables.  Loops over
sequences become index loops (`for row in X` -> `for i_row in range(len_X): row = X[i_row]`),
`while` loops are rotated, and `and`/`or`/`a if c else b` become `if` statements
(short-circuit kept, the test in a name of its own).  `f(*xs)` and `f(**kw)` are expanded
where the length and keys are static (a display, or a name bound only to displays of one
length, see `static_displays`): `f(xs[0], xs[1])`; a record's field `p.W` is
`field_of(p, "W")`; `dict(zip(ks, vs))`, `map(f, xs)` and `zip(...)` as a value become
comprehensions.
"""

import copy

import gast
import numpy as np

from ..analyses.liveness import bound_in_scope
from ..naming import Namer, atom_hint, binop_name, call_name
from ..trees import clone, name_ids, names_by_context, push_children, walk
from .lists import (append_loop, appends, extend_parts, index_trick_call, item_at, local_lists, pop_parts,
                    without_item)

_EXTREMUM_HINT = {"max": "largest", "min": "smallest"}


def assigned_names(body):
    """Every name a list of statements binds (targets, loop variables)."""
    names = set()
    for stmt in body:
        names.update(names_by_context(stmt).get(gast.Store, ()))
    return names


def loaded_names(node):
    return name_ids(node, gast.Load)


def is_atom(node):
    return isinstance(node, (gast.Name, gast.Constant))


def name(id_, store=False):
    return gast.Name(id=id_, ctx=gast.Store() if store else gast.Load(), annotation=None, type_comment=None)


def assign(target, value, origin):
    node = gast.Assign(targets=[target if not isinstance(target, str) else name(target, True)],
                       value=value, type_comment=None)
    return _locate(node, origin)


def _locate(node, origin):
    if origin is not None:
        node.lineno = getattr(origin, "lineno", None)
        node.col_offset = getattr(origin, "col_offset", 0)
    return node


class Normalize:
    """Rewrites one FunctionDef into the normal form; `namer` hands out temporaries."""

    def __init__(self, func, namer=None, source=None, checkpoints=True):
        from .lambdas import hoist_lambda_arguments
        self.func = func
        self.source = source
        self.checkpoints = checkpoints
        self.checkpointed_functions = {}
        self.namer = namer or Namer()
        self.namer.reserve(name_ids(func))
        hoist_lambda_arguments(func, self.namer)        # `g(lambda z: ...)`: a nested function, named
        self.params = [a.id for a in func.args.args]
        self.locals = set(self.params) | assigned_names(func.body)
        self.namer.reserve(self.locals)
        self.outer_names = set(self.params) | _names_outside_comprehensions(func.body)
        self.displays = {**module_displays(source, self.locals), **static_displays(func)}
        self.lists, self.private_lists = local_lists(func)     # where extend and pop are rewritten
        self.out = None
        self.origin = None

    # -- statements -----------------------------------------------------------------
    def run(self):
        from .jumps import lower_jumps
        lower_jumps(self.func, self.namer)
        local_functions = self._lift_local_functions()
        body = self.block(self.func.body)
        func = copy.copy(self.func)
        func.body = body or [_locate(gast.Pass(), self.func)]
        func.decorator_list = []
        func.s2s_local_functions = dict(local_functions, **self.checkpointed_functions)
        func.s2s_redefined = list(self.redefined)
        return func

    def _lift_local_functions(self):
        """Nested defs and `name = lambda ...`: {name: (FunctionDef with captured params, captured)}."""
        found, self.redefined = {}, []
        seen = set()
        for node in _statements(self.func.body):
            fname = node.name if isinstance(node, gast.FunctionDef) else None
            if isinstance(node, gast.Assign) and isinstance(node.value, gast.Lambda) \
                    and isinstance(node.targets[0], gast.Name):
                fname = node.targets[0].id
            if fname is not None and fname in seen:
                self.redefined.append((fname, node))
            seen.add(fname)
        for node in _statements(self.func.body):
            if isinstance(node, gast.FunctionDef):
                found[node.name] = clone(node)
            elif isinstance(node, gast.Assign) and isinstance(node.value, gast.Lambda) \
                    and isinstance(node.targets[0], gast.Name):
                lam = node.value
                ret = _locate(gast.Return(value=clone(lam.body)), node)
                fdef = gast.FunctionDef(name=node.targets[0].id, args=clone(lam.args), body=[ret],
                                        decorator_list=[], returns=None, type_comment=None, type_params=[])
                found[node.targets[0].id] = _locate(fdef, node)
        lifted = {}
        for fname, fdef in found.items():
            own = {a.id for a in fdef.args.args} | bound_in_scope(fdef.body)
            free = name_ids(fdef, gast.Load)
            captured = sorted((free - own - set(found)) & self.locals)
            fdef.args.args = list(fdef.args.args) + [
                gast.Name(id=c, ctx=gast.Param(), annotation=None, type_comment=None) for c in captured]
            lifted[fname] = (fdef, tuple(captured))
        return lifted

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
        self.out.append(_locate(stmt, origin or self.origin))

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
                    self.stmt_Expr(_locate(stmt, self.origin))
            else:
                self.stmt_For(_locate(append_loop(base, items, self.namer.fresh("item")), self.origin))
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
        array: `np.copyto(dst, src)`, `dst.fill(v)`, `np.f(..., out=dst)`; else None."""
        func = call.func
        out = [k for k in call.keywords if k.arg == "out"]
        if _is_numpy(func, self.locals) and func.attr == "copyto" and len(call.args) == 2 and not call.keywords:
            return call.args[0], call.args[1]
        if isinstance(func, gast.Attribute) and func.attr == "fill" and len(call.args) == 1 and not call.keywords \
                and not self._global_dotted(func):
            return func.value, call.args[0]
        if out and _is_numpy(func, self.locals) and not isinstance(out[0].value, (gast.Tuple, gast.Starred)):
            plain = gast.Call(func=func, args=call.args, keywords=[k for k in call.keywords if k.arg != "out"])
            return out[0].value, plain
        return None

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
        if isinstance(target, gast.Name) and _is_comprehension(value) and target.id not in loaded_names(value):
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
        elts = target.elts
        if isinstance(value, (gast.Tuple, gast.List)) and len(value.elts) == len(elts):
            atoms = [self.atom(v) for v in value.elts]
            written = assigned_names([gast.Assign(targets=[target], value=value)])
            safe = []
            for atom in atoms:          # a, b = b, a: read every value before writing any
                if isinstance(atom, gast.Name) and atom.id in written:
                    tmp = self.namer.fresh("old_" + atom.id)
                    self.emit(assign(tmp, atom, self.origin))
                    atom = name(tmp)
                safe.append(atom)
            for elt, atom in zip(elts, safe):
                self.store(elt, atom)
            return
        whole = self.atom(value, hint="values")
        stars = [k for k, elt in enumerate(elts) if isinstance(elt, gast.Starred)]
        if stars:               # a, *rest, z = xs: the count of the others is static
            k = stars[0]
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
            return
        for k, elt in enumerate(elts):
            item = gast.Subscript(value=whole, slice=gast.Constant(value=k, kind=None), ctx=gast.Load())
            hint = elt.id if isinstance(elt, gast.Name) else "item"
            self.store(elt, self.atom(item, hint=hint) if not isinstance(elt, gast.Name) else item)

    def stmt_AugAssign(self, stmt):
        target = stmt.target
        value = self.atom(stmt.value)
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
        self.emit(gast.If(test=test, body=body or [_locate(gast.Pass(), stmt)], orelse=orelse), stmt)

    def stmt_While(self, stmt):
        saved, self.out = self.out, []
        flag = self.atom(stmt.test, hint="keep_going", fresh=True)      # the test may need a loop of its own
        head, self.out = self.out, saved
        for s in head:
            _locate(s, stmt)
        self.out.extend(head)
        body = self.block(stmt.body) + clone(head)
        self.origin = stmt
        self.emit(gast.While(test=flag, body=body, orelse=[]), stmt)

    def source_location(self, node):
        from ..errors import Location
        return self.source.location(node) if self.source else Location("<function>", getattr(node, "lineno", 0), 0, "")

    def stmt_For(self, stmt):
        from .checkpoint import is_checkpointed_loop, lift
        if is_checkpointed_loop(stmt):
            if self.checkpoints:
                return lift(self, stmt)
            stmt = copy.copy(stmt)
            stmt.iter = stmt.iter.args[0] if stmt.iter.args else stmt.iter.keywords[0].value
        iterable = stmt.iter
        func = iterable.func.id if isinstance(iterable, gast.Call) and isinstance(iterable.func, gast.Name) else None
        body_writes = assigned_names(stmt.body)
        if func == "range" and isinstance(stmt.target, gast.Name) and not iterable.keywords:
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
            return
        start = None
        if func == "enumerate" and _enumerate_start(iterable) is not False and isinstance(stmt.target, gast.Tuple) \
                and len(stmt.target.elts) == 2:
            index, item = stmt.target.elts
            if _enumerate_start(iterable) is not None:
                start = self.atom(_enumerate_start(iterable), hint="start")
            inner = iterable.args[0]
            if _is_call_to(inner, "zip") and isinstance(item, gast.Tuple) and len(item.elts) == len(inner.args) \
                    and not inner.keywords:
                seqs, items = [_reversed_as_slice(s) for s in inner.args], item.elts
            else:
                seqs, items = [_reversed_as_slice(inner)], [item]
        elif func == "zip" and isinstance(stmt.target, gast.Tuple) and not iterable.keywords \
                and len(stmt.target.elts) == len(iterable.args):
            index, seqs, items = None, [_reversed_as_slice(s) for s in iterable.args], stmt.target.elts
        elif func == "reversed" and len(iterable.args) == 1 and not iterable.keywords \
                and isinstance(stmt.target, gast.Name):
            return self._sequence_loop(stmt, None, iterable.args, [stmt.target], body_writes, backwards=True)
        elif _dict_method(iterable) is not None:
            return self._dict_loop(stmt, iterable, body_writes)
        elif _indexes_itself(stmt):
            # `for k in d: ... d[k]` iterates a dict's keys
            keys = gast.Call(func=gast.Attribute(value=stmt.iter, attr="keys", ctx=gast.Load()), args=[], keywords=[])
            return self._dict_loop(stmt, keys, body_writes)
        else:
            index, seqs, items = None, [iterable], [stmt.target]
        self._sequence_loop(stmt, index, seqs, items, body_writes, start)

    def _dict_loop(self, stmt, iterable, body_writes):
        """`for k, v in d.items()` (and .keys(), .values()) -> a loop over `keys_of(d)`."""
        kind = _dict_method(iterable)
        table = self._stable(self.atom(iterable.func.value, hint="table"), body_writes, "table")
        keys = self.atom(gast.Call(func=name("keys_of"), args=[table], keywords=[]),
                         hint="keys_" + (atom_hint(table) or "table"))
        count = self.atom(gast.Call(func=name("len"), args=[keys], keywords=[]), hint="n_keys")
        loop_var = self.namer.fresh("i_key")
        saved, self.out = self.out, []
        key = gast.Subscript(value=keys, slice=name(loop_var), ctx=gast.Load())
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
        atoms = [self._stable(self.atom(s, hint="seq"), body_writes, "seq") for s in seqs]
        lengths = [self.atom(gast.Call(func=name("len"), args=[a], keywords=[]), hint="len_" + (atom_hint(a) or "seq"))
                   for a in atoms]
        if len(lengths) > 1:
            count = self.atom(gast.Call(func=name("min"), args=lengths, keywords=[]), hint="n_items")
        else:
            count = lengths[0]
        if isinstance(index, gast.Name) and index.id not in body_writes and start is None:
            loop_var = index.id
            prelude = []
        else:
            hint = "i_" + (items[0].id if isinstance(items[0], gast.Name) else "item")
            loop_var = self.namer.fresh(hint)
            position = name(loop_var) if start is None else gast.BinOp(left=name(loop_var), op=gast.Add(), right=start)
            prelude = [] if index is None else [(index, position)]
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

    def _bind_item(self, target, value, origin):
        """A loop's item: `x = seq[i]` for a name, unpacked into the pattern otherwise."""
        if isinstance(target, gast.Name):
            self.emit(assign(target.id, value, origin))
        else:
            self.store(target, self.atom(value, hint="item"))

    def _range_loop(self, target, bounds, body, origin):
        call = gast.Call(func=name("range"), args=bounds, keywords=[])
        return _locate(gast.For(target=name(target, True), iter=call, body=body, orelse=[], type_comment=None), origin)

    def _stable(self, atom, body_writes, hint):
        """A name the loop body does not reassign, holding the atom's value at loop entry."""
        if isinstance(atom, gast.Name) and atom.id in body_writes:
            tmp = self.namer.fresh(hint + "_" + atom.id)
            self.emit(assign(tmp, atom, self.origin))
            return name(tmp)
        return atom

    # -- expressions ----------------------------------------------------------------
    def atom(self, node, hint=None, fresh=False):
        """Evaluate `node` into an atom, emitting statements for its parts (`fresh`: a name of
        its own, the test of an `if` or a `while`, even for a name or a constant)."""
        if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant) and not fresh:
            folded = self.expr_UnaryOp(node, hint)
            if isinstance(folded, gast.Constant):
                return folded
        if is_atom(node) and not fresh:
            return node
        value = self.expr(node, hint)
        if is_atom(value) and not fresh:
            return value
        tmp = self.namer.fresh(hint or self.hint(value))
        self.emit(assign(tmp, value, self.origin))
        return name(tmp)

    def expr(self, node, hint=None):
        """Normalize `node` into one primitive expression over atoms."""
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is None:
            return node
        return method(node, hint)

    def expr_Name(self, node, hint):
        return node

    def expr_Lambda(self, node, hint):
        return node

    def expr_Constant(self, node, hint):
        return node

    def expr_BinOp(self, node, hint):
        return gast.BinOp(left=self.atom(node.left), op=node.op, right=self.atom(node.right))

    def expr_UnaryOp(self, node, hint):
        operand = node.operand
        if isinstance(node.op, (gast.USub, gast.UAdd)) and isinstance(operand, gast.Constant) \
                and type(operand.value) in (int, float):
            value = -operand.value if isinstance(node.op, gast.USub) else operand.value
            return gast.Constant(value=value, kind=None)
        return gast.UnaryOp(op=node.op, operand=self.atom(operand))

    def expr_Compare(self, node, hint):
        if len(node.ops) == 1:
            return gast.Compare(left=self.atom(node.left), ops=node.ops, comparators=[self.atom(node.comparators[0])])
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(gast.Compare(left=left, ops=[op], comparators=[right]))
            left = right
        return self.expr(gast.BoolOp(op=gast.And(), values=parts), hint)

    def expr_BoolOp(self, node, hint):
        result = self.namer.fresh(hint or ("both" if isinstance(node.op, gast.And) else "either"))
        self.emit(assign(result, self.expr(node.values[0]), self.origin))
        self._short_circuit(result, node.op, node.values[1:])
        return name(result)

    def _short_circuit(self, result, op, rest):
        if not rest:
            return
        saved, self.out = self.out, []
        self.emit(assign(result, self.expr(rest[0]), self.origin))
        self._short_circuit(result, op, rest[1:])
        inner, self.out = self.out, saved
        test = self.atom(name(result), hint="took_if", fresh=True)      # `result` changes in the arm
        if isinstance(op, gast.And):
            self.emit(gast.If(test=test, body=inner, orelse=[]))
        else:
            self.emit(gast.If(test=test, body=[_locate(gast.Pass(), self.origin)], orelse=inner))

    def expr_IfExp(self, node, hint):
        test = self.atom(node.test, hint="took_if", fresh=True)
        result = self.namer.fresh(hint or "chosen")
        body = self._branch(result, node.body)
        orelse = self._branch(result, node.orelse)
        self.emit(gast.If(test=test, body=body, orelse=orelse))
        return name(result)

    def _branch(self, result, value):
        saved, self.out = self.out, []
        self.emit(assign(result, self.expr(value), self.origin))
        out, self.out = self.out, saved
        return out

    def expr_Call(self, node, hint):
        func = node.func
        if pop_parts(node, self.private_lists) is not None:
            return self._pop(node, hint)
        rewritten = self._rewritten(node)
        if rewritten is not None:
            return self.expr(rewritten, hint)
        if isinstance(func, gast.Name) and func.id in ("max", "min") and func.id not in self.locals \
                and len(node.args) > 2 and not node.keywords \
                and not any(isinstance(a, gast.Starred) for a in node.args):
            # max(a, b, c) -> max(max(a, b), c): the same value, through the rule of two arguments
            inner = gast.Call(func=func, args=node.args[:-1], keywords=[])
            return self.call(gast.Call(func=func, args=[self.atom(inner), node.args[-1]], keywords=[]))
        if self._extremum_of_iterable(node):
            # max(xs), min(f(v) for v in xs): a loop over the items through the rule of two arguments;
            # max(xs, key=f): the item whose key wins, taken whole.  A name is iterated as a list of
            # it (a dict: its keys, as Python iterates it)
            default = next((k.value for k in node.keywords if k.arg == "default"), None)
            key = next((k.value for k in node.keywords if k.arg == "key"), None)
            iterable = node.args[0]
            if isinstance(iterable, gast.Name):
                iterable = gast.Call(func=name("list"), args=[iterable], keywords=[])
            return self._comprehension(self._as_generator(iterable), hint or _EXTREMUM_HINT[func.id],
                                       func.id, start=default, key=key)
        start = self._sum_start(node)
        if start is not None:
            # sum(xs, start): start + xs[0] + xs[1] + ..., as Python adds them, in a loop
            return self._comprehension(self._as_generator(node.args[0]), hint or "total", "sum", start=start)
        if isinstance(func, gast.Name) and func.id in ("sum", "list", "tuple") and func.id not in self.locals \
                and len(node.args) == 1 and (isinstance(node.args[0], (gast.GeneratorExp, gast.ListComp))
                                             or _dict_method(node.args[0]) in ("keys", "values", "items")):
            # (`sum(d.values())`, `list(d.keys())`, `list(d.items())`: a loop over the dict's keys, as
            # `for` makes; an item is the pair (key, value))
            if func.id == "sum":
                return self._comprehension(self._as_generator(node.args[0]), hint or "total", "sum")
            items = self._comprehension(self._as_pairs(node.args[0]), hint or "items", "list")
            if func.id == "tuple":
                return gast.Call(func=name("tuple"), args=[items], keywords=[])
            return items
        return self.call(node)

    def _rewritten(self, node):
        """`dict(zip(ks, vs))`, `map(f, xs)`, `zip(xs, ys)` and `sorted(d.items())` as a value: the
        comprehension they amount to (a list for map and zip: what is done with the iterator, a list
        allows too);
        a namedtuple's `p._replace(W=w)` -> `replace_field(p, w, "W")`; a mapping's `d.get(k, v)`
        -> `d[k] if has_key(d, k) else v` (names and constants only: nothing is evaluated twice or
        skipped that has an effect; `has_key` refuses anything but a mapping where it runs); else None."""
        func = node.func
        if isinstance(func, gast.Attribute) and func.attr == "get" and isinstance(func.value, gast.Name) \
                and func.value.id in self.locals and not node.keywords and 1 <= len(node.args) <= 2 \
                and all(isinstance(a, (gast.Name, gast.Constant)) for a in node.args):
            mapping, key = func.value, node.args[0]
            default = node.args[1] if len(node.args) == 2 else gast.Constant(value=None, kind=None)
            test = gast.Call(func=name("has_key"), args=[clone(mapping), clone(key)], keywords=[])
            item = gast.Subscript(value=clone(mapping), slice=clone(key), ctx=gast.Load())
            return gast.IfExp(test=test, body=item, orelse=clone(default))
        if isinstance(func, gast.Attribute) and func.attr == "_replace" and not node.args and node.keywords \
                and not self._global_dotted(func) and all(k.arg is not None for k in node.keywords):
            record = func.value         # p._replace(W=w, b=c) -> replace_field(replace_field(p, w, "W"), c, "b")
            for k in node.keywords:
                record = gast.Call(func=name("replace_field"),
                                   args=[record, k.value, gast.Constant(value=k.arg, kind=None)], keywords=[])
            return record
        if not isinstance(func, gast.Name) or func.id in self.locals or \
                any(isinstance(a, gast.Starred) for a in node.args) and func.id != "zip":
            return None
        if func.id == "sorted" and self._sorted_items(node):
            # sorted(d.items(), ...): the pairs (k, d[k]), in the order of the keys it sorts them to
            key, value, loop = self._sorted_pairs(node)
            return gast.ListComp(elt=gast.Tuple(elts=[key, value], ctx=gast.Load()), generators=[loop])
        if func.id == "dict" and len(node.args) == 1 and not node.keywords and self._sorted_items(node.args[0]):
            key, value, loop = self._sorted_pairs(node.args[0])         # dict(sorted(d.items())): d's keys sorted
            return gast.DictComp(key=key, value=value, generators=[loop])
        if node.keywords:
            return None
        if func.id == "dict" and len(node.args) == 1 and _is_call_to(node.args[0], "zip") \
                and len(node.args[0].args) == 2 and not node.args[0].keywords:
            key, value = name(self.namer.fresh("key")), name(self.namer.fresh("value"))
            return gast.DictComp(key=key, value=value, generators=[_generator([key, value], node.args[0])])
        if func.id == "map" and len(node.args) >= 2:
            items = [name(self.namer.fresh("item")) for _ in node.args[1:]]
            source = node.args[1] if len(items) == 1 else gast.Call(func=name("zip"), args=node.args[1:], keywords=[])
            elt = gast.Call(func=node.args[0], args=items, keywords=[])
            return gast.ListComp(elt=elt, generators=[_generator(items, source)])
        if func.id == "zip" and node.args and not getattr(node, "s2s_iterated", False) \
                and all(isinstance(a, gast.Starred) or isinstance(a, (gast.Name, gast.Tuple, gast.List))
                        for a in node.args):        # sequences by name or display: what the loop indexes
            call = self.call(node)              # `zip(*pairs)`: the pairs, where their count is static
            if any(isinstance(a, gast.Starred) for a in call.args):
                return None
            call.s2s_iterated = True            # the comprehension's own iterable: not rewritten again
            items = [name(self.namer.fresh("item")) for _ in call.args]
            return gast.ListComp(elt=gast.Tuple(elts=items, ctx=gast.Load()), generators=[_generator(items, call)])
        return None

    def _sorted_items(self, node):
        """`sorted(d.items())`, with `key=` or `reverse=` or neither."""
        return isinstance(node, gast.Call) and self._builtin(node.func, ("sorted",)) and len(node.args) == 1 \
            and _dict_method(node.args[0]) == "items" and all(k.arg in ("key", "reverse") for k in node.keywords)

    def _sorted_pairs(self, node):
        """`k`, `d[k]` and `for k in sorted_item_keys(d, ...)` for `sorted(d.items(), ...)`."""
        table = node.args[0].func.value
        keys = gast.Call(func=name("sorted_item_keys"), args=[clone(table)], keywords=node.keywords)
        key = name(self.namer.fresh("key"))
        return key, gast.Subscript(value=clone(table), slice=clone(key), ctx=gast.Load()), _generator([key], keys)

    def _builtin(self, func, names):
        return isinstance(func, gast.Name) and func.id in names and func.id not in self.locals

    def _extremum_of_iterable(self, node):
        """`max(iterable)`, `min(iterable, default=d)`, `max(iterable, key=f)`: one positional operand."""
        return self._builtin(node.func, ("max", "min")) and len(node.args) == 1 \
            and not isinstance(node.args[0], gast.Starred) and all(k.arg in ("default", "key") for k in node.keywords)

    def _sum_start(self, node):
        """The start of `sum(iterable, start)` or `sum(iterable, start=s)`, else None."""
        if not self._builtin(node.func, ("sum",)) or any(isinstance(a, gast.Starred) for a in node.args):
            return None
        if len(node.args) == 2 and not node.keywords:
            return node.args[1]
        if len(node.args) == 1 and [k.arg for k in node.keywords] == ["start"]:
            return node.keywords[0].value
        return None

    def _as_generator(self, iterable):
        """`xs` -> `(item for item in xs)`; a comprehension stays as it is."""
        if isinstance(iterable, (gast.GeneratorExp, gast.ListComp)):
            return iterable
        item = self.namer.fresh("item")
        target = gast.Name(id=item, ctx=gast.Store(), annotation=None, type_comment=None)
        loop = gast.comprehension(target=target, iter=iterable, ifs=[], is_async=0)
        return gast.GeneratorExp(elt=name(item), generators=[loop])

    def _as_pairs(self, iterable):
        """`d.items()` -> `((k, v) for k, v in d.items())`, which `for` reads as a loop over the keys;
        any other iterable as `_as_generator` makes it."""
        if _dict_method(iterable) != "items":
            return self._as_generator(iterable)
        key, value = self.namer.fresh("key"), self.namer.fresh("value")
        pair = gast.Tuple(elts=[name(key), name(value)], ctx=gast.Load())
        loop = _generator([name(key), name(value)], iterable)
        return gast.GeneratorExp(elt=pair, generators=[loop])

    def expr_ListComp(self, node, hint):
        return self._comprehension(node, hint or "items", "list")

    def expr_DictComp(self, node, hint):
        return self._comprehension(node, hint or "table", "dict")

    def _comprehension_into(self, value, target):
        if isinstance(value, gast.Call):
            kind = "sum" if value.func.id == "sum" else "list"
            self._comprehension(value.args[0], None, kind, result=target)
            if value.func.id == "tuple":
                self.emit(assign(target, gast.Call(func=name("tuple"), args=[name(target)], keywords=[]), self.origin))
        else:
            self._comprehension(value, None, "dict" if isinstance(value, gast.DictComp) else "list", result=target)

    def _comprehension(self, node, hint, kind, result=None, start=None, key=None):
        """`[e for x in xs if c]` -> a loop that appends (or adds, for `sum`; or keeps the larger,
        for `max`, by `key` where given) into a new name.  `start`: the sum's start, or the
        extremum's default."""
        node = self._own_scope(node)
        result = result or self.namer.fresh(hint)
        if kind in ("max", "min"):
            return self._extremum(node, result, kind, start, key)
        start = start if start is not None else {"list": gast.List(elts=[], ctx=gast.Load()),
                                                 "dict": gast.Dict(keys=[], values=[]),
                                                 "sum": gast.Constant(value=0, kind=None)}[kind]
        self.emit(assign(result, self.expr(start), self.origin))
        if kind == "list":
            call = gast.Call(func=gast.Attribute(value=name(result), attr="append", ctx=gast.Load()),
                             args=[node.elt], keywords=[])
            inner = [_locate(gast.Expr(value=call), self.origin)]
        elif kind == "dict":
            slot = gast.Subscript(value=name(result), slice=node.key, ctx=gast.Store())
            inner = [_locate(gast.Assign(targets=[slot], value=node.value, type_comment=None), self.origin)]
        else:
            total = gast.BinOp(left=name(result), op=gast.Add(), right=node.elt)
            inner = [assign(result, total, self.origin)]
        return self._loop(node, inner, result)

    def _extremum(self, node, result, kind, default, key=None):
        """`max(e for x in xs)` -> `first = True; for x in xs: item = e; if first: m = item else:
        m = max(m, item); first = False`, then the default, or Python's ValueError, if none came."""
        first = self.namer.fresh("first")
        item = self.namer.fresh("item")
        self.emit(assign(first, gast.Constant(value=True, kind=None), self.origin))
        if default is not None:
            self.emit(assign(result, self.expr(default), self.origin))
        if key is not None:
            inner = self._keyed_extremum(node, result, kind, key, first, item)
            self._loop(node, inner, result)
            return self._empty_check(kind, first, default, result)
        if _of_tuples(node):        # compared as Python does, first to last: the winner is taken whole
            beats = gast.Compare(left=name(item), ops=[gast.Gt() if kind == "max" else gast.Lt()],
                                 comparators=[name(result)])
            larger = [_locate(gast.If(test=beats, body=[assign(result, name(item), self.origin)], orelse=[]),
                              self.origin)]
        else:
            larger = [assign(result, gast.Call(func=name(kind), args=[name(result), name(item)], keywords=[]),
                             self.origin)]
        inner = [assign(item, node.elt, self.origin),
                 _locate(gast.If(test=name(first), body=[assign(result, name(item), self.origin)],
                                 orelse=larger), self.origin),
                 assign(first, gast.Constant(value=False, kind=None), self.origin)]
        self._loop(node, inner, result)
        return self._empty_check(kind, first, default, result)

    def _keyed_extremum(self, node, result, kind, key, first, item):
        """The loop body of `max(xs, key=f)`: the item whose key beats the best so far (the first
        of equal ones, as Python keeps it), taken whole; its key is compared, not differentiated."""
        best, score = self.namer.fresh("best_key"), self.namer.fresh("key_of_item")
        keep = [assign(result, name(item), self.origin), assign(best, name(score), self.origin)]
        beats = gast.Compare(left=name(score), ops=[gast.Gt() if kind == "max" else gast.Lt()],
                             comparators=[name(best)])
        return [assign(item, node.elt, self.origin),
                assign(score, gast.Call(func=clone(key), args=[name(item)], keywords=[]), self.origin),
                _locate(gast.If(test=name(first), body=keep,
                                orelse=[_locate(gast.If(test=beats, body=clone(keep), orelse=[]), self.origin)]),
                        self.origin),
                assign(first, gast.Constant(value=False, kind=None), self.origin)]

    def _empty_check(self, kind, first, default, result):
        if default is None:
            error = gast.Call(func=name("ValueError"), args=[gast.Constant(value=f"{kind}() iterable argument is empty",
                                                                            kind=None)], keywords=[])
            self.emit(gast.If(test=name(first), body=[_locate(gast.Raise(exc=error, cause=None), self.origin)],
                              orelse=[]))
        return name(result)

    def _loop(self, node, inner, result):
        """The comprehension's loops around `inner`, normalized into the output; `result` its name."""
        for gen in reversed(node.generators):
            for cond in reversed(gen.ifs):
                inner = [_locate(gast.If(test=cond, body=inner, orelse=[]), self.origin)]
            inner = [_locate(gast.For(target=gen.target, iter=gen.iter, body=inner, orelse=[],
                                      type_comment=None), self.origin)]
        self.locals |= assigned_names(inner)
        for stmt in inner:
            self.origin = stmt
            getattr(self, "stmt_" + type(stmt).__name__, self.stmt_keep)(stmt)
        return name(result)

    def _own_scope(self, node):
        """The comprehension with its loop variables renamed where the function uses the same
        names: a comprehension's variables are its own, and the loop it becomes must not
        overwrite the function's `k`, nor hide a global `k` read after it (the first
        iterable is read in the enclosing scope)."""
        bound = {n.id for gen in node.generators for n in walk(gen.target) if isinstance(n, gast.Name)}
        clash = sorted(bound & self.outer_names)
        if not clash:
            return node
        renames = {old: self.namer.fresh(old) for old in clash}
        node = clone(node)
        first_iter = node.generators[0].iter
        for part in walk(node):
            if isinstance(part, gast.Name) and part.id in renames and not _inside(part, first_iter):
                part.id = renames[part.id]
        return node

    def call(self, node):
        func = self.func_ref(node.func)
        args, keywords = [], []
        for a in node.args:
            items = static_unpacking(a.value, self.displays) if isinstance(a, gast.Starred) else [a]
            if items is None:           # a length known only at run time: `*atom` stays (see Starred in check)
                args.append(gast.Starred(value=self.atom(a.value), ctx=gast.Load()))
            else:
                args.extend(self.atom(item) for item in items)
        for k in node.keywords:
            pairs = [(k.arg, k.value)] if k.arg is not None else static_keywords(k.value, self.displays)
            keywords.extend(gast.keyword(arg=key, value=self.atom(value)) for key, value in pairs)
        call = gast.Call(func=func, args=args, keywords=keywords)
        if hasattr(node, "s2s_partial"):           # a call of a partial (transforms/partials.py): its name
            call.s2s_partial = node.s2s_partial
        return call

    def func_ref(self, func):
        """A global dotted name stays as written; `value.method` gets an atom receiver."""
        if self._global_dotted(func):
            return func
        if isinstance(func, gast.Attribute):
            method = gast.Attribute(value=self.atom(func.value), attr=func.attr, ctx=gast.Load())
            method.lineno, method.col_offset = getattr(func, "lineno", None), getattr(func, "col_offset", 0)
            return method
        return self.atom(func)

    def _global_dotted(self, node):
        while isinstance(node, gast.Attribute):
            node = node.value
        return isinstance(node, gast.Name) and node.id not in self.locals

    def expr_Attribute(self, node, hint):
        if self._global_dotted(node):
            return node
        if callable(getattr(np.ndarray, node.attr, len)):     # not `.T`, `.shape`: a record's field
            # (namedtuple, dataclass; see containers.py), also `s.mean`: an array's method is only called
            field = gast.Constant(value=node.attr, kind=None)
            return gast.Call(func=name("field_of"), args=[self.atom(node.value), field], keywords=[])
        return gast.Attribute(value=self.atom(node.value), attr=node.attr, ctx=gast.Load())

    def expr_Subscript(self, node, hint):
        if _is_numpy(node.value, self.locals) and node.value.attr in ("r_", "c_"):
            joined = index_trick_call(node)
            if joined is not None:
                return self.expr(joined, hint)
        return gast.Subscript(value=self.atom(node.value), slice=self.index(node.slice), ctx=gast.Load())

    def index(self, node):
        if isinstance(node, gast.Slice):
            return gast.Slice(*(None if part is None else self.atom(part)
                                for part in (node.lower, node.upper, node.step)))
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e) for e in node.elts], ctx=gast.Load())
        return self.atom(node, hint="index")

    def expr_Tuple(self, node, hint):
        return gast.Tuple(elts=[self.atom(e) for e in node.elts], ctx=gast.Load())

    def expr_List(self, node, hint):
        return gast.List(elts=[self.atom(e) for e in node.elts], ctx=gast.Load())

    def expr_Dict(self, node, hint):
        return gast.Dict(keys=[None if k is None else self.atom(k) for k in node.keys],
                         values=[self.atom(v) for v in node.values])

    # -- names ----------------------------------------------------------------------
    def hint(self, value):
        if isinstance(value, gast.BinOp):
            constant = next((side.value for side in (value.left, value.right) if isinstance(side, gast.Constant)),
                            None)
            return binop_name(value.op, atom_hint(value.left), atom_hint(value.right), constant)
        if isinstance(value, gast.UnaryOp):
            operand = atom_hint(value.operand)
            return f"neg_{operand}" if isinstance(value.op, gast.USub) and operand else "value"
        if _is_call_to(value, "field_of") and len(value.args) == 2:       # `p.W` -> p_W
            base = atom_hint(value.args[0])
            return f"{base}_{value.args[1].value}" if base else value.args[1].value
        if isinstance(value, gast.Call):
            func = value.func
            fname = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", "value")
            first = atom_hint(value.args[0]) if value.args else None
            if isinstance(func, gast.Attribute) and not self._global_dotted(func):
                first = atom_hint(func.value)
            if getattr(value, "s2s_partial", None):         # `h.func(...)`, a call of the partial `h`
                fname, first = value.s2s_partial, atom_hint(value.args[-1]) if value.args else None
            return call_name(fname, first)
        if isinstance(value, gast.Compare):
            return "is_" + type(value.ops[0]).__name__.lower()
        if isinstance(value, gast.Attribute):
            base = atom_hint(value.value)
            return f"{base}_{value.attr}" if base else value.attr
        if isinstance(value, gast.Subscript):
            base = atom_hint(value.value)
            return f"{base}_item" if base else "item"
        return "value"



_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "sort",
             "reverse", "__setitem__", "__delitem__"}


def static_displays(func):
    """{name: a tuple, list or dict display it holds} for each local name bound only to displays
    of one type and length (or keys), never changed in place: where `f(*name)` and `f(**name)`
    have a length and keys known when the function is transformed."""
    bound, displays, shapes, changed = {}, {}, {}, set()
    params = {a.id for a in func.args.args}
    for node in walk(func):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            bound[node.id] = bound.get(node.id, 0) + 1
        elif isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) \
                and isinstance(node.value, (gast.Tuple, gast.List, gast.Dict)):
            target, value = node.targets[0].id, node.value
            displays[target] = value
            shape = (type(value), len(value.elts) if hasattr(value, "elts") else
                     tuple(getattr(k, "value", None) for k in value.keys))
            shapes.setdefault(target, []).append(shape)
        elif _changes_in_place(node):
            changed.add(node.value.id if isinstance(node, (gast.Subscript, gast.Attribute)) else node.target.id)
    return {k: v for k, v in displays.items() if len(set(shapes[k])) == 1 and bound.get(k) == len(shapes[k])
            and k not in params and k not in changed
            and not any(isinstance(e, gast.Starred) for e in getattr(v, "elts", ()))
            and all(isinstance(key, gast.Constant) and isinstance(key.value, str) for key in getattr(v, "keys", ()))}


def _changes_in_place(node):
    """`name[i] = ...`, `name.attr = ...`, `name.append(...)`-style reads, `name += ...`."""
    if isinstance(node, (gast.Subscript, gast.Attribute)):
        return isinstance(node.value, gast.Name) and (isinstance(node.ctx, (gast.Store, gast.Del))
                                                      or getattr(node, "attr", None) in _MUTATORS)
    return isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name)


def module_displays(source, local=()):
    """{name: dict display} for the module-level constants of `source`'s file bound once to a dict
    of string keys (`CONFIG = {"alpha": 0.1}` or `CONFIG = dict(alpha=0.1)`), never changed in
    place anywhere in the file and not hidden by a local (`local`): `f(**CONFIG)` passes those
    keys, each value read from the dict where the call runs."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return {}
    bound, found = {}, {}
    for stmt in tree.body:
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            keys = _constant_keys(stmt.value)
            if keys is not None:
                found[stmt.targets[0].id] = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in keys],
                                                      values=[gast.Constant(value=None, kind=None) for _ in keys])
    if not found:
        return {}           # no candidate: the file need not be walked
    for node in walk(tree):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            bound[node.id] = bound.get(node.id, 0) + 1
        if isinstance(node, (gast.Global, gast.Nonlocal)):
            for n in node.names:
                bound[n] = bound.get(n, 0) + 2
    changed = {n.target.id if isinstance(n, gast.AugAssign) else n.value.id
               for n in walk(tree) if _changes_in_place(n)}
    return {k: v for k, v in found.items() if bound.get(k) == 1 and k not in changed and k not in local}


def _constant_keys(value):
    """The string keys of a dict display or a `dict(k=v, ...)` call, else None."""
    if isinstance(value, gast.Dict) and all(isinstance(k, gast.Constant) and isinstance(k.value, str)
                                            for k in value.keys):
        return [k.value for k in value.keys]
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id == "dict" \
            and not value.args and all(k.arg is not None for k in value.keywords):
        return [k.arg for k in value.keywords]
    return None


def static_unpacking(node, displays):
    """The items `*node` unpacks (tuple/list display, or a name in `displays`), else None."""
    if isinstance(node, (gast.Tuple, gast.List)) and not any(isinstance(e, gast.Starred) for e in node.elts):
        return list(node.elts)
    if isinstance(node, gast.Name) and isinstance(displays.get(node.id), (gast.Tuple, gast.List)):
        return [gast.Subscript(value=name(node.id), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())
                for k in range(len(displays[node.id].elts))]
    return None


def static_keywords(node, displays):
    """[(key, value)] that `**node` passes (dict display with string keys, or a name in `displays`), else None."""
    if isinstance(node, gast.Dict) and all(isinstance(k, gast.Constant) and isinstance(k.value, str) for k in node.keys):
        return [(k.value, v) for k, v in zip(node.keys, node.values)]
    if isinstance(node, gast.Name) and isinstance(displays.get(node.id), gast.Dict):
        return [(k.value, gast.Subscript(value=name(node.id), slice=gast.Constant(value=k.value, kind=None),
                                         ctx=gast.Load())) for k in displays[node.id].keys]
    return None


def _generator(targets, iterable):
    """`for t in iterable` (one target) or `for t1, t2 in iterable` in a comprehension."""
    stored = [name(t.id, True) for t in targets]
    target = stored[0] if len(stored) == 1 else gast.Tuple(elts=stored, ctx=gast.Store())
    return gast.comprehension(target=target, iter=iterable, ifs=[], is_async=0)


def _is_numpy(func, locals_):
    """`np.f` for the module name `np` (not a local)."""
    return isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and func.value.id == "np" \
        and "np" not in locals_


def _names_outside_comprehensions(body):
    """Names the function binds or reads outside its comprehensions."""
    found, todo = set(), list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, gast.Name):
            found.add(node.id)
        if not isinstance(node, (gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp)):
            push_children(node, todo.append)
    return found


def _inside(node, tree):
    return any(n is node for n in walk(tree))



def _enumerate_start(call):
    """The start of `enumerate(seq)`, `enumerate(seq, k)` or `enumerate(seq, start=k)`: None for
    0, the expression otherwise; False when the call has another form."""
    keywords = {k.arg: k.value for k in call.keywords}
    if len(call.args) == 1 and set(keywords) <= {"start"}:
        return keywords.get("start")
    if len(call.args) == 2 and not keywords:
        return call.args[1]
    return False


def _reversed_as_slice(seq):
    """`reversed(s)` zipped with other sequences -> `s[::-1]`: a sequence of its own length."""
    if _is_call_to(seq, "reversed") and len(seq.args) == 1 and not seq.keywords:
        step = gast.UnaryOp(op=gast.USub(), operand=gast.Constant(value=1, kind=None))
        return gast.Subscript(value=seq.args[0], slice=gast.Slice(lower=None, upper=None, step=step),
                              ctx=gast.Load())
    return seq

def _is_call_to(node, fname):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == fname


def _indexes_itself(stmt):
    """`for k in d:` whose body reads `d[k]`: d is a dict (a list is not indexed by its items)."""
    if not (isinstance(stmt.iter, gast.Name) and isinstance(stmt.target, gast.Name)):
        return False
    for node in walk(gast.Module(body=stmt.body, type_ignores=[])):
        if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name) \
                and node.value.id == stmt.iter.id and isinstance(node.slice, gast.Name) \
                and node.slice.id == stmt.target.id:
            return True
    return False


def _of_tuples(node):
    """Whether a comprehension yields tuples: a tuple display, or the items of `zip` or `enumerate`."""
    if isinstance(node.elt, gast.Tuple):
        return True
    first = node.generators[0]
    return isinstance(node.elt, gast.Name) and isinstance(first.target, gast.Name) \
        and node.elt.id == first.target.id and (_is_call_to(first.iter, "zip") or _is_call_to(first.iter, "enumerate"))


def _dict_method(iterable):
    """"items", "keys" or "values" for `d.items()` and friends on a name, else None."""
    if isinstance(iterable, gast.Call) and isinstance(iterable.func, gast.Attribute) and not iterable.args \
            and iterable.func.attr in ("items", "keys", "values") and isinstance(iterable.func.value, gast.Name):
        return iterable.func.attr
    return None


def _statements(body):
    """Statements of a body, recursively, but not inside nested function definitions."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield from _statements(stmt.body)
            yield from _statements(stmt.orelse)


def _is_comprehension(value):
    if isinstance(value, (gast.ListComp, gast.DictComp)):
        return True
    return (isinstance(value, gast.Call) and isinstance(value.func, gast.Name)
            and value.func.id in ("sum", "list", "tuple") and len(value.args) == 1 and not value.keywords
            and isinstance(value.args[0], (gast.GeneratorExp, gast.ListComp)))


def normalize(func, namer=None, source=None, checkpoints=True):
    """The normal form of a FunctionDef (a new tree; the input is left as it was).

    With `checkpoints`, a `for` over `checkpointed(range(...))` is lifted into a step function
    (reverse mode); without, it is a plain loop (forward mode needs no checkpoints).
    """
    return Normalize(clone(func), namer, source, checkpoints).run()


def check_normal_form(func):
    """Problems with `func` against the normal-form grammar; an empty list when it conforms."""
    problems = []
    _check_block(func.body, problems, top=True)
    return problems


def _check_block(body, problems, top):
    for i, stmt in enumerate(body):
        where = f"line {getattr(stmt, 'lineno', '?')}: "
        if isinstance(stmt, gast.Assign):
            if len(stmt.targets) != 1:
                problems.append(where + "several targets")
            target = stmt.targets[0]
            if isinstance(target, gast.Name):
                if not _is_expr(stmt.value):
                    problems.append(where + "right-hand side is not one primitive operation")
            elif isinstance(target, (gast.Subscript, gast.Attribute)):
                if not is_atom(target.value) or not is_atom(stmt.value):
                    problems.append(where + "store is not `atom[index] = atom`")
            else:
                problems.append(where + "target is not a name or a store")
        elif isinstance(stmt, gast.AugAssign):
            if not (isinstance(stmt.target, gast.Name) and is_atom(stmt.value)):
                problems.append(where + "augmented assignment is not `name op= atom`")
        elif isinstance(stmt, gast.If):
            if not isinstance(stmt.test, gast.Name):
                problems.append(where + "`if` test is not a name")
            elif stmt.test.id in assigned_names(stmt.body + stmt.orelse):
                problems.append(where + "`if` test is assigned in its arms")
            _check_block(stmt.body, problems, False)
            _check_block(stmt.orelse, problems, False)
        elif isinstance(stmt, gast.For):
            it = stmt.iter
            if not (isinstance(stmt.target, gast.Name) and isinstance(it, gast.Call)
                    and getattr(it.func, "id", None) == "range" and all(is_atom(a) for a in it.args)):
                problems.append(where + "`for` is not over range(atoms)")
            _check_block(stmt.body, problems, False)
        elif isinstance(stmt, gast.While):
            if not isinstance(stmt.test, gast.Name):
                problems.append(where + "`while` test is not a name")
            _check_block(stmt.body, problems, False)
        elif isinstance(stmt, gast.Return):
            if not (top and i == len(body) - 1 and is_atom(stmt.value)):
                problems.append(where + "`return` is not `return atom` at the end")
        elif isinstance(stmt, gast.With):
            if not getattr(stmt, "s2s_hook", False):
                problems.append(where + "`with` is not a gradient hook")
        elif not isinstance(stmt, (gast.Expr, gast.Assert, gast.Raise, gast.Pass, gast.Break, gast.FunctionDef)):
            problems.append(where + f"{type(stmt).__name__} is not in the normal form")


def _is_expr(value):
    if is_atom(value) or isinstance(value, gast.Lambda):
        return True
    if isinstance(value, gast.BinOp):
        return is_atom(value.left) and is_atom(value.right)
    if isinstance(value, gast.UnaryOp):
        return is_atom(value.operand)
    if isinstance(value, gast.Compare):
        return is_atom(value.left) and len(value.comparators) == 1 and is_atom(value.comparators[0])
    if isinstance(value, gast.Call):
        return all(is_atom(a.value if isinstance(a, gast.Starred) else a) for a in value.args) \
            and all(is_atom(k.value) for k in value.keywords)
    if isinstance(value, gast.Attribute):
        return True
    if isinstance(value, gast.Subscript):
        return is_atom(value.value)
    if isinstance(value, (gast.Tuple, gast.List)):
        return all(is_atom(e) for e in value.elts)
    if isinstance(value, gast.Dict):
        return all(k is not None and is_atom(k) for k in value.keys) and all(is_atom(v) for v in value.values)
    return False
