"""Which intents the linear n-gram classifier confuses, per language, on the TRAINING data alone.

    .venv/bin/python -m bench.intent_confusions [--folds 5] [--top 6]

A stratified k-fold cross-validation over data/nlu/<language>/ (the held-out sets in tests/nlu/
are not read, so the output may be shown to whoever writes training data). For each language it
prints the cross-validated macro-F1 and the most frequent (true intent -> predicted intent)
pairs: the boundaries where new minimal-pair examples help most. Texts are masked as the
component masks them. About two minutes on two cores.
"""
from __future__ import annotations

import argparse
from collections import Counter
from typing import Dict, List, Tuple

from bot.config import ROOT
from bot.nlu.ngram_intent import masked

DATA_DIR = ROOT / "data" / "nlu"


def _examples() -> List[Tuple[str, str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    rows = []
    for folder in sorted(p for p in DATA_DIR.iterdir() if p.is_dir()):
        rows += [(folder.name, masked(e.get("text"), e.get("entities")), e.get("intent"))
                 for e in load_data(str(folder)).intent_examples if e.get("text")]
    return rows


def confusions(folds: int = 5, seed: int = 1) -> Dict[str, Tuple[float, Counter]]:
    """language -> (cross-validated intent macro-F1, Counter of (true, predicted) errors)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from bot.nlu.ngram_intent import fit

    rows = _examples()
    strata = [f"{language}|{intent}" for language, _, intent in rows]
    sizes = Counter(strata)
    strata = [s if sizes[s] >= folds else "rare" for s in strata]
    predicted: List[str] = [""] * len(rows)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(rows, strata):
        classifier = fit([rows[i][1] for i in train], [rows[i][2] for i in train], 1.0, 5, seed)
        for i, label in zip(test, classifier.predict([rows[i][1] for i in test])):
            predicted[i] = label
    result = {}
    for language in sorted({r[0] for r in rows}):
        index = [i for i, r in enumerate(rows) if r[0] == language]
        gold = [rows[i][2] for i in index]
        guess = [predicted[i] for i in index]
        errors = Counter((g, p) for g, p in zip(gold, guess) if g != p)
        result[language] = (f1_score(gold, guess, average="macro"), errors)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--top", type=int, default=6)
    args = parser.parse_args()
    for language, (f1, errors) in confusions(args.folds).items():
        pairs = ", ".join(f"{g}->{p} {n}" for (g, p), n in errors.most_common(args.top))
        print(f"{language}  cv macro-F1 {f1:.3f}  {pairs}")


if __name__ == "__main__":
    main()
