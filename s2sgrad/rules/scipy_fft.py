"""SciPy functions that mean what a NumPy function means (`scipy.fft`): the NumPy rule.

`scipy.fft.fft(x, n, axis, norm)` computes what `np.fft.fft(a, n, axis, norm)` computes (the same
four `norm=` conventions, the same `n=` crop or zero-pad, the same axes), and so do the other
transforms and shifts below.  Each is given the NumPy primitive's adjoint template and tangent,
bound by SciPy's own signature (`same.SameAs`): its operand's keyword spelling (`x=`) is the
template's, and the options SciPy adds are checked where the call is written (`overwrite_x` must
be False, for the input is read again; `plan` must be None; `workers` only parallelises and is
accepted).  The rules emit NumPy's transforms, so the
derivative of the derivative needs no SciPy.
"""

import numpy as np
import scipy.fft as sf

from . import only
from .same import same_as

OPTIONS = {"overwrite_x": only(False, reason="the input is read again by the derivative"),
           "plan": only(None, reason="a precomputed plan is not differentiated")}
TRANSFORMS = ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn",
              "rfftn", "irfftn")
for _name in TRANSFORMS:
    same_as(getattr(sf, _name), getattr(np.fft, _name), spelled={"x": "a"}, requires=OPTIONS)
same_as(sf.fftshift, np.fft.fftshift)
same_as(sf.ifftshift, np.fft.ifftshift)
