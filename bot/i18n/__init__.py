"""Responses in many languages: locales/<lang>.yml, chosen by the `language` slot."""
