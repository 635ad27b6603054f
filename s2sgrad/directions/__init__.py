"""Vector forward mode: a tangent that carries k directions along a leading axis.

`jacobian(f, mode="fwd")` runs f's emitted forward-mode code once per chunk of input directions,
with each tangent a `Directions`: a (k, *shape) array standing for k tangents of one shape.  The
primal is computed once per chunk; every tangent operation acts on the k directions at once.

The meaning of an operation on a `Directions` is fixed: it is the operation applied to each
direction alone, the results stacked (`_each`).  Where a faster form is equal to that, it is
used instead, and only there:
- elementwise ufuncs broadcast the k axis against the primal operands once each direction's
  part is given the operation's full number of dimensions (a scalar primal times a vector of
  directions: `(k,) -> (k, 1)` against a (3,) array would be wrong without it);
- basic indexing and stores (integers, slices, None, Ellipsis) index behind the k axis, and
  give views, as NumPy does;
- C-order reshapes and ravels, and transposes, act on the axes behind the k axis, and give
  views where NumPy does;
- sums, dot, matmul and cross with one tangent operand put the k axis where the primal
  operation leaves it alone.
Everything else runs direction by direction.  A direction-by-direction result that is a view
of its operand cannot be stacked with the sharing NumPy gives it, so it raises `Unvectorized`;
so does anything that needs the tangent as one plain array (`np.asarray`, `float`, a store into
a plain array).  `jacobian` then computes the Jacobian by one jvp per input element instead.
"""

from .core import BIG, Directions, Unvectorized, vector_variant
from .forms import register
from .sparse import Few, dense

register()

__all__ = ["BIG", "Directions", "Few", "Unvectorized", "dense", "vector_variant"]
