"""Shelter registry: data model, matching, holds, municipality responsibility, import/export."""
