"""A one-layer convolutional classifier for tiny images, with scipy.signal.convolve2d.

Each filter is convolved with each image ('valid' mode) and passed through tanh; the
feature maps, flattened and concatenated, feed a softmax layer.
"""

import numpy as np
from scipy.signal import convolve2d
from scipy.special import logsumexp


def init_params(num_filters, filter_size, image_size, num_classes, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    out_size = image_size - filter_size + 1
    return {
        "filters": 0.3 * rs.randn(num_filters, filter_size, filter_size),
        "filter_bias": np.zeros(num_filters),
        "W": 0.3 * rs.randn(num_filters * out_size * out_size, num_classes),
        "b": np.zeros(num_classes),
    }


def conv_features(params, image):
    maps = [np.tanh(convolve2d(image, kernel, mode="valid") + bias)
            for kernel, bias in zip(params["filters"], params["filter_bias"])]
    return np.concatenate([m.ravel() for m in maps])


def predict(params, images):
    features = np.stack([conv_features(params, image) for image in images])
    logits = features @ params["W"] + params["b"]
    return logits - logsumexp(logits, axis=1, keepdims=True)


def loss(params, data):
    images, labels = data
    return -np.mean(np.sum(predict(params, images) * labels, axis=1))


def make_data(num_images=6, size=6, rs=None):
    """Images with a bright horizontal (class 0) or vertical (class 1) stroke."""
    rs = rs if rs is not None else np.random.RandomState(0)
    images = 0.1 * rs.randn(num_images, size, size)
    labels = np.zeros((num_images, 2))
    for i in range(num_images):
        k = rs.randint(1, size - 1)
        if i % 2 == 0:
            images[i, k, 1:-1] += 1.0
        else:
            images[i, 1:-1, k] += 1.0
        labels[i, i % 2] = 1.0
    return images, labels


def main():
    params = init_params(num_filters=2, filter_size=3, image_size=6, num_classes=2)
    print("loss", loss(params, make_data()))


if __name__ == "__main__":
    main()
