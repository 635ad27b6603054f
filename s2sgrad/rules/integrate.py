"""Rules for `scipy.integrate.odeint` and `solve_ivp`: their derivatives solve differential equations too.

Reverse mode integrates the continuous adjoint backwards from the last output time (as neural
ODEs do), forward mode the sensitivity equations beside the solution; both differentiate the
right-hand side with s2sgrad when they run (see runtime_ode.py).  The derivative is as accurate
as the solution: odeint's derivatives are solved by odeint at the call's `rtol` and `atol`
(odeint's default, about 1.5e-8, when it gives none); solve_ivp's by solve_ivp with the call's
`method`, `rtol`, `atol` and `max_step` (solve_ivp's defaults, rtol=1e-3 and atol=1e-6, when it
gives none: ask for tighter ones for a gradient to more digits).  odeint's cotangents and
tangents flow to `y0`, `t` and the floating-point members of `args`; solve_ivp's to `y0` and
`args`, through `sol.y` (`sol.t` is a constant).  The adjoint's helpers have no rule of their
own: second derivatives (hvp, hessian) are refused.
"""

import numpy as np
import scipy.integrate as si

from . import adjoint, never, only, tangent
from ..runtime import odeint_adjoint, odeint_tangent, solve_ivp_adjoint, solve_ivp_tangent

FULL_OUTPUT = only(0, False, reason="the solution alone (not full_output's diagnostics)")
CAPTURED = ("pass the values the right-hand side depends on through `args=(...)`: a function that "
            "captures them is not differentiated")


@adjoint(si.odeint, requires={"full_output": FULL_OUTPUT}, operands=("y0", "t", "args"), hints={"func": CAPTURED})
def odeint(result, func, y0, t, args=(), Dfun=None, col_deriv=0, full_output=0, ml=None, mu=None, rtol=None,
           atol=None, tcrit=None, h0=0.0, hmax=0.0, hmin=0.0, ixpr=0, mxstep=0, mxhnil=0, mxordn=12, mxords=5,
           printmessg=0, tfirst=False, *, d_result):
    options = {"rtol": rtol, "atol": atol, "mxstep": mxstep}
    d_y0, d_t, d_args = odeint_adjoint(func, result, t, args, d_result, tfirst, options)
    return np.reshape(d_y0, np.shape(y0)), d_t, d_args


@tangent(si.odeint)
def odeint_tangent_rule(result, func, y0, t, args=(), Dfun=None, col_deriv=0, full_output=0, ml=None, mu=None,
                        rtol=None, atol=None, tcrit=None, h0=0.0, hmax=0.0, hmin=0.0, ixpr=0, mxstep=0, mxhnil=0,
                        mxordn=12, mxords=5, printmessg=0, tfirst=False, *, t_y0, t_t, t_args):
    options = {"rtol": rtol, "atol": atol, "mxstep": mxstep}
    return odeint_tangent(func, result, y0, t, args, t_y0, t_t, t_args, tfirst, options)


DENSE = only(False, reason="the interpolant `sol.sol(t)` is not differentiated: pass the times you need as "
                           "`t_eval=` and read `sol.y`")
EVENTS = never("events end or mark the solution at times that depend on it; the derivative holds for fixed times")
TIMES = ("`t_span` and `t_eval` are not differentiated: compute them from constants, or use odeint, whose rule "
         "differentiates its output times")
IVP = {"dense_output": DENSE, "events": EVENTS}


@adjoint(si.solve_ivp, requires=IVP, operands=("y0", "args"), hints={"fun": CAPTURED, "t_span": TIMES, "t_eval": TIMES},
         returns="record")
def solve_ivp(result, fun, t_span, y0, method="RK45", t_eval=None, dense_output=False, events=None, vectorized=False,
              args=None, rtol=1e-3, atol=1e-6, max_step=None, first_step=None, min_step=0.0, jac=None,
              jac_sparsity=None, lband=None, uband=None, *, d_result):
    # `sol = solve_ivp(...)`, then `sol.y`: the record's field `y` is differentiated; with t_eval=None the
    # output times are the solver's steps, held fixed. The adjoint solves with the call's method, rtol, atol
    # and max_step (`jac` and `first_step` serve the solution only): its gradient is as accurate as the
    # solution (solve_ivp's default rtol is 1e-3).
    options = {"rtol": rtol, "atol": atol, "max_step": max_step}
    d_y0, d_args = solve_ivp_adjoint(fun, result, t_span, y0, args, d_result, method, options)
    return d_y0, d_args


@tangent(si.solve_ivp)
def solve_ivp_tangent_rule(result, fun, t_span, y0, method="RK45", t_eval=None, dense_output=False, events=None,
                           vectorized=False, args=None, rtol=1e-3, atol=1e-6, max_step=None, first_step=None,
                           min_step=0.0, jac=None, jac_sparsity=None, lband=None, uband=None, *, t_y0, t_args):
    options = {"rtol": rtol, "atol": atol, "max_step": max_step}
    return solve_ivp_tangent(fun, result, t_span, y0, args, t_y0, t_args, method, options)
