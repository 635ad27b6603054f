"""Rules for Python builtins used on numbers: `float`, `len`, `range`, `int`."""

from . import adjoint, nograd


@adjoint(float)
def float_(result, x, *, d_result):
    return d_result


nograd(len, range, int, bool, isinstance, print, str, type, id, enumerate, zip)
