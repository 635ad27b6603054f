"""Elementwise rules: arithmetic operators, ufuncs, `where` and `clip`.

The shape analysis treats every rule of this family as broadcasting: the result has the
broadcast shape of the operands.  Binary rules therefore write `unbroadcast(g, x)` with `g`
of the result's shape; the inliner drops it where `x` provably has that shape already.
Conventions where the derivative is infinite or undefined are written next to the rule.  The
rules are in `arithmetic`, `trigonometric`, `piecewise`, `discrete` and `squares`, registered in that
order.
"""

from .. import derive_elementwise
from . import arithmetic, trigonometric, piecewise, discrete, squares  # noqa: F401  (the rules, registered in this order)

# Every rule of this family has a diagonal Jacobian: its tangent is derived from the adjoint; its
# operands are arrays (or numbers) that broadcast together into the result.
for _module in (arithmetic, trigonometric, piecewise, discrete, squares):
    derive_elementwise(_module.__name__, elementwise=True, arrays=True)
