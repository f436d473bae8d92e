"""`hotline professionals add|list|remove`: who may see shelter details (bot/verification)."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

from bot.config import Settings
from bot.verification.service import ROLES, Verification, VerificationError


def _verification(args) -> Verification:
    from bot.registry.db import make_engine
    from bot.registry.migrate import upgrade

    url = args.database_url or Settings.from_env().database_url
    upgrade(url)
    return Verification(make_engine(url))


def cmd_add(args) -> int:
    valid_until = None
    if args.valid_until:
        try:
            valid_until = datetime.fromisoformat(args.valid_until).replace(tzinfo=timezone.utc)
        except ValueError:
            print(f"error: --valid-until must be a date like 2027-06-30, not {args.valid_until!r}", file=sys.stderr)
            return 2
    try:
        person = _verification(args).register(args.phone, args.name, args.organisation, args.role,
                                              shelter_code=args.shelter, valid_until=valid_until)
    except VerificationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"registered {person.name} ({person.organisation}, {person.role}) at {person.masked_phone}")
    return 0


def cmd_list(args) -> int:
    rows = _verification(args).registered()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        state = "active" if row["active"] else "removed"
        until = f" until {row['valid_until'][:10]}" if row["valid_until"] else ""
        shelter = f" shelter {row['shelter']}" if row["shelter"] else ""
        print(f"{row['phone']}  {row['name']} ({row['organisation']}, {row['role']}{shelter}) {state}{until}")
    return 0


def cmd_remove(args) -> int:
    if not _verification(args).deactivate(args.phone):
        print(f"error: {args.phone} is not registered", file=sys.stderr)
        return 1
    print("removed; its verified conversations ended")
    return 0


def add_commands(commands) -> None:
    parser = commands.add_parser("professionals", help="registered professionals (verification)")
    parser.add_argument("--database-url", help="override DATABASE_URL")
    sub = parser.add_subparsers(dest="professionals_command", required=True)
    add = sub.add_parser("add", help="register (or update) a professional's work number")
    add.add_argument("phone", help="work mobile number, e.g. +31 6 ... or 06...")
    add.add_argument("--name", required=True)
    add.add_argument("--organisation", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--shelter", help="shelter code (shelter staff: whose beds they may set)")
    add.add_argument("--valid-until", dest="valid_until", help="registration lapses after this date")
    add.set_defaults(handler=cmd_add)
    listing = sub.add_parser("list", help="all registrations")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    remove = sub.add_parser("remove", help="end a number's access at once")
    remove.add_argument("phone")
    remove.set_defaults(handler=cmd_remove)
