"""The peer of `nbamcp registry list`: MLflow's Python client doing the same listing —
search_model_versions (every page) plus an alias lookup per model — and counting its HTTP
requests. Prints `<versions> <requests>`."""

import requests
from mlflow import MlflowClient

sent = 0
_send = requests.Session.send


def counting_send(self, *args, **kwargs):
    global sent
    sent += 1
    return _send(self, *args, **kwargs)


requests.Session.send = counting_send

client = MlflowClient()
versions, token = [], None
while True:
    page = client.search_model_versions(max_results=10000, page_token=token)
    versions.extend(page)
    token = page.token
    if not token:
        break
aliases = {name: client.get_registered_model(name).aliases for name in {v.name for v in versions}}
rows = [(v.name, v.version, v.current_stage, [a for a, n in aliases[v.name].items() if n == v.version]) for v in versions]
print(len(rows), sent)
