"""The response catalogues in locales/<lang>.yml (pure; used by the NLG, the actions and tests).

locales/en.yml is the source text. Every locale has the same response names, the same `{variables}`
and the same button payloads. Rasa renders the responses of rules and stories through
`bot.i18n.nlg.CatalogueNLG`; custom actions render theirs with `render()`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List

import yaml

from bot.config import ROOT

LOCALES = ROOT / "locales"
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar", "fa", "ur"})
RLM = "\u200f"  # right-to-left mark: a message that starts with a code or number still shows right to left


@lru_cache(maxsize=None)
def load(locales_dir: Path = LOCALES) -> Dict[str, Dict[str, List[dict]]]:
    catalogues = {}
    for path in sorted(locales_dir.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        responses = content.get("responses", {})
        if path.stem in RTL_LANGUAGES:
            responses = {name: [{**v, "text": RLM + v["text"].lstrip(RLM)} for v in variations]
                         for name, variations in responses.items()}
        catalogues[path.stem] = responses
    return catalogues


def render(name: str, language: str, /, **values: Any) -> Dict[str, Any]:
    """Keyword arguments for `dispatcher.utter_message`: the response in `language`, or in
    English when that language lacks it (a gap the parity test reports)."""
    catalogues = load()
    variations = catalogues.get(language, {}).get(name) or catalogues[SOURCE_LANGUAGE][name]
    variation = variations[0]
    message: Dict[str, Any] = {"text": variation["text"].format(**values)}
    if variation.get("buttons"):
        message["buttons"] = [{"title": b["title"], "payload": b["payload"].format(**values)}
                              for b in variation["buttons"]]
    return message


def variant(name: str, lane: str) -> str:
    """`<name>__<lane>` when the catalogue words it for that lane (e.g. a third party), else `name`."""
    specific = f"{name}__{lane}"
    return specific if specific in load()[SOURCE_LANGUAGE] else name


def language_of(tracker) -> str:
    """The conversation's language (the `language` slot), Dutch until it is known."""
    from bot.constants import DEFAULT_LANGUAGE, SLOT_LANGUAGE

    return tracker.get_slot(SLOT_LANGUAGE) or DEFAULT_LANGUAGE
