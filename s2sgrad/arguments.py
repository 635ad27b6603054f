"""Why an argument, f's output or a seed cannot be differentiated: the ArgumentError messages of
the user API, read from the values alone (no transform)."""

import inspect
import types

import numpy as np

from .containers import children, is_record, record_fields, shadowed_fields
from .errors import ArgumentError

NOT_GIVEN = object()
USE_VJP = "s2sgrad.vjp(f, wrt)(*args, d_result=...)"


def wrt_arguments(fn, wrt, args, kwargs):
    """[(name, value)] of this call's arguments that `wrt` names, by name or position; [] when the
    call does not bind to f's signature."""
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return []
    names = list(signature.parameters)
    found = []
    for item in wrt if isinstance(wrt, (tuple, list)) else (wrt,):
        if isinstance(item, int) and not isinstance(item, bool) and -len(names) <= item < len(names):
            item = names[item]
        if item in bound:
            found.append((item, bound[item]))
    return found


def wrt_input_problem(fn, wrt, args, kwargs):
    """Why an argument in `wrt` cannot be differentiated, or None (read without the transform)."""
    problems = (input_problem(value, item) for item, value in wrt_arguments(fn, wrt, args, kwargs))
    return next((p for p in problems if p), None)


def bound_arguments(entry, args, kwargs):
    """{parameter: value} of a call of `entry`'s function."""
    values = dict(zip(entry.params, args))
    values.update(kwargs)
    return values


def check_inputs(entry, inputs):
    """Raise an ArgumentError when one of the `inputs` for `entry`'s wrt is missing or cannot be
    differentiated."""
    for name, value in zip(entry.wrt, inputs):
        if value is None:
            raise ArgumentError(f"missing argument `{name}`")
        problem = input_problem(value, name)
        if problem:
            raise ArgumentError(problem)


def input_problem(value, where, integers=True):
    """Why `value` cannot be differentiated with respect to (an integer, unless not `integers`, or a
    complex number, also inside a list, tuple or dict), or None."""
    if type(value) is float or type(value) is np.ndarray and value.dtype.kind == "f":
        return None             # the common cases, checked cheaply
    if isinstance(value, types.SimpleNamespace):      # its fields differ object by object
        return (f"`{where}` is a types.SimpleNamespace, which s2sgrad does not read as a record: pass a dict, a "
                "namedtuple or a dataclass")
    if is_record(value) and not isinstance(value, (list, dict)):
        shadowed = shadowed_fields(value)
        if shadowed:
            return (f"`{where}` is a {type(value).__name__} with a field named `{shadowed[0]}`, which s2sgrad reads "
                    f"as the array attribute `.{shadowed[0]}`: rename the field")
        items = _record_items(value, where)
    elif isinstance(value, (list, tuple)):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        items = ((f"{where}[{k!r}]", v) for k, v in value.items())
    else:
        return _leaf_problem(value, where, integers)
    return _first_problem(items, integers)


def _first_problem(items, integers):
    """The first problem of a container's (where, item) pairs; its integer arrays are data."""
    return next((p for p in (input_problem(v, w, integers) for w, v in items if not is_index_array(v)) if p), None)


def is_index_array(value):
    """An integer or bool NumPy array inside a container: data (indices, a mask), not a parameter;
    its gradient is zeros of its shape and dtype.  A Python or NumPy integer scalar there is refused
    instead: it may be a parameter written without its `.0`."""
    return type(value) is np.ndarray and value.dtype.kind in "iub"


def index_tangent_problem(primal, tangent, where):
    """Why `tangent` cannot be a tangent of `primal`: a nonzero tangent given to an integer or bool
    array inside it (indices, a mask: data, with no direction), named by its place; or None."""
    if is_index_array(primal):
        if tangent is not None and np.any(np.asarray(tangent) != 0):
            return (f"`{where}` is an integer array ({primal.dtype}): data, such as indices or a mask, with no "
                    "tangent; give it None or zeros")
        return None
    pairs = _paired_items(primal, tangent, where)
    return next((p for p in (index_tangent_problem(v, t, w) for w, v, t in pairs) if p), None)


def _paired_items(primal, tangent, where):
    """(where, item of `primal`, item of `tangent` or None) of a container and its tangent."""
    if isinstance(primal, dict) and isinstance(tangent, dict):
        return [(f"{where}[{k!r}]", v, tangent.get(k)) for k, v in primal.items()]
    if is_record(primal) and not isinstance(primal, (list, dict)) and type(tangent) is type(primal):
        names = record_fields(primal) or range(len(children(primal)))
        return [(f"{where}.{n}", v, t) for n, v, t in zip(names, children(primal), children(tangent))]
    if isinstance(primal, (list, tuple)) and isinstance(tangent, (list, tuple)) and len(primal) == len(tangent):
        return [(f"{where}[{i}]", v, t) for i, v, t in zip(range(len(primal)), primal, tangent)]
    return []


def _record_items(record, where):
    """(where, value) of the fields of `record` that may be inputs (a name, a function, an integer
    such as a step count: not inputs, their gradient keeps their value)."""
    names = record_fields(record) or range(len(children(record)))
    return ((f"{where}.{n}", v) for n, v in zip(names, children(record))
            if not (v is None or isinstance(v, (str, bytes, int)) or callable(v)))


def _leaf_problem(value, where, integers):
    """`input_problem` for a value that is no container: an integer or a complex number."""
    dtype = _dtype(value)

    def kind():             # formatted only for a message: a dtype's text is slow to make
        return type(value).__name__ + ("" if dtype is None else f", dtype {dtype}")
    if integers and (isinstance(value, (bool, int)) or (dtype is not None and dtype.kind in "biu")):
        return (f"`{where}` is an integer ({kind()}): integer inputs have no gradient. Pass a float (e.g. 2.0 or "
                "x.astype(float)).")
    if isinstance(value, complex) or (dtype is not None and dtype.kind == "c"):
        return (f"`{where}` is complex ({kind()}): s2sgrad differentiates real functions of real inputs. Pass "
                "the real and imaginary parts as float arguments.")
    return None


def _dtype(value):
    """The dtype of an array of any library, of a NumPy scalar, or None."""
    if isinstance(value, (list, tuple, dict)):
        return None
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return np.dtype(dtype)
    try:
        return np.result_type(value)
    except TypeError:
        return None


def check_scalar(value, fname, what="grad", instead=USE_VJP):
    """Raise an ArgumentError when `value`, f's output, is not a scalar."""
    problem = scalar_problem(value, fname, what, instead)
    if problem:
        raise ArgumentError(problem)


def scalar_problem(value, fname, what="grad", instead=USE_VJP):
    """Why `value`, f's output, cannot be differentiated by `what` (not a scalar), or None."""
    try:
        ndim, shape = np.ndim(value), np.shape(value)
    except (TypeError, ValueError):         # a ragged tuple, a dict: no shape at all
        ndim, shape = None, None
    if ndim == 0:
        return None
    got = f"returned shape {shape}" if shape is not None else f"returned a {type(value).__name__}"
    return f"{what} needs a function with a scalar output, but {fname} {got}; use {instead} instead"


def check_pair(value, fname):
    """With has_aux, f's value must be a pair (output, aux)."""
    if not isinstance(value, tuple) or len(value) != 2:
        raise ArgumentError(pair_problem(value, fname))


def pair_problem(value, fname):
    """Why `value`, f's value, is not the pair (output, aux) has_aux=True asks for, or None."""
    if isinstance(value, tuple) and len(value) == 2:
        return None
    got = f"a tuple of {len(value)} items" if isinstance(value, tuple) else f"a {type(value).__name__}"
    return f"{fname} returned {got}: with has_aux=True it must return a pair (output, aux)"


def explain_failure(fn, args, kwargs, has_aux=False, what="grad", instead=USE_VJP):
    """The ArgumentError that explains why a gradient of `fn` failed when f's own value does (f
    returns no pair with has_aux, or no scalar: the seed then does not fit), the TypeError of a
    call of f with arguments that do not fit its parameters (as Python words it, naming f, not
    the emitted function), or None; runs f."""
    error = binding_error(fn, args, kwargs)
    if error is not None:
        return error
    try:
        value = fn(*args, **kwargs)
    except Exception:
        return None
    problem = pair_problem(value, fn.__name__) if has_aux else None
    if problem is None:
        problem = scalar_problem(value[0] if has_aux else value, fn.__name__, what, instead)
    return ArgumentError(problem) if problem else None


def binding_error(fn, args, kwargs):
    """The TypeError Python raises for calling `fn` with arguments that do not fit its parameters
    (missing, extra or repeated ones), as Python words it; None where they fit."""
    try:
        inspect.signature(fn).bind(*args, **kwargs)
    except TypeError:
        pass
    except ValueError:          # (no signature to read)
        return None
    else:
        return None
    try:
        fn(*args, **kwargs)     # (refused before its body runs)
    except TypeError as error:
        return error
    return None


def check_seed(fn, args, kwargs, seed, value=NOT_GIVEN, has_aux=False):
    """Raise an ArgumentError when `seed` cannot be the cotangent of f's output (run f if not given;
    with `has_aux`, f's output is the first of the pair it returns)."""
    if value is NOT_GIVEN:
        try:
            value = fn(*args, **kwargs)
        except Exception:
            return
        if has_aux:
            problem = pair_problem(value, fn.__name__)
            if problem:
                raise ArgumentError(f"vjp of {problem}") from None
            value = value[0]
    problem = seed_problem(value, seed, "d_result")
    if problem:
        raise ArgumentError(f"vjp of {fn.__name__}: {problem}; give d_result the structure and shape of "
                            f"{fn.__name__}'s output") from None


def seed_problem(value, seed, where):
    """Why `seed` cannot be the cotangent of `value` (NOT_GIVEN: of any output), or None."""
    if seed is None or isinstance(seed, (str, bytes)):
        return f"{where} is {'None' if seed is None else 'a ' + type(seed).__name__}: give the cotangent of the output"
    if isinstance(value, (tuple, list, dict)):
        return _items_seed_problem(value, seed, where)
    if value is NOT_GIVEN:
        return None if isinstance(seed, (tuple, list, dict)) else _number_problem(seed, where)
    if isinstance(seed, (tuple, list, dict)):
        return f"{where} is a {type(seed).__name__}, but the output is an array of shape {np.shape(value)}"
    problem = _number_problem(seed, where)
    if problem:
        return problem
    if np.shape(seed) != np.shape(value):
        return f"{where} has shape {np.shape(seed)}, but the output has shape {np.shape(value)}"
    return None


def _items_seed_problem(value, seed, where):
    """`seed_problem` for an output that is a tuple, a list or a dict: item by item."""
    alike = isinstance(seed, dict) if isinstance(value, dict) else isinstance(seed, (tuple, list))
    if not alike or len(seed) != len(value) or isinstance(value, dict) and set(seed) != set(value):
        return f"{where} is not a {type(value).__name__} like the output ({len(value)} items)"
    keys = value.keys() if isinstance(value, dict) else range(len(value))
    problems = (seed_problem(value[k], seed[k], f"{where}[{k!r}]") for k in keys)
    return next((p for p in problems if p), None)


def _number_problem(seed, where):
    """Why `seed` cannot be a real cotangent (it is complex, or not a number), or None."""
    dtype = _dtype(seed)
    if dtype is None or dtype.kind not in "biuf":
        return f"{where} is {'complex' if dtype is not None and dtype.kind == 'c' else 'not a number'} " \
               f"({type(seed).__name__}{'' if dtype is None else ', dtype ' + str(dtype)}): give a real cotangent"
    return None
