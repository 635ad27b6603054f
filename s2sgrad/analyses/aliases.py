"""Aliases: which in-place writes another name can see (flow-sensitive points-to, normal form).

Every array or container the function makes is an abstract object named after the statement
that makes it; the function's parameters and globals are objects made outside it.  A name
points to the objects it may hold; a container also holds what was put into it.  A write
(`y[i] = v`, `y += v` on an array, `lst.append(v)`, `np.copyto(y, v)`, a method or a
user function that updates its argument) is *private* when no object it may write into was
made outside the function and no other name that is read later may refer to one of them
(directly, as a view, or inside a container).  Private writes follow NumPy's semantics
exactly when differentiated as a new value for the one name; others are refused.
"""

import itertools
import operator

import gast
import numpy as np

from ..resolve import UserFunction, resolve_dotted
from .alias_values import AliasValues, _is
from .callee_writes import EXTERNAL as _EXTERNAL
from .callee_writes import CalleeWrites
from .callee_writes import bound_arguments as _bound
from .item_copies import copied_from, integer_items, item_read, stored_names
from .liveness import live_after
from .points_to import State as _State, Write
from .ops import classify, dotted
from ..trees import walk
from ..transforms.normalize import normalize
from .. import rules

# Methods that write into their receiver: NumPy's, and those of lists, dicts and sets.
_WRITING_METHODS = {"fill", "sort", "put", "itemset", "resize", "partition", "setflags", "setfield", "byteswap",
                    "append", "extend", "insert", "remove", "pop", "clear", "reverse", "update", "setdefault",
                    "popitem", "add", "discard", "__setitem__", "__delitem__", "__iadd__", "__isub__", "__imul__",
                    "__itruediv__", "__ifloordiv__", "__imod__", "__ipow__", "__imatmul__", "__iand__", "__ior__",
                    "__ixor__", "__ilshift__", "__irshift__", "__setattr__"}
# Methods that return what their receiver holds, not a new value.
_HOLDING_METHODS = {"get", "pop", "setdefault", "popitem", "__getitem__"}
# Functions that write into their first argument.
_WRITES_FIRST = {np.copyto, np.put, np.place, np.putmask, np.put_along_axis, np.fill_diagonal, np.ndarray.__setitem__,
                 operator.setitem, operator.delitem, operator.iadd, operator.isub, operator.imul, operator.itruediv,
                 setattr, delattr}


def _writes_first(obj, fname):
    """Whether a call writes into its first argument: `np.copyto`, `np.add.at`, `rng.shuffle(y)`."""
    return _is(obj, _WRITES_FIRST) or fname == "at" and isinstance(getattr(obj, "__self__", None), np.ufunc) \
        or fname == "shuffle"           # np.random.shuffle(y), rng.shuffle(y): y permuted in place


class Aliases(AliasValues, CalleeWrites):
    """The writes of one normal-form function, each private or seen by other names."""

    def __init__(self, func, activity, resolver, summaries=None):
        self.func = func
        self.activity = activity
        self.resolver = resolver
        self.summaries = summaries if summaries is not None else {}
        self.local = set(activity.local_names)
        self.writes = {}            # id(stmt) -> Write
        self.item_updates = {}      # id(stmt) -> Write: `lst[k] op= v`, of the item it updates in NumPy
        self.repeated = set()       # lists made by repetition, which may hold one object in several slots
        self.made_containers = set()    # lists, tuples and dicts the function makes (displays, list(...))
        self.ever = {}              # name -> every object it may hold anywhere
        self._sites = {}
        self._callees = {}
        self._heads = {}            # id(loop) -> the state at its head so far
        self._known_ops = {id(stmt.value): op for stmt, op in _assigned_calls(func, getattr(activity, "ops", {}))}
        self._counter = itertools.count()
        self.returned = frozenset()     # every object a `return` may give back (params' as "param:p")
        state = _State({p: frozenset({"param:" + p}) for p in (a.id for a in func.args.args)})
        self._block(func.body, state)
        self.live = live = live_after(func.body)
        for write in self.item_updates.values():        # the container itself holds the item: not another name
            container = write.stmt.targets[0].value.id
            self._seen(write, live, {write.name, container})
            write.repeated = bool(write.state.pts.get(container, frozenset()) & self.repeated)
            del write.state
        items = integer_items(func, self._type, self._may_contain)
        self.checked_items = set()      # names to check where they are bound: `check_item_copy`
        for write in self.writes.values():
            self._seen(write, live, {write.name})
            self._excuse_items(write, items)
            if write.kind == "call":        # what each name the call reads may reach, there
                call = getattr(write.stmt, "value", None)
                read = {n.id for n in walk(call) if isinstance(n, gast.Name) and n.id in self.local} \
                    if isinstance(call, gast.Call) else set()
                write.reaches = {n: write.state.reach(write.state.pts.get(n, ())) for n in read}
            del write.state

    def _seen(self, write, live, names):
        after = live.get(id(write.stmt), set())
        write.external = any(o.startswith(_EXTERNAL) for o in write.objects)
        write.seen_by = tuple(sorted(n for n in after - names
                                     if write.state.reach(write.state.pts.get(n, ())) & write.objects))

    def _excuse_items(self, write, items):
        """Take the names bound only to integer items out of the names that see the write: a number
        copies the item; a view is refused where it is read, when it runs (`check_item_copy`)."""
        write.item_copies = tuple(n for n in write.seen_by if n in items)
        if write.item_copies:
            write.seen_by = tuple(n for n in write.seen_by if n not in items)
            self.checked_items.update(copied_from(write.item_copies, items))

    # -- queries ----------------------------------------------------------------------
    def shared_item_update(self, stmt):
        """Does another name (live after it) see the item `lst[k] op= v` updates?  NumPy updates
        an array item in place; the normal form puts a new one in the slot."""
        write = self.item_updates.get(id(stmt))
        return write is not None and bool(write.seen_by or write.repeated)

    def item_seen_by_another_name(self, stmt):
        """Whether another name (not only another slot of the container) may see the item."""
        write = self.item_updates.get(id(stmt))
        return write is not None and bool(write.seen_by)

    def write(self, stmt):
        """The Write of a statement, or None when it writes into nothing."""
        return self.writes.get(id(stmt))

    def private(self, stmt):
        """Does no other name see what the statement writes (a number's update writes nothing)?"""
        write = self.writes.get(id(stmt))
        return write is None or write.private

    def names_sharing(self, write):
        """Every name that may refer to (or contain) an object the write updates, anywhere."""
        return {n for n, objects in self.ever.items() if objects & write.objects}

    # -- the forward dataflow ---------------------------------------------------------
    def _block(self, body, state):
        for stmt in body:
            state = self._stmt(stmt, state)
        return state

    def _stmt(self, stmt, state):
        if isinstance(stmt, gast.If):
            return self._block(stmt.body, state.copy()).merge(self._block(stmt.orelse, state.copy()))
        if isinstance(stmt, (gast.For, gast.While)):
            return self._loop(stmt, state)
        if isinstance(stmt, gast.Assign):
            return self._assign(stmt, state)
        if isinstance(stmt, gast.AugAssign):
            objects = state.pts.get(stmt.target.id, frozenset())
            if self._type(stmt.target.id) in ("int", "float"):         # a number: a new one
                self._bind(state, stmt.target.id, frozenset({self._site(stmt)}))
                return state
            self._record(stmt, stmt.target.id, objects, "augassign", state)
            self._bind(state, stmt.target.id, objects | {self._site(stmt)})
            return state
        if isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Call):
            self._call_writes(stmt, stmt.value, state)
        if isinstance(stmt, gast.Return) and stmt.value is not None:
            self.returned |= state.reach(self._value(stmt, stmt.value, state))
        return state

    def _loop(self, stmt, state):
        """The state at a loop's head (and exit): iterated to a fixed point.  A head met again
        with nothing new coming in is not walked again, so nested loops cost a walk each per
        change, not one per iteration of every enclosing loop."""
        head = self._heads.get(id(stmt))
        if head is not None and state.within(head):
            return head.copy()
        entry = state.copy() if head is None else head.copy().merge(state)
        if isinstance(stmt, gast.For):
            self._bind(entry, stmt.target.id, frozenset())
        while True:
            self._heads[id(stmt)] = entry
            merged = entry.copy().merge(self._block(stmt.body, entry.copy()))
            if merged == entry:
                return entry.copy()
            entry = merged

    def _assign(self, stmt, state):
        target = stmt.targets[0]
        if isinstance(target, gast.Name):
            if isinstance(stmt.value, gast.Call):
                self._call_writes(stmt, stmt.value, state)
            self._bind(state, target.id, self._value(stmt, stmt.value, state))
            return state
        base = target.value
        if isinstance(base, gast.Name):
            objects = state.pts.get(base.id, frozenset()) if base.id in self.local else self._outside(base.id)
            self._record(stmt, base.id, objects, "store", state)
            old = getattr(stmt, "s2s_update_of", None)
            if old is not None and self._type(base.id) != "array":
                self._record_item_update(stmt, old, state)
            if self._may_contain(base.id):      # an array copies what is stored into it
                self._put(state, objects, self._atom(stmt.value, state))
        return state

    def _may_contain(self, name):
        may = getattr(self.activity, "maybe_container", None)
        return may is None or may(name)

    def _type(self, name):
        return getattr(self.activity, "types", {}).get(name)

    def _call_writes(self, stmt, call, state):
        """Record what a call may write into: `out=`, a writing function, a method, a user function."""
        keywords = {k.arg: k.value for k in call.keywords}
        if "out" in keywords and isinstance(keywords["out"], gast.Name):
            self._record_call(stmt, keywords["out"], state)
        obj, fname = self._callee(call)
        if _writes_first(obj, fname):
            if call.args and isinstance(call.args[0], gast.Name):
                self._record_call(stmt, call.args[0], state)
            return
        if isinstance(call.func, gast.Attribute) and not self._global(call.func) \
                and isinstance(call.func.value, gast.Name):
            self._method_writes(stmt, call, state)
            return
        if isinstance(obj, UserFunction):
            written = self._param_writes(obj)
            bound = _bound(obj, call)
            for param in sorted(written):
                if isinstance(bound.get(param), gast.Name):
                    self._record_call(stmt, bound[param], state)

    def _method_writes(self, stmt, call, state):
        """`items.append(v)` puts v into items; a writing method writes into its receiver."""
        receiver = call.func.value
        if call.func.attr == "append" and len(call.args) == 1:
            objects = state.pts.get(receiver.id, frozenset())
            self._record(stmt, receiver.id, objects, "append", state)
            self._put(state, objects, self._atom(call.args[0], state))
        elif not self._reading_method(receiver, call.func.attr):
            self._record_call(stmt, receiver, state)

    def _reading_method(self, receiver, method):
        return method not in _WRITING_METHODS

    def _param_writes(self, callee):
        """The parameters a user function writes into (its own writes and its callees')."""
        return param_writes(callee, self.summaries)

    def rebound_params(self, callee):
        """See the module function `rebound_params`."""
        return rebound_params(callee, self.summaries)

    # -- helpers ------------------------------------------------------------------------
    def _callee(self, call):
        """(what a call calls: a UserFunction, an object, or None; the called name), resolved once."""
        if id(call) not in self._callees:
            self._callees[id(call)] = self._resolve(call)
        return self._callees[id(call)]

    def _resolve(self, call):
        parts = dotted(call.func)
        fname = call.func.attr if isinstance(call.func, gast.Attribute) else getattr(call.func, "id", "")
        local_functions = getattr(self.activity, "local_functions", {})
        if isinstance(call.func, gast.Name) and call.func.id in local_functions:
            known = local_functions[call.func.id]
            return getattr(known, "obj", known), fname       # a Primitive: the function it holds
        if not parts or parts[0] in self.local:
            return None, fname
        op = self._known_ops.get(id(call)) or classify(call, self.local, self.resolver, local_functions)
        if op.kind == "user":
            return op.callee, fname
        if op.key is not None:
            return op.key, fname
        try:
            return resolve_dotted(self.resolver, parts), fname
        except Exception:
            return None, fname

    def _inputs(self, call, obj):
        """What a call can see: its arguments, its receiver, and a nested function's captured names."""
        inputs = [a for a in call.args] + [k.value for k in call.keywords]
        if isinstance(call.func, gast.Attribute) and not self._global(call.func):
            inputs.append(call.func.value)
        if isinstance(obj, UserFunction):
            inputs += [gast.Name(id=c, ctx=gast.Load(), annotation=None, type_comment=None) for c in obj.captured]
        return inputs

    def _known_pure(self, obj, call):
        if obj is None or isinstance(obj, UserFunction):        # a method of a local value
            return isinstance(call.func, gast.Attribute) and not self._global(call.func) \
                and hasattr(np.ndarray, call.func.attr) and call.func.attr not in _HOLDING_METHODS
        return rules.lookup(obj) is not None or rules.is_nograd(obj) or rules.lookup_tangent(obj) is not None \
            or isinstance(obj, np.ufunc) or (getattr(obj, "__module__", "") or "").startswith("numpy")

    def _global(self, func):
        parts = dotted(func)
        return bool(parts) and parts[0] not in self.local

    def _atom(self, atom, state):
        if isinstance(atom, gast.Name):
            return state.pts.get(atom.id, frozenset()) if atom.id in self.local else self._outside(atom.id)
        return frozenset()

    def _outside(self, name):
        return frozenset({"global:" + name})

    def _site(self, stmt):
        if id(stmt) not in self._sites:
            self._sites[id(stmt)] = f"made:{next(self._counter)}"
        return self._sites[id(stmt)]

    def _new(self, stmt, state, inside):
        """The object a statement makes, holding `inside`.  Each site has two objects: the one it
        made last, and `<site>:old` for every one before (what a loop's earlier iterations made and
        a container may still hold), so that a list made afresh in each iteration is not the one
        the previous iteration put somewhere."""
        fresh = id(stmt) not in self._sites     # a site never made before is in no state: nothing to age
        obj = self._site(stmt)
        if not fresh:
            self._age(state, obj)
        state.contents[obj] = frozenset(inside)
        return frozenset({obj})

    def _age(self, state, obj):
        old = obj + ":old"
        if obj not in state.contents and not any(obj in v for v in state.pts.values()) \
                and not any(obj in v for v in state.contents.values()):
            return
        aged = lambda objects: objects - {obj} | {old} if obj in objects else objects     # noqa: E731
        state.pts = {name: aged(objects) for name, objects in state.pts.items()}
        contents = {}
        for key, objects in state.contents.items():
            key = old if key == obj else key
            contents[key] = contents.get(key, frozenset()) | aged(objects)
        state.contents = contents
        if obj in self.repeated:
            self.repeated.add(old)
        if obj in self.made_containers:
            self.made_containers.add(old)

    def _put(self, state, containers, items):
        for obj in containers:
            held = state.contents.get(obj, frozenset())
            if items & held:            # put in again (`[y for _ in range(2)]`): maybe in two slots
                self.repeated.add(obj)
            state.contents[obj] = held | items

    def _bind(self, state, name, objects):
        state.pts[name] = objects
        self.ever[name] = self.ever.get(name, frozenset()) | objects

    def _record(self, stmt, name, objects, kind, state):
        previous = self.writes.get(id(stmt))
        if previous is not None:
            objects = objects | previous.objects
            state = state.copy().merge(previous.state)
        self.writes[id(stmt)] = write = Write(stmt, name, frozenset(objects), kind)
        write.state = state.copy()

    def _record_item_update(self, stmt, old, state):
        previous = self.item_updates.get(id(stmt))
        objects = state.pts.get(old, frozenset())
        if previous is not None:
            objects = objects | previous.objects
            state = state.copy().merge(previous.state)
        self.item_updates[id(stmt)] = write = Write(stmt, old, frozenset(objects), "item")
        write.state = state.copy()

    def _record_call(self, stmt, atom, state):
        name = atom.id
        objects = state.pts.get(name, frozenset()) if name in self.local else self._outside(name)
        self._record(stmt, name, objects, "call", state)


def _assigned_calls(func, ops):
    """(statement, Op) for the `name = call(...)` statements an activity analysis classified."""
    for node in walk(func):
        if isinstance(node, gast.Assign) and isinstance(node.value, gast.Call) and id(node) in ops:
            yield node, ops[id(node)]


class _CalleeView:
    """What `Aliases` reads of an activity analysis, for a callee summarized on its own."""

    def __init__(self, local_names, resolver, local_functions):
        self.local_names = local_names
        self.local_functions = local_functions or {}


def param_writes(callee, summaries):
    """The parameters a user function writes into (its own writes and its callees'); `summaries`
    keeps them, with what it returns and its analysis, per function."""
    key = (callee.source.filename, callee.key or callee.name)
    if key in summaries:
        return summaries[key]
    summaries[key] = set()          # a recursive call: its writes are its own, found below
    summaries[("returns",) + key] = None        # and what it returns is not known yet
    try:
        func = normalize(callee.node)
    except Exception:               # unreadable here; the callee's own transform reports it
        return set()
    local = {a.id for a in func.args.args} | {n.id for n in walk(func) if isinstance(n, gast.Name)
                                             and isinstance(n.ctx, gast.Store)}
    view = _CalleeView(local, callee.resolver, callee.local_functions)
    found = Aliases(func, view, callee.resolver, summaries)
    items = _item_locals(func)
    written = {o[len("param:"):] for w in found.writes.values() if not (w.kind == "augassign" and w.name in items)
               for o in w.objects if o.startswith("param:")}
    summaries[key] = written
    summaries[("returns",) + key] = frozenset(o for o in found.returned if o.startswith(_EXTERNAL))
    summaries[("aliases",) + key] = found
    return written


def _item_locals(func):
    """The locals bound only to an item of an array (`s = b[i]`, not a slice): a number where `b`
    has one axis, a view otherwise.  `s -= v` on one is no write the caller must refuse: the
    differentiated callee checks at run time that `s` holds a number (`check_rebinding`)."""
    items, others = set(), {a.id for a in func.args.args}
    for node in walk(func):
        if isinstance(node, gast.Assign):
            single = len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) and item_read(node.value)
            (items if single else others).update(stored_names(node.targets))
        elif isinstance(node, (gast.For, gast.comprehension)):
            others.update(stored_names([node.target]))
    return items - others


def rebound_params(callee, summaries):
    """The parameters a user function updates only by `p op= v` on the parameter's own name,
    where no other name of it sees the update: differentiated in the callee as `p = p op v`
    (transforms/updates.py), which a caller cannot tell apart where it never reads the argument
    again (`Aliases.consumed_arguments`)."""
    written = param_writes(callee, summaries)
    found = summaries.get(("aliases", callee.source.filename, callee.key or callee.name))
    if found is None:
        return set()
    rebound = set()
    for param in written:
        touching = [w for w in found.writes.values() if "param:" + param in w.objects or w.name == param]
        if all(w.kind == "augassign" and w.name == param and not w.seen_by for w in touching):
            rebound.add(param)
    return rebound
