"""Peers for `npm run bench:learners`: scikit-learn HistGradientBoosting, RandomForest, LogisticRegression
and xgboost (tree_method=hist), default settings, single-threaded, cross-validated on the folds mlqa used.

Usage: learners_peers.py DATA.csv FOLDS.json REPS MODELS [PREDICT_ROWS]
  DATA.csv    mlqa's prepared features (num__*/cat__* columns, categorical as integer codes, empty = missing)
              and the encoded class index in column y
  FOLDS.json  the fold (0..k-1) of every row, as mlqa made them
  REPS        timed repetitions of the whole cross-validation (median reported)
  MODELS      comma-separated subset of sklearn_hgb,sklearn_rf,sklearn_logreg,xgboost
  PREDICT_ROWS  when given: also time xgboost's single-threaded predict_proba of a 100-tree model fitted on
              all rows, on the rows repeated to this many, and report rows per second
Prints one JSON object: {model: {"scores": [...], "fitSeconds": s, "fitCpuSeconds": s}, ...}.
Run with OMP_NUM_THREADS=1 and /usr/bin/python3 (Debian's scikit-learn 1.2 and xgboost 1.7).
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import xgboost as xgb
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore")
data_path, folds_path, reps, models = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
predict_rows = int(sys.argv[5]) if len(sys.argv) > 5 else 0
df = pd.read_csv(data_path)
y = df.pop("y").to_numpy().astype(int)
cat = np.array([c.startswith("cat__") for c in df.columns])
X = df.to_numpy(float)
fold_of = np.array(json.load(open(folds_path)))
k = int(fold_of.max()) + 1
n_classes = int(y.max()) + 1


def make(name):
    if name == "sklearn_hgb":
        kw = {"categorical_features": cat} if cat.any() else {}
        return HistGradientBoostingClassifier(random_state=0, **kw)
    if name == "sklearn_rf":
        return make_pipeline(SimpleImputer(), RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=0))
    if name == "sklearn_logreg":
        # As mlqa's logistic_regression: standardized numeric features with missing indicators, one-hot
        # categories, L2 with C=1.
        parts = [("num", make_pipeline(SimpleImputer(add_indicator=True), StandardScaler()), np.where(~cat)[0])]
        if cat.any():
            parts.append(
                (
                    "cat",
                    make_pipeline(
                        SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")
                    ),
                    np.where(cat)[0],
                )
            )
        return make_pipeline(ColumnTransformer(parts), LogisticRegression(C=1.0, max_iter=1000))
    if name == "xgboost":
        return xgb.XGBClassifier(tree_method="hist", n_jobs=1, random_state=0)
    if name == "xgboost_same_shape":
        # Trees grown like mlqa's default gbdt: leaf-wise, 31 leaves, no depth limit, minimum leaf hessian 1e-3,
        # no L2, learning rate 0.1 (xgboost has no minimum row count per leaf).
        return xgb.XGBClassifier(
            tree_method="hist",
            n_jobs=1,
            random_state=0,
            grow_policy="lossguide",
            max_leaves=31,
            max_depth=0,
            min_child_weight=1e-3,
            reg_lambda=0.0,
            learning_rate=0.1,
        )
    raise SystemExit(f"unknown peer model {name}")


out = {}
for name in models:
    totals, cpus, scores = [], [], []
    for r in range(reps):
        wall, cpu, scores = 0.0, 0.0, []
        for f in range(k):
            tr, te = fold_of != f, fold_of == f
            m = make(name)
            t0, c0 = time.perf_counter(), time.process_time()
            m.fit(X[tr], y[tr])
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            p = m.predict(X[te])
            scores.append(float((p == y[te]).mean()))
        totals.append(wall)
        cpus.append(cpu)
    out[name] = {"scores": scores, "fitSeconds": float(np.median(totals)), "fitCpuSeconds": float(np.median(cpus))}

if predict_rows > 0:
    m = xgb.XGBClassifier(tree_method="hist", n_jobs=1, random_state=0, n_estimators=100).fit(X, y)
    big = X[np.arange(predict_rows) % X.shape[0]]
    m.predict_proba(big[:1000])
    times = []
    for r in range(3):
        t0 = time.perf_counter()
        m.predict_proba(big)
        times.append(time.perf_counter() - t0)
    out["xgboost_predict"] = {"rowsPerSecond": predict_rows / float(np.median(times))}

print(json.dumps(out))
