"""The corpus table: construct x nesting depth, with inputs that take every branch.

Each `Case` names a function of `tests/corpus/functions.py`, what it exercises, its
nesting depth (0 = straight-line code, 3 = e.g. an `if` in a `for` in a `while`), its
`wrt`, and one or more input sets; together the input sets execute every line of the
function (tests/test_corpus.py checks that).  Importable with only NumPy installed.
"""

import dataclasses

import numpy as np

from . import functions as F


@dataclasses.dataclass(frozen=True)
class Case:
    """One corpus entry: a function, what it tests, and how to call it."""

    fn: object
    construct: str
    depth: int
    inputs: tuple           # tuple of argument tuples
    wrt: object = 0

    @property
    def name(self):
        return self.fn.__name__

    def copies(self):
        """Fresh copies of every input set (the gradients must not see mutated inputs)."""
        return [tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args) for args in self.inputs]


def arr(*shape, seed=0, lo=-1.0, hi=1.0, dtype=np.float64):
    """Deterministic uniform inputs."""
    return np.random.default_rng(seed).uniform(lo, hi, size=shape).astype(dtype)


def vec(*values, dtype=np.float64):
    return np.array(values, dtype=dtype)


f32 = np.float32

CASES = [
    # -- depth 0: straight-line code ------------------------------------------------------
    Case(F.scalar_arith, "arithmetic", 0, ((1.2, -0.7),), (0, 1)),
    Case(F.unary_ufuncs, "ufuncs", 0, ((arr(5, seed=1),),)),
    Case(F.binary_ufuncs, "ufuncs", 0, ((arr(4, 3, seed=2), arr(4, 3, seed=3, lo=-2, hi=2)),), (0, 1)),
    Case(F.power_divide, "arithmetic", 0, ((arr(4, seed=4), arr(4, seed=5)),), ("x", "y")),
    Case(F.arith_ops, "arithmetic", 0, ((arr(3, 2, seed=6), arr(3, 2, seed=7)),), ("x", "y")),
    Case(F.reductions_axis, "reductions", 0, ((arr(3, 4, seed=8),),)),
    Case(F.logsumexp_rows, "reductions", 0, ((arr(3, 4, seed=9, lo=-3, hi=3),),)),
    Case(F.broadcast_bias, "broadcasting", 0, ((arr(3, 4, seed=10), arr(4, seed=11)),), (0, 1)),
    Case(F.where_leaky, "ufuncs", 0, ((vec(0.5, -0.3, 1.2, -2.0, 0.25, -0.8),),)),
    Case(F.matmul_transpose, "matmul", 0, ((arr(3, 4, seed=12), arr(4, 2, seed=13)),), (0, 1)),
    Case(F.linalg_calls, "matmul", 0, ((arr(3, 3, seed=14), arr(3, 3, seed=15)),), (0, 1)),
    Case(F.vector_quadratic, "matmul", 0, ((arr(3, seed=16), arr(3, 3, seed=17)),), ("v", "W")),
    Case(F.index_slices, "indexing", 0, ((arr(6, seed=18),),)),
    Case(F.index_2d, "indexing", 0, ((arr(4, 3, seed=19),),)),
    Case(F.python_floats, "python floats", 0, ((1.3, 0.7), (1.3, -0.6)), (0, 1)),
    Case(F.float_times_array, "python floats", 0, ((0.8, arr(3, seed=20)),), ("s", "x")),
    Case(F.float32_mlp, "float32", 0, ((arr(3, 4, seed=21, dtype=f32), arr(4, seed=22, dtype=f32)),), (0, 1)),
    Case(F.float32_elementwise, "float32", 0, ((arr(5, seed=23, dtype=f32),),)),
    Case(F.mean_axes, "reductions", 0, ((arr(2, 3, 4, seed=50),),)),
    Case(F.vector_transpose, "matmul", 0, ((arr(3, seed=51), arr(3, 3, seed=52)),), (0, 1)),
    Case(F.fancy_index, "indexing", 0, ((arr(4, seed=53),),)),
    Case(F.float_int_mix, "python floats", 0, ((1.3, 3),)),
    Case(F.pow_floats, "python floats", 0, ((1.3, 0.7),), (0, 1)),
    Case(F.alias_reassign, "reassignment", 0, ((arr(3, seed=54),),)),
    Case(F.sum_of_inputs, "arithmetic", 0, ((arr(3, seed=59), arr(3, seed=60)),), (0, 1)),
    Case(F.module_constants, "globals", 0, ((arr(3, seed=58),),)),
    # -- depth 1 ------------------------------------------------------------------------------
    Case(F.if_elif_else, "if/elif/else", 1,
         ((vec(0.5, 0.5, 0.5),), (vec(0.1, 0.2, -0.1),), (vec(-0.6, -0.6, -0.6),))),
    Case(F.if_python_float, "if/elif/else", 1, ((1.5, 0.5), (0.3, 0.9)), (0, 1)),
    Case(F.for_range_data, "for range", 1, ((vec(0.3, -0.5, 0.9),), (vec(1.2, -1.1, 0.4),))),
    Case(F.for_range_start_step, "for range", 1, ((arr(3, seed=24), 6), (arr(3, seed=25), 1))),
    Case(F.for_rows, "for rows", 1, ((arr(4, 3, seed=26), arr(3, seed=27)),), (0, 1)),
    Case(F.for_list, "for list", 1, ((arr(3, seed=28), arr(3, seed=29)),), (0, 1)),
    Case(F.for_list_coefficients, "for list", 1, ((arr(3, seed=49),),)),
    Case(F.while_array, "while", 1, ((vec(1.0, -2.0, 0.5),), (vec(0.1, 0.1, 0.1),))),
    Case(F.while_python_float, "while", 1, ((1.0,), (12.0,))),
    Case(F.loop_reassign, "reassignment", 1, ((arr(3, seed=30),),)),
    Case(F.branch_reassign, "reassignment", 1,
         ((vec(0.5, 0.4), vec(0.3, 0.6)), (vec(0.5, -0.4), vec(-0.3, 0.6))), (0, 1)),
    Case(F.augassign_loop, "reassignment", 1, ((arr(3, seed=31), 3),)),
    Case(F.recursion_sum, "recursion", 1, ((arr(3, seed=32), 3),)),
    Case(F.recursion_top, "recursion", 1, ((arr(3, seed=33),),)),
    Case(F.recursion_pow, "recursion", 1, ((1.3, 3), (0.7, 0))),
    Case(F.call_twice_kwargs, "user calls", 1, ((arr(3, seed=34),),)),
    Case(F.call_chain, "user calls", 1, ((arr(3, seed=35), arr(3, seed=36)),), (0, 1)),
    Case(F.mutual_top, "user calls", 1, ((arr(3, seed=37), 3), (arr(3, seed=38), 2))),
    Case(F.float_accumulator, "reassignment", 1, ((arr(4, seed=55), 3),)),
    Case(F.float_augassign_copy, "python floats", 1, ((1.3,),)),
    Case(F.swap_in_loop, "reassignment", 1, ((0.7, 1.3),), (0, 1)),
    Case(F.float32_while, "float32 while", 1,
         ((vec(0.9, 0.6, 0.8, dtype=f32),), (vec(0.1, 0.2, 0.3, dtype=f32),))),
    Case(F.same_arg_twice, "user calls", 1, ((arr(3, seed=56),),)),
    Case(F.tree_recursion_top, "recursion", 1, ((arr(3, seed=57),),)),
    Case(F.rec_python_float, "recursion", 1, ((1.1, 3),)),
    Case(F.while_counter_bound, "while then for", 1, ((vec(0.3, 0.2, 0.4),),)),
    # -- depth 2 ------------------------------------------------------------------------------
    Case(F.if_in_for, "if in for", 2, ((vec(0.5, -0.2, 0.3), 4), (vec(-0.5, -0.2, 0.3), 3)), "x"),
    Case(F.for_in_if, "for in if", 2, ((vec(0.5, -0.2, 0.3),), (vec(-0.5, -0.2, 0.3),))),
    Case(F.nested_for, "nested for", 2, ((arr(3, 3, seed=39),),)),
    Case(F.while_in_for, "while in for", 2, ((vec(1.0, -0.8, 0.6),),)),
    Case(F.if_in_rows, "if in for rows", 2, ((arr(5, 3, seed=40), arr(3, seed=41)),), (0, 1)),
    Case(F.call_in_loop, "user call in for", 2, ((arr(3, seed=42), 3),)),
    Case(F.recursion_loop_top, "recursion with for", 2, ((arr(3, seed=43),),)),
    Case(F.matmul_in_loop, "matmul in for", 2, ((arr(3, 3, seed=44), arr(3, seed=45)),), (0, 1)),
    Case(F.elif_in_while, "elif in while", 2, ((3.0,), (0.5,))),
    Case(F.float32_loop, "float32 if in for", 2,
         ((vec(0.5, 0.2, 0.3, dtype=f32), 3), (vec(-0.5, -0.2, 0.3, dtype=f32), 3))),
    Case(F.if_in_for_len, "if in for range(len)", 2, ((vec(0.5, -0.3, 0.8, -1.2),),)),
    Case(F.for_in_while_reassigned_bound, "for in while", 2, ((vec(0.1, 0.2, 0.3),),)),
    Case(F.rec_in_loop_top, "recursion in for in if", 2, ((arr(3, seed=63),),)),
    Case(F.matmul_T_loop, "matmul in for", 2, ((arr(3, 3, seed=64), arr(4, 3, seed=65)),), (0, 1)),
    # -- depth 3 ------------------------------------------------------------------------------
    Case(F.if_in_for_in_while, "if in for in while", 3, ((vec(0.5, 0.2, 0.3),), (vec(-0.5, -0.2, 0.3),))),
    Case(F.triple_for, "for in for in for", 3, ((arr(3, seed=46),),)),
    Case(F.if_in_if_in_for, "if in if in for", 3,
         ((vec(2.4, 1.5, 0.3), 2), (vec(0.2, 0.1, 0.3), 2), (vec(-0.5, -0.4, -0.3), 3))),
    Case(F.rows_if_call, "call in if in for in for", 3, ((arr(4, 3, seed=47), arr(3, seed=48)),), (0, 1)),
    Case(F.while_for_if_floats, "if in for in while", 3, ((3.0, 0.9), (0.5, 0.9)), (0, 1)),
    Case(F.callee_in_while, "call (if in for) in while", 3, ((vec(0.3, -0.2, 0.4),), (vec(-0.3, -0.2, 0.4),))),
    Case(F.nested_call_args, "user calls", 3, ((vec(0.3, -0.2, 0.4),),)),
]

BY_NAME = {case.name: case for case in CASES}
