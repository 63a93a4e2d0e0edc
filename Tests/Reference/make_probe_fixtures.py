"""Writes Tests/Fixtures/probe: features, labels and a stratified split for the linear probe,
with scikit-learn's fits on them.

Features: 600 rows x 32 float32, 10 classes of 60; each class is a Gaussian around its own
mean, close enough to the others that classes overlap (scikit-learn reaches about 65 %
test accuracy, not 100 %). Split: per class 12 test rows, and of the other 48, 10 for
validation and 38 for training.

scikit-learn's LogisticRegression minimises C * sum(cross-entropy) + 1/2 ||W||^2 (the bias
unpenalised), i.e. sum(cross-entropy) + lambda/2 ||W||^2 with C = 1/lambda, which is the
probe's objective. Recorded for fixed lambdas (fitted on train + validation): test
predictions and accuracy, coefficients and intercepts. Recorded for the paper's lambda
search (97 values over 1e-6..1e6, coarse-to-fine on the validation split, then a refit on
train + validation): the chosen lambda and test accuracy.

Run: $PYTHON Tests/Reference/make_probe_fixtures.py
"""
import json
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "probe"
N_PER_CLASS, DIM, CLASSES = 60, 32, 10
FIXED_LAMBDAS = [1.0, 0.01]
GRID = [10 ** (-6 + i / 8) for i in range(97)]


def make_data(seed=16):
    rng = np.random.default_rng(seed)
    means = rng.normal(0, 0.25, size=(CLASSES, DIM))
    mix = rng.normal(0, 1, size=(DIM, DIM)) / np.sqrt(DIM)  # shared correlated noise
    x, y = [], []
    for c in range(CLASSES):
        noise = rng.normal(0, 1, size=(N_PER_CLASS, DIM)) @ mix + 0.3 * rng.normal(0, 1, size=(N_PER_CLASS, DIM))
        x.append(means[c] + noise)
        y += [c] * N_PER_CLASS
    x = np.concatenate(x).astype(np.float32)
    y = np.array(y)
    order = rng.permutation(len(y))  # rows not sorted by class
    return x[order], y[order]


def split(y, seed=16):
    rng = np.random.default_rng(seed + 1)
    train, val, test = [], [], []
    for c in range(CLASSES):
        rows = rng.permutation(np.flatnonzero(y == c))
        test += rows[:12].tolist()
        val += rows[12:22].tolist()
        train += rows[22:].tolist()
    return sorted(train), sorted(val), sorted(test)


def fit(x, y, lam):
    model = LogisticRegression(C=1 / lam, max_iter=100000, tol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", category=sklearn.exceptions.ConvergenceWarning)
        model.fit(x.astype(np.float64), y)
    return model


def search(xt, yt, xv, yv):
    """The paper's coarse-to-fine search over GRID; ties go to the larger lambda."""
    accuracy = {}

    def evaluate(i):
        if i not in accuracy:
            accuracy[i] = float((fit(xt, yt, GRID[i]).predict(xv) == yv).mean())

    def best():
        return max(accuracy, key=lambda i: (accuracy[i], i))

    stride = 16
    for i in range(0, 97, stride):
        evaluate(i)
    while stride > 1:
        stride //= 2
        centre = best()
        for i in (centre - stride, centre + stride):
            if 0 <= i < 97:
                evaluate(i)
    return best(), accuracy


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    x, y = make_data()
    train, val, test = split(y)
    np.save(OUT / "features.npy", x)
    fitted = train + val
    result = {"labels": y.tolist(), "train": train, "validation": val, "test": test, "fixed": []}
    for lam in FIXED_LAMBDAS:
        model = fit(x[fitted], y[fitted], lam)
        pred = model.predict(x[test])
        result["fixed"].append({
            "lambda": lam,
            "test_accuracy": float((pred == y[test]).mean()),
            "train_accuracy": float((model.predict(x[fitted]) == y[fitted]).mean()),
            "test_predictions": pred.tolist(),
            "coef": np.round(model.coef_, 6).tolist(),
            "intercept": np.round(model.intercept_, 6).tolist(),
        })
    chosen, sweep = search(x[train], y[train], x[val], y[val])
    model = fit(x[fitted], y[fitted], GRID[chosen])
    result["search"] = {
        "lambda": GRID[chosen],
        "validation_accuracy": sweep[chosen],
        "fits": len(sweep),
        "test_accuracy": float((model.predict(x[test]) == y[test]).mean()),
    }
    (OUT / "sklearn.json").write_text(json.dumps(result, separators=(",", ":")) + "\n")
    for f in result["fixed"]:
        print(f"lambda {f['lambda']:g}: test {f['test_accuracy']:.3f}, train {f['train_accuracy']:.3f}")
    print(f"search: lambda {GRID[chosen]:.4g} (val {sweep[chosen]:.3f}, {len(sweep)} fits), test {result['search']['test_accuracy']:.3f}")


if __name__ == "__main__":
    main()
