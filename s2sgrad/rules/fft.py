"""FFT rules: `np.fft`'s transforms and shifts; a complex value's cotangent is dL/dRe z - i dL/dIm z.

Complex convention.  s2sgrad differentiates real functions of real inputs, but complex values
may appear in between (`irfft(rfft(x) * rfft(k))`).  The cotangent of a complex value z is
dL/dRe z - i dL/dIm z, JAX's and autograd's convention and the one the elementwise rules
follow (`multiply` gives `d_result * y`, right for a complex y): the adjoint of a
complex-linear map A is its plain transpose A^T, with no conjugate, and a real input's
cotangent is the real part of A^T applied to the cotangent.  Forward mode needs no convention:
a tangent is complex where its value is.

Every transform is linear, so its tangent is the same call on the tangent (`deflinear` at the
end of the file).  The full transforms are symmetric matrices, F^T = F: the adjoint of
`fft(a, n, axis, norm)` is `fft` with the same norm, then the adjoint of `n=`'s crop or
zero-pad (pad back with zeros, or crop).  The half-spectrum transforms pair up: a spectrum
of n//2 + 1 bins stands for n, bin k for both k and n - k except bin 0 and, for even n, bin
n/2.  With c those multiplicities (1 or 2) and the same norm throughout,

    adjoint of rfft  = hfft(g / c)        adjoint of irfft = c * ihfft(g)
    adjoint of ihfft = irfft(g / c)       adjoint of hfft  = c * rfft(g)

so every adjoint is made of the transforms of this file and can be differentiated again.  A
real input's real part is taken as irfft of length 1, whose tangent is the tangent's real part
(np.real's tangent, derived from its real-input adjoint, keeps the imaginary part).
"""

import numpy as np

from . import adjoint, deflinear, never, only, tangent
from .. import runtime
from ..runtime import fit_along, foreign, zeros_like

NORM = only(None, "backward", "ortho", "forward", reason="NumPy's four normalizations")
SHAPE = never("the adjoint of `s=`'s crop or zero-pad on several axes is not written; call the 1-D "
              "transform with `n=` along each axis instead")
FULL = {"norm": NORM}
FULL_ND = {"norm": NORM, "s": SHAPE}


# -- full complex transforms --------------------------------------------------------------


@adjoint(np.fft.fft, requires=FULL)
def fft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    # `n=` cropped or zero-padded the input: pad back with zeros, or crop.  A real input keeps
    # the real part.
    g = np.fft.fft(d_result, None, axis, norm)
    if n is None:
        back = g
    else:
        back = fit_along(g, a, axis)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


@adjoint(np.fft.ifft, requires=FULL)
def ifft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    g = np.fft.ifft(d_result, None, axis, norm)
    if n is None:
        back = g
    else:
        back = fit_along(g, a, axis)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


@adjoint(np.fft.fftn, requires=FULL_ND)
def fftn(result, a, s=None, axes=None, norm=None, out=None, *, d_result):
    g = np.fft.fftn(d_result, None, axes, norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(g, -1), 1), -1)
    return g


@adjoint(np.fft.fft2, requires=FULL_ND)
def fft2(result, a, s=None, axes=(-2, -1), norm=None, out=None, *, d_result):
    g = np.fft.fftn(d_result, None, axes, norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(g, -1), 1), -1)
    return g


@adjoint(np.fft.ifftn, requires=FULL_ND)
def ifftn(result, a, s=None, axes=None, norm=None, out=None, *, d_result):
    g = np.fft.ifftn(d_result, None, axes, norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(g, -1), 1), -1)
    return g


@adjoint(np.fft.ifft2, requires=FULL_ND)
def ifft2(result, a, s=None, axes=(-2, -1), norm=None, out=None, *, d_result):
    g = np.fft.ifftn(d_result, None, axes, norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(g, -1), 1), -1)
    return g


# -- half-spectrum transforms ---------------------------------------------------------------


@adjoint(np.fft.rfft, requires=FULL)
def rfft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    # The input is real: its cotangent Re(R^T g) is hfft(g / c), c = 2 for the bins that stand
    # for two; `n=` is undone as for fft.  The weights run along `axis`.
    if n is None:
        whole = np.shape(a)[axis]
    else:
        whole = n
    bins = np.arange(np.shape(result)[axis], like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 0.5)
    if axis != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - axis % np.ndim(result)))
    wave = np.fft.hfft(d_result * weight, whole, axis, norm)
    if n is None:
        return wave
    return fit_along(wave, a, axis)


@adjoint(np.fft.irfft, requires=FULL)
def irfft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    # Each bin stands for c of the n, c = 2 but at bin 0 and, for even n, bin n/2, whose
    # imaginary parts irfft ignores (ihfft gives them none).  `n=` is undone as for fft; a real
    # input keeps the real part.
    whole = np.shape(result)[axis]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 2.0)
    if axis != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - axis % np.ndim(result)))
    spectrum = np.fft.ihfft(d_result, None, axis, norm) * weight
    if n is None:
        back = spectrum
    else:
        back = fit_along(spectrum, a, axis)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


@adjoint(np.fft.hfft, requires=FULL)
def hfft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    # The transpose of rfft's adjoint: c * rfft(g); a real input keeps the real part.
    whole = np.shape(result)[axis]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 2.0)
    if axis != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - axis % np.ndim(result)))
    spectrum = np.fft.rfft(d_result, None, axis, norm) * weight
    if n is None:
        back = spectrum
    else:
        back = fit_along(spectrum, a, axis)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


@adjoint(np.fft.ihfft, requires=FULL)
def ihfft(result, a, n=None, axis=-1, norm=None, out=None, *, d_result):
    # The transpose of irfft's adjoint: irfft(g / c), real as the input is.
    if n is None:
        whole = np.shape(a)[axis]
    else:
        whole = n
    bins = np.arange(np.shape(result)[axis], like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 0.5)
    if axis != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - axis % np.ndim(result)))
    wave = np.fft.irfft(d_result * weight, whole, axis, norm)
    if n is None:
        return wave
    return fit_along(wave, a, axis)


@adjoint(np.fft.rfftn, requires=FULL_ND)
def rfftn(result, a, s=None, axes=None, norm=None, out=None, *, d_result):
    # rfft along the last axis, then fft along the others; the adjoint undoes them in reverse order.
    # Repeating the last axis makes NumPy pad its half spectrum back to full length, which this
    # rule does not undo: the weight's length then does not broadcast, and the gradient fails.
    if axes is None:
        chosen = tuple(range(np.ndim(a)))
    else:
        chosen = tuple(axes)
    last = chosen[-1]
    whole = np.shape(a)[last]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 0.5)
    if last != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - last % np.ndim(result)))
    return np.fft.hfft(np.fft.fftn(d_result, None, chosen[:-1], norm) * weight, whole, last, norm)


@adjoint(np.fft.rfft2, requires=FULL_ND)
def rfft2(result, a, s=None, axes=(-2, -1), norm=None, out=None, *, d_result):
    # rfftn's rule with rfft2's default axes.
    if axes is None:
        chosen = tuple(range(np.ndim(a)))
    else:
        chosen = tuple(axes)
    last = chosen[-1]
    whole = np.shape(a)[last]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 0.5)
    if last != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - last % np.ndim(result)))
    return np.fft.hfft(np.fft.fftn(d_result, None, chosen[:-1], norm) * weight, whole, last, norm)


@adjoint(np.fft.irfftn, requires=FULL_ND)
def irfftn(result, a, s=None, axes=None, norm=None, out=None, *, d_result):
    # ifft along the other axes, then irfft along the last; the adjoint undoes them in reverse order.
    if axes is None:
        chosen = tuple(range(np.ndim(a)))
    else:
        chosen = tuple(axes)
    last = chosen[-1]
    whole = np.shape(result)[last]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 2.0)
    if last != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - last % np.ndim(result)))
    back = np.fft.ifftn(np.fft.ihfft(d_result, None, last, norm) * weight, None, chosen[:-1], norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


@adjoint(np.fft.irfft2, requires=FULL_ND)
def irfft2(result, a, s=None, axes=(-2, -1), norm=None, out=None, *, d_result):
    # irfftn's rule with irfft2's default axes.
    if axes is None:
        chosen = tuple(range(np.ndim(a)))
    else:
        chosen = tuple(axes)
    last = chosen[-1]
    whole = np.shape(result)[last]
    bins = np.arange(whole // 2 + 1, like=foreign(d_result))
    weight = np.where((bins == 0) | (2 * bins == whole), 1.0, 2.0)
    if last != -1:
        weight = np.reshape(weight, (-1,) + (1,) * (np.ndim(result) - 1 - last % np.ndim(result)))
    back = np.fft.ifftn(np.fft.ihfft(d_result, None, last, norm) * weight, None, chosen[:-1], norm)
    if np.isrealobj(a):
        return np.squeeze(np.fft.irfft(np.expand_dims(back, -1), 1), -1)
    return back


# -- shifts ---------------------------------------------------------------------------------


@adjoint(np.fft.fftshift)
def fftshift(result, x, axes=None, *, d_result):
    # A permutation: its adjoint is the inverse permutation.
    return np.fft.ifftshift(d_result, axes)


@adjoint(np.fft.ifftshift)
def ifftshift(result, x, axes=None, *, d_result):
    return np.fft.fftshift(d_result, axes)


deflinear(np.fft.fft, np.fft.ifft, np.fft.fftn, np.fft.fft2, np.fft.ifftn, np.fft.ifft2, np.fft.rfft,
          np.fft.irfft, np.fft.hfft, np.fft.ihfft, np.fft.rfftn, np.fft.rfft2, np.fft.irfftn,
          np.fft.irfft2, np.fft.fftshift, np.fft.ifftshift)


@adjoint(runtime.fit_along)
def fit_along_(result, g, like, axis=-1, *, d_result):
    # Cropping and zero-padding are each other's transposes; `like` gives the length only.
    return fit_along(d_result, g, axis), zeros_like(like)


@tangent(runtime.fit_along)
def fit_along_tangent(result, g, like, axis=-1, *, t_g):
    return fit_along(t_g, like, axis)
