"""Runtime for ODE solvers: `scipy.integrate.odeint` and `solve_ivp` differentiated by solving
differential equations too.

Reverse mode integrates the continuous adjoint backwards from the last output time (as neural
ODEs do), forward mode the sensitivity equations beside the solution.  Both differentiate the
right-hand side with s2sgrad when they run, and both solve with the call's own solver and
tolerances, so a derivative is as accurate as the solution it differentiates.  One sweep of each
serves both solvers; what differs is how a solver is called (`_Odeint`, `_SolveIvp`) and where
the solution's rows are.  `s2sgrad.runtime` re-exports the four helpers; emitted code imports
them from there.
"""

import numpy as np

from .containers import register_by_name
from .runtime.declare import _calls_scipy, _first_order
from .runtime.records import field_item, with_field

# solve_ivp's result is read as a record (`sol.y`, `sol.t`): its cotangent and its tangent are
# the list of these fields' (see containers.py); only `y` carries a derivative.
IVP_FIELDS = ("t", "y", "sol", "t_events", "y_events", "nfev", "njev", "nlu", "status", "message", "success")
register_by_name("scipy.integrate._ivp.ivp.OdeResult", lambda sol: ([sol.get(k) for k in IVP_FIELDS], type(sol)),
                 lambda kind, items: kind(zip(IVP_FIELDS, items)), names=IVP_FIELDS)


def _ode_call(y, t, args, tfirst):
    return (t, y, *args) if tfirst else (y, t, *args)


def _float_args(args):
    """The positions in `args` that are differentiated: floating values (arrays or numbers)."""
    return [i for i, a in enumerate(args) if np.result_type(a).kind == "f"]


class _Odeint:
    """Integrations by `scipy.integrate.odeint`, with the call's rtol, atol and mxstep."""

    def __init__(self, options):
        self.options = {k: v for k, v in options.items() if v is not None}

    def rows(self, rhs, start, times):
        """The solution of `state' = rhs(state, t)` from `start` at times[0], at each of `times`."""
        import scipy.integrate
        return scipy.integrate.odeint(rhs, start, times, **self.options)

    def end(self, rhs, start, t_from, t_to):
        """The state at `t_to` of the solution from `start` at `t_from`."""
        return self.rows(rhs, start, np.array([t_from, t_to]))[-1]


class _SolveIvp:
    """Integrations by `scipy.integrate.solve_ivp`, with the call's method, rtol, atol and
    max_step (an `atol` given per component: its smallest value, for the longer state)."""

    def __init__(self, method, options):
        self.method = method
        self.options = {k: v for k, v in options.items() if v is not None}
        if np.ndim(self.options.get("atol", 0.0)):
            self.options["atol"] = float(np.min(self.options["atol"]))

    def _solve(self, rhs, t_from, t_to, start, t_eval=None):
        import scipy.integrate
        sol = scipy.integrate.solve_ivp(lambda t, state: rhs(state, t), (t_from, t_to), start, method=self.method,
                                        t_eval=t_eval, **self.options)
        if sol.status < 0:
            raise RuntimeError(f"solve_ivp's derivative: the {'adjoint' if t_eval is None else 'sensitivity'} "
                               f"solve failed ({sol.message})")
        return sol.y

    def rows(self, rhs, start, times):
        if len(times) == 1 or times[-1] == times[0]:
            return np.tile(start, (len(times), 1))
        return np.concatenate([[start], self._solve(rhs, times[0], times[-1], start, times[1:]).T])

    def end(self, rhs, start, t_from, t_to):
        return self._solve(rhs, t_from, t_to, start)[:, -1]


def _adjoint_sweep(func, ys, times, d_ys, args, tfirst, solver):
    """Cotangents (of the initial state ys[0], of each of `times`, of each of `args`) of the
    solution's rows `ys` at `times` (times[0] the initial time) for their cotangents `d_ys`:
    the continuous adjoint, integrated backwards from times[-1] through each output time."""
    from .api import compiled, kinds_of     # the right-hand side is differentiated when the adjoint runs
    active = _float_args(args)
    last = _ode_call(ys[-1], float(times[-1]), args, tfirst)
    vjp = compiled(func, ((1 if tfirst else 0), *(2 + i for i in active)), kinds=kinds_of(last)).run
    like = func(*last)          # the structure of the right-hand side's value (an array, a list)
    sizes = [np.size(args[i]) for i in active]
    n = np.shape(ys)[-1]

    def backwards(state, time):
        y, a = state[:n], state[n:2 * n]
        slope, grads = vjp(*_ode_call(y, time, args, tfirst), d_result=_shaped_like(like, -a))
        parts = [np.ravel(np.asarray(g, dtype=float)) for g in grads]
        return np.concatenate([np.ravel(slope)] + parts)

    def slope(i):
        return np.ravel(func(*_ode_call(ys[i], times[i], args, tfirst)))

    a, g_args, d_times = np.zeros(n), np.zeros(sum(sizes)), np.zeros(np.shape(times))
    for i in range(len(times) - 1, 0, -1):
        a = a + d_ys[i]
        d_times[i] = np.dot(d_ys[i], slope(i))
        if times[i] != times[i - 1]:
            end = solver.end(backwards, np.concatenate([ys[i], a, g_args]), times[i], times[i - 1])
            a, g_args = end[n:2 * n], end[2 * n:]
    d_times[0] = -np.dot(a, slope(0))
    d_args = [np.zeros(np.shape(x)) for x in args]
    offsets = np.cumsum([0] + sizes)
    for k, i in enumerate(active):
        d_args[i] = np.reshape(g_args[offsets[k]:offsets[k + 1]], np.shape(args[i]))
    return a + d_ys[0], d_times, d_args


def _tangent_sweep(func, ys, times, t_y0, t_times, args, t_args, tfirst, solver):
    """The tangent of the solution's rows `ys` at `times` (times[0] the initial time): the
    forward sensitivity equations, integrated beside the solution."""
    from .modes import jvp
    n = np.shape(ys)[-1]
    active = _float_args(args)
    t_args = [None] * len(args) if _is_zero(t_args) else list(t_args)
    t_args = [None if i not in active or t_args[i] is None or _is_zero(t_args[i]) else t_args[i]
              for i in range(len(args))]
    t_times = np.zeros(np.shape(times)) if _is_zero(t_times) else np.asarray(t_times, dtype=float)
    f0 = np.ravel(func(*_ode_call(ys[0], times[0], args, tfirst)))
    u0 = (np.zeros(n) if _is_zero(t_y0) else np.ravel(t_y0)) - f0 * t_times[0]

    def alongside(state, time):
        y, u = state[:n], state[n:]
        primals = _ode_call(y, time, args, tfirst)
        tangents = _ode_call(u, 0.0, t_args, tfirst)
        tangents = tuple(None if i == (0 if tfirst else 1) else v for i, v in enumerate(tangents))
        value, tangent = jvp(func, primals, tangents)
        return np.concatenate([np.ravel(value), np.ravel(tangent)])

    both = solver.rows(alongside, np.concatenate([ys[0], u0]), times)
    if not t_times.any():
        return both[:, n:]
    slopes = np.stack([np.ravel(func(*_ode_call(y, s, args, tfirst))) for y, s in zip(ys, times)])
    return both[:, n:] + slopes * t_times[:, None]


# -- scipy.integrate.odeint -------------------------------------------------------------------
@_first_order("second derivatives through scipy.integrate.odeint (hvp, hessian) are not supported: "
              "its adjoint solves another differential equation, which has no derivative rule")
@_calls_scipy
def odeint_adjoint(func, result, t, args, d_result, tfirst, options):
    """Cotangents of `y0`, `t` and each of `args` for `result = odeint(func, y0, t, args)`: the
    continuous adjoint, with the right-hand side's vector-Jacobian products differentiated by
    s2sgrad (its accuracy is the solver's, `options` being the call's rtol, atol and mxstep)."""
    args, t = tuple(args or ()), np.asarray(t, dtype=float)
    return _adjoint_sweep(func, result, t, d_result, args, tfirst, _Odeint(options))


@_first_order("second derivatives through scipy.integrate.odeint are not supported: its tangent solves "
              "another differential equation, which has no derivative rule")
@_calls_scipy
def odeint_tangent(func, result, y0, t, args, t_y0, t_t, t_args, tfirst, options):
    """The tangent of `result = odeint(func, y0, t, args)`: the forward sensitivity equations,
    integrated beside the solution, with the right-hand side's Jacobian-vector products
    differentiated by s2sgrad (its accuracy is the solver's, `options` being the call's)."""
    args, t = tuple(args or ()), np.asarray(t, dtype=float)
    return _tangent_sweep(func, result, t, t_y0, t_t, args, t_args, tfirst, _Odeint(options))


# -- scipy.integrate.solve_ivp ----------------------------------------------------------------
def _ivp_rows(result, t_span, y0):
    """The initial time and state, then the solution at its output times: (times, rows)."""
    times = np.concatenate([[float(t_span[0])], np.asarray(result.t, dtype=float)])
    return times, np.concatenate([np.reshape(np.asarray(y0, dtype=float), (1, -1)), np.transpose(result.y)])


@_first_order("second derivatives through scipy.integrate.solve_ivp (hvp, hessian) are not supported: "
              "its adjoint solves another differential equation, which has no derivative rule")
@_calls_scipy
def solve_ivp_adjoint(fun, result, t_span, y0, args, d_result, method, options):
    """Cotangents of `y0` and each of `args` for `result = solve_ivp(fun, t_span, y0, args=args)`
    given the cotangent `d_result` of the record `result` (of its field `y`): the continuous
    adjoint, solved by the call's `method` at its rtol, atol and max_step."""
    args = tuple(args or ())
    if _is_zero(d_result):
        return np.zeros(np.shape(y0)), [np.zeros(np.shape(x)) for x in args]
    times, rows = _ivp_rows(result, t_span, y0)
    d_y = np.asarray(field_item(d_result, result, "y"), dtype=float)
    d_rows = np.concatenate([np.zeros((1, np.shape(rows)[1])), np.transpose(d_y)])
    d_y0, _, d_args = _adjoint_sweep(fun, rows, times, d_rows, args, True, _SolveIvp(method, options))
    return np.reshape(d_y0, np.shape(y0)), d_args


@_first_order("second derivatives through scipy.integrate.solve_ivp are not supported: its tangent solves "
              "another differential equation, which has no derivative rule")
@_calls_scipy
def solve_ivp_tangent(fun, result, t_span, y0, args, t_y0, t_args, method, options):
    """The tangent of the record `result = solve_ivp(fun, t_span, y0, args=args)` (of its field
    `y`; the times have none): the forward sensitivity equations, solved beside the solution by
    the call's `method` at its rtol, atol and max_step."""
    args = tuple(args or ())
    times, rows = _ivp_rows(result, t_span, y0)
    tangent = _tangent_sweep(fun, rows, times, t_y0, 0, args, t_args, True, _SolveIvp(method, options))
    return with_field(np.transpose(tangent[1:]), result, "y")


def _shaped_like(value, flat):
    """`flat` in the structure of the right-hand side's `value` (an array, or a list of numbers
    or arrays): the cotangent its vector-Jacobian product takes."""
    if not isinstance(value, (list, tuple)):
        return np.reshape(flat, np.shape(value))
    parts, start = [], 0
    for item in value:
        size = int(np.size(item))
        part = flat[start:start + size]
        parts.append(np.reshape(part, np.shape(item)) if np.ndim(item) else part[0])
        start += size
    return type(value)(parts)


def _is_zero(value):
    return value is None or (isinstance(value, (int, float)) and value == 0)
