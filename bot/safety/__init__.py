"""Coercion-aware safety on text channels: the erase word and the duress (cover) word.

The SMS and WhatsApp channels call `bot.safety.guard.TextSafety.handle` before anything else, so a
safety word works in every state of the conversation, also while a coordinator has taken over.
"""
