"""The peer of `nbamcp drift check`: the seed's approach — pandas reads both CSVs, then
scipy.stats.ks_2samp per column. Prints one line per column: `name drifted(0/1)`."""

import sys

import pandas as pd
from scipy import stats

reference = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
for column in reference.columns:
    result = stats.ks_2samp(reference[column].dropna(), current[column].dropna())
    print(column, int(result.pvalue < 0.05))
