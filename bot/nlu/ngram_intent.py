"""Rasa pipeline component: a second intent opinion from a linear classifier on character and word
n-grams, averaged with DIET's.

DIET learns from little data per language (about 30 examples an intent in most of our fourteen
languages) and is unsteady on phrasings it has not seen; a linear support-vector classifier on
TF-IDF n-grams is steadier there, and the two make different mistakes. The component is listed
after DIET: it trains its own classifier on the training texts (a few seconds) and, per message,
replaces DIET's intent and ranking with the weighted average of both probability distributions.
When they disagree the confidence drops, so the FallbackClassifier after it asks the person to
rephrase instead of guessing. The measurement behind it is in docs/benchmarks.md.

Place names and numbers are masked (`xxplace`, `xxnum`) before the classifier sees them: in
training from the annotations, per message from the `place` entities the gazetteer found (so the
component is listed after the PlaceExtractor). The classifier knows only the municipalities of the
training data, the gazetteer knows all of them, so "Schagen" or "ze is in Texel" reads like
"Venlo" or "ze is in Venlo" did in training. A message in a language we do not speak keeps the language
identifier's `unsupported_language` intent.

The fitted vectorisers and classifier are stored with joblib in the model's own storage; a model
file is trusted input (we train it ourselves), as for every Rasa component.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.constants import ENTITY_UNSUPPORTED_LANGUAGE

logger = logging.getLogger(__name__)

MODEL_FILE = "ngram_intent.joblib"
PLACE = "place"
PLACE_MASK = "xxplace"
NUMBER = re.compile(r"\d+")
NUMBER_MASK = "xxnum"


def masked(text: str, entities: List[Dict[Text, Any]]) -> str:
    """The text with every `place` entity's span replaced by PLACE_MASK and every number by
    NUMBER_MASK (an age of 34 reads like an age of 43 did in training)."""
    spans: List[List[int]] = []  # overlapping spans merged into one
    for start, end in sorted((e["start"], e["end"]) for e in entities or [] if e.get("entity") == PLACE
                             and 0 <= e.get("start", -1) < e.get("end", -1) <= len(text)):
        if spans and start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    for start, end in reversed(spans):
        text = text[:start] + PLACE_MASK + text[end:]
    return NUMBER.sub(NUMBER_MASK, text)


def _fold(text: str) -> str:
    """Lower case without accents: 'pomóc' and 'pomoc' typed on a phone are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _lower(texts):
    return [t.lower() for t in texts]


def _folded(texts):
    return [_fold(t) for t in texts]


def ngram_classifier(c: float, folds: int, seed: int, words: bool = True, longest: int = 5):
    """Character n-grams (as typed and accent-folded), optionally word n-grams, and a linear SVM
    with balanced class weights; probabilities from cross-validated sigmoid calibration. Used for
    intents here and for the language in bot.nlu.language_component."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    parts = [make_pipeline(FunctionTransformer(_lower),
                           TfidfVectorizer(analyzer="char_wb", ngram_range=(1, longest), sublinear_tf=True)),
             make_pipeline(FunctionTransformer(_folded),
                           TfidfVectorizer(analyzer="char_wb", ngram_range=(2, longest), sublinear_tf=True))]
    if words:
        parts.append(make_pipeline(FunctionTransformer(_lower),
                                   TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                                   token_pattern=r"(?u)\w+")))
    svm = LinearSVC(C=c, class_weight="balanced", random_state=seed)
    # ensemble=False: one SVM on all the data, calibrated on cross-validated predictions (a fifth
    # of the size of five calibrated copies, and as good: docs/benchmarks.md)
    return make_pipeline(make_union(*parts), CalibratedClassifierCV(svm, cv=folds, ensemble=False))


def fit(texts: List[str], labels: List[str], c: float, folds: int, seed: int, **options):
    """The fitted classifier; the calibration folds shrink to the rarest label's count."""
    labels = np.array(labels)
    rarest = min(int((labels == label).sum()) for label in set(labels))
    classifier = ngram_classifier(c, max(2, min(folds, rarest)), seed, **options)
    return classifier.fit(texts, labels)


def store(storage: ModelStorage, resource: Resource, classifier: Any, name: str = MODEL_FILE) -> None:
    """Keep a fitted classifier in the model's own storage."""
    import joblib

    with storage.write_to(resource) as directory:
        joblib.dump(classifier, directory / name)


def restore(storage: ModelStorage, resource: Resource, name: str = MODEL_FILE) -> Optional[Any]:
    """The classifier `store` kept, or None when the model has none (trained without it)."""
    import joblib

    try:
        with storage.read_from(resource) as directory:
            return joblib.load(directory / name)
    except (ValueError, FileNotFoundError):
        return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class NgramIntentClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # weight: the share of this classifier in the average (DIET has the rest).
        return {"weight": 0.8, "C": 1.0, "folds": 5, "random_seed": 20261123}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Optional[Any] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "NgramIntentClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        labels = [e.get(INTENT) for e in examples]
        if len(set(labels)) < 2:
            logger.warning("ngram intent classifier: fewer than two intents, not trained")
            return self._resource
        pipeline = fit([masked(e.get(TEXT), e.get(ENTITIES)) for e in examples], labels, self._config["C"],
                       self._config["folds"], self._config["random_seed"])
        self._pipeline = pipeline
        store(self._storage, self._resource, pipeline)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "NgramIntentClassifier":
        pipeline = restore(model_storage, resource)
        if pipeline is None:
            logger.warning("ngram intent classifier: no trained classifier in the model; "
                           "DIET's intent stands alone")
        return cls(config, model_storage, resource, pipeline)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        if self._pipeline is None:
            return messages
        messages_to_read = [m for m in messages if (m.get(TEXT) or "").strip() and not any(
            e.get("entity") == ENTITY_UNSUPPORTED_LANGUAGE for e in m.get(ENTITIES) or [])]
        if not messages_to_read:
            return messages
        texts = [masked(m.get(TEXT), m.get(ENTITIES)) for m in messages_to_read]
        probabilities = self._pipeline.predict_proba(texts)
        classes = list(self._pipeline.classes_)
        weight = float(self._config["weight"])
        for message, row in zip(messages_to_read, probabilities):
            combined = {name: weight * float(p) for name, p in zip(classes, row)}
            for entry in message.get(INTENT_RANKING_KEY) or []:
                name = entry.get("name")
                combined[name] = combined.get(name, 0.0) + (1 - weight) * float(entry["confidence"])
            ranking = sorted(({"name": n, "confidence": c} for n, c in combined.items()),
                             key=lambda r: -r["confidence"])[:10]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
