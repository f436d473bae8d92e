"""Tables of the shelter registry (SQLAlchemy 1.4, Core tables used with the 2.0-style API).

Schema changes go through Alembic (`bot/registry/migrations`); `metadata.create_all` is used in
tests only. No street addresses are stored: a shelter is known by municipality and region.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData,
    String, Table, UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

municipalities = Table(
    "municipalities", metadata,
    Column("code", String(6), primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("province", String(40), nullable=False),
    Column("region", String(40), nullable=False),  # police unit
    Column("lat", Float, nullable=False),
    Column("lon", Float, nullable=False),
    Column("follows_lenferink", Boolean),  # A1: declared policy, unknown until a municipality says
)

operators = Table(
    "operators", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False, unique=True),
    Column("fictional", Boolean, nullable=False, default=True),
)

shelters = Table(
    "shelters", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(160), nullable=False),
    Column("operator_id", ForeignKey("operators.id"), nullable=False),
    Column("type", String(40), nullable=False),
    Column("municipality", ForeignKey("municipalities.code"), nullable=False),
    Column("phone_for_professionals", String(32), nullable=False),
    Column("placement_authority", String(20), nullable=False),
    Column("out_of_hours_intake", Boolean, nullable=False, default=False),
    Column("transport_available", Boolean, nullable=False, default=False),
    Column("trafficking_expertise", String(12), nullable=False, default="basic"),
    Column("ggz_partner", Boolean, nullable=False, default=False),
    Column("max_stay_days", Integer),
    Column("staff_languages", JSON, nullable=False, default=list),
    Column("is_bridging", Boolean, nullable=False, default=False),
    Column("fictional", Boolean, nullable=False, default=True),
    Column("active", Boolean, nullable=False, default=True),
)

admission_policies = Table(
    "admission_policies", metadata,
    Column("shelter_id", ForeignKey("shelters.id", ondelete="CASCADE"), primary_key=True),
    Column("genders_accepted", JSON, nullable=False),
    Column("min_age", Integer, nullable=False, default=18),
    Column("max_age", Integer),
    Column("residence_statuses_accepted", JSON),  # null: any status
    Column("requires_reflection_period", Boolean, nullable=False, default=False),
    Column("exploitation_forms_accepted", JSON),  # null: any form
    *(Column(flag, Boolean, nullable=False, default=False) for flag in (
        "requires_relational_sphere", "residents_only", "excludes_substance_use", "excludes_addiction",
        "excludes_psychiatric", "reluctant_criminal_exploitation", "excludes_mixed_offender_behaviour",
        "accepts_children", "accepts_pregnant", "accepts_pets", "active_users_present",
        "requires_funding_guarantee",
    )),
)

beds = Table(
    "beds", metadata,
    Column("id", Integer, primary_key=True),
    Column("shelter_id", ForeignKey("shelters.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("free", Integer, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(80), nullable=False),
    UniqueConstraint("shelter_id", "kind", name="uq_beds_shelter_kind"),
    CheckConstraint("free >= 0 AND free <= capacity", name="free_within_capacity"),
)

holds = Table(
    "holds", metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("bed_id", ForeignKey("beds.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(12), nullable=False),  # active | confirmed | released | expired
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
    Column("created_by", String(80), nullable=False),
    Column("case_code", String(24)),
    Index("ix_holds_bed_status", "bed_id", "status"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", String(40), nullable=False),
    Column("detail", JSON, nullable=False, default=dict),
)

unmet_demand = Table(
    "unmet_demand", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("region", String(40)),
    Column("need", String(12), nullable=False),
    Column("categories", JSON, nullable=False),  # profile categories only, never personal data
    Column("exclusions", JSON, nullable=False),  # rule id -> number of shelters it excluded
)

# One row; bumped in the same transaction as every change so readers know when to reload.
registry_revision = Table(
    "registry_revision", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision", Integer, nullable=False, default=0),
)

# --- warm handoff (bot/handoff) ---------------------------------------------------------------

rosters = Table(  # every version of the on-call roster; the latest row is in force
    "rosters", metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("document", JSON, nullable=False),
)

handoffs = Table(
    "handoffs", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_code", String(16), nullable=False, unique=True),
    Column("lane", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("urgency", String(12), nullable=False),
    Column("needs", JSON, nullable=False),
    Column("region", String(40)),
    Column("status", String(12), nullable=False),  # paging | accepted | exhausted | closed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("accepted_by", String(80)),
    Column("accepted_via", String(12)),
    Column("accepted_at", DateTime(timezone=True)),
    # How to reach the waiting person (their conversation id or number): stored here only,
    # never in a log line, a page or a packet.
    Column("person_channel", String(16)),
    Column("person_address", String(120)),
)

pages = Table(  # the durable paging queue: one row per SMS or call to one coordinator
    "pages", metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
    Column("step", Integer, nullable=False),  # position in the escalation chain
    Column("kind", String(8), nullable=False),  # sms | call
    Column("coordinator_id", String(80), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),  # pending | sent | failed | cancelled
    Column("attempts", Integer, nullable=False, default=0),
    Column("provider_sid", String(64)),
    Column("error", String(200)),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_pages_status_due", "status", "due_at"),
)

handoff_events = Table(  # what the waiting person was told, and when
    "handoff_events", metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(24), nullable=False),  # alerted | escalated | accepted | exhausted
    Column("detail", JSON, nullable=False),
)

# --- inbound Twilio channels (bot/channels) ---------------------------------------------------

inbound_messages = Table(  # one row per processed webhook: a redelivery with the same sid is dropped
    "inbound_messages", metadata,
    Column("message_sid", String(64), primary_key=True),
    Column("channel", String(24), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_inbound_messages_received_at", "received_at"),
)

delivery_status = Table(  # Twilio status callbacks: provider sid and status only, never numbers or text
    "delivery_status", metadata,
    Column("sid", String(64), primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("error_code", String(16)),
    Column("at", DateTime(timezone=True), nullable=False),
)

# --- shelter hold confirmation by SMS (bot/registry/confirmation.py) -------------------------

hold_requests = Table(  # "bed for 1 woman, 24, tonight? reply JA/NEE" sent to a shelter for a hold
    "hold_requests", metadata,
    Column("id", Integer, primary_key=True),
    Column("chain", String(16), nullable=False),  # one placement request; several shelters may be asked
    Column("hold_code", String(16), nullable=False, unique=True),
    Column("shelter_code", String(40), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("profile", JSON, nullable=False),  # registry categories needed to ask the next shelter
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("deadline", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),  # asked | confirmed | declined | expired
    Column("answered_at", DateTime(timezone=True)),
    Column("actor", String(80), nullable=False),
)

# --- text-thread safety: erase word and cover conversation (bot/safety) ----------------------

thread_messages = Table(  # provider sids of one SMS/WhatsApp thread, so an erase can delete them there too
    "thread_messages", metadata,
    Column("sid", String(64), primary_key=True),
    Column("thread", String(64), nullable=False),  # keyed hash of channel + sender, never the number itself
    Column("direction", String(3), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_thread_messages_thread", "thread"),
)

cover_threads = Table(  # threads in a cover conversation after the duress word, until `until`
    "cover_threads", metadata,
    Column("thread", String(64), primary_key=True),
    Column("language", String(8), nullable=False),
    Column("until", DateTime(timezone=True), nullable=False),
)

# --- professional verification (bot/verification) --------------------------------------------

professionals = Table(  # who may see shelter details: registered work numbers, managed by the CLI
    "professionals", metadata,
    Column("id", Integer, primary_key=True),
    Column("phone", String(32), nullable=False, unique=True),  # the professional's own work number, E.164
    Column("name", String(120), nullable=False),
    Column("organisation", String(120), nullable=False),
    Column("role", String(24), nullable=False),
    Column("shelter_code", String(40)),  # shelter staff: the shelter whose beds they may set
    Column("active", Boolean, nullable=False, default=True),
    Column("valid_until", DateTime(timezone=True)),  # a registration may lapse
    Column("created_at", DateTime(timezone=True), nullable=False),
)

verification_codes = Table(  # one-time codes sent by SMS to a registered number
    "verification_codes", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation", String(64), nullable=False),  # keyed hash of the conversation, never its address
    Column("professional_id", Integer, ForeignKey("professionals.id", ondelete="CASCADE"), nullable=False),
    Column("code_hash", String(64), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("used_at", DateTime(timezone=True)),
    Index("ix_verification_codes_conversation", "conversation"),
)

verified_conversations = Table(  # a conversation in which a professional proved who they are
    "verified_conversations", metadata,
    Column("conversation", String(64), primary_key=True),
    Column("professional_id", Integer, ForeignKey("professionals.id", ondelete="CASCADE"), nullable=False),
    Column("method", String(12), nullable=False),  # sender | code
    Column("verified_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)
