"""Turns benchmark (issue 4, point 8): for ten professional requests, how many user turns and how
much server time until the first ranked offer.

    .venv/bin/python -m bench.turns [--json results/turns.json]

Runs the real action server and Rasa server (trained model) on loopback against a FICTIONAL
SQLite registry and the outbox, and talks over the REST channel. Each request comes from a newly
registered FICTIONAL police number and goes through the web-chat verification (number, then the
one-time code from the outbox): the worst case. A professional writing by SMS from a registered
number skips those two turns. Server time is the sum of the REST round trips of the conversation.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from bot.cli.servers import rest_hotline
from bot.config import ROOT
from bot.handoff.store import RosterStore
from bot.messaging.gateway import read_outbox
from bot.registry.db import make_engine
from bot.registry.migrate import upgrade
from bot.registry.seed import seed_sample
from bot.registry.service import Registry
from bot.config import Settings
from bot.verification.service import Verification

MODEL = ROOT / "models" / "opvanglijn.tar.gz"
REQUESTS = [  # FICTIONAL, as professionals write them
    "man, 34, arbeidsuitbuiting, Venlo, niet in Limburg, vannacht",
    "Vrouw 23, seksuele uitbuiting, aangetroffen in Utrecht, heeft een hond",
    "KMar Schiphol: man 46, arbeidsuitbuiting, bedenktijd aangeboden, geen verblijfsvergunning, Haarlemmermeer",
    "Need a bed tonight for a woman, 31, sexual exploitation, found in Rotterdam, not in Zuid-Holland",
    "meisje 16 loverboy Emmen, niet in Drenthe",
    "Vrouw van 28 met 2 kinderen, criminele uitbuiting, Eindhoven",
    "man 52 labour exploitation found in Westland, uses drugs",
    "Vrouw, 35, zwanger, seksuele uitbuiting, aangetroffen in Groningen",
    "Jongen van 15, criminele uitbuiting, Tiel, niet in Gelderland",
    "woman 40, labour exploitation, Zwolle, psychiatric problems",
]
OFFER_MARKERS = ("Passende plekken", "Fitting places", "Nu geen passend", "No fitting free bed",
                 "Ook mogelijk", "Also possible")
ANSWERS = [  # a scripted professional's answer to each question the bot may ask
    (re.compile(r"werkmobiel|werknummer|work mobile|registered work", re.I), "number"),
    (re.compile(r"6-digit|6 cijfers|code", re.I), "code"),
    (re.compile(r"oud|old", re.I), "30"),
    (re.compile(r"gender|man of vrouw|geslacht", re.I), "vrouw"),
    (re.compile(r"uitbuiting|exploitation", re.I), "weet ik niet"),
    (re.compile(r"gemeente|municipality", re.I), "Utrecht"),
]


def say(url: str, sender: str, text: str):
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        reply = json.loads(response.read())
    return "\n".join(m.get("text", "") for m in reply), time.perf_counter() - started


def run(url: str, engine, outbox: Path, text: str, number: int) -> dict:
    phone = f"+31000000{300 + number}"
    Verification(engine).register(phone, f"Agent {number} FICTIEF", "Politie", "police")
    me = f"bench-{uuid.uuid4().hex[:8]}"
    turns, server, message = 0, 0.0, text
    while turns < 8:
        reply, seconds = say(url, me, message)
        turns, server = turns + 1, server + seconds
        if any(marker in reply for marker in OFFER_MARKERS):
            return {"request": text, "turns": turns, "server_s": round(server, 3), "offer": True}
        answer = next((a for pattern, a in ANSWERS if pattern.search(reply)), None)
        if answer == "number":
            message = phone
        elif answer == "code":
            body = [m for m in read_outbox(outbox) if m["to"] == phone][-1]["body"]
            message = re.search(r"\b(\d{6})\b", body).group(1)
        elif answer:
            message = answer
        else:
            return {"request": text, "turns": turns, "server_s": round(server, 3), "offer": False, "stuck": reply}
    return {"request": text, "turns": turns, "server_s": round(server, 3), "offer": False}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not MODEL.exists():
        raise SystemExit("no trained model: run `make train` first")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        url = f"sqlite:///{work / 'registry.sqlite3'}"
        upgrade(url)
        engine = make_engine(url)
        seed_sample(Registry(engine, Settings().with_(database_url=url)))
        RosterStore(engine).import_yaml((ROOT / "deploy" / "roster.sample.yml").read_text(), actor="bench")
        outbox = work / "outbox.jsonl"
        with rest_hotline(work, url, outbox, MODEL) as rasa:
            say(rasa, "bench-warm-up", "hallo")
            results = [run(rasa, engine, outbox, text, i) for i, text in enumerate(REQUESTS)]
    for r in results:
        print(f"{r['turns']} turns  {r['server_s']:6.3f} s  {'offer' if r['offer'] else 'NO OFFER'}  {r['request']}")
    within = sum(1 for r in results if r["offer"] and r["turns"] <= 3 and r["server_s"] <= 3)
    print(f"{within}/{len(results)} within 3 turns and 3 s")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
