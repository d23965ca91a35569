"""The peer: scikit-learn's RandomForestClassifier on exactly the rows and split our bench exported.

Reads <dir>/train.csv and <dir>/test.csv, or the files --train and --test name (feature columns, then
an integer label column: 0 benign, 1 attack),
trains with scikit-learn's defaults (bar n_estimators and the seed), and prints one JSON object:
fit time, accuracy figures on the test rows, and predict_proba throughput on one core.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import average_precision_score, roc_auc_score


def load(path):
    """Feature columns, then the 0/1 class column (`y` or `label`); any text columns after it are ignored."""
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
    target = header.index("y") if "y" in header else header.index("label")
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=range(target + 1))
    return data[:, :target], data[:, target].astype(np.int32)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir", nargs="?", default=".")
    parser.add_argument("--train")
    parser.add_argument("--test")
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--predict-rows", type=int, default=200_000)
    args = parser.parse_args()

    x_train, y_train = load(args.train or f"{args.dir}/train.csv")
    x_test, y_test = load(args.test or f"{args.dir}/test.csv")

    model = RandomForestClassifier(n_estimators=args.trees, n_jobs=args.jobs, random_state=args.seed)
    started = time.perf_counter()
    model.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started

    scores = model.predict_proba(x_test)[:, 1]
    predicted = (scores >= 0.5).astype(np.int32)
    tp = int(np.sum((predicted == 1) & (y_test == 1)))
    tn = int(np.sum((predicted == 0) & (y_test == 0)))
    fp = int(np.sum((predicted == 1) & (y_test == 0)))
    fn = int(np.sum((predicted == 0) & (y_test == 1)))

    # Throughput on one core, the way a batch scorer would call it.
    predict_rows_per_second = None
    if args.predict_rows > 0:
        model.set_params(n_jobs=1)
        repeats = max(1, args.predict_rows // len(x_test))
        batch = np.tile(x_test, (repeats, 1))
        started = time.perf_counter()
        model.predict_proba(batch)
        predict_rows_per_second = len(batch) / (time.perf_counter() - started)

    result = {
        "peer": "scikit-learn RandomForestClassifier",
        "sklearnVersion": __import__("sklearn").__version__,
        "trees": args.trees,
        "jobs": args.jobs,
        "trainRows": int(len(x_train)),
        "testRows": int(len(x_test)),
        "fitSeconds": fit_seconds,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "accuracy": (tp + tn) / len(y_test),
        "recall": tp / max(1, tp + fn),
        "fpr": fp / max(1, fp + tn),
        "rocAuc": float(roc_auc_score(y_test, scores)) if len(set(y_test)) > 1 else None,
        "prAuc": float(average_precision_score(y_test, scores)) if len(set(y_test)) > 1 else None,
        "predictRowsPerSecondOneCore": predict_rows_per_second,
        "meanLeafDepth": float(np.mean([e.tree_.max_depth for e in model.estimators_])),
        "meanNodes": float(np.mean([e.tree_.node_count for e in model.estimators_])),
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
