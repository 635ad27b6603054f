"""Checkpointing: the adjoint of a loop on the optimal binomial (Revolve) schedule, holding at most k loop states.

    for t in s2sgrad.checkpointed(range(T), snapshots=k):
        x = np.sin(x * w) + x

marks a loop whose gradient keeps `k` snapshots of the loop state instead of a tape of
every step; the emitted gradient drives it with a `CheckpointedLoop`:

    loop = CheckpointedLoop(range(T), k, (w,), advance, record, adjoint)
    x, = loop.forward((x,))
    (d_x,), (d_w,) = loop.reverse((d_x,))

The schedule is checkpoint_schedules' `MultistageCheckpointSchedule` with every snapshot
in memory: Griewank and Walther's binomial schedule (Algorithm 799, ACM TOMS 26(1), 2000),
which needs the fewest forward steps for T steps and k snapshots.
"""

import numbers
from typing import Any, Iterable, TypeVar


from .errors import ArgumentError, InternalError
from .runtime import Stack, tree_add, zeros_like

I = TypeVar("I", bound=Iterable[Any])


def checkpointed(iterable: I, snapshots: int | None = None) -> I:
    """Mark a loop for binomial checkpointing in its gradient; returns `iterable` unchanged.

    `for t in checkpointed(range(T), snapshots=k):` runs as the plain loop; its gradient
    keeps at most `k` loop states (plus the tape of one step) and recomputes the rest,
    with the fewest recomputed steps possible.  `snapshots=None` keeps a tape of every step.
    """
    check_snapshots(snapshots)
    return iterable


def check_snapshots(snapshots):
    """Refuse a snapshot count that is not None or a positive int, saying what is allowed."""
    if snapshots is None:
        return None
    if isinstance(snapshots, bool) or not isinstance(snapshots, numbers.Integral):
        raise ArgumentError(f"snapshots must be a positive int or None (keep every step), "
                            f"got {snapshots!r} of type {type(snapshots).__name__}")
    if snapshots < 1:
        raise ArgumentError(f"snapshots must be at least 1 (the loop's initial state), got {snapshots}; "
                            f"use snapshots=None to keep every step")
    return int(snapshots)


def schedule(n_steps, snapshots):
    """The checkpoint_schedules actions for a loop of `n_steps` steps and `snapshots` (None: tape every step)."""
    # Imported here: `import s2sgrad` should not need the schedule library until a loop runs.
    from checkpoint_schedules import EndForward, EndReverse, Forward, MultistageCheckpointSchedule, Reverse, StorageType
    if n_steps == 0:
        return iter([EndForward(), EndReverse()])
    if snapshots is None:
        return iter([Forward(0, n_steps, False, True, StorageType.WORK), EndForward(),
                     Reverse(n_steps, 0, True), EndReverse()])
    return MultistageCheckpointSchedule(n_steps, snapshots, 0)


def _add(total, g):
    """Sum of two adjoints where None means no gradient."""
    if g is None:
        return total
    if total is None:
        return g
    return tree_add(total, g)


class CheckpointedLoop:
    """One forward and one adjoint sweep of a loop, on the binomial schedule for `snapshots`.

    `steps` is the range of values `t` takes; `invariants` the loop-invariant values passed
    to every step.  The step functions never write into their arguments:
      advance(t, *state, *invariants) -> state          (no recording)
      record(stack, t, *state, *invariants) -> state    (pushes what adjoint needs)
      adjoint(stack, d_state) -> (d_state..., d_invariants...)   (pops one recorded step)
    A gradient entry of None means "no gradient".

    Counters, for tests:
      forward_steps  every call of advance or record, in both sweeps.  The forward sweep
                     advances T - 1 steps and records the last one, so for T >= 1 steps and
                     k snapshots this is T + t(T, k), where t(T, k) = r T - C(k + r, r - 1) is
                     Griewank and Walther's minimal count of (non-recording) forward steps
                     and r is the least with C(k + r, k) >= T; T when snapshots is None.
      max_snapshots  the most loop states held at once, the live state not counted (0 when
                     snapshots is None: the tapes of all steps are kept instead).
    """

    def __init__(self, steps, snapshots, invariants, advance, record, adjoint):
        self.steps = steps
        self.snapshots = check_snapshots(snapshots)
        self.invariants = tuple(invariants)
        self.advance, self.record, self.adjoint = advance, record, adjoint
        self.forward_steps = 0
        self.max_snapshots = 0
        self._schedule = None
        self._finished = False
        self._stack = Stack()
        self._saved = {}
        self._state = self._d_state = self._d_invariants = None
        self._n_state = 0

    def forward(self, state):
        """Run every step from `state`, keeping the snapshots the schedule asks for; the final state."""
        if self._schedule is not None:
            raise RuntimeError("CheckpointedLoop.forward() already ran; a CheckpointedLoop runs one forward "
                               "and one reverse sweep, make a new one to run the loop again")
        self._schedule = schedule(len(self.steps), self.snapshots)
        self._state = tuple(state)
        self._n_state = len(self._state)
        self._run(until="EndForward")
        final, self._state = self._state, None
        return final

    def reverse(self, d_state):
        """The adjoint sweep from the cotangent of the final state: (d_state at loop entry, d_invariants).

        An invariant no step gave a gradient (or a loop of no steps) gets `zeros_like` of it.
        """
        if self._schedule is None:
            raise RuntimeError("CheckpointedLoop.reverse() called before forward(): run the forward sweep first")
        if self._finished:
            raise RuntimeError("CheckpointedLoop.reverse() already ran; a schedule is reversed once")
        self._d_state = self._checked(d_state, self._n_state, "the cotangent passed to reverse()")
        self._d_invariants = (None,) * len(self.invariants)
        self._run(until="EndReverse")
        self._finished = True
        if self._stack or self._saved:
            raise InternalError(f"a checkpointed loop ended its adjoint sweep with {len(self._stack)} values on "
                                f"its tape and {len(self._saved)} snapshots")
        d_invariants = tuple(zeros_like(v) if d is None else d for d, v in zip(self._d_invariants, self.invariants))
        return self._d_state, d_invariants

    def _run(self, until):
        for action in self._schedule:
            kind = type(action).__name__
            if kind == until:
                return
            _ACTIONS[kind](self, action)
        raise InternalError(f"the checkpointing schedule ended before {until}")

    def _forward(self, action):
        if action.write_ics:
            self._saved[action.n0] = self._state
            self.max_snapshots = max(self.max_snapshots, len(self._saved))
        step = self._record if action.write_adj_deps else self._advance
        for n in range(action.n0, action.n1):
            self._state = self._checked(step(self.steps[n]), len(self._state), "a loop step")
            self.forward_steps += 1

    def _advance(self, t):
        return self.advance(t, *self._state, *self.invariants)

    def _record(self, t):
        return self.record(self._stack, t, *self._state, *self.invariants)

    def _reverse(self, action):
        n_state = len(self._d_state)
        for _ in range(len(action)):
            grads = self.adjoint(self._stack, self._d_state)
            if n_state + len(self.invariants) == 1:      # an adjoint of one argument returns it bare
                grads = (grads,)
            grads = self._checked(grads, n_state + len(self.invariants), "a loop step's adjoint")
            self._d_state = grads[:n_state]
            self._d_invariants = tuple(map(_add, self._d_invariants, grads[n_state:]))

    def _restore(self, action):
        self._state = self._saved[action.n]

    def _restore_last(self, action):
        self._state = self._saved.pop(action.n)

    @staticmethod
    def _checked(values, count, what):
        values = tuple(values)
        if len(values) != count:
            raise InternalError(f"{what} of a checkpointed loop has {len(values)} values, expected {count}")
        return values


_ACTIONS = {             # checkpoint_schedules' action classes, by name
    "Forward": CheckpointedLoop._forward,
    "Reverse": CheckpointedLoop._reverse,
    "Copy": CheckpointedLoop._restore,
    "Move": CheckpointedLoop._restore_last,
}
