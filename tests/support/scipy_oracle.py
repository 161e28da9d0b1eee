"""scipy as the oracle for drift statistics. Reads a JSON list of cases from stdin and prints
a JSON list of results.

  {"test": "ks", "a": [...], "b": [...]}          -> scipy.stats.ks_2samp(a, b) (method auto)
  {"test": "kstwo", "n": N, "x": X}               -> scipy.stats.kstwo.sf(X, N)
  {"test": "chi2", "table": [[...], [...]]}       -> scipy.stats.chi2_contingency(correction=False)
  {"test": "wasserstein", "a": [...], "b": [...]} -> scipy.stats.wasserstein_distance(a, b)
"""

import json
import sys
import warnings

from scipy import stats

warnings.simplefilter("ignore")
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
json.dump(out, sys.stdout)
