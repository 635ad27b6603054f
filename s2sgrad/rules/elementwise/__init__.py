"""Elementwise rules: arithmetic operators, ufuncs, `where` and `clip`.

Every rule here is registered through `rules.BROADCASTING`, which declares its operands arrays
that broadcast together into the result and derives its tangent from its adjoint; the shape
analysis reads the result's shape as the operands' broadcast shape.  Binary rules therefore write `unbroadcast(g, x)` with `g`
of the result's shape; the inliner drops it where `x` provably has that shape already.
Conventions where the derivative is infinite or undefined are written next to the rule.  The
rules are in `arithmetic`, `trigonometric`, `piecewise`, `discrete` and `squares`, registered in that
order.
"""

from . import arithmetic, trigonometric, piecewise, discrete, squares  # noqa: F401  (the rules, registered in this order)
