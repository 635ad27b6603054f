"""Points-to facts: a write's record, the state at one program point (name -> objects, object ->
objects inside it), and what objects hold; the vocabulary of aliases.py."""

import dataclasses


@dataclasses.dataclass
class Write:
    """One statement that may update objects in place, through `name` (None: a call's argument)."""

    stmt: object
    name: str
    objects: frozenset
    kind: str                   # "store", "augassign", "append", "call"
    external: bool = False      # may write into a parameter's or a global's object
    seen_by: tuple = ()         # other names read later that may refer to a written object
    reaches: dict = None        # a call's: each local name it reads -> the objects it may reach there
    item_copies: tuple = ()     # names read later bound only to an integer item (`t = y[i]`): a number or a view

    @property
    def private(self):
        return not self.external and not self.seen_by


class State:
    """Points-to facts at one program point: name -> objects, object -> objects inside it."""

    def __init__(self, pts=None, contents=None):
        self.pts = dict(pts or {})
        self.contents = dict(contents or {})

    def copy(self):
        return State(self.pts, self.contents)

    def merge(self, other):
        for table, theirs in ((self.pts, other.pts), (self.contents, other.contents)):
            for key, value in theirs.items():
                table[key] = table.get(key, frozenset()) | value
        return self

    def __eq__(self, other):
        return self.pts == other.pts and self.contents == other.contents

    def within(self, other):
        """Does `other` hold every fact this state holds?"""
        return all(v <= other.pts.get(k, frozenset()) for k, v in self.pts.items()) and \
            all(v <= other.contents.get(k, frozenset()) for k, v in self.contents.items())

    def reach(self, objects):
        """`objects` and everything inside them, transitively."""
        seen, todo = set(objects), list(objects)
        while todo:
            for inner in self.contents.get(todo.pop(), ()):
                if inner not in seen:
                    seen.add(inner)
                    todo.append(inner)
        return frozenset(seen)


def inner(state, objects):
    """What the objects hold (one level), in `state`."""
    return frozenset().union(*(state.contents.get(o, frozenset()) for o in objects)) if objects else frozenset()
