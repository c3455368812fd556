"""pandas peer for the audit benchmark: the usual notebook audit of a file.

read, describe, missing counts, distinct counts, duplicate rows, Spearman correlation of the numeric
columns, and IQR outlier counts. Usage: python3 bench/peers/audit_pandas.py <file.csv|file.parquet>
"""
import json
import sys

import pandas as pd

path = sys.argv[1]
df = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
describe = df.describe(include="all")
missing = df.isna().sum()
distinct = df.nunique()
duplicates = int(df.duplicated().sum())
numeric = df.select_dtypes("number")
spearman = numeric.corr(method="spearman")
q1 = numeric.quantile(0.25)
q3 = numeric.quantile(0.75)
iqr = q3 - q1
outliers = ((numeric < q1 - 1.5 * iqr) | (numeric > q3 + 1.5 * iqr)).sum()
print(json.dumps({
    "columns": int(describe.shape[1]),
    "missing": int(missing.sum()),
    "duplicates": duplicates,
    "outliers": {k: int(v) for k, v in outliers.items()},
    "spearman": spearman.shape[0],
    "distinct": {k: int(v) for k, v in distinct.items()},
}))
