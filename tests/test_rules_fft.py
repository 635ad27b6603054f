"""np.fft rules: each transform and keyword, in reverse and forward mode and forward over reverse.

Every rule is checked on real functions of real inputs: central finite differences and the
dot-product test (`check_grads`, `check_jvp`), Hessian-vector products against finite
differences of the gradient, and autograd as an oracle where autograd covers the case (norm
None, even lengths).  Complex values appear in between: `_complex` makes a generic complex
array from two real ones, and `_mix` reads both parts of every entry of a complex result.
The functions live at module level: s2sgrad reads their source.
"""

import itertools
import types

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UserCodeError
from s2sgrad.testing import check_grads, check_jvp

RNG = np.random.default_rng(0)


# -- helpers the checked functions call -------------------------------------------------------


def _re(z):
    """Re z as irfft of length 1: forward mode keeps the real part of the tangent too."""
    return np.squeeze(np.fft.irfft(np.expand_dims(z, -1), 1), -1)


def _complex(xr, xi):
    """A generic complex array from two real ones (fft is one-to-one)."""
    return np.fft.fft(xr) + 1j * np.fft.fft(xi)


def _mix(z):
    """A real array of z's shape that reads the real and imaginary part of every entry."""
    k = np.reshape(np.arange(np.size(z)), np.shape(z))
    return _re(z * (np.cos(k) + 1j * np.sin(0.7 * k + 0.3)))


# -- one function per transform; options passed at run time -------------------------------


def t_fft(x, n, axis, norm):
    return _mix(np.fft.fft(x, n, axis, norm))


def t_ifft(x, n, axis, norm):
    return _mix(np.fft.ifft(x, n, axis, norm))


def t_fft_complex(xr, xi, n, axis, norm):
    return _mix(np.fft.fft(_complex(xr, xi), n, axis, norm))


def t_ifft_complex(xr, xi, n, axis, norm):
    return _mix(np.fft.ifft(_complex(xr, xi), n, axis, norm))


def t_rfft(x, n, axis, norm):
    return _mix(np.fft.rfft(x, n, axis, norm))


def t_irfft(xr, xi, n, axis, norm):
    return np.fft.irfft(_complex(xr, xi), n, axis, norm)


def t_irfft_real(x, n, axis, norm):
    return np.fft.irfft(x, n, axis, norm)


def t_hfft(xr, xi, n, axis, norm):
    return np.fft.hfft(_complex(xr, xi), n, axis, norm)


def t_hfft_real(x, n, axis, norm):
    return np.fft.hfft(x, n, axis, norm)


def t_ihfft(x, n, axis, norm):
    return _mix(np.fft.ihfft(x, n, axis, norm))


def t_fftn(x, axes, norm):
    return _mix(np.fft.fftn(x, None, axes, norm))


def t_ifftn_complex(xr, xi, axes, norm):
    return _mix(np.fft.ifftn(_complex(xr, xi), None, axes, norm))


def t_fft2(x, norm):
    return _mix(np.fft.fft2(x, norm=norm))


def t_ifft2(x, norm):
    return _mix(np.fft.ifft2(x, norm=norm))


def t_rfftn(x, axes, norm):
    return _mix(np.fft.rfftn(x, None, axes, norm))


def t_rfft2(x, norm):
    return _mix(np.fft.rfft2(x, norm=norm))


def t_irfftn(xr, xi, axes, norm):
    return np.fft.irfftn(_complex(xr, xi), None, axes, norm)


def t_irfftn_real(x, axes, norm):
    return np.fft.irfftn(x, None, axes, norm)


def t_irfft2(xr, xi, norm):
    return np.fft.irfft2(_complex(xr, xi), norm=norm)


def t_fftshift(x, axes):
    return np.fft.fftshift(x, axes) * np.arange(np.size(x)).reshape(np.shape(x))


def t_ifftshift(x, axes):
    return np.fft.ifftshift(x, axes) * np.arange(np.size(x)).reshape(np.shape(x))


# Options written as constants: the templates' `if`s are folded when the function is transformed.


def k_fft(x):
    return _mix(np.fft.fft(x, n=8, axis=0, norm="forward"))


def k_rfft(x):
    return _mix(np.fft.rfft(x, n=5, axis=0, norm="ortho"))


def k_irfft(xr, xi):
    return np.fft.irfft(_complex(xr, xi), 9, axis=0, norm="forward")


def k_rfft2(x):
    return _mix(np.fft.rfft2(x, axes=(0, 2), norm="ortho"))


def k_irfft_roundtrip(x):
    return np.fft.irfft(np.fft.rfft(x) * np.linspace(1.0, 0.2, 4), n=7) ** 2


# -- "user in a hurry" programs ---------------------------------------------------------------


def convolution(x, kernel):
    """Circular convolution by FFT."""
    X = np.fft.rfft(x)
    K = np.fft.rfft(kernel, n=x.shape[0])
    y = np.fft.irfft(X * K, n=x.shape[0])
    return np.sum(y ** 2)


def spectral_power(x):
    """Low-pass spectral energy, spelled with np.abs."""
    power = np.abs(np.fft.rfft(x)) ** 2
    mask = np.arange(power.shape[0]) < 4
    return np.sum(power * mask)


def spectral_power_by_hand(x):
    """The same energy with both parts read through an irfft of length 1."""
    X = np.fft.rfft(x)
    mask = np.arange(X.shape[0]) < 4
    power = _re(X) ** 2 + _re(-1j * X) ** 2
    return np.sum(power * mask)


def image_filter(img, h):
    """A 2-D filter applied in the frequency domain, taking np.real of the inverse."""
    H = np.fft.fft2(h, s=None)
    out = np.real(np.fft.ifft2(np.fft.fft2(img) * H))
    return np.sum(out ** 2) + np.sum(np.fft.fftshift(out)[0] * 0.5)


def image_filter_phase(img, h):
    """A filter with a phase ramp: the inverse transform is complex, np.real drops a part."""
    ramp = np.exp(0.3j * np.arange(img.shape[1]))
    out = np.real(np.fft.ifft2(np.fft.fft2(img) * np.fft.fft2(h) * ramp))
    return np.sum(out ** 2)


def image_filter_attribute(img, h):
    """The same filter taking `.real`."""
    out = np.fft.ifft2(np.fft.fft2(img) * np.fft.fft2(h)).real
    return np.sum(out ** 2)


def image_filter_by_hand(img, h):
    """The same filter, the real part read through an irfft of length 1."""
    out = _re(np.fft.ifft2(np.fft.fft2(img) * np.fft.fft2(h)))
    return np.sum(out ** 2) + np.sum(np.fft.fftshift(out)[0] * 0.5)


# Refused options: a located error when the function is transformed.


def refused_norm(x):
    return np.sum(_mix(np.fft.fft(x, norm="unitary")))


def refused_s(x):
    return np.sum(_mix(np.fft.fftn(x, s=(4, 4))))


def repeated_last_axis(x):
    return np.sum(_mix(np.fft.rfftn(x, axes=(1, 1))))


def refused_out(x, buffer):
    return np.sum(_mix(np.fft.fft(x, out=buffer)))


# -- the table ------------------------------------------------------------------------------

NORMS = (None, "backward", "ortho", "forward")


def _shapes_1d():
    """(shape, axis, n) rows: even and odd lengths, n shorter and longer, axis 0 and -1 in 2-D."""
    rows = []
    for length in (6, 7):
        for n in (None, length - 2, length + 3):
            rows.append(((length,), -1, n))
    for axis, n in itertools.product((0, -1), (None, 3, 9)):
        rows.append(((5, 6) if axis == -1 else (6, 5), axis, n))
    return rows


ONE_D_REAL = [t_fft, t_ifft, t_rfft, t_ihfft, t_hfft_real, t_irfft_real]
ONE_D_COMPLEX = [t_fft_complex, t_ifft_complex, t_irfft, t_hfft]


def _cases_1d():
    for fn in ONE_D_REAL + ONE_D_COMPLEX:
        for (shape, axis, n), norm in itertools.product(_shapes_1d(), NORMS):
            if norm not in (None, "ortho") and (n is not None or len(shape) > 1):
                continue            # each norm on every 1-D length; the rest with two norms
            yield pytest.param(fn, shape, axis, n, norm, id=f"{fn.__name__}-{shape}-{axis}-{n}-{norm}")


def _inputs(fn, shape):
    """Two arrays for a function of a complex input (its real and imaginary parts), else one."""
    count = 2 if fn.__code__.co_varnames[:2] == ("xr", "xi") else 1
    return [RNG.standard_normal(shape) for _ in range(count)]


def _wrt(inputs):
    return 0 if len(inputs) == 1 else tuple(range(len(inputs)))


@pytest.mark.parametrize("fn, shape, axis, n, norm", list(_cases_1d()))
def test_one_dimensional(fn, shape, axis, n, norm):
    inputs = _inputs(fn, shape)
    args = inputs + [n, axis, norm]
    check_grads(fn, args, _wrt(inputs))
    check_jvp(fn, args, _wrt(inputs))


ND_CASES = [
    (t_fftn, (3, 4, 5), (None, (0, 2), (-1,), (2, 0), (1, 1)), 1),
    (t_ifftn_complex, (3, 4, 5), (None, (1, 2), (0,)), 2),
    (t_rfftn, (3, 4, 5), (None, (0, 2), (2, 1), (1,), (0, 0, 2)), 1),
    (t_rfftn, (3, 5, 6), (None, (0, 1)), 1),
    (t_irfftn, (3, 4, 5), (None, (0, 2), (2, 1), (1,), (0, 2, 2)), 2),
    (t_irfftn_real, (3, 4, 5), (None, (1, 0)), 1),
]


@pytest.mark.parametrize("fn, shape, axes_list, count", ND_CASES, ids=lambda v: getattr(v, "__name__", None))
@pytest.mark.parametrize("norm", NORMS)
def test_n_dimensional(fn, shape, axes_list, count, norm):
    inputs = [RNG.standard_normal(shape) for _ in range(count)]
    for axes in axes_list:
        args = inputs + [axes, norm]
        check_grads(fn, args, _wrt(inputs))
        check_jvp(fn, args, _wrt(inputs))


@pytest.mark.parametrize("fn, count", [(t_fft2, 1), (t_ifft2, 1), (t_rfft2, 1), (t_irfft2, 2)],
                         ids=lambda v: getattr(v, "__name__", None))
@pytest.mark.parametrize("shape", [(2, 4, 6), (3, 5, 7)])
@pytest.mark.parametrize("norm", NORMS)
def test_two_dimensional_default_axes(fn, count, shape, norm):
    inputs = [RNG.standard_normal(shape) for _ in range(count)]
    check_grads(fn, inputs + [norm], _wrt(inputs))
    check_jvp(fn, inputs + [norm], _wrt(inputs))


@pytest.mark.parametrize("fn", [t_fftshift, t_ifftshift])
@pytest.mark.parametrize("shape, axes", [((7,), None), ((4, 5), None), ((4, 5), 0), ((4, 5), (1,))])
def test_shifts(fn, shape, axes):
    x = RNG.standard_normal(shape)
    check_grads(fn, [x, axes])
    check_jvp(fn, [x, axes])


@pytest.mark.parametrize("fn, shapes", [
    (k_fft, [(6, 3)]), (k_rfft, [(6, 3)]), (k_irfft, [(6, 3), (6, 3)]), (k_rfft2, [(4, 3, 5)]),
    (k_irfft_roundtrip, [(7,)]),
], ids=lambda v: getattr(v, "__name__", None))
def test_constant_options(fn, shapes):
    inputs = [RNG.standard_normal(s) for s in shapes]
    check_grads(fn, inputs, _wrt(inputs))
    check_jvp(fn, inputs, _wrt(inputs))


def test_constant_options_fold():
    """Constant options leave no run-time branch in the emitted gradient."""
    source = s2sgrad.emit(k_rfft)
    own = source[source.index("def d_k_rfft"):].split("\n\n\n")[0]
    assert "if " not in own and "np.fft.hfft" in own, own


# -- second order: forward over reverse ---------------------------------------------------------
# The options reach the transform from the differentiated function's own parameters.


def s_fft(x, n, axis, norm):
    return np.sum(_mix(np.fft.fft(x, n, axis, norm)) ** 3)


def s_ifft_complex(xr, xi, n, axis, norm):
    return np.sum(_mix(np.fft.ifft(_complex(xr, xi), n, axis, norm)) ** 3)


def s_rfft(x, n, axis, norm):
    return np.sum(_mix(np.fft.rfft(x, n, axis, norm)) ** 3)


def s_irfft(xr, xi, n, axis, norm):
    return np.sum(np.fft.irfft(_complex(xr, xi), n, axis, norm) ** 3)


def s_irfft_real(x, n, axis, norm):
    return np.sum(np.fft.irfft(x, n, axis, norm) ** 3)


def s_hfft(xr, xi, n, axis, norm):
    return np.sum(np.fft.hfft(_complex(xr, xi), n, axis, norm) ** 3)


def s_ihfft(x, n, axis, norm):
    return np.sum(_mix(np.fft.ihfft(x, n, axis, norm)) ** 3)


def s_fft2(x, norm):
    return np.sum(_mix(np.fft.fft2(x, norm=norm)) ** 3)


def s_rfftn(x, axes, norm):
    return np.sum(_mix(np.fft.rfftn(x, None, axes, norm)) ** 3)


def s_irfft2(xr, xi, norm):
    return np.sum(np.fft.irfft2(_complex(xr, xi), norm=norm) ** 3)


def _hvp_matches(fn, inputs, options, eps=1e-5):
    """s2sgrad.hvp against central differences of s2sgrad's gradient, for each input in turn."""
    args = list(inputs) + list(options)
    for i in range(len(inputs)):
        v = RNG.standard_normal(np.shape(inputs[i]))
        tangents = tuple(v if j == i else None for j in range(len(args)))
        got = s2sgrad.hvp(fn, tuple(args), tangents)
        grad = s2sgrad.grad(fn, wrt=i)
        plus, minus = list(args), list(args)
        plus[i], minus[i] = args[i] + eps * v, args[i] - eps * v
        want = (grad(*plus) - grad(*minus)) / (2 * eps)
        assert np.isrealobj(got)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * max(1.0, np.max(np.abs(want))))


@pytest.mark.parametrize("fn, shapes, options", [
    (s_fft, [(6,)], [4, -1, None]), (s_fft, [(6, 5)], [None, 0, "ortho"]),
    (s_ifft_complex, [(7,), (7,)], [9, -1, "forward"]),
    (s_rfft, [(7,)], [None, -1, None]), (s_rfft, [(6, 4)], [9, 0, "ortho"]),
    (s_irfft, [(5,), (5,)], [None, -1, None]), (s_irfft, [(4, 6), (4, 6)], [7, -1, "forward"]),
    (s_irfft_real, [(4, 5)], [7, 0, "ortho"]), (s_hfft, [(5,), (5,)], [6, -1, None]), (s_ihfft, [(7,)], [None, -1, "ortho"]),
    (s_fft2, [(3, 4)], [None]), (s_rfftn, [(3, 4, 5)], [(0, 2), "ortho"]),
    (s_irfft2, [(3, 4), (3, 4)], [None]),
], ids=lambda v: getattr(v, "__name__", None))
def test_hvp(fn, shapes, options):
    _hvp_matches(fn, [RNG.standard_normal(s) for s in shapes], options)


# -- autograd as an oracle (norm None, even lengths: what autograd's rules cover) -----------------


def _with_autograd(fn):
    """`fn` with NumPy replaced by autograd's wrapper, its module's helpers too (`_re` by anp.real)."""
    namespace = dict(fn.__globals__)
    namespace["np"] = anp
    for name, value in list(namespace.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == __name__:
            namespace[name] = types.FunctionType(value.__code__, namespace, name, value.__defaults__)
    namespace["_re"] = anp.real
    return namespace[fn.__name__]


@pytest.mark.parametrize("fn, shapes, options", [
    (s_fft, [(6,)], [None, -1, None]), (s_fft, [(4, 6)], [8, 0, None]),
    (s_ifft_complex, [(6,), (6,)], [None, -1, None]),
    (s_rfft, [(6,)], [None, -1, None]), (s_rfft, [(6, 4)], [8, 0, None]),
    (s_irfft, [(5,), (5,)], [None, -1, None]), (s_irfft, [(4, 6), (4, 6)], [8, -1, None]),
    (s_fft2, [(4, 6)], [None]), (s_rfftn, [(4, 4, 6)], [None, None]), (s_irfft2, [(4, 6), (4, 6)], [None]),
], ids=lambda v: getattr(v, "__name__", None))
def test_matches_autograd(fn, shapes, options):
    inputs = [RNG.standard_normal(s) for s in shapes]
    oracle = _with_autograd(fn)
    for i in range(len(inputs)):
        want = autograd.grad(oracle, i)(*inputs, *options)
        got = s2sgrad.grad(fn, wrt=i)(*inputs, *options)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


# -- user programs ---------------------------------------------------------------------------


def _check_program(fn, inputs, oracle_wrt=None):
    wrt = _wrt(inputs)
    check_grads(fn, inputs, wrt)
    check_jvp(fn, inputs, wrt)
    _hvp_matches(fn, inputs, [])
    oracle = _with_autograd(fn)
    for i in range(len(inputs)) if oracle_wrt is None else oracle_wrt:
        want = autograd.grad(oracle, i)(*inputs)
        np.testing.assert_allclose(s2sgrad.grad(fn, wrt=i)(*inputs), want, rtol=1e-9, atol=1e-9)


def test_convolution():
    # autograd's rfft rule takes the kernel's length, not n=, for the transform's: x only.
    _check_program(convolution, [RNG.standard_normal(8), RNG.standard_normal(3)], oracle_wrt=[0])
    check_grads(convolution, [RNG.standard_normal(9), RNG.standard_normal(4)], (0, 1))


def test_spectral_power_by_hand():
    _check_program(spectral_power_by_hand, [RNG.standard_normal(10)])


def test_image_filter_by_hand():
    _check_program(image_filter_by_hand, [RNG.standard_normal((6, 8)), RNG.standard_normal((6, 8))])


# The output of ifft2 is real here, so np.real's tangent (see below) is complex with a zero
# imaginary part, which check_jvp casts to float.
def test_image_filter():
    _check_program(image_filter, [RNG.standard_normal((6, 8)), RNG.standard_normal((6, 8))])


def test_spectral_power_with_abs():
    check_grads(spectral_power, [RNG.standard_normal(10)])


def test_image_filter_phase_reverse():
    check_grads(image_filter_phase, [RNG.standard_normal((6, 8)), RNG.standard_normal((6, 8))], (0, 1))


def test_image_filter_phase_forward():
    check_jvp(image_filter_phase, [RNG.standard_normal((6, 8)), RNG.standard_normal((6, 8))], (0, 1))


def test_image_filter_attribute():
    check_grads(image_filter_attribute, [RNG.standard_normal((6, 8)), RNG.standard_normal((6, 8))], (0, 1))


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fn, args, words", [
    (refused_norm, [np.ones(4)], "norm='unitary'"),
    (refused_s, [np.ones((4, 4))], "s="),
    (refused_out, [np.ones(4), np.zeros(4, complex)], "out="),
], ids=lambda v: getattr(v, "__name__", None))
def test_refused(fn, args, words):
    with pytest.raises(UserCodeError) as info:
        s2sgrad.grad(fn)(*args)
    text = str(info.value)
    assert words in text, text
    assert "test_rules_fft.py:" in text, text


def test_repeated_last_axis_fails_loudly():
    """NumPy pads rfftn's half spectrum back when the last axis repeats: not undone, so not silent."""
    with pytest.raises(ValueError, match="broadcast"):
        s2sgrad.grad(repeated_last_axis)(RNG.standard_normal((4, 6)))
