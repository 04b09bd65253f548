"""ProvHooks callbacks for Apache Airflow: tell the ProvHooks bridge what happened, never fail a task.

Standard library only (json, urllib). Wire it into a DAG:

    from provhooks_airflow import task_callback, dag_callback

    default_args = {
        "on_execute_callback": task_callback,
        "on_success_callback": task_callback,
        "on_failure_callback": task_callback,
        "on_retry_callback": task_callback,
        "on_skipped_callback": task_callback,
    }
    with DAG("etl", default_args=default_args, on_success_callback=dag_callback, on_failure_callback=dag_callback):
        ...

Environment on the workers and the DAG processor:
    PROVHOOKS_BRIDGE_URL    where `airflow-bridge serve` listens, e.g. http://bridge:8765
    PROVHOOKS_BRIDGE_TOKEN  optional bearer token (must match the bridge's)

A task that trained a model can report its yProv4ML run document so it gets linked to the task:
    context["ti"].xcom_push(key="provhooks_ml_documents", value=["/data/prov/train_0/prov_train_GR0_0.json"])
or simply return nothing and push that key; the callback forwards the paths.
"""

import json
import os
import urllib.request

_TIMEOUT_SECONDS = 3


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value is not None else None)


def _ml_documents(ti):
    try:
        docs = ti.xcom_pull(task_ids=ti.task_id, key="provhooks_ml_documents")
    except Exception:  # noqa: BLE001 - a callback never fails the task
        return []
    if not docs:
        return []
    return [str(d) for d in (docs if isinstance(docs, (list, tuple)) else [docs])]


def _post(payload):
    url = os.environ.get("PROVHOOKS_BRIDGE_URL")
    if not url:
        return False
    headers = {"Content-Type": "application/json"}
    token = os.environ.get("PROVHOOKS_BRIDGE_TOKEN")
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url.rstrip("/") + "/callbacks", data=json.dumps(payload, default=str).encode("utf-8"),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            return 200 <= response.status < 300
    except Exception:  # noqa: BLE001 - the bridge being down must never fail a task
        return False


def _event_name(context, prefix):
    if context.get("exception") is not None:
        return prefix + "_failure"
    state = str(getattr(context.get("ti") or context.get("dag_run"), "state", "") or "").lower()
    return prefix + "_" + {"success": "success", "failed": "failure", "up_for_retry": "retry", "skipped": "skipped",
                           "running": "execute"}.get(state.split(".")[-1], "event")


def task_callback(context):
    """For on_execute/success/failure/retry/skipped_callback: posts the task instance's state. Returns True when sent."""
    try:
        ti = context.get("ti") or context.get("task_instance")
        dag_run = context.get("dag_run")
        task = context.get("task")
        payload = {
            "event": _event_name(context, "task"),
            "dag_id": getattr(ti, "dag_id", None),
            "run_id": getattr(ti, "run_id", None) or context.get("run_id"),
            "task_id": getattr(ti, "task_id", None),
            "map_index": getattr(ti, "map_index", -1),
            "try_number": getattr(ti, "try_number", None),
            "state": str(getattr(ti, "state", "") or ""),
            "start_date": _iso(getattr(ti, "start_date", None)),
            "end_date": _iso(getattr(ti, "end_date", None)),
            "hostname": getattr(ti, "hostname", None),
            "operator": type(task).__name__ if task is not None else None,
            "logical_date": _iso(context.get("logical_date")),
            "run_type": str(getattr(dag_run, "run_type", "") or "") or None,
            "inlets": [str(i) for i in (context.get("inlets") or [])],
            "outlets": [str(o) for o in (context.get("outlets") or [])],
            "exception": str(context["exception"]) if context.get("exception") is not None else None,
            "ml_documents": _ml_documents(ti) if ti is not None else [],
        }
        return _post(payload)
    except Exception:  # noqa: BLE001
        return False


def dag_callback(context):
    """For the DAG's on_success/on_failure_callback: posts the run's end. Returns True when sent."""
    try:
        dag_run = context.get("dag_run")
        payload = {
            "event": _event_name(context, "dag"),
            "dag_id": getattr(dag_run, "dag_id", None),
            "run_id": getattr(dag_run, "run_id", None) or context.get("run_id"),
            "state": str(getattr(dag_run, "state", "") or ""),
            "start_date": _iso(getattr(dag_run, "start_date", None)),
            "end_date": _iso(getattr(dag_run, "end_date", None)),
            "run_type": str(getattr(dag_run, "run_type", "") or "") or None,
            "conf": getattr(dag_run, "conf", None) or {},
            "reason": context.get("reason"),
        }
        return _post(payload)
    except Exception:  # noqa: BLE001
        return False
