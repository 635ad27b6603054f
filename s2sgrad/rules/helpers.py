"""Rules for the runtime helpers that emitted gradients call, so they can be differentiated again.

A helper's shape-only operand (`like`) has no gradient, but it is named positionally, without
a default, and given a zero cotangent: in emitted gradients it is an active value, and an
active argument without a derivative would be refused.  Forward mode over an emitted gradient
(Hessian-vector products) uses the tangent rules: every helper is linear in its values, and
its tangent is the helper applied to the tangents, with the shape-only operand unchanged.
"""

import numpy as np

from . import adjoint, deflinear, nograd, tangent
from .. import runtime
from ..runtime import (add_at, bin_cotangent, broadcast_like, concat, dict_cotangent, dict_tangent, dtype_like,
                       expand_reduced, field_item, fold_repeats, gradient_where, head_of, items_cotangent,
                       items_total, matmul_adjoint_left, matmul_adjoint_right, record_items, records_like, repeat,
                       restack_like, tail_of, tree_add, unbroadcast, unbroadcast_items, unstack_like, with_field,
                       without_field, zeros_like)


@adjoint(runtime.unbroadcast)
def unbroadcast_(result, g, like, *, d_result):
    return np.broadcast_to(d_result, np.shape(g)), zeros_like(like)


@tangent(runtime.unbroadcast)
def unbroadcast_tangent(result, g, like, *, t_g):
    # Where only `like` is active, t_g is a folded scalar zero: give it g's shape first.
    return unbroadcast(broadcast_like(t_g, g), like)


@adjoint(runtime.dtype_like)
def dtype_like_(result, g, like, *, d_result):
    return dtype_like(d_result, g), zeros_like(like)


@tangent(runtime.dtype_like)
def dtype_like_tangent(result, g, like, *, t_g):
    # Where g does not vary, t_g is a folded scalar zero: give it g's shape first.
    return dtype_like(broadcast_like(t_g, g), like)


@adjoint(runtime.expand_reduced)
def expand_reduced_(result, g, x, axis=None, keepdims=False, *, d_result):
    return np.reshape(d_result, np.shape(g)), zeros_like(x)


@tangent(runtime.expand_reduced)
def expand_reduced_tangent(result, g, x, axis=None, keepdims=False, *, t_g):
    # Where only `x` is active, t_g is a folded scalar zero: give it g's shape first.
    return expand_reduced(broadcast_like(t_g, g), x, axis, keepdims)


@adjoint(runtime.matmul_adjoint_left)
def matmul_adjoint_left_(result, g, a, b, *, d_result):
    # Bilinear in (g, b); `a` only gives the shape.
    return unbroadcast(np.matmul(d_result, b), g), zeros_like(a), matmul_adjoint_right(g, d_result, b)


@tangent(runtime.matmul_adjoint_left)
def matmul_adjoint_left_tangent(result, g, a, b, *, t_g, t_b):
    # The helper takes no folded scalar zero: broadcast_like gives a missing tangent its operand's shape.
    return matmul_adjoint_left(broadcast_like(t_g, g), a, b) + matmul_adjoint_left(g, a, broadcast_like(t_b, b))


@adjoint(runtime.matmul_adjoint_right)
def matmul_adjoint_right_(result, g, a, b, *, d_result):
    # Bilinear in (g, a); `b` only gives the shape.
    return unbroadcast(np.matmul(a, d_result), g), matmul_adjoint_left(g, a, d_result), zeros_like(b)


@tangent(runtime.matmul_adjoint_right)
def matmul_adjoint_right_tangent(result, g, a, b, *, t_g, t_a):
    # A missing tangent is given its operand's shape, as for matmul_adjoint_left.
    return matmul_adjoint_right(broadcast_like(t_g, g), a, b) + matmul_adjoint_right(g, broadcast_like(t_a, a), b)


@adjoint(runtime.bin_cotangent, operands=("d_counts", "edges"))
def bin_cotangent_(result, d_counts, a, edges, *, d_result):
    # Linear in d_counts: the values' cotangents summed into their bins.  The edges (part of
    # the histogram's varying result) only place the values.
    return np.histogram(a, bins=edges, weights=d_result)[0], zeros_like(edges)


@tangent(runtime.bin_cotangent)
def bin_cotangent_tangent(result, d_counts, a, edges, *, t_d_counts, t_edges):
    # Where only the edges vary, t_d_counts is a folded scalar zero: give it d_counts' shape first.
    return bin_cotangent(broadcast_like(t_d_counts, d_counts), a, edges)


@adjoint(runtime.add_at)
def add_at_(result, g, x, index=None, *, d_result):
    return d_result[index], zeros_like(x)


@tangent(runtime.add_at)
def add_at_tangent(result, g, x, index=None, *, t_g):
    return add_at(t_g, x, index)


@adjoint(runtime.broadcast_like)
def broadcast_like_(result, t, like, *, d_result):
    # Forward mode's helper: `t` broadcast to the shape of `like`, which gives the shape only.
    return unbroadcast(d_result, t), zeros_like(like)


@tangent(runtime.broadcast_like)
def broadcast_like_tangent(result, t, like, *, t_t):
    return broadcast_like(t_t, like)


@adjoint(runtime.items_cotangent)
def items_cotangent_(result, g, items, *, d_result):
    # sum(xs)'s adjoint helper: linear in the seed g, its transpose sums the items' cotangents.
    return items_total(d_result, g), zeros_like(items)


@tangent(runtime.items_cotangent)
def items_cotangent_tangent(result, g, items, *, t_g):
    return items_cotangent(broadcast_like(t_g, g), items)


@adjoint(runtime.items_total)
def items_total_(result, d, g, *, d_result):
    # The transpose of items_cotangent in g: its own transpose is items_cotangent again.
    return items_cotangent(d_result, d), zeros_like(g)


@tangent(runtime.items_total)
def items_total_tangent(result, d, g, *, t_d):
    return items_total(broadcast_like(t_d, d), g)


@adjoint(runtime.tree_add)
def tree_add_(result, a, b, *, d_result):
    return d_result, d_result


@adjoint(runtime.copy_adjoint)
def copy_adjoint_(result, a, *, d_result):
    return d_result


@adjoint(runtime.snapshot)
def snapshot_(result, value, *, d_result):
    return d_result


@adjoint(runtime.unstack_like)
def unstack_like_(result, g, like, *, d_result):
    return restack_like(d_result, g), zeros_like(like)


@adjoint(runtime.unbroadcast_items)
def unbroadcast_items_(result, g, like, *, d_result):
    return np.broadcast_to(restack_like(d_result, np.zeros(np.shape(like))), np.shape(g)), zeros_like(like)


@tangent(runtime.unbroadcast_items)
def unbroadcast_items_tangent(result, g, like, *, t_g):
    return unbroadcast_items(broadcast_like(t_g, g), like)


@adjoint(runtime.restack_like)
def restack_like_(result, d, g, *, d_result):
    return unstack_like(d_result, d), zeros_like(g)


@adjoint(runtime.field_of)
def field_of_(result, record, name=None, *, d_result):
    return with_field(d_result, record, name)


@tangent(runtime.field_of)
def field_of_tangent(result, record, name=None, *, t_record):
    # A tangent may be the list of the record's children: the record gives the field's position.
    return field_item(t_record, record, name)


@adjoint(runtime.field_item)
def field_item_(result, g, like, name=None, *, d_result):
    return with_field(d_result, like, name), zeros_like(like)


@tangent(runtime.field_item)
def field_item_tangent(result, g, like, name=None, *, t_g):
    return field_item(t_g, like, name)


@adjoint(runtime.with_field)
def with_field_(result, g, like, name=None, *, d_result):
    return field_item(d_result, like, name), zeros_like(like)


@tangent(runtime.with_field)
def with_field_tangent(result, g, like, name=None, *, t_g):
    return with_field(t_g, like, name)


@adjoint(runtime.replace_field)
def replace_field_(result, record, value, name=None, *, d_result):
    return without_field(d_result, record, name), field_item(d_result, record, name)


@tangent(runtime.replace_field)
def replace_field_tangent(result, record, value, name=None, *, t_record, t_value):
    # Tangents may be lists of the record's children: both are given that form, then added.
    return tree_add(without_field(broadcast_like(t_record, record), record, name),
                    with_field(broadcast_like(t_value, value), record, name))


@adjoint(runtime.without_field)
def without_field_(result, g, like, name=None, *, d_result):
    return without_field(d_result, like, name), zeros_like(like)


@tangent(runtime.without_field)
def without_field_tangent(result, g, like, name=None, *, t_g):
    return without_field(t_g, like, name)


@adjoint(runtime.new_object)
def new_object_(result, values, cls=None, names=None, *, d_result):
    return record_items(d_result, result)


@tangent(runtime.new_object)
def new_object_tangent(result, values, cls=None, names=None, *, t_values):
    return record_items(t_values, result)


@adjoint(runtime.record_items)
def record_items_(result, g, like, *, d_result):
    return d_result, zeros_like(like)


@tangent(runtime.record_items)
def record_items_tangent(result, g, like, *, t_g):
    return record_items(t_g, like)


@adjoint(runtime.records_like)
def records_like_(result, g, like, *, d_result):
    return d_result, zeros_like(like)


@tangent(runtime.records_like)
def records_like_tangent(result, g, like, *, t_g):
    return records_like(t_g, like)


@adjoint(runtime.concat)
def concat_(result, a, b, *, d_result):
    return head_of(d_result, a), tail_of(d_result, a)


@adjoint(runtime.head_of)
def head_of_(result, g, like, *, d_result):
    return concat(d_result, tail_of(zeros_like(g), like)), zeros_like(like)


@tangent(runtime.head_of)
def head_of_tangent(result, g, like, *, t_g):
    return head_of(t_g, like)


@adjoint(runtime.tail_of)
def tail_of_(result, g, like, *, d_result):
    return concat(head_of(zeros_like(g), like), d_result), zeros_like(like)


@tangent(runtime.tail_of)
def tail_of_tangent(result, g, like, *, t_g):
    return tail_of(t_g, like)


@adjoint(runtime.dict_tangent)
def dict_tangent_(result, t, like, *, d_result):
    return dict_cotangent(d_result, like), zeros_like(like)


@adjoint(runtime.dict_cotangent)
def dict_cotangent_(result, g, like, *, d_result):
    return dict_tangent(d_result, like), zeros_like(like)


@tangent(runtime.dict_tangent)
def dict_tangent_tangent(result, t, like, *, t_t):
    return dict_tangent(t_t, like)


@tangent(runtime.dict_cotangent)
def dict_cotangent_tangent(result, g, like, *, t_g):
    return dict_cotangent(t_g, like)


@adjoint(runtime.repeat)
def repeat_(result, a, n=1, *, d_result):
    return fold_repeats(d_result, a)


@adjoint(runtime.fold_repeats)
def fold_repeats_(result, g, like, *, d_result):
    return repeat(d_result, len(g) // np.maximum(len(like), 1)), zeros_like(like)


@tangent(runtime.fold_repeats)
def fold_repeats_tangent(result, g, like, *, t_g):
    return fold_repeats(t_g, like)


deflinear(runtime.concat, runtime.repeat)
deflinear(runtime.tree_add, runtime.copy_adjoint, runtime.snapshot, runtime.unstack_like, runtime.restack_like)

@adjoint(runtime.only_where)
def only_where_(result, taken, x, *, d_result):
    return zeros_like(taken), gradient_where(taken, d_result, x)


@adjoint(runtime.only_where_not)
def only_where_not_(result, taken, x, *, d_result):
    return zeros_like(taken), gradient_where(np.logical_not(taken), d_result, x)


@adjoint(runtime.gradient_where)
def gradient_where_(result, taken, g, like, *, d_result):
    return zeros_like(taken), gradient_where(taken, d_result, like), zeros_like(like)


@tangent(runtime.only_where, runtime.only_where_not)
def only_where_tangent(result, taken, x, *, t_x):
    return t_x


@tangent(runtime.gradient_where)
def gradient_where_tangent(result, taken, g, like, *, t_g):
    return gradient_where(taken, t_g, like)


@adjoint(runtime.inverse_gaps)
def inverse_gaps_(result, gap, values, coupled, *, d_result):
    return -d_result * result * result, zeros_like(values), zeros_like(coupled)


@tangent(runtime.inverse_gaps)
def inverse_gaps_tangent(result, gap, values, coupled, *, t_gap):
    return -t_gap * result * result


nograd(runtime.zeros_like, result="float")
nograd(runtime.shape_only, result="other")      # what it keeps of an array is its shape
nograd(runtime.sorted_keys, result="other")         # it refuses differentiable values where it runs
nograd(runtime.sort_order, result="other")      # positions, which carry no derivative (np.argsort)
nograd(runtime.keys_of, runtime.sorted_item_keys, result="other")     # a dict's keys, which `(k, d[k])` pairs carry
nograd(runtime.check_item_update, runtime.check_item_copy, runtime.check_sequence)
# A forward-only check.  The in-place helpers (scatter_add, restore_item) deliberately have
# no rule: declaring a mutation zero-gradient would silently drop what it adds.
nograd(runtime.check_rebinding, runtime.check_axes)
nograd(runtime.tensordot_axes, runtime.einsum_adjoint_spec)
nograd(runtime.inverse_permutation, runtime.full_widths)     # integers from shapes
nograd(runtime.axes_to_last, result="other")
nograd(runtime.foreign, result="other")         # which library makes a new array: no value of its own
nograd(runtime.last_writes, runtime.has_key, result="bool")
nograd(runtime.is_object_of, result="bool")
nograd(runtime.not_an_object, result="other")    # it raises: the call it stands for is never made
nograd(runtime.draw_shape, result="other")    # a shape (transforms/reparameterize.py)
