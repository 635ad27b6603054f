"""Signal processing: FFT convolution, windowing, spectra, filters by recurrence."""

import numpy as np
from scipy import signal as sps
from scipy.fft import rfft as sp_rfft, irfft as sp_irfft

_r = np.random.default_rng(95)
SIG = _r.standard_normal(8)
H3 = np.array([0.5, 0.3, 0.2])


def fft_convolve(x, h):
    n = len(x) + len(h) - 1
    y = np.fft.irfft(np.fft.rfft(x, n) * np.fft.rfft(h, n), n)
    return np.sum(y ** 2)


def fft_convolve_complex(x, h):
    n = 16
    y = np.fft.ifft(np.fft.fft(x, n) * np.fft.fft(h, n)).real
    return np.sum(y[:10] * np.arange(10.0))


def scipy_fftconvolve(x, h):
    return np.sum(sps.fftconvolve(x, h, mode="same") ** 2)


def scipy_rfft_power(x):
    X = sp_rfft(x)
    return np.sum(np.abs(X) ** 2) / len(x)


def circular_conv(x, h):
    hp = np.zeros_like(x)
    hp[:len(h)] = h
    return np.sum(np.real(np.fft.ifft(np.fft.fft(x) * np.fft.fft(hp))) ** 2)


def power_spectrum_hann(x):
    w = np.hanning(len(x))
    X = np.fft.rfft(x * w)
    return np.sum(np.log(np.abs(X) ** 2 + 1e-3))


def hamming_window_energy(x):
    n = np.arange(len(x))
    w = 0.54 - 0.46 * np.cos(2 * np.pi * n / (len(x) - 1))
    return np.sum((x * w) ** 2)


def scipy_window(x):
    w = sps.get_window("hann", len(x))
    return np.sum(np.abs(np.fft.fft(w * x)))


def spectral_centroid(x):
    mag = np.abs(np.fft.rfft(x))
    f = np.fft.rfftfreq(len(x))
    return np.sum(f * mag) / np.sum(mag)


def stft_energy(x):
    frames = np.stack([x[i:i + 4] * np.hanning(4) for i in range(0, len(x) - 3, 2)])
    S = np.fft.rfft(frames, axis=1)
    return np.sum(S.real ** 2 + S.imag ** 2)


def iir_first_order(a, x):
    y = np.zeros_like(x)
    y[0] = x[0]
    for n in range(1, len(x)):
        y[n] = a * y[n - 1] + (1 - a) * x[n]
    return np.sum(y ** 2)


def iir_list(a, x):
    ys = [x[0]]
    for v in x[1:]:
        ys.append(a * ys[-1] + (1 - a) * v)
    return sum(y * y for y in ys)


def biquad(b, x):
    a1, a2 = -0.5, 0.2
    y = np.zeros(len(x))
    x1 = x2 = y1 = y2 = 0.0
    for n in range(len(x)):
        y[n] = b[0] * x[n] + b[1] * x1 + b[2] * x2 - a1 * y1 - a2 * y2
        x2, x1 = x1, x[n]
        y2, y1 = y1, y[n]
    return np.sum(y ** 2)


def scipy_lfilter(b, x):
    return np.sum(sps.lfilter(b, [1.0, -0.5], x) ** 2)


def fir_by_dot(h, x):
    y = np.array([h @ x[n:n + 3][::-1] for n in range(len(x) - 2)])
    return np.sum(np.abs(y))


def moving_average_cumsum(x):
    c = np.cumsum(np.insert(x, 0, 0.0))
    ma = (c[3:] - c[:-3]) / 3
    return np.sum(ma ** 2)


def ema_filter(alpha):
    s = SIG[0]
    out = 0.0
    for v in SIG[1:]:
        s = alpha * v + (1 - alpha) * s
        out += s ** 2
    return out


def allpass_chain(g):
    x = SIG.copy()
    for _ in range(2):
        y = np.zeros_like(x)
        prev_x = prev_y = 0.0
        for n in range(len(x)):
            y[n] = -g * x[n] + prev_x + g * prev_y
            prev_x, prev_y = x[n], y[n]
        x = y
    return np.sum(x * SIG)


def autocorrelation(x):
    x = x - x.mean()
    r = np.correlate(x, x, mode="full")[len(x) - 1:]
    return np.sum(r[1:4] / r[0])


def zero_pad_fft(x):
    X = np.fft.fft(np.concatenate([x, np.zeros(8)]))
    return np.sum(np.abs(X[:5]))


def fftshift_mag(x):
    return np.sum(np.fft.fftshift(np.abs(np.fft.fft(x))) * np.arange(8.0))


def dct_by_matrix(x):
    N = len(x)
    k = np.arange(N)[:, None]
    n = np.arange(N)[None, :]
    C = np.cos(np.pi / N * (n + 0.5) * k)
    return np.sum((C @ x) ** 2 * np.exp(-np.arange(N)))


def scipy_dct(x):
    from scipy.fft import dct
    return np.sum(dct(x, norm="ortho")[:4] ** 2)


def goertzel(x):
    w = 2 * np.pi * 2 / len(x)
    coeff = 2 * np.cos(w)
    s1 = s2 = 0.0
    for v in x:
        s0 = v + coeff * s1 - s2
        s2, s1 = s1, s0
    return s1 ** 2 + s2 ** 2 - coeff * s1 * s2


def resample_linear(x):
    t = np.linspace(0, len(x) - 1, 13)
    return np.sum(np.interp(t, np.arange(len(x)), x) ** 2)


def envelope_hilbert(x):
    return np.sum(np.abs(sps.hilbert(x)) ** 2)


def deconv_wiener(x):
    H = np.fft.rfft(np.array([1.0, 0.5, 0, 0, 0, 0, 0, 0]))
    X = np.fft.rfft(x)
    G = np.conj(H) / (np.abs(H) ** 2 + 0.1)
    return np.sum(np.fft.irfft(X * G, 8) ** 2)


def filtered_out(a, x):
    y = np.empty_like(x)
    acc = 0.0
    for i, v in enumerate(x):
        acc = a * acc + v
        y[i] = acc
    return y


def irfft_vector(x):
    return sp_irfft(sp_rfft(x) * np.array([1.0, 0.8, 0.5, 0.2, 0.0]), 8)


CASES = [
    dict(f=fft_convolve, args=(SIG, H3), wrt=0, alt=1),
    dict(f=fft_convolve_complex, args=(SIG, H3), wrt=0, alt=1),
    dict(f=scipy_fftconvolve, args=(SIG, H3), wrt=0, alt=1),
    dict(f=scipy_rfft_power, args=(SIG,)),
    dict(f=circular_conv, args=(SIG, H3), wrt=0, alt=1),
    dict(f=power_spectrum_hann, args=(SIG,)),
    dict(f=hamming_window_energy, args=(SIG,)),
    dict(f=scipy_window, args=(SIG,)),
    dict(f=spectral_centroid, args=(SIG,)),
    dict(f=stft_energy, args=(SIG,)),
    dict(f=iir_first_order, args=(0.6, SIG), wrt=0, alt=1),
    dict(f=iir_list, args=(0.6, SIG), wrt=0, alt=1),
    dict(f=biquad, args=(np.array([0.3, 0.2, 0.1]), SIG), wrt=0, alt=1),
    dict(f=scipy_lfilter, args=(np.array([0.3, 0.2, 0.1]), SIG), wrt=0, alt=1),
    dict(f=fir_by_dot, args=(H3, SIG), wrt=0, alt=1),
    dict(f=moving_average_cumsum, args=(SIG,)),
    dict(f=ema_filter, args=(0.3,)),
    dict(f=allpass_chain, args=(0.4,)),
    dict(f=autocorrelation, args=(SIG,)),
    dict(f=zero_pad_fft, args=(SIG,)),
    dict(f=fftshift_mag, args=(SIG,)),
    dict(f=dct_by_matrix, args=(SIG,)),
    dict(f=scipy_dct, args=(SIG,)),
    dict(f=goertzel, args=(SIG,)),
    dict(f=resample_linear, args=(SIG,)),
    dict(f=envelope_hilbert, args=(SIG,)),
    dict(f=deconv_wiener, args=(SIG,)),
    dict(f=filtered_out, args=(0.5, SIG), wrt=(0, 1), out="vector"),
    dict(f=irfft_vector, args=(SIG,), out="vector"),
]
