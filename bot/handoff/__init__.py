"""Warm handoff to a human coordinator: packets without personal data, sent through the gateway."""
