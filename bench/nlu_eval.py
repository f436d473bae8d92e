"""NLU quality per language on the held-out sets tests/nlu/<lang>.yml (never used in training).

    .venv/bin/python -m bench.nlu_eval [--model models/opvanglijn.tar.gz] [--json results/nlu_eval.json]

For each language: intent macro-F1, entity F1 (exact spans, entity type and role), and the
model's language identifier's accuracy on messages of three words or more (a message it leaves alone
counts as wrong), how often it switched to a wrong language (the harmful error), and its accuracy
on messages with three words of language once places, numbers and shelter names are set aside
(shorter ones keep the conversation's language by design). tests/nlu/test_quality.py
holds every language to its floor in tests/nlu/floors.yml on the model CI trains.
"""
from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Dict, List

from bot.config import ROOT
from bot.nlu.language import language_part

TEST_DIR = ROOT / "tests" / "nlu"
LANGUAGE_ENTITIES = {"language_guess", "unsupported_language"}  # the pipeline's language decision
IGNORED_ENTITIES = LANGUAGE_ENTITIES  # not counted in entity F1


def _spans(entities) -> set:
    return {(e["entity"], e.get("role"), e["start"], e["end"]) for e in entities
            if e["entity"] not in IGNORED_ENTITIES}


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def _language(parsed: dict):
    """The language the model's own pipeline (LanguageIdentifier) named, or None if it left it alone."""
    for entity in parsed["entities"]:
        if entity["entity"] in LANGUAGE_ENTITIES:
            return entity["value"]
    return None


def long_enough(text: str) -> bool:
    return len(text.split()) >= 3 or sum(1 for c in text if "\u4e00" <= c <= "\u9fff") >= 4


def evaluate(model: Path = ROOT / "models" / "opvanglijn.tar.gz") -> Dict[str, dict]:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(str(model))
    report = {}
    for path in sorted(TEST_DIR.glob("*.yml")):
        if path.stem == "floors":
            continue
        examples = load_data(str(path)).training_examples
        gold, predicted, tp, fp, fn, lid_total, lid_right, mistakes = [], [], 0, 0, 0, 0, 0, []
        lid_wrong = words_total = words_right = 0
        for example in examples:
            text = example.get("text")
            parsed = asyncio.run(agent.parse_message(text))
            gold.append(example.get("intent"))
            predicted.append(parsed["intent"]["name"])
            if gold[-1] != predicted[-1]:
                mistakes.append(f"{text!r}: {gold[-1]} -> {predicted[-1]}")
            expected, got = _spans(example.get("entities") or []), _spans(parsed["entities"])
            tp, fp, fn = tp + len(expected & got), fp + len(got - expected), fn + len(expected - got)
            if long_enough(text) and example.get("intent") != "nonsense":
                lid_total += 1
                guess = _language(parsed)
                lid_right += guess == path.stem
                lid_wrong += guess is not None and guess != path.stem
                if long_enough(language_part(text)):  # three words of language, not places or numbers
                    words_total += 1
                    words_right += guess == path.stem
        entity_f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        report[path.stem] = {"examples": len(examples), "intent_macro_f1": round(macro_f1(gold, predicted), 3),
                             "entity_f1": round(entity_f1, 3),
                             "language_id_accuracy": round(lid_right / lid_total, 3) if lid_total else None,
                             "language_id_messages": lid_total, "language_id_wrong": lid_wrong,
                             "language_id_accuracy_words": round(words_right / words_total, 3) if words_total else None,
                             "language_id_messages_words": words_total, "intent_errors": mistakes}
    return report


def table(report: Dict[str, dict]) -> str:
    lines = ["| language | examples | intent macro-F1 | entity F1 | language ID (≥3 words) | wrong switches "
             "| language ID (≥3 words of language) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for language, row in report.items():
        lid = "–" if row["language_id_accuracy"] is None else f"{row['language_id_accuracy']:.3f} ({row['language_id_messages']})"
        words = ("–" if row.get("language_id_accuracy_words") is None
                 else f"{row['language_id_accuracy_words']:.3f} ({row['language_id_messages_words']})")
        lines.append(f"| {language} | {row['examples']} | {row['intent_macro_f1']:.3f} | {row['entity_f1']:.3f} | {lid} "
                     f"| {row.get('language_id_wrong', '–')} | {words} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "opvanglijn.tar.gz"))
    parser.add_argument("--json", help="also write the full report (with every intent error) here")
    args = parser.parse_args()
    report = evaluate(Path(args.model))
    print(table(report))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
