"""Runtime: the few helpers emitted gradients call; no transformation machinery lives here.

Every helper is small, array-library agnostic (it only calls NumPy functions that dispatch
on their array arguments) and has a derivative rule, so emitted code can be differentiated
again.  Emitted code imports them from here; each is written in the module of its topic:

    declare      declarations the optimizer and the registry read (`_pure`, ...)
    arrays       portability across array libraries (`foreign`, `scatter_add`)
    trees        adjoints of containers (`zeros_like`, `tree_add`, `snapshot`, ...)
    shapes       shapes and axes (`unbroadcast`, `broadcast_like`, `expand_reduced`, ...)
    records      fields of records (`field_item`, `with_field`, `records_like`, ...)
    tape         what the forward sweep keeps besides the stack (`saved_item`, ...)
    indexing     adjoints of indexing (`add_at`, `take_adjoint`, `last_writes`, ...)
    linalg       matmul, tensordot, einsum, eig, LU
    scipy_calls  SciPy functions as helpers (`polygamma`, `bessel`, ...)
    numerical    np.gradient's adjoint, np.quantile's weights
    squares      squares smooth where their root is not (`norm_squared`, ...), exprel's and log1prel's slopes
    scans        running extrema (np.maximum.accumulate's adjoint and tangent)
    filters      linear filters (lfilter as a helper, its coefficients' lagged sums)
    puts         stores by flat index (np.put, np.fill_diagonal as values)
    windows      window views (sliding_window_view's adjoint, as_strided's indices)

and re-exported here under this module's name (`__module__`), which the rule registry and
`--standalone` read; `Stack`, the tape itself, is defined here.
"""

from ..errors import SharedUpdateError, UnsupportedValueError  # noqa: F401  (what helpers raise; --standalone writes them out)
from .arrays import foreign, scatter_add
from .declare import _calls_scipy, _first_order, _pure  # noqa: F401
from .filters import lagged_sums, linear_filter
from .indexing import add_at, added_at, along_axis_adjoint, bin_cotangent, diagonal_adjoint, last_writes, take_adjoint
from .linalg import (cofactors, cofactors_derivative, einsum_adjoint_spec, einsum_put_back, full_rank, inverse_gaps,
                     lu_permutation, matmul_adjoint_left,
                     matmul_adjoint_right, real_eigensystem,
                     tensordot_axes)
from .numerical import gradient_adjoint, gradient_of, logistic, quantile_weights
from .puts import diagonal_flat_index, put_into, put_values_adjoint
from .records import (field_item, field_of, is_object_of, new_object, not_an_object, record_items, records_like,
                      replace_field, with_field, without_field)
from .scans import running_extremum_adjoint, running_extremum_tangent
from .scipy_calls import (bessel, bessel_of_order, convolve_nd, log_gamma, matrix_function, polygamma,
                          simpson_weights, sylvester, triangular_solve)
from .shapes import (axes_to_last, block_parts, broadcast_like, check_axes, draw_shape, dtype_like, expand_reduced,
                     fit_along, full_widths, gradient_where, inverse_permutation, items_cotangent, items_total,
                     only_where, only_where_not, shape_only, shape_only_tangent, split_at, unbroadcast, unbroadcast_items)
from .squares import (abs_squared, builtin_abs_squared, exprel_slope, hypot_squared, log1prel_slope, math_hypot_squared,
                      math_sqrt_squared, nanstd_squared, norm_squared, sqrt_squared, std_squared, vector_norm_squared)
from .tape import MISSING, check_item_copy, check_item_update, check_rebinding, check_sequence, restore_item, run_steps, saved_item
from .trees import (accumulate_item, concat, copy_adjoint, dict_cotangent, dict_tangent, fold_repeats, has_key,
                    head_of, keys_of, repeat, restack_like, snapshot, sort_order, sorted_item_keys, sorted_keys, tail_of,
                    tree_add, unstack_like, zeros_like)
from .windows import strided_indices, window_adjoint


class Stack(list):
    """The tape of the forward sweep: values the adjoint sweep needs, in LIFO order."""

    __slots__ = ()
    push = list.append


# In the order they were written in (--standalone writes the helpers it inlines in this order).
__all__ = [
    "foreign", "Stack", "dtype_like", "unbroadcast", "zeros_like", "tree_add", "run_steps", "broadcast_like", "last_writes",
    "unstack_like", "restack_like", "copy_adjoint", "dict_cotangent", "dict_tangent", "MISSING", "saved_item",
    "restore_item", "keys_of", "accumulate_item", "has_key", "check_rebinding", "check_item_update", "check_item_copy", "check_sequence", "snapshot",
    "sort_order", "sorted_item_keys", "sorted_keys", "field_of", "field_item", "new_object", "record_items", "is_object_of",
    "not_an_object", "records_like", "replace_field", "without_field",
    "with_field", "concat", "head_of", "tail_of", "repeat", "fold_repeats", "scatter_add", "add_at", "added_at", "inverse_gaps", "cofactors", "expand_reduced",
    "matmul_adjoint_left", "matmul_adjoint_right", "bin_cotangent", "tensordot_axes", "einsum_adjoint_spec",
    "diagonal_adjoint", "take_adjoint", "inverse_permutation", "split_at", "fit_along", "along_axis_adjoint",
    "polygamma", "bessel", "bessel_of_order", "log_gamma", "triangular_solve", "sylvester", "matrix_function",
    "lu_permutation", "axes_to_last", "full_widths", "convolve_nd", "gradient_of", "gradient_adjoint",
    "quantile_weights", "real_eigensystem", "running_extremum_adjoint", "running_extremum_tangent",
    "odeint_adjoint", "odeint_tangent", "solve_ivp_adjoint", "solve_ivp_tangent", "shape_only",
    "check_axes", "unbroadcast_items", "logistic", "only_where", "only_where_not", "gradient_where",
    "block_parts", "items_cotangent", "items_total", "shape_only_tangent", "norm_squared", "abs_squared", "hypot_squared", "sqrt_squared",
    "builtin_abs_squared", "math_hypot_squared", "math_sqrt_squared", "nanstd_squared", "vector_norm_squared",
    "std_squared", "exprel_slope", "log1prel_slope", "cofactors_derivative", "einsum_put_back",
    "window_adjoint", "strided_indices", "linear_filter", "lagged_sums",
    "put_into", "put_values_adjoint", "diagonal_flat_index",
    "simpson_weights", "full_rank", "draw_shape",
]

# One module to the rule registry (`rules.RUNTIME_NAMES`), to pickle and to --standalone.
for _helper in list(globals().values()):
    if callable(_helper) and getattr(_helper, "__module__", "").startswith(__name__ + "."):
        _helper.__module__ = __name__
del _helper

# The ODE solvers' derivatives live in runtime_ode; emitted code imports them from here.
from ..runtime_ode import odeint_adjoint, odeint_tangent, solve_ivp_adjoint, solve_ivp_tangent  # noqa: E402
