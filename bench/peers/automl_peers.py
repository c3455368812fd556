"""Peers for `npm run bench:automl`: scikit-learn HistGradientBoosting, RandomForest, logistic or ridge
regression, and xgboost, all with default settings, trained on the same training rows as mlqa and scored on
the same test rows. Usage: automl_peers.py TRAIN.csv TEST.csv TARGET TASK (binary|multiclass|regression).
Prints one JSON line per model: {"model", "accuracy", "log_loss", "roc_auc" (binary), "seconds"} or
{"model", "r2", "rmse", "seconds"}.
Run with /usr/bin/python3 (Debian's scikit-learn 1.2 and xgboost 1.7)."""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, log_loss, mean_squared_error, r2_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
import xgboost as xgb

train_path, test_path, target, task = sys.argv[1:5]
train = pd.read_csv(train_path)
test = pd.read_csv(test_path)
train = train[train[target].notna()]
test = test[test[target].notna()]
ytr_raw, yte_raw = train.pop(target), test.pop(target)
cats = [c for c in train.columns if train[c].dtype == object or test[c].dtype == object]
nums = [c for c in train.columns if c not in cats]

ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan, encoded_missing_value=np.nan)
def ordinal_frame(fit_df, dfs):
    out = []
    if cats:
        ordinal.fit(fit_df[cats].astype(str).where(fit_df[cats].notna(), None))
    for df in dfs:
        parts = [df[nums].astype(float).to_numpy()]
        if cats:
            parts.append(ordinal.transform(df[cats].astype(str).where(df[cats].notna(), None)))
        out.append(np.hstack(parts))
    return out

Xtr, Xte = ordinal_frame(train, [train, test])
cat_mask = np.array([False] * len(nums) + [True] * len(cats))

if task == "regression":
    ytr, yte = ytr_raw.astype(float).to_numpy(), yte_raw.astype(float).to_numpy()
    classes = None
else:
    classes = np.unique(ytr_raw.astype(str))
    index = {c: i for i, c in enumerate(classes)}
    ytr = np.array([index[str(v)] for v in ytr_raw])
    yte = np.array([index.get(str(v), -1) for v in yte_raw])

linear_pre = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), list(range(len(nums)))),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), list(range(len(nums), len(nums) + len(cats)))),
])

if task == "regression":
    models = {
        "sklearn_hgb": HistGradientBoostingRegressor(categorical_features=cat_mask if cats else None, random_state=0),
        "sklearn_rf": make_pipeline(SimpleImputer(strategy="median"), RandomForestRegressor(random_state=0, n_jobs=1)),
        "sklearn_ridge": make_pipeline(linear_pre, Ridge()),
        "xgboost": xgb.XGBRegressor(random_state=0, n_jobs=1),
    }
else:
    models = {
        "sklearn_hgb": HistGradientBoostingClassifier(categorical_features=cat_mask if cats else None, random_state=0),
        "sklearn_rf": make_pipeline(SimpleImputer(strategy="median"), RandomForestClassifier(random_state=0, n_jobs=1)),
        "sklearn_logreg": make_pipeline(linear_pre, LogisticRegression(max_iter=1000)),
        "xgboost": xgb.XGBClassifier(random_state=0, n_jobs=1),
    }

for name, model in models.items():
    t0 = time.perf_counter()
    model.fit(Xtr, ytr)
    if task == "regression":
        pred = model.predict(Xte)
        out = {"r2": r2_score(yte, pred), "rmse": float(np.sqrt(mean_squared_error(yte, pred)))}
    else:
        proba = model.predict_proba(Xte)
        pred = proba.argmax(axis=1)
        out = {"accuracy": accuracy_score(yte, pred)}
        known = yte >= 0
        if task == "binary":
            out["roc_auc"] = roc_auc_score(yte[known], proba[known, 1])
        out["log_loss"] = log_loss(yte[known], proba[known], labels=list(range(len(classes))))
    out["seconds"] = time.perf_counter() - t0
    print(json.dumps({"model": name, **out}), flush=True)
