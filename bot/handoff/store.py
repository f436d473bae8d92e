"""Stored roster versions: every change is a new row, the latest one is in force."""
from __future__ import annotations

from typing import List, Optional, Tuple

import yaml
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bot.handoff.roster import Roster, RosterError, roster_from_dict, roster_to_dict
from bot.registry import orm
from bot.registry.db import utcnow, writer


class RosterStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def latest(self) -> Optional[Roster]:
        with self.engine.connect() as conn:
            document = conn.execute(select(orm.rosters.c.document).order_by(orm.rosters.c.id.desc()).limit(1)).scalar()
        return roster_from_dict(document) if document else None

    def save(self, roster: Roster, actor: str) -> int:
        with writer(self.engine).begin() as conn:
            return conn.execute(insert(orm.rosters).values(created_at=utcnow(), actor=actor,
                                                           document=roster_to_dict(roster))).inserted_primary_key[0]

    def import_yaml(self, text: str, actor: str) -> Tuple[Roster, List[str]]:
        """Validate and store a YAML roster; returns it with the problems the operator must see.
        Raises RosterError (nothing stored) when it is malformed or has no fallback contact."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise RosterError([f"not valid YAML: {exc}"]) from None
        roster = roster_from_dict(data)
        if roster.fallback is None:
            raise RosterError(["no fallback contact: every page must be able to reach someone"])
        self.save(roster, actor)
        return roster, roster.problems()

    def check(self) -> List[str]:
        """Start-up check: problems of the roster in force (an empty list means all is well)."""
        roster = self.latest()
        if roster is None:
            return ["no roster: import one with `hotline roster import FILE`"]
        return roster.problems()
