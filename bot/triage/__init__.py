"""Triage: turning what people write into the categories the registry matches on."""
