"""The records of the reverse pass: the adjoint `State`, the forward sweep's `Region`s of `Step`s, walks over them."""

import dataclasses

import gast


@dataclasses.dataclass
class State:
    """Adjoint state at one point of the adjoint sweep."""

    defined: set
    owned: set
    deferred: dict = dataclasses.field(default_factory=dict)   # var -> scalar its adjoint broadcasts
    lazy: set = dataclasses.field(default_factory=set)         # adjoints that may still be the zero `0.0`

    def copy(self):
        return State(set(self.defined), set(self.owned), dict(self.deferred), set(self.lazy))


@dataclasses.dataclass(eq=False)
class Region:
    """A statement list of the forward sweep and what its reversal needs."""

    steps: list
    end_adjoint: list = dataclasses.field(default_factory=list)
    start_reads: set = dataclasses.field(default_factory=set)
    pushes: dict = dataclasses.field(default_factory=dict)
    remats: dict = dataclasses.field(default_factory=dict)

    def defs(self):
        return set().union(*(s.defs for s in self.steps)) if self.steps else set()


@dataclasses.dataclass(eq=False)
class Step:
    """One forward statement (or compound statement) and its adjoint."""

    kind: str                   # "simple", "if", "for", "while"
    stmt: object
    forward: list = dataclasses.field(default_factory=list)
    adjoint: list = dataclasses.field(default_factory=list)
    reads: set = dataclasses.field(default_factory=set)
    defs: set = dataclasses.field(default_factory=set)
    children: list = dataclasses.field(default_factory=list)
    loop_targets: set = dataclasses.field(default_factory=set)
    counter: str = ""
    restore: bool = False       # a store that saves and restores what it overwrites
    bound: frozenset = frozenset()      # names certainly bound when the step starts
    cheap_call: bool = False    # `y = np.tanh(x)`: one elementwise ufunc of one name, cheap to recompute


def _mark_bound(region, bound):
    """Set each step's `bound` (names certainly bound when it starts); return those after the region."""
    since = {}          # name -> the position of the first simple step after `bound` that defines it
    for position, step in enumerate(region.steps):
        step.bound = _Bound(bound, since, position)
        if step.kind == "if":
            before = bound | since.keys()
            arms = [_mark_bound(child, before) for child in step.children]
            bound, since = arms[0] & arms[1], {}
        elif step.children:             # a loop may run no iteration
            _mark_bound(step.children[0], bound | since.keys() | step.loop_targets)
        else:
            for var in step.defs:
                since.setdefault(var, position)
    return bound | since.keys()


class _Bound:
    """The names bound when a step starts: those bound before its run of simple steps, and those
    an earlier step of the run defines (shared by the run, so a long function costs its length)."""

    __slots__ = ("before", "since", "position")

    def __init__(self, before, since, position):
        self.before, self.since, self.position = before, since, position

    def __contains__(self, name):
        return name in self.before or self.since.get(name, self.position) < self.position


def _all_steps(region):
    for step in region.steps:
        yield step
        for child in step.children:
            yield from _all_steps(child)


def _mutations(region):
    """(statement, name) for every store or append, which updates `name` in place."""
    for step in _all_steps(region):
        if step.kind == "store":
            yield step.stmt, step.stmt.targets[0].value.id
        elif step.kind == "append":
            yield step.stmt, step.stmt.value.func.value.id


def _breaks(body):
    """Does a loop body (not counting nested loops) contain a `break`?"""
    for stmt in body:
        if isinstance(stmt, gast.Break):
            return True
        if isinstance(stmt, gast.If) and (_breaks(stmt.body) or _breaks(stmt.orelse)):
            return True
    return False


def _has_adjoint(region):
    return any(s.adjoint or s.kind in ("store", "append") or s.children and any(_has_adjoint(c) for c in s.children)
               for s in region.steps) \
        or bool(region.end_adjoint)


def _step_statement(region, position):
    """The statement of the step at `position` (-1: the region's start, its first step's), or None."""
    steps = region.steps
    return steps[position].stmt if 0 <= position < len(steps) else steps[0].stmt if steps else None
