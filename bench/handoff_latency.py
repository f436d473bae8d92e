"""Handoff benchmarks: how fast the first page leaves, and how punctually escalations fire.

    .venv/bin/python -m bench.handoff_latency [--runs 30] [--escalations 6]

1. Trigger to page: a person asks for a human over the REST channel of the running hotline
   (Rasa server + action server, Twilio client pointed at the local stand-in); measured from
   sending the message to the stand-in receiving the page request.
2. Escalation timing: handoffs with a 1-minute escalation delay are left unanswered while the
   web service's pager loop runs; measured is when the next person's page reaches the stand-in
   against when it was due.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from bot.cli.servers import ServerSet, action_server_command, free_port, rasa_server_command
from bot.config import ROOT
from bot.handoff.packet import HandoffPacket
from bot.handoff.paging import Pager
from bot.handoff.store import RosterStore
from bot.messaging.gateway import TwilioGateway
from bot.registry.db import make_engine, utcnow
from bot.registry.migrate import upgrade
from bot.twilio_standin import StandIn

SID, TOKEN, FROM = "AC" + "9" * 32, "bench-token", "+31000000800"
MODEL = ROOT / "models" / "opvanglijn.tar.gz"


def percentiles(samples):
    ordered = sorted(samples)
    return ordered[len(ordered) // 2], ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def page_times(standin: StandIn) -> dict:
    """Case code -> wall-clock time the stand-in received that case's first page SMS."""
    times = {}
    for request in standin.requests:
        body = request.form.get("Body", "")
        if request.path.endswith("Messages.json") and body.startswith("Opvanglijn OL-"):
            code = body.split(" | ")[0].split()[1]
            times.setdefault(code, datetime.fromisoformat(request.time).timestamp())
    return times


def trigger_to_page(work: Path, env: dict, standin: StandIn, runs: int):
    action_port, rasa_port = free_port(), free_port()
    endpoints = work / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         "nlg:\n  type: bot.i18n.nlg.CatalogueNLG\n")
    samples = []
    with ServerSet(work / "logs", env) as servers:
        servers.start("actions", action_server_command(action_port))
        servers.start("rasa", rasa_server_command(rasa_port, MODEL, endpoints))
        servers.wait_for(f"http://127.0.0.1:{action_port}/health")
        servers.wait_for(f"http://127.0.0.1:{rasa_port}/status")
        url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
        for i in range(runs + 2):
            body = json.dumps({"sender": f"bench-{uuid.uuid4().hex}", "message": "/request_human"}).encode()
            started = time.time()
            with urllib.request.urlopen(urllib.request.Request(url, data=body, headers={
                    "Content-Type": "application/json"}), timeout=60) as response:
                reply = json.loads(response.read())
            code = next(word.rstrip(".") for m in reply for word in m.get("text", "").split() if word.startswith("OL-"))
            if i >= 2:  # two warm-up conversations
                samples.append((page_times(standin)[code] - started) * 1000)
    return percentiles(samples)


def escalation_timing(work: Path, env: dict, standin: StandIn, count: int):
    url = env["DATABASE_URL"]
    engine = make_engine(url)
    web_port = free_port()
    pager = Pager(engine, TwilioGateway(SID, TOKEN, FROM, api_base_url=standin.base_url), RosterStore(engine).latest)
    planned = {}
    with ServerSet(work / "logs", {**env, "WEB_PORT": str(web_port)}) as servers:
        servers.start("web", [sys.executable, "-m", "bot.web", "--port", str(web_port)])
        servers.wait_for(f"http://127.0.0.1:{web_port}/health")
        for n in range(count):
            code = f"OL-ESC{n:03d}"
            opened = utcnow()
            pager.open(HandoffPacket(code, "victim", "nl", "tonight", (), None, ""), now=opened)
            planned[code] = (opened + timedelta(minutes=1)).timestamp()
            time.sleep(2)
        time.sleep(75)
    errors = []
    for request in standin.requests:
        body = request.form.get("Body", "")
        if request.path.endswith("Messages.json") and body.startswith("Opvanglijn OL-ESC") and \
                request.form.get("To") == "+31000000902":
            code = body.split(" | ")[0].split()[1]
            errors.append(datetime.fromisoformat(request.time).timestamp() - planned[code])
    return errors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--escalations", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, StandIn(SID, TOKEN) as standin:
        work = Path(tmp)
        url = f"sqlite:///{work / 'registry.sqlite3'}"
        upgrade(url)
        roster = {"escalation_minutes": 1, "call_after_minutes": 10,
                  "fallback": {"id": "f", "name": "FICTIEF fallback", "phone": "+31000000909"},
                  "coordinators": [{"id": "a", "name": "FICTIEF A", "phone": "+31000000901"},
                                   {"id": "b", "name": "FICTIEF B", "phone": "+31000000902"}],
                  "shifts": [{"coordinator": "a", "days": "all", "from": "00:00", "to": "24:00"},
                             {"coordinator": "b", "days": "all", "from": "00:00", "to": "24:00"}]}
        RosterStore(make_engine(url)).import_yaml(yaml.safe_dump(roster), actor="bench")
        env = {**os.environ, "DATABASE_URL": url, "TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": TOKEN,
               "TWILIO_FROM_NUMBER": FROM, "TWILIO_API_BASE_URL": standin.base_url, "TF_CPP_MIN_LOG_LEVEL": "2"}
        p50, p95 = trigger_to_page(work, env, standin, args.runs)
        print(f"trigger to page at the stand-in ({args.runs} handoffs): p50 {p50:.0f} ms, p95 {p95:.0f} ms")
        errors = escalation_timing(work, env, standin, args.escalations)
        print(f"escalations after a 1-minute delay: {len(errors)} of {args.escalations} fired; lateness "
              f"min {min(errors):+.2f} s, max {max(errors):+.2f} s")


if __name__ == "__main__":
    main()
