"""Rules for `scipy.integrate.odeint`: its derivatives solve differential equations too.

Reverse mode integrates the continuous adjoint backwards from the last output time (as neural
ODEs do), forward mode the sensitivity equations beside the solution; both differentiate the
right-hand side with s2sgrad when they run, and both use the call's `rtol` and `atol` (odeint's
default, about 1.5e-8, when it gives none): the derivative is as accurate as the solution.
Cotangents and tangents flow to `y0`, `t` and the floating-point members of `args`.  The
adjoint's helper has no rule of its own: second derivatives (hvp, hessian) are refused.
"""

import numpy as np
import scipy.integrate as si

from . import adjoint, only, tangent
from ..runtime import odeint_adjoint, odeint_tangent

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

