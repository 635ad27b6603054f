"""User names: the emitted entry function of `s2sgrad emit` takes its parameters under the names
the user wrote, and the emitted code's own names that collided with them give way.

rename.py renames a user's name that emitted code uses for something else (`stack`, the tape)
before any pass reads the function; that keeps every pass simple.  In the text a user imports,
the renamed parameter gets its name back, and the tape takes a fresh one:

    def f(x, stack):                def d_f(x, stack_2, d_result=1.0):      def d_f(x, stack, d_result=1.0):
        ...                  ->         stack = Stack()                 ->      tape = Stack()
                                        ...                                     ...

A user's name that the emitted function reads as a global (a runtime helper such as
`unbroadcast`, or `np`) keeps its renamed parameter: the global must stay visible.
"""

import re

import gast

from ..naming import TANGENT_TAPE, TAPE, Namer
from ..trees import clone, name_ids, walk

_HELPER_HINTS = {TAPE: "tape", TANGENT_TAPE: "t_tape"}


def user_signature(func, docstring, renames, free):
    """(func, docstring) with each renamed parameter of `func` under the user's name again, where
    the emitted function reads no global of that name (`free`); `renames` is {user: internal}
    (rename.py).  `func` itself where nothing is renamed back."""
    back = _names_back(func, renames, free)
    if not back:
        return func, docstring
    func = clone(func)
    namer = Namer(name_ids(func) | set(back.values()))
    moved = {user: namer.fresh(_HELPER_HINTS.get(user, user)) for user in back.values() if user in name_ids(func)}
    mapping = {**moved, **back}
    for node in walk(func):
        if isinstance(node, gast.Name) and node.id in mapping:
            node.id = mapping[node.id]
    return func, _renamed_text(docstring, back)


def user_wrt(wrt, renames):
    """The names of `wrt` (internal ones) as the user wrote them."""
    inverse = {internal: user for user, internal in renames.items()}
    return [inverse.get(w, w) for w in wrt]


def _names_back(func, renames, free):
    """{internal: user} for the parameters to rename, with forward mode's tangent keyword of each
    (`t_<user>`, or the first free `t_<user>_2`, ... where that is a parameter) and its adjoint."""
    params = [a.id for a in func.args.args]
    back = {internal: user for user, internal in renames.items() if internal in params and user not in free}
    names = name_ids(func)
    kept = (names - set(back)) | set(back.values()) | set(free)
    for internal, user in list(back.items()):
        for k in [a.id for a in func.args.kwonlyargs]:
            if k not in back and re.fullmatch(rf"t_{re.escape(internal)}(_\d+)?", k):
                back[k] = _unused("t_" + user, kept - {k})
                kept.add(back[k])
        if "d_" + internal in names and "d_" + internal not in back:     # its adjoint, for a reader
            back["d_" + internal] = _unused("d_" + user, kept - {"d_" + internal})
            kept.add(back["d_" + internal])
    return back


def _unused(hint, taken):
    name, k = hint, 1
    while name in taken:
        k += 1
        name = f"{hint}_{k}"
    return name


def _renamed_text(text, back):
    if not text:
        return text
    for internal, user in back.items():
        text = re.sub(rf"\b{re.escape(internal)}\b", user, text)
    return text
