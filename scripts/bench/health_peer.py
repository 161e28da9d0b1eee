"""The peer of `nbamcp health`: the checks an operator's Python snippet makes with the usual
libraries (psycopg2, boto3, MLflow's client), one after another as the seed's
SystemHealthChecker did. Same components, same questions, same stack. Exit 0 when all pass."""

import os
import sys

import boto3
import psycopg2
import requests
import yaml
from mlflow import MlflowClient

config = yaml.safe_load(open(os.environ["NBAMCP_CONFIG"]))
ok = True

db = config["database"]
password = open(db["password_file"]).read().strip()
conn = psycopg2.connect(db["url"].replace("nbamcp@", f"nbamcp:{password}@"), connect_timeout=5)
cur = conn.cursor()
cur.execute("SELECT 1")
cur.execute("SHOW server_version")
cur.execute("SELECT count(*) FROM nbamcp._sqlx_migrations WHERE success")
conn.close()

s3 = config["s3"]
client = boto3.client(
    "s3",
    endpoint_url=s3["endpoint_url"],
    region_name=s3["region"],
    aws_access_key_id=s3["access_key_id"],
    aws_secret_access_key=open(s3["secret_access_key_file"]).read().strip(),
)
for bucket in (s3["models_bucket"], s3["backups_bucket"]):
    client.head_bucket(Bucket=bucket)

uri = config["mlflow"]["tracking_uri"]
ok &= requests.get(f"{uri}/health", timeout=5).status_code == 200
requests.get(f"{uri}/version", timeout=5)
mlflow = MlflowClient(tracking_uri=uri)
mlflow.search_registered_models(max_results=1)
for name in config["registry"]["models"]:
    model = mlflow.get_registered_model(name)
    ok &= any(v.current_stage == "Production" for v in model.latest_versions)
    ok &= "production" in model.aliases

print("Status:", "healthy" if ok else "unhealthy")
sys.exit(0 if ok else 3)
