"""scipy as the oracle for drift statistics. Reads a JSON list of cases from stdin and prints
a JSON list of results.

  {"test": "ks", "a": [...], "b": [...]}          -> scipy.stats.ks_2samp(a, b) (method auto)
  {"test": "kstwo", "n": N, "x": X}               -> scipy.stats.kstwo.sf(X, N)
  {"test": "chi2", "table": [[...], [...]]}       -> scipy.stats.chi2_contingency(correction=False)
  {"test": "wasserstein", "a": [...], "b": [...]} -> scipy.stats.wasserstein_distance(a, b)
  {"test": "csv", "reference": PATH, "current": PATH, "features": [...], "categorical": [...]}
      -> per feature: ks, chi2 (categorical or two-valued), wasserstein / np.std(reference),
         and PSI from an independent numpy implementation
"""

import json
import sys
import warnings

from scipy import stats

warnings.simplefilter("ignore")


def main():
    out = []
    for case in json.load(sys.stdin):
        if case["test"] == "ks":
            r = stats.ks_2samp(case["a"], case["b"])
            out.append({"statistic": float(r.statistic), "p_value": float(r.pvalue)})
        elif case["test"] == "kstwo":
            out.append({"p_value": float(stats.kstwo.sf(case["x"], case["n"]))})
        elif case["test"] == "chi2":
            r = stats.chi2_contingency(case["table"], correction=False)
            out.append({"statistic": float(r.statistic), "p_value": float(r.pvalue), "dof": int(r.dof)})
        elif case["test"] == "wasserstein":
            out.append({"statistic": float(stats.wasserstein_distance(case["a"], case["b"]))})
        elif case["test"] == "csv":
            out.append(csv_case(case))
    json.dump(out, sys.stdout)


def read_csv_columns(path, features, categorical):
    """The columns as nbamcp reads them: missing cells (empty, NA, NaN, null...) dropped."""
    import csv as _csv

    missing = {"", "NA", "N/A", "NaN", "nan", "NAN", "null", "NULL", "None"}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(_csv.DictReader(f))
    columns = {}
    for feature in features:
        values = [r[feature].strip() for r in rows if r[feature].strip() not in missing]
        columns[feature] = values if feature in categorical else [float(v) for v in values]
    return columns


def psi_reference(ref, cur, bins=10, eps=1e-4):
    """PSI as docs/drift.md defines it, written independently with numpy."""
    import numpy as np

    ref, cur = np.sort(np.asarray(ref)), np.sort(np.asarray(cur))
    edges = np.unique(np.quantile(ref, np.arange(1, bins) / bins))
    r = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=len(edges) + 1) / len(cur)
    r, c = np.maximum(r, eps), np.maximum(c, eps)
    return float(np.sum((c - r) * np.log(c / r)))


def csv_case(case):
    import numpy as np

    ref = read_csv_columns(case["reference"], case["features"], case["categorical"])
    cur = read_csv_columns(case["current"], case["features"], case["categorical"])
    out = {}
    for feature in case["features"]:
        a, b = ref[feature], cur[feature]
        result = {}
        if feature in case["categorical"] or len(set(a) | set(b)) <= 2:
            cats = sorted(set(map(str, a)) | set(map(str, b)))
            table = [[list(map(str, a)).count(k) for k in cats], [list(map(str, b)).count(k) for k in cats]]
            if len(cats) > 1:
                r = stats.chi2_contingency(table, correction=False)
                result["chi2"] = [float(r.statistic), float(r.pvalue)]
            else:
                result["chi2"] = [0.0, 1.0]
        if feature not in case["categorical"]:
            r = stats.ks_2samp(a, b)
            result["ks"] = [float(r.statistic), float(r.pvalue)]
            result["wasserstein"] = float(stats.wasserstein_distance(a, b) / np.std(a))
            result["psi"] = psi_reference(a, b)
        out[feature] = result
    return out


if __name__ == "__main__":
    main()
