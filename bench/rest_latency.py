"""Reply latency of the REST channel for the first conversation, against the untouched
`rasa init` starter bot as a baseline, plus training time and server start time.

    .venv/bin/python -m bench.rest_latency [--runs 60]

Both bots run on this machine with the same Rasa. Ours answers a professional's one-message bed
search (NLU, form, custom action, registry search, Dutch NLG); the baseline answers "hello".
The ratio is ours / baseline for p50 and p95.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bot.cli.servers import ServerSet, action_server_command, free_port, rasa_executable, rasa_server_command
from bot.config import ROOT

MESSAGES = ["Ik heb vannacht een bed nodig voor een man van 34, arbeidsuitbuiting, aangetroffen in Venlo, niet in Limburg",
            "Need a bed tonight for a woman of 23, sexual exploitation, found in Utrecht"]


def post(url: str, sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode()
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}),
                                timeout=60) as response:
        replies = json.loads(response.read())
    elapsed = (time.perf_counter() - started) * 1000
    assert replies, "no reply"
    return elapsed


def percentiles(samples):
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def measure(url: str, texts, runs: int):
    for text in texts:  # warm-up
        post(url, f"warm-{uuid.uuid4().hex}", text)
    return percentiles([post(url, f"bench-{uuid.uuid4().hex}", texts[i % len(texts)]) for i in range(runs)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        starter = work / "starter"
        starter.mkdir()
        started = time.monotonic()
        subprocess.run([rasa_executable(), "init", "--no-prompt", "--init-dir", str(starter)], cwd=work, env=env,
                       stdout=(work / "init.log").open("w"), stderr=subprocess.STDOUT, check=True)
        starter_train = time.monotonic() - started
        started = time.monotonic()
        subprocess.run([rasa_executable(), "train", "--force", "--out", str(work / "ours"), "--fixed-model-name", "ours"],
                       cwd=ROOT, env=env, stdout=(work / "train.log").open("w"), stderr=subprocess.STDOUT, check=True)
        ours_train = time.monotonic() - started
        our_model = work / "ours" / "ours.tar.gz"
        starter_model = next((starter / "models").glob("*.tar.gz"))

        registry_url = f"sqlite:///{work / 'registry.sqlite3'}"
        env.update(DATABASE_URL=registry_url, OUTBOX_PATH=str(work / "outbox.jsonl"))
        subprocess.run([str(Path(rasa_executable()).with_name("hotline")), "registry", "migrate"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run([str(Path(rasa_executable()).with_name("hotline")), "registry", "seed"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        action_port, ours_port, starter_port = free_port(), free_port(), free_port()
        endpoints = work / "endpoints.yml"
        endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                             "nlg:\n  type: bot.i18n.nlg.CatalogueNLG\n")
        with ServerSet(work / "logs", env) as servers:
            servers.start("actions", action_server_command(action_port))
            servers.start("ours", rasa_server_command(ours_port, our_model, endpoints))
            servers.wait_for(f"http://127.0.0.1:{action_port}/health")
            ours_start = servers.wait_for(f"http://127.0.0.1:{ours_port}/status")
            ours = measure(f"http://127.0.0.1:{ours_port}/webhooks/rest/webhook", MESSAGES, args.runs)
        with ServerSet(work / "logs", env, cwd=starter) as servers:
            servers.start("starter", rasa_server_command(starter_port, starter_model, starter / "endpoints.yml",
                                                         starter / "credentials.yml"))
            starter_start = servers.wait_for(f"http://127.0.0.1:{starter_port}/status")
            baseline = measure(f"http://127.0.0.1:{starter_port}/webhooks/rest/webhook", ["hello", "I am sad"], args.runs)
    print(f"runs per bot: {args.runs}")
    print(f"{'':22} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'opvanglijn bed search':22} {ours[0]:>8.1f} {ours[1]:>8.1f}")
    print(f"{'rasa init starter':22} {baseline[0]:>8.1f} {baseline[1]:>8.1f}")
    print(f"{'ratio':22} {ours[0] / baseline[0]:>8.2f} {ours[1] / baseline[1]:>8.2f}")
    print(f"training: opvanglijn {ours_train:.0f} s, starter (rasa init incl. training) {starter_train:.0f} s")
    print(f"server start until /status answers: opvanglijn {ours_start:.1f} s, starter {starter_start:.1f} s")


if __name__ == "__main__":
    main()
