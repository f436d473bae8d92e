"""`hotline start`, `hotline train`, `hotline chat`: run the hotline on one machine.

`start` prepares the registry (migrate, seed the FICTIONAL sample when empty), trains the model
only when domain.yml, config.yml, data/ or the custom NLU code changed, then runs the action
server, the Rasa server and the web service as child processes and stops them all together.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.cli.servers import ServerSet, action_server_command, rasa_executable, rasa_server_command
from bot.config import ROOT, Settings

MODEL_NAME = "opvanglijn"
MODELS = ROOT / "models"
TRAINING_INPUTS = ("domain.yml", "config.yml", "data", "bot/nlu")


def fingerprint(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def model_is_stale(root: Path = ROOT) -> bool:
    stamp = MODELS / f"{MODEL_NAME}.fingerprint"
    model = MODELS / f"{MODEL_NAME}.tar.gz"
    return not (model.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint(root))


def train(force: bool = False, log_file: Path = ROOT / "var" / "train.log") -> bool:
    """Train when stale; returns True when a model was trained. Progress bars go to `log_file`."""
    if not force and not model_is_stale():
        print("model is up to date")
        return False
    log_file.parent.mkdir(parents=True, exist_ok=True)
    print(f"training the model (log: {log_file}) ...", flush=True)
    started, trained_on = time.monotonic(), fingerprint()  # what it trains on, not what changed meanwhile
    with log_file.open("w") as log:
        code = subprocess.call([rasa_executable(), "train", "--fixed-model-name", MODEL_NAME, "--out", str(MODELS),
                                "--force"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    if code != 0:
        raise SystemExit(f"training failed (exit {code}); see {log_file}")
    (MODELS / f"{MODEL_NAME}.fingerprint").write_text(trained_on)
    print(f"trained in {time.monotonic() - started:.0f} s")
    return True


def cmd_start(args) -> int:
    from bot.registry.db import make_engine
    from bot.registry.migrate import upgrade
    from bot.registry.seed import seed_demo_professionals, seed_sample
    from bot.registry.service import Registry

    settings = Settings.from_env()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    added, _ = seed_sample(Registry(engine, settings))
    if added:
        print(f"seeded the FICTIONAL sample registry ({added} shelters)")
    if not settings.twilio_configured and seed_demo_professionals(engine):
        print("registered FICTIONAL demo professionals +31000000101 (police) and +31000000102 (shelter staff); "
              f"their one-time codes appear in {settings.outbox_path}")
    if not _roster_ready(engine):
        return 1
    if not args.no_train:
        train()
    rasa_port = int(settings.rasa_url.rsplit(":", 1)[-1])
    with ServerSet(ROOT / "var") as servers:
        servers.start("actions", action_server_command(5055))
        servers.start("rasa", rasa_server_command(rasa_port, MODELS / f"{MODEL_NAME}.tar.gz", ROOT / "endpoints.yml"))
        servers.start("web", [sys.executable, "-m", "bot.web", "--port", str(settings.web_port)])
        try:
            servers.wait_for("http://127.0.0.1:5055/health", 120)
            servers.wait_for(f"{settings.rasa_url}/status", 300)
            servers.wait_for(f"http://127.0.0.1:{settings.web_port}/health", 60)
        except (RuntimeError, TimeoutError) as exc:
            raise SystemExit(f"start-up failed: {exc}") from None
        backend = "Twilio" if settings.twilio_configured else f"outbox file {settings.outbox_path}"
        print(f"\nOpvanglijn is running.\n"
              f"  REST channel : POST {settings.rasa_url}/webhooks/rest/webhook  "
              f'{{"sender": "<id>", "message": "<text>"}}\n'
              f"  Terminal chat: make chat   (or: .venv/bin/hotline chat)\n"
              f"  Web service  : http://127.0.0.1:{settings.web_port}/health\n"
              f"  Outgoing SMS : {backend}\n"
              f"  Logs         : var/actions.log, var/rasa.log, var/web.log\n"
              f"Stop with Ctrl-C.", flush=True)
        while servers.all_running():
            time.sleep(1)
        print("a server stopped; stopping the others (see var/*.log)", file=sys.stderr)
        return 1


def _roster_ready(engine) -> bool:
    """Start-up check of the on-call roster. The embedded run gets the FICTIONAL sample roster;
    a missing fallback stops the start, gaps in the rota are shown as errors."""
    from bot.handoff.store import RosterStore

    store = RosterStore(engine)
    if store.latest() is None:
        store.import_yaml((ROOT / "deploy" / "roster.sample.yml").read_text(encoding="utf-8"), actor="start")
        print("imported the FICTIONAL sample roster (deploy/roster.sample.yml)")
    problems = store.check()
    for problem in problems:
        print(f"ERROR: roster: {problem}", file=sys.stderr)
    if store.latest().fallback is None:
        print("refusing to start: the roster has no fallback contact", file=sys.stderr)
        return False
    return True


def cmd_train(args) -> int:
    train(force=args.force)
    return 0


def cmd_chat(args) -> int:
    """A minimal terminal chat over the REST channel; each run is a new anonymous conversation."""
    settings = Settings.from_env()
    sender = f"terminal-{os.getpid()}"
    print("Type a message; an empty line or Ctrl-D ends the chat.")
    while True:
        try:
            text = input("> ").strip()
        except EOFError:
            return 0
        if not text:
            return 0
        request = urllib.request.Request(f"{settings.rasa_url}/webhooks/rest/webhook",
                                         data=json.dumps({"sender": sender, "message": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                replies = json.loads(response.read())
        except urllib.error.URLError as exc:
            print(f"the hotline is not reachable at {settings.rasa_url} ({exc.reason}); start it with `make run`")
            return 1
        for reply in replies:
            print(reply.get("text", ""))
            for button in reply.get("buttons", []):
                print(f"   [{button['title']}]  {button['payload']}")


def add_commands(commands) -> None:
    start = commands.add_parser("start", help="prepare and run the whole hotline")
    start.add_argument("--no-train", action="store_true", help="use the existing model")
    start.set_defaults(handler=cmd_start)
    train_parser = commands.add_parser("train", help="train the model when its inputs changed")
    train_parser.add_argument("--force", action="store_true")
    train_parser.set_defaults(handler=cmd_train)
    commands.add_parser("chat", help="chat with the running hotline").set_defaults(handler=cmd_chat)
