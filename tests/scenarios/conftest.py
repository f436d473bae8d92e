"""Run the real servers (action server + Rasa server with the trained model) on loopback ports,
against a FICTIONAL SQLite registry and an outbox, and talk to them over the REST channel."""
from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

import pytest

from bot.cli.servers import rest_hotline
from bot.config import ROOT
from bot.handoff.store import RosterStore
from bot.messaging.gateway import read_outbox
from bot.verification.service import Verification
from tests.conftest import make_registry

MODEL = ROOT / "models" / "opvanglijn.tar.gz"
OFFICER = "+31000000101"  # FICTIONAL registered professionals: the +31 00 range reaches nobody
SHELTER_STAFF = "+31000000102"


class Hotline:
    def __init__(self, rasa_url: str, registry, outbox: Path):
        self.rasa_url, self.registry, self.outbox = rasa_url, registry, outbox
        self._officers = 0

    def say(self, sender: str, text: str) -> list:
        request = urllib.request.Request(f"{self.rasa_url}/webhooks/rest/webhook",
                                         data=json.dumps({"sender": sender, "message": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def text(self, sender: str, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(sender, text))

    def new_officer(self) -> str:
        """A newly registered FICTIONAL police number (codes are rate-limited per number)."""
        self._officers += 1
        phone = f"+31000000{200 + self._officers}"
        Verification(self.registry.engine).register(phone, f"Agent {self._officers} FICTIEF", "Politie", "police")
        return phone

    def verify(self, sender: str, phone: str = None) -> str:
        """Answer the verification question: the registered number, then the code from the outbox."""
        phone = phone or self.new_officer()
        sent = self.text(sender, phone)
        assert "6" in sent and "******" in sent, sent
        code = re.search(r"\b(\d{6})\b", [m for m in read_outbox(self.outbox) if m["to"] == phone][-1]["body"])
        return self.text(sender, code.group(1))

    def pages(self) -> list:
        return [m for m in read_outbox(self.outbox) if m.get("body", "").startswith("Opvanglijn OL-")]

    def tracker(self, sender: str) -> dict:
        with urllib.request.urlopen(f"{self.rasa_url}/conversations/{sender}/tracker", timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture(scope="session")
def hotline(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first (make test does)")
    work = tmp_path_factory.mktemp("hotline")
    url = f"sqlite:///{work / 'registry.sqlite3'}"
    registry = make_registry(url)
    RosterStore(registry.engine).import_yaml((ROOT / "deploy" / "roster.sample.yml").read_text(), actor="test")
    Verification(registry.engine).register(OFFICER, "Agent FICTIEF", "Politie Zeeland-West-Brabant", "police")
    Verification(registry.engine).register(SHELTER_STAFF, "Medewerker FICTIEF", "Huis Hofvijver", "shelter_staff",
                                           shelter_code="shop-denhaag")
    outbox = work / "outbox.jsonl"
    with rest_hotline(work, url, outbox, MODEL) as rasa_url:
        yield Hotline(rasa_url, registry, outbox)
    registry.engine.dispose()
