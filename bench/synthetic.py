"""FICTIONAL synthetic registries of any size, built from the sample's shelter templates."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import List

from bot.registry.model import Bed, Profile, ShelterRecord
from bot.registry.municipality import municipalities
from bot.registry.sample import sample_shelters


def synthetic_shelters(size: int, now: datetime, seed: int = 7) -> List[ShelterRecord]:
    rng = random.Random(seed)
    templates = [s for s in sample_shelters(now) if not s.is_bridging]
    places = municipalities()
    shelters = []
    for index in range(size):
        template = rng.choice(templates)
        place = rng.choice(places)
        beds = tuple(Bed(b.kind, b.capacity, rng.randint(0, min(b.capacity, 3)),
                         now - timedelta(minutes=rng.choice([5, 30, 200, 600])), "bench") for b in template.beds)
        shelters.append(replace(template, id=index + 1, code=f"syn-{index}", name=f"FICTIEF synthetic {index}",
                                municipality=place.code, region=place.police_unit, beds=beds))
    return shelters


def bench_profiles() -> List[Profile]:
    venlo, utrecht, groningen = "GM0983", "GM0344", "GM0014"
    return [
        Profile(age=34, gender="male", exploitation_forms=frozenset({"labour"}), found_municipality=venlo,
                residence_status="eu_union_rights"),
        Profile(age=23, gender="female", exploitation_forms=frozenset({"sexual_domestic"}), found_municipality=utrecht,
                residence_status="dutch", relational_sphere=True, children=1),
        Profile(age=16, gender="male", exploitation_forms=frozenset({"criminal"}), found_municipality=groningen,
                residence_status="dutch"),
        Profile(age=30, gender="female", residence_status="no_lawful_residence", reflection_period_offered=True,
                exploitation_forms=frozenset({"sexual_cross_border"}), found_municipality=utrecht, addiction=True,
                psychiatric=True),
    ]
