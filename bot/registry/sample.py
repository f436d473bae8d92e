"""FICTIONAL sample registry: the embedded default and the basis of the tests.

Every record is invented and marked "FICTIEF" in its name and `fictional=True`; phone numbers are
in the unused +31 00 range and reach nobody. Capacities follow domain.md §2.1 (Q-Consult 2025):
52 COSM + 31 OMM + 39 Wmo + 20 NLA + 18 men's shelter = 160 dedicated places, plus the 65 places of
an all-welcome specialist centre, women's shelters, crisis beds, youth care (18 BO places) and the
rest of the landscape. Free counts are invented too.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from bot.registry.model import GENDERS, LAWFUL_STATUSES, Bed, Policy, ShelterRecord
from bot.registry.municipality import by_code

ALL = frozenset(GENDERS)
NO_STATUS = frozenset({"no_lawful_residence"})
ASYLUM = frozenset({"asylum_seeker", "dublin_indication"})

# code, name, type, municipality, authority, {kind: (capacity, free)}, expertise, out-of-hours,
# max stay, languages, policy overrides
_ROWS = [
    ("cosm-noord", "Huis Noorderlicht (COSM)", "cosm", "GM0014", "comensha", {"regular": (13, 2)}, "specialist", True, 90, "nl en ru ro", dict(accepts_children=True, accepts_pregnant=True, requires_reflection_period=True)),
    ("cosm-oost", "Huis Veldzicht (COSM)", "cosm", "GM0202", "comensha", {"regular": (13, 0)}, "specialist", True, 90, "nl en pl bg", dict(accepts_children=True, accepts_pregnant=True, requires_reflection_period=True)),
    ("cosm-west", "Huis Duinroos (COSM)", "cosm", "GM0546", "comensha", {"regular": (13, 1)}, "specialist", True, 90, "nl en es fr", dict(accepts_children=True, accepts_pregnant=True, requires_reflection_period=True)),
    ("cosm-zuid", "Huis Kempenhof (COSM)", "cosm", "GM0772", "comensha", {"regular": (13, 1)}, "specialist", True, 90, "nl en hu vi", dict(accepts_children=True, accepts_pregnant=True, requires_reflection_period=True)),
    ("omm-zwolle", "De Vaart OMM", "omm", "GM0193", "comensha", {"regular": (10, 0)}, "specialist", False, None, "nl en", dict(excludes_substance_use=True)),
    ("omm-amsterdam", "Centrum Amstelhaven OMM", "omm", "GM0363", "comensha", {"regular": (11, 1)}, "specialist", False, None, "nl en ro pl", {}),
    ("omm-groningen", "Overweeghuis De Wierde OMM", "omm", "GM0014", "comensha", {"regular": (10, 0)}, "specialist", False, None, "nl en", dict(active_users_present=True)),
    ("nla-utrecht", "Logement Vaartsche Rijn (NLA-bedden)", "nla", "GM0344", "nla", {"regular": (10, 4)}, "basic", True, 30, "nl en pl ro bg", dict(exploitation_forms_accepted=frozenset({"labour"}))),
    ("nla-eindhoven", "Logement De Dommel (NLA-bedden)", "nla", "GM0772", "nla", {"regular": (10, 2)}, "basic", True, 30, "nl en pl uk", dict(exploitation_forms_accepted=frozenset({"labour"}))),
    ("wmo-rotterdam", "Wmo-plekken Maasoever", "wmo", "GM0599", "municipality", {"regular": (8, 1)}, "specialist", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES, residents_only=True)),
    ("wmo-utrecht", "Wmo-plekken Catharijne", "wmo", "GM0344", "municipality", {"regular": (8, 0)}, "basic", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES, reluctant_criminal_exploitation=True)),
    ("wmo-nijmegen", "Wmo-plekken Waalkade", "wmo", "GM0268", "municipality", {"regular": (8, 2)}, "basic", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES)),
    ("wmo-leeuwarden", "Wmo-plekken Elfsteden", "wmo", "GM0080", "municipality", {"regular": (8, 1)}, "basic", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES, excludes_psychiatric=True)),
    ("wmo-breda", "Wmo-plekken Singelzicht", "wmo", "GM0758", "municipality", {"regular": (7, 1)}, "basic", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES)),
    ("man-apeldoorn", "Mannenopvang De Veluwe", "mannenopvang", "GM0200", "shelter", {"regular": (9, 2)}, "specialist", True, None, "nl en pl ro", dict(genders_accepted=frozenset({"male"}))),
    ("man-dordrecht", "Mannenopvang Merwede", "mannenopvang", "GM0505", "shelter", {"regular": (9, 0)}, "specialist", True, None, "nl en ar", dict(genders_accepted=frozenset({"male"}))),
    ("ctm-crisis", "Centrum Amstelhaven crisisbedden", "specialist", "GM0363", "shelter", {"crisis": (10, 1)}, "specialist", True, 14, "nl en es pt ro", dict(accepts_children=True, accepts_pregnant=True, accepts_pets=True, requires_funding_guarantee=True, active_users_present=True)),
    ("ctm-opvang", "Centrum Amstelhaven opvang", "specialist", "GM0363", "shelter", {"regular": (55, 0)}, "specialist", False, None, "nl en es pt ro", dict(accepts_children=True, accepts_pregnant=True, accepts_pets=True, active_users_present=True)),
    ("shop-denhaag", "Huis Hofvijver", "specialist", "GM0518", "shelter", {"emergency": (2, 1), "regular": (20, 0)}, "specialist", True, None, "nl en fr ar", dict(accepts_children=True, accepts_pregnant=True)),
    ("vo-haarlem", "Vrouwenopvang Spaarne", "vrouwenopvang", "GM0392", "municipality", {"emergency": (2, 1), "regular": (24, 2)}, "basic", True, 42, "nl en", dict(genders_accepted=frozenset({"female"}), residence_statuses_accepted=LAWFUL_STATUSES, accepts_children=True, accepts_pregnant=True, requires_relational_sphere=True)),
    ("vo-enschede", "Vrouwenopvang Twentehuis", "vrouwenopvang", "GM0153", "municipality", {"regular": (20, 1)}, "basic", True, 42, "nl en tr", dict(genders_accepted=frozenset({"female"}), residence_statuses_accepted=LAWFUL_STATUSES, accepts_children=True, excludes_substance_use=True, reluctant_criminal_exploitation=True)),
    ("vo-maastricht", "Vrouwenopvang Maasvallei", "vrouwenopvang", "GM0935", "municipality", {"regular": (18, 2)}, "basic", True, 42, "nl en fr", dict(genders_accepted=frozenset({"female"}), residence_statuses_accepted=LAWFUL_STATUSES, accepts_children=True)),
    ("vo-amersfoort", "Vrouwenopvang Eemhuis", "vrouwenopvang", "GM0307", "municipality", {"emergency": (1, 1), "regular": (16, 0)}, "none", True, 42, "nl en", dict(genders_accepted=frozenset({"female"}), residence_statuses_accepted=LAWFUL_STATUSES, accepts_children=True, excludes_psychiatric=True)),
    ("crisis-tilburg", "Noodopvang Piushaven", "crisis", "GM0855", "municipality", {"emergency": (4, 1)}, "none", True, 5, "nl en", dict(excludes_addiction=True)),
    ("crisis-alkmaar", "Spoedopvang Kennemerhuis", "crisis", "GM0361", "municipality", {"crisis": (3, 1)}, "basic", True, 5, "nl en", {}),
    ("crisis-heerlen", "Noodbed Parkstad", "crisis", "GM0917", "municipality", {"emergency": (2, 1)}, "none", True, 5, "nl en de", {}),
    ("mo-deventer", "Maatschappelijke opvang IJsselkade", "maatschappelijke_opvang", "GM0150", "municipality", {"regular": (30, 3)}, "none", True, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES, active_users_present=True)),
    ("mo-almere", "Maatschappelijke opvang Weerwater", "maatschappelijke_opvang", "GM0034", "municipality", {"regular": (25, 0)}, "none", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES)),
    ("jeugd-leeuwarden", "Jeugdhuis Wadden (specialistische jeugdhulp)", "jeugdzorg", "GM0080", "municipality", {"regular": (12, 1)}, "specialist", False, None, "nl en", dict(min_age=12, max_age=17, accepts_pregnant=True)),
    ("jeugd-denbosch", "Jeugdhuis Dommelstroom", "jeugdzorg", "GM0796", "municipality", {"regular": (10, 0)}, "specialist", False, None, "nl en", dict(min_age=12, max_age=17)),
    ("jeugd-crisis-utrecht", "Crisisopvang jeugd Domstad", "jeugd_crisis", "GM0344", "municipality", {"crisis": (4, 1)}, "basic", True, 42, "nl en", dict(min_age=0, max_age=17)),
    ("jeugd-gesloten", "Gesloten jeugdzorg De Horst", "gesloten_jeugdzorg", "GM0307", "municipality", {"regular": (8, 1)}, "basic", False, None, "nl", dict(min_age=12, max_age=17)),
    ("bo-coa", "Beschermde Opvang De Linde", "bo", "GM0193", "shelter", {"regular": (18, 2)}, "specialist", True, 42, "nl en vi ar fr ti", dict(min_age=12, max_age=17, residence_statuses_accepted=frozenset({"no_lawful_residence", "asylum_seeker"}))),
    ("amv-gezin", "Opvanggezinnen Nidos-regio Midden", "amv_opvanggezin", "GM0344", "shelter", {"regular": (6, 1)}, "basic", True, None, "nl en ar", dict(min_age=0, max_age=14)),
    ("amv-kleinschalig", "Kleinschalige opvang Boschveld", "amv_kleinschalig", "GM0796", "shelter", {"regular": (8, 1)}, "basic", True, None, "nl en ar ti", dict(min_age=15, max_age=17)),
    ("azc-budel", "Azc Kempen", "azc", "GM0758", "shelter", {"regular": (40, 5)}, "none", True, None, "nl en ar fr", dict(residence_statuses_accepted=ASYLUM, accepts_children=True, accepts_pregnant=True)),
    ("bw-arnhem", "Beschermd wonen Sonsbeek", "beschermd_wonen", "GM0202", "municipality", {"regular": (6, 1)}, "basic", False, None, "nl en", dict(residence_statuses_accepted=LAWFUL_STATUSES)),
    ("detox-utrecht", "Detoxkliniek Kromme Rijn", "detox", "GM0344", "shelter", {"regular": (6, 0)}, "none", False, 28, "nl en", {}),
    ("groep-venlo", "Groepsaccommodatie Maasboulevard", "groepsaccommodatie", "GM0983", "comensha", {"regular": (30, 12)}, "basic", True, 30, "nl en pl ro", dict(exploitation_forms_accepted=frozenset({"labour"}))),
    ("hotel-regio-oost", "Hotelkamer regionale afspraak Oost", "crisis", "GM0268", "municipality", {"emergency": (2, 2)}, "none", True, 3, "nl en", {}),
]


def sample_shelters(now: datetime) -> List[ShelterRecord]:
    """The fictional registry with every free count stamped `now` (fresh)."""
    records = []
    for index, (code, name, kind, municipality, authority, beds, expertise, ooh, max_stay, languages,
                overrides) in enumerate(_ROWS, start=1):
        policy = Policy(**overrides)
        records.append(ShelterRecord(
            id=index, code=code, name=f"FICTIEF {name}", type=kind,
            operator=f"FICTIEF {name.split(' (')[0]} beheer", municipality=municipality,
            region=by_code(municipality).police_unit,
            phone_for_professionals=f"+3100{index:07d}", placement_authority=authority,
            out_of_hours_intake=ooh, transport_available=ooh and kind in {"cosm", "nla"},
            trafficking_expertise=expertise, ggz_partner=kind in {"cosm", "omm", "specialist"},
            max_stay_days=max_stay, staff_languages=frozenset(languages.split()), policy=policy,
            beds=tuple(Bed(k, cap, free, now, "sample") for k, (cap, free) in beds.items()),
            is_bridging=code.startswith("hotel-"),
        ))
    return records


def capacity_by_type(records: Optional[List[ShelterRecord]] = None) -> dict:
    totals: dict = {}
    for record in records or sample_shelters(datetime.now()):
        totals[record.type] = totals.get(record.type, 0) + sum(bed.capacity for bed in record.beds)
    return totals
