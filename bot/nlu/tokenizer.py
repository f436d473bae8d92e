"""Rasa pipeline tokenizer for fourteen languages: Rasa's WhitespaceTokenizer, except that it keeps
Chinese and splits it into characters.

Rasa's emoji regex spans U+24C2..U+1F251, which holds every CJK ideograph, so WhitespaceTokenizer
deletes any token written in Chinese: the model trained on nothing for zh. This tokenizer uses the
real emoji blocks only, and turns a run of ideographs into one token per character (Chinese has no
spaces between words; the character n-gram featurizer then sees words as character sequences).
Entity annotations in data/nlu/zh are separated by spaces, so they stay on token boundaries.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

EMOJI = re.compile("[\U0001F600-\U0001F64F\U0001F300-\U0001F5FF\U0001F680-\U0001F6FF\U0001F1E0-\U0001F1FF"
                   "\U0001F900-\U0001F9FF\U00002600-\U000027BF\u200d\u200c\ufe0f]+")
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(f"[{_IDEOGRAPH}]|[^{_IDEOGRAPH}]+")
_HAS_IDEOGRAPH = re.compile(f"[{_IDEOGRAPH}]")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class MultilingualTokenizer(WhitespaceTokenizer):
    @staticmethod
    def not_supported_languages() -> Optional[List[Text]]:
        return None

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self.emoji_pattern = EMOJI

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = []
        for token in super().tokenize(message, attribute):
            if not _HAS_IDEOGRAPH.search(token.text):
                tokens.append(token)
                continue
            for piece in _PIECES.finditer(token.text):
                start = token.start + piece.start()
                tokens.append(Token(piece.group(), start, start + len(piece.group())))
        return tokens
