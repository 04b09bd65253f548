"""An Airflow DAG with ProvHooks callbacks wired in: every task and the DAG report to the bridge.

Copy airflow-bridge/python/provhooks_airflow.py next to this file (or onto PYTHONPATH) and set
PROVHOOKS_BRIDGE_URL (and PROVHOOKS_BRIDGE_TOKEN) in the workers' environment.
"""
from datetime import datetime

from airflow.sdk import DAG, Asset
from airflow.providers.standard.operators.python import PythonOperator

from provhooks_airflow import dag_callback, task_callback

RAW = Asset("s3://lake/raw/orders.csv")
CLEAN = Asset("s3://lake/clean/orders.parquet")


def extract(**context):
    context["ti"].xcom_push(key="row_count", value=1000)


def transform(**context):
    pass


def load(**context):
    pass


default_args = {
    "on_execute_callback": task_callback,
    "on_success_callback": task_callback,
    "on_failure_callback": task_callback,
    "on_retry_callback": task_callback,
    "retries": 1,
}

with DAG("etl", start_date=datetime(2025, 1, 1), schedule=[RAW], catchup=False, default_args=default_args,
         on_success_callback=dag_callback, on_failure_callback=dag_callback):
    e = PythonOperator(task_id="extract", python_callable=extract, inlets=[RAW])
    t = PythonOperator(task_id="transform", python_callable=transform)
    l = PythonOperator(task_id="load", python_callable=load, outlets=[CLEAN])
    e >> t >> l
