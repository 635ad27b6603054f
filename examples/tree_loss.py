"""A taxonomy-aware classification loss, differentiated and trained.

Five classes sit in two groups: vehicles (car, bus, motorcycle) and animals (cat, dog).
The loss is the usual cross-entropy on the class plus a second term on the group: a model
that says "bus" for a car is wrong, but less wrong than one that says "dog". The group
probabilities are sums of class probabilities, computed in a loop over a dict of groups,
which s2sgrad differentiates like any other code.
"""

import numpy as np

import s2sgrad

CLASSES = ["car", "bus", "motorcycle", "cat", "dog"]
GROUPS = {"vehicle": [0, 1, 2], "animal": [3, 4]}
GROUP_OF = np.array([0, 0, 0, 1, 1])


@s2sgrad.differentiate(wrt=("W", "b"))
def tree_loss(W, b, x, labels, groups, group_weight):
    logits = x @ W + b
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    probs = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)
    n = x.shape[0]
    class_loss = -np.sum(np.log(probs[np.arange(n), labels])) / n
    group_loss = 0.0
    for members in groups.values():
        p_group = np.sum(probs[:, members], axis=1)
        in_group = np.isin(labels, members)
        group_loss = group_loss - np.sum(np.where(in_group, np.log(p_group), 0.0)) / n
    return class_loss + group_weight * group_loss


def make_data(rng, n):
    centers = rng.standard_normal((5, 6)) * 2.0
    centers[1] = centers[0] + 0.6 * rng.standard_normal(6)      # a bus looks like a car
    labels = rng.integers(0, 5, size=n)
    x = centers[labels] + rng.standard_normal((n, 6))
    return x, labels


def main():
    rng = np.random.default_rng(1)
    x, labels = make_data(rng, 400)
    W, b = np.zeros((6, 5)), np.zeros(5)
    print(tree_loss.source)
    losses = []
    for epoch in range(60):
        value, (dW, db) = tree_loss.value_and_grad(W, b, x, labels, GROUPS, 0.5)
        losses.append(value)
        W, b = W - 0.5 * dW, b - 0.5 * db
        if epoch % 10 == 0 or epoch == 59:
            print(f"epoch {epoch:2d}  loss {value:.4f}")
    pred = np.argmax(x @ W + b, axis=1)
    print(f"class accuracy {np.mean(pred == labels):.2f}, group accuracy "
          f"{np.mean(GROUP_OF[pred] == GROUP_OF[labels]):.2f}")
    assert losses[-1] < 0.5 * losses[0], "training should lower the loss"


if __name__ == "__main__":
    main()
