"""Convolutions and pooling written by loops, stride tricks and sliding windows."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view, as_strided
from scipy.signal import convolve2d

_r = np.random.default_rng(91)
S8 = _r.standard_normal(8)
K3 = np.array([0.25, 0.5, -0.3])
IMG = _r.standard_normal((5, 5))
KER = _r.standard_normal((3, 3)) * 0.5
IMG2 = _r.standard_normal((2, 4, 4))          # channels, h, w
KER2 = _r.standard_normal((3, 2, 2, 2)) * 0.4   # out, in, kh, kw
POOL = np.arange(16.0).reshape(4, 4) * 0.37 % 1.3 + _r.standard_normal((4, 4)) * 0.01


def conv1d_loop(x, k):
    n = len(x) - len(k) + 1
    y = np.zeros(n)
    for i in range(n):
        y[i] = np.sum(x[i:i + len(k)] * k)
    return np.sum(y ** 2)


def conv1d_list(x, k):
    out = []
    for i in range(len(x) - 2):
        out.append(x[i] * k[0] + x[i + 1] * k[1] + x[i + 2] * k[2])
    return np.sum(np.array(out) ** 2)


def conv1d_sliding(x, k):
    win = sliding_window_view(x, 3)
    return np.sum(np.tanh(win @ k))


def conv1d_sliding_stride2(x, k):
    win = sliding_window_view(x, len(k))[::2]
    return np.sum((win @ k[::-1]) ** 2)


def conv1d_as_strided(x, k):
    n = x.shape[0] - 2
    s = x.strides[0]
    win = as_strided(x, shape=(n, 3), strides=(s, s))
    return np.sum((win * k).sum(axis=1) ** 2)


def conv1d_np_convolve(x, k):
    return np.sum(np.convolve(x, k, mode="valid") ** 2)


def conv1d_same_padded(x, k):
    xp = np.pad(x, 1)
    y = np.array([xp[i:i + 3] @ k for i in range(len(x))])
    return np.sum(np.sin(y))


def correlate_full(x, k):
    return np.sum(np.correlate(x, k, mode="full") * np.arange(10.0))


def conv1d_dilated(x, k):
    d = 2
    n = len(x) - d * (len(k) - 1)
    y = np.zeros(n)
    for j in range(len(k)):
        y = y + k[j] * x[j * d:j * d + n]
    return np.sum(y ** 2)


def conv1d_causal(x, k):
    xp = np.concatenate([np.zeros(2), x])
    y = sum(k[j] * xp[2 - j:2 - j + len(x)] for j in range(3))
    return np.sum(y * x)


def conv2d_loop(img, ker):
    H, W = img.shape
    kh, kw = ker.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            out[i, j] = np.sum(img[i:i + kh, j:j + kw] * ker)
    return np.sum(out ** 2)


def conv2d_sliding(img, ker):
    win = sliding_window_view(img, ker.shape)
    out = np.einsum("ijkl,kl->ij", win, ker)
    return np.sum(np.tanh(out))


def conv2d_sliding_tensordot(img, ker):
    win = sliding_window_view(img, (3, 3))
    return np.sum(np.tensordot(win, ker, axes=([2, 3], [0, 1])) ** 2)


def conv2d_im2col(img, ker):
    cols = []
    for i in range(3):
        for j in range(3):
            cols.append(img[i:i + 3, j:j + 3].ravel())
    cols = np.stack(cols)
    return np.sum((cols @ ker.ravel()) ** 2)


def conv2d_shift_sum(img, ker):
    out = np.zeros((3, 3))
    for di in range(3):
        for dj in range(3):
            out += ker[di, dj] * img[di:di + 3, dj:dj + 3]
    return np.sum(out * out)


def conv2d_channels(x, w):
    C, H, W = x.shape
    O = w.shape[0]
    out = np.zeros((O, H - 1, W - 1))
    for o in range(O):
        for i in range(H - 1):
            for j in range(W - 1):
                out[o, i, j] = np.sum(x[:, i:i + 2, j:j + 2] * w[o])
    return np.sum(np.maximum(out, 0.0) ** 2) + np.sum(out)


def conv2d_channels_einsum(x, w):
    win = sliding_window_view(x, (2, 2), axis=(1, 2))   # C, H', W', kh, kw
    out = np.einsum("chwij,ocij->ohw", win, w)
    return np.sum(out ** 2)


def conv2d_strided(img, ker):
    win = sliding_window_view(img, (3, 3))[::2, ::2]
    return np.sum((win * ker).sum(axis=(2, 3)) ** 2)


def scipy_conv2d(img, ker):
    return np.sum(convolve2d(img, ker, mode="valid") ** 2)


def max_pool_loop(x):
    out = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            out[i, j] = np.max(x[2 * i:2 * i + 2, 2 * j:2 * j + 2])
    return np.sum(out * np.array([[1.0, 2.0], [3.0, 4.0]]))


def max_pool_reshape(x):
    return np.sum(x.reshape(2, 2, 2, 2).max(axis=(1, 3)) ** 2)


def avg_pool_reshape(x):
    return np.sum(np.sin(x.reshape(2, 2, 2, 2).mean(axis=(1, 3))))


def max_pool_sliding(x):
    win = sliding_window_view(x, (2, 2))[::2, ::2]
    return np.sum(win.max(axis=(-2, -1)) * np.arange(4.0).reshape(2, 2))


def global_avg_pool(x):
    return np.sum(np.tanh(x.mean(axis=(1, 2))))


def logsumexp_pool(x):
    return np.sum(np.log(np.exp(x.reshape(2, 2, 2, 2)).sum(axis=(1, 3))))


def upsample_nearest(x):
    up = np.repeat(np.repeat(x, 2, axis=0), 2, axis=1)
    return np.sum(up * np.arange(64.0).reshape(8, 8))


def upsample_kron(x):
    return np.sum(np.kron(x, np.ones((2, 2))) ** 2)


def transposed_conv1d(x, k):
    out = np.zeros(len(x) + len(k) - 1)
    for i in range(len(x)):
        out[i:i + len(k)] += x[i] * k
    return np.sum(out ** 3)


def depthwise_conv(x, k):
    # x: (channels, length), one 3-tap kernel per channel
    out = np.stack([np.convolve(x[c], k[c], mode="valid") for c in range(x.shape[0])])
    return np.sum(out ** 2)


def conv1d_vector_out(x, k):
    return sliding_window_view(x, 3) @ k


def max_pool_out(x):
    return x.reshape(2, 2, 2, 2).max(axis=(1, 3))


CASES = [
    dict(f=conv1d_loop, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv1d_list, args=(S8, K3), wrt=1, alt=0),
    dict(f=conv1d_sliding, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv1d_sliding_stride2, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv1d_as_strided, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv1d_np_convolve, args=(S8, K3), wrt=0, alt=(0, 1)),
    dict(f=conv1d_same_padded, args=(S8, K3), wrt=0, alt=1),
    dict(f=correlate_full, args=(S8, K3), wrt=1, alt=0),
    dict(f=conv1d_dilated, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv1d_causal, args=(S8, K3), wrt=0, alt=1),
    dict(f=conv2d_loop, args=(IMG, KER), wrt=0, alt=1),
    dict(f=conv2d_sliding, args=(IMG, KER), wrt=0, alt=1),
    dict(f=conv2d_sliding_tensordot, args=(IMG, KER), wrt=1, alt=0),
    dict(f=conv2d_im2col, args=(IMG, KER), wrt=0, alt=1),
    dict(f=conv2d_shift_sum, args=(IMG, KER), wrt=0, alt=1),
    dict(f=conv2d_channels, args=(IMG2, KER2), wrt=1, alt=0),
    dict(f=conv2d_channels_einsum, args=(IMG2, KER2), wrt=0, alt=1),
    dict(f=conv2d_strided, args=(IMG, KER), wrt=0, alt=1),
    dict(f=scipy_conv2d, args=(IMG, KER), wrt=0, alt=1),
    dict(f=max_pool_loop, args=(POOL,)),
    dict(f=max_pool_reshape, args=(POOL,)),
    dict(f=avg_pool_reshape, args=(POOL,)),
    dict(f=max_pool_sliding, args=(POOL,)),
    dict(f=global_avg_pool, args=(IMG2,)),
    dict(f=logsumexp_pool, args=(POOL,)),
    dict(f=upsample_nearest, args=(POOL,)),
    dict(f=upsample_kron, args=(KER,)),
    dict(f=transposed_conv1d, args=(S8[:4], K3), wrt=0, alt=1),
    dict(f=depthwise_conv, args=(_r.standard_normal((2, 6)), _r.standard_normal((2, 3))), wrt=0, alt=1),
    dict(f=conv1d_vector_out, args=(S8, K3), wrt=(0, 1), out="vector"),
    dict(f=max_pool_out, args=(POOL,), out="vector"),
]
