"""`hotline roster ...` and `hotline pager`: the on-call roster and the paging worker."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from bot.config import Settings


def _engine():
    from bot.registry.db import make_engine

    return make_engine(Settings.from_env().database_url)


def cmd_roster_import(args) -> int:
    from bot.handoff.roster import RosterError
    from bot.handoff.store import RosterStore

    path = Path(args.file)
    if not path.exists():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    try:
        roster, problems = RosterStore(_engine()).import_yaml(path.read_text(encoding="utf-8"), actor=args.actor)
    except RosterError as exc:
        print("roster rejected, nothing changed:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"roster imported: {len(roster.coordinators)} coordinators, {len(roster.shifts)} shifts, "
          f"fallback {roster.fallback.name}")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 0


def cmd_roster_show(args) -> int:
    from bot.handoff.roster import roster_to_dict
    from bot.handoff.store import RosterStore

    roster = RosterStore(_engine()).latest()
    if roster is None:
        print("no roster: import one with `hotline roster import FILE`", file=sys.stderr)
        return 1
    print(yaml.safe_dump(roster_to_dict(roster), allow_unicode=True, sort_keys=False))
    return 0


def cmd_roster_check(args) -> int:
    from bot.handoff.store import RosterStore

    problems = RosterStore(_engine()).check()
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    if not problems:
        print("roster: complete, someone is on shift all week, fallback set")
    return 1 if problems else 0


def cmd_pager(args) -> int:
    """Send due pages until stopped; any number of these may run against one database."""
    from bot import runtime

    pager = runtime.pager()
    print("pager running; Ctrl-C stops it", flush=True)
    while True:
        pager.run_due()
        if args.once:
            return 0
        time.sleep(args.interval)


def add_commands(commands) -> None:
    roster = commands.add_parser("roster", help="the on-call roster")
    sub = roster.add_subparsers(dest="roster_command", required=True)
    imp = sub.add_parser("import", help="replace the roster with a YAML file (see deploy/roster.sample.yml)")
    imp.add_argument("file")
    imp.add_argument("--actor", default="cli")
    imp.set_defaults(handler=cmd_roster_import)
    sub.add_parser("show", help="print the roster in force as YAML").set_defaults(handler=cmd_roster_show)
    sub.add_parser("check", help="list gaps and problems; exit 1 if any").set_defaults(handler=cmd_roster_check)
    pager = commands.add_parser("pager", help="run the paging worker")
    pager.add_argument("--interval", type=float, default=1.0)
    pager.add_argument("--once", action="store_true", help="send what is due now and stop")
    pager.set_defaults(handler=cmd_pager)
