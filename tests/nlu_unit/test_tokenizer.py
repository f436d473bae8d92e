"""The pipeline's tokenizer keeps Chinese (Rasa's WhitespaceTokenizer deletes it) and every other script."""
from __future__ import annotations

from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.tokenizer import MultilingualTokenizer

CONFIG = {**WhitespaceTokenizer.get_default_config(), "token_pattern": "(?u)\\d+|[\\w'’]+(?:-[\\w'’]+)*"}


def words(tokenizer, text):
    return [(t.text, t.start, t.end) for t in tokenizer.tokenize(Message({TEXT: text}), TEXT)]


def test_rasas_tokenizer_loses_chinese_and_ours_keeps_it_character_by_character():
    text = "老板拿走了我的护照"
    assert [w for w, _, _ in words(WhitespaceTokenizer(CONFIG), text)] in ([], [text])  # deleted, or kept whole
    ours = words(MultilingualTokenizer(CONFIG), text)
    assert [w for w, _, _ in ours] == list(text)
    assert all(text[start:end] == w for w, start, end in ours)


def test_mixed_chinese_latin_and_numbers_keep_offsets():
    text = "我 在 Rotterdam, 25岁"
    ours = words(MultilingualTokenizer(CONFIG), text)
    assert [w for w, _, _ in ours] == ["我", "在", "Rotterdam", "25", "岁"]
    assert all(text[start:end] == w for w, start, end in ours)


def test_other_scripts_and_emoji_are_unchanged():
    tokenizer = MultilingualTokenizer(CONFIG)
    assert [w for w, _, _ in words(tokenizer, "мне нужна помощь 🙏")] == ["мне", "нужна", "помощь"]
    assert [w for w, _, _ in words(tokenizer, "أحتاج مساعدة")] == ["أحتاج", "مساعدة"]
    assert [w for w, _, _ in words(tokenizer, "m/34 16-jarige")] == ["m", "34", "16", "jarige"]
