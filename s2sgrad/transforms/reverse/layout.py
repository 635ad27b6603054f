"""Layout of both sweeps: forward statements with the tape's pushes, the adjoint backwards with its pops.

Each step kind lays itself out through `forward_<kind>` and `backward_<kind>`: the simple and
hook steps here, stores and appends in stores.py, `if`, `for` and `while` in control.py.
"""

import gast

from ...trees import clone
from ..normalize import assign, name
from .nodes import _locate, _stack_call
from .steps import _step_statement


def _shape_only(n):
    """`shape_only(n)`: what the tape keeps of `n` where its adjoint reads only its shape."""
    return gast.Call(func=name("shape_only"), args=[name(n)], keywords=[])


def _paired(stmt, region, position, n):
    """`stmt`, a push or its pop, marked as one of the pair (`s2s_pair`): the optimizer drops the
    two together where nothing reads what the pop gives (optimize/eliminate.py)."""
    stmt.s2s_pair = (id(region), position, n)
    return stmt


class Layout:
    """The part of `Reverse` that lays out the forward and the adjoint sweep of a `Region`."""

    def forward(self, region):
        """The region's forward statements, each followed by the pushes the adjoint needs."""
        out = self._pushes(region, -1)
        for position, step in enumerate(region.steps):
            out.extend(self.forward_step(step))
            out.extend(self._pushes(region, position))
        return out

    def forward_step(self, step):
        """One step's forward statements, by its kind."""
        return getattr(self, "forward_" + step.kind)(step)

    def forward_simple(self, step):
        return list(step.forward)

    forward_append = forward_simple

    def forward_hook(self, step):
        """A grad hook's body runs in the adjoint sweep only."""
        return []

    def adjoint(self, region):
        """The region's adjoint statements, last step first, each preceded by the pops it needs."""
        out = []
        for position in range(len(region.steps) - 1, -1, -1):
            step = region.steps[position]
            out.extend(self._pops(region, position, step))
            out.extend(self.adjoint_step(step))
        out.extend(self._pops(region, -1, None))
        out.extend(region.end_adjoint)
        return out

    def adjoint_step(self, step):
        """One step's adjoint statements, after the deferred broadcasts made before it."""
        return list(self._preludes.get(id(step), [])) + getattr(self, "backward_" + step.kind)(step)

    def backward_simple(self, step):
        return list(step.adjoint)

    backward_hook = backward_simple

    def _pushes(self, region, position):
        names = region.pushes.get(position, [])
        if names:
            self.uses_stack = True
        where = _step_statement(region, position)      # a line for the line map (no comment: no s2s_line)
        shaped = getattr(region, "shaped", ())
        out = [_paired(_locate(gast.Expr(value=_stack_call("push", _shape_only(n) if (position, n) in shaped
                                                    else name(n))), where), region, position, n) for n in names]
        for n in getattr(region, "shrunk", {}).get(position, ()):       # its adjoint reads only its shape
            out.append(_locate(assign(n, _shape_only(n), None), where))
        return out

    def _pops(self, region, position, step):
        names = region.pushes.get(position, [])
        line = step.stmt.lineno if step is not None and step.kind == "simple" else None
        out, after = [], []
        for n, expr, dependent in region.remats.get(position, []):     # recomputed, not popped
            stmt = assign(n, clone(expr), None)
            if line is not None:
                stmt.s2s_line = line
            (after if dependent else out).append(stmt)      # from values popped here: after the pops
        for n in reversed(names):
            stmt = _paired(_locate(assign(n, _stack_call("pop"), None), _step_statement(region, position)),
                           region, position, n)
            if line is not None:
                stmt.s2s_line = line
            out.append(stmt)
        return out + after
