"""Lists of functions an object of a plain class holds: what its methods read of `self.acts`.

    class Model:                                    def f(x, W):
        def __init__(self, W, acts):                    acts_1 = lambda z: z * 2.0
            self.W, self.acts = W, acts    ->           m = Model(W, [np.tanh, acts_1])
        def loss(self, x):                              ... Model.loss reads `self.acts` as
            for act in self.acts: ...                       [np.tanh, acts_1]

    def f(x, W):
        m = Model(W, [np.tanh, lambda z: z * 2.0])

A list of functions `__init__` stores from a display of global functions (`self.acts =
[np.tanh, relu]`), or from a parameter (`self.acts = acts`, its only store) that the function's
constructions of the class all pass the same display of functions to (names, dotted names; a
lambda, named before the statement, in the one construction only): the class's methods read
`self.acts` as that display, so that a loop over it calls each function by its name
(function_loops.py).  A construction passing other functions than the class's first is refused
at its line (`lists_given_twice`, read by the fence).
"""

import gast

from .imported_classes import imported_plain_classes
from ..trees import clone, walk
from .function_displays import blocks, name_lambdas, root, stores
from .object_parameters import constructed
from .plain_classes import plain_classes


def given_lambdas(func, source):
    """The ids of the lambdas of the displays of functions given to a constructor (see the module
    docstring): the fence lets them through, they are named."""
    return {id(e) for _, _, _, display in _given(func, _classes(source))
            for e in display.elts if isinstance(e, gast.Lambda)}


def name_given_lambdas(func, classes, taken):
    """{class: {attribute: display}} for the displays of functions the function's constructions
    give (in place: their lambdas named before the statement that constructs)."""
    found = {}
    for block in blocks(func.body):
        out = []
        for stmt in block:
            for cls, attr, call, display in _given(stmt, classes, func):
                out += name_lambdas(display, attr, taken, stmt)
                found.setdefault(cls, {})[attr] = display
            out.append(stmt)
        block[:] = out
    return found


def stored_displays(init):
    """{attribute: display} for each `self.attr = [f, g]` of `__init__`'s body, the only store of
    that attribute, whose items are names or dotted names `__init__` does not bind."""
    me = init.args.args[0].id if init.args.args else None
    bound = {n.id for n in walk(init) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    found = {}
    for stmt in init.body:
        attr = _single_store(init, stmt, me)
        if attr is not None and _functions(stmt.value, bound, lambdas=False):
            found[attr] = stmt.value
    return found


def _single_store(init, stmt, me):
    """The attribute of `self.attr = ...`, the only store of it in `__init__`, or None."""
    target = stmt.targets[0] if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 else None
    if not _self_attribute(target, me):
        return None
    stored = [n.attr for n in walk(init) if _self_attribute(n, me) and not isinstance(n.ctx, gast.Load)]
    return target.attr if stored.count(target.attr) == 1 else None


def _given(root, classes, func=None):
    """(class, attribute, call, display) for each construction in `root` of a class the function
    `func` (`root` itself where None) constructs with one list of functions, given a display of
    functions for a parameter that `__init__` stores as one attribute."""
    func = root if func is None else func
    if not classes:
        return []
    local = {n.id for n in walk(func) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    mine = {id(c) for c in walk(root) if isinstance(c, gast.Call)}
    one, _ = _constructions(func, classes, local)
    return [(cls, attr, call, d) for call, cls, given in one if id(call) in mine for attr, d in given]


def lists_given_twice(func, source):
    """[(a construction, the first of its class)] for the constructions of a class that the
    function makes again with other lists of functions (`a = Net(W, [np.tanh]); b = Net(V,
    [np.sin])`): its methods read `self.acts` as one display, which they cannot be."""
    classes = _classes(source)
    local = {n.id for n in walk(func) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    return _constructions(func, classes, local)[1] if classes else []


def _constructions(func, classes, local):
    """([(call, class, [(attribute, display)])] of the classes whose constructions all give the
    same displays of functions, [(call, the first call)] of those of the others)."""
    made = [(c, constructed(c, classes, local)) for c in walk(func) if isinstance(c, gast.Call)]
    made = [(c, cls, _stored_parameters(classes[cls], c, local)) for c, cls in made if cls is not None]
    first = {}
    for call, cls, given in made:
        first.setdefault(cls, (call, given))
    differ = {cls for call, cls, given in made if _differs(call, given, *first[cls])}
    return ([m for m in made if m[1] not in differ],
            [(call, first[cls][0]) for call, cls, _ in made if cls in differ and call is not first[cls][0]])


def _differs(call, given, first_call, first_given):
    """Whether a construction gives other functions than the first of its class: other displays,
    or lambdas (made again)."""
    return call is not first_call and (_has_lambda(given) or _texts(given) != _texts(first_given))


def _texts(given):
    return [(attr, gast.dump(d)) for attr, d in given]


def _has_lambda(given):
    return any(isinstance(e, gast.Lambda) for _, d in given for e in d.elts)


def _stored_parameters(plain, call, local):
    """(attribute, display) for the parameters of `plain`'s `__init__` given a display of
    functions by `call` and stored as `self.attr = parameter`."""
    init = plain.methods.get("__init__")
    if init is None or any(isinstance(a, gast.Starred) for a in call.args):
        return []
    params = [a.id for a in init.args.args[1:]]
    given = dict(zip(params, call.args)) | {k.arg: k.value for k in call.keywords if k.arg}
    me = init.args.args[0].id
    out = []
    for stmt in init.body:
        attr = _single_store(init, stmt, me)
        value = getattr(stmt, "value", None)
        if attr is not None and isinstance(value, gast.Name) and value.id in given \
                and _functions(given[value.id], local) and stores(init, value.id) == 1:
            out.append((attr, given[value.id]))
    return out


def _functions(display, local, lambdas=True):
    """A list or tuple display of names or dotted names whose roots are none of `local` (and of
    lambdas, unless not `lambdas`)."""
    if not isinstance(display, (gast.List, gast.Tuple)) or not display.elts:
        return False
    return all(lambdas and isinstance(e, gast.Lambda) or root(e) is not None and root(e) not in local
               for e in display.elts)


def _self_attribute(target, me):
    return isinstance(target, gast.Attribute) and isinstance(target.value, gast.Name) and target.value.id == me


def _classes(source):
    return {**imported_plain_classes(source, plain_classes), **plain_classes(source)}


def read_displays(made, displays):
    """A method's reads of `self.attr` -> a copy of `displays[attr]`, in place."""
    if not displays or not made.args.args:
        return
    me = made.args.args[0].id
    for n in list(walk(made)):
        for field, value in gast.iter_fields(n):
            items = value if isinstance(value, list) else [value]
            for k, item in enumerate(items):
                if isinstance(item, gast.Attribute) and isinstance(item.value, gast.Name) and item.value.id == me \
                        and isinstance(item.ctx, gast.Load) and item.attr in displays:
                    new = gast.copy_location(clone(displays[item.attr]), item)
                    if isinstance(value, list):
                        value[k] = new
                    else:
                        setattr(n, field, new)
