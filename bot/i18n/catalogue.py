"""Load the response catalogues in locales/<lang>.yml (pure; used by the NLG and by tests).

domain.yml holds the English default of every response; each locale file holds the same
response names with the same variables and buttons, translated.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Dict, List

import yaml

from bot.config import ROOT

LOCALES = ROOT / "locales"


@lru_cache(maxsize=None)
def load(locales_dir: Path = LOCALES) -> Dict[str, Dict[str, List[dict]]]:
    catalogues = {}
    for path in sorted(locales_dir.glob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        catalogues[path.stem] = content.get("responses", {})
    return catalogues
