"""`hotline registry ...`: search, free beds, holds, explanations, import/export, reports."""
from __future__ import annotations

import json
import sys
from datetime import timezone
from pathlib import Path

from bot.config import Settings
from bot.registry import presenting
from bot.registry.serialise import ProfileError, profile_from_dict, result_to_dict


def _registry(args):
    from bot.registry.db import make_engine
    from bot.registry.service import Registry

    settings = Settings.from_env()
    if args.database_url:
        settings = settings.with_(database_url=args.database_url)
    return Registry(make_engine(settings.database_url), settings)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _profile(args):
    data = {}
    if args.profile:
        raw = sys.stdin.read() if args.profile == "-" else Path(args.profile).read_text(encoding="utf-8")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ProfileError(f"profile is not valid JSON: {exc}") from None
    for key in ("age", "gender", "residence_status", "found_place", "need"):
        value = getattr(args, key)
        if value is not None:
            data[key] = value
    if args.form:
        data["exploitation_forms"] = args.form
    if args.unsafe:
        data["unsafe_places"] = args.unsafe
    for flag in args.flag or ():
        data[flag] = True
    return profile_from_dict(data)


def cmd_migrate(args) -> int:
    from bot.registry.migrate import upgrade

    registry = _registry(args)
    upgrade(registry.settings.database_url)
    registry.prepare()
    print("registry schema is up to date")
    return 0


def cmd_seed(args) -> int:
    from bot.registry.seed import seed_sample

    added, refreshed = seed_sample(_registry(args))
    print(f"sample registry (FICTIONAL): {added} shelters added, {refreshed} sample counts refreshed")
    return 0


def cmd_search(args) -> int:
    try:
        profile = _profile(args)
    except ProfileError as exc:
        return _fail(str(exc))
    result = _registry(args).search(profile)
    if args.json:
        print(json.dumps(result_to_dict(result, args.language), indent=2, ensure_ascii=False))
        return 0
    lang = args.language
    print(presenting.offers_text(result.offers, lang) or ("Geen passend vrij bed." if lang == "nl" else "No fitting free bed."))
    if result.needs_decision:
        print("\n" + presenting.offers_text(result.needs_decision, lang, start=len(result.offers) + 1))
    if result.unconfirmed:
        print("\n" + presenting.offers_text(result.unconfirmed, lang, start=90))
    if result.bridging:
        print("\n" + presenting.bridging_text(result, lang))
    if result.warnings:
        print("\n" + presenting.warnings_text(result, lang))
    return 0


def cmd_explain(args) -> int:
    try:
        profile = _profile(args)
        result = _registry(args).search(profile, record_unmet=False)
        print(f"{args.shelter}: {presenting.why_not_text(result, args.shelter, args.language)}")
    except (ProfileError, KeyError) as exc:
        return _fail(str(exc))
    return 0


def cmd_set_free(args) -> int:
    from bot.registry.service import RegistryError

    try:
        state = _registry(args).set_free(args.shelter, args.kind, args.free, actor=args.actor, capacity=args.capacity)
    except RegistryError as exc:
        return _fail(str(exc))
    print(f"{state['shelter']} {state['kind']}: {state['free']} free of {state['capacity']}")
    return 0


def cmd_hold(args) -> int:
    from bot.registry.service import RegistryError

    registry = _registry(args)
    try:
        if args.action == "hold":
            hold = registry.hold(args.target, actor=args.actor, kind=args.kind, minutes=args.minutes)
        elif args.action == "confirm":
            hold = registry.confirm(args.target, actor=args.actor)
        else:
            hold = registry.release(args.target, actor=args.actor)
    except RegistryError as exc:
        return _fail(str(exc))
    print(f"hold {hold.code}: {hold.status} ({hold.shelter_code} {hold.kind}, until "
          f"{hold.expires_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC)")
    return 0


def _format(args) -> str:
    return args.format or ("hsds" if args.file.endswith(".json") else "csv")


def cmd_import(args) -> int:
    from bot.registry.io_common import ImportRejected
    from bot.registry.io_csv import import_csv
    from bot.registry.io_hsds import import_hsds

    path = Path(args.file)
    if not path.exists():
        return _fail(f"no such file: {path}")
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            if _format(args) == "csv":
                result = import_csv(_registry(args), stream, actor=args.actor)
            else:
                try:
                    data = json.load(stream)
                except json.JSONDecodeError as exc:
                    raise ImportRejected([f"not valid JSON: {exc}"]) from None
                result = import_hsds(_registry(args), data, actor=args.actor)
    except ImportRejected as exc:
        print("import rejected, nothing was imported:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print(f"imported: {len(result.created)} created, {len(result.updated)} updated")
    return 0


def cmd_export(args) -> int:
    from bot.registry import repository
    from bot.registry.io_csv import export_csv
    from bot.registry.io_hsds import export_hsds

    registry = _registry(args)
    with registry.engine.connect() as conn:
        records = repository.load_shelters(conn)
    stream = sys.stdout if args.file == "-" else Path(args.file).open("w", encoding="utf-8", newline="")
    try:
        if _format(args) == "csv":
            export_csv(records, stream)
        else:
            json.dump(export_hsds(records), stream, indent=2, ensure_ascii=False)
    finally:
        if stream is not sys.stdout:
            stream.close()
    print(f"exported {len(records)} shelters", file=sys.stderr)
    return 0


def cmd_unmet(args) -> int:
    rows = _registry(args).unmet_report()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'month':8} {'region':22} {'reason':9} searches")
    for row in rows:
        print(f"{row['month']:8} {row['region']:22} {row['reason']:9} {row['searches']}")
    return 0


def add_commands(commands) -> None:
    parser = commands.add_parser("registry", help="shelter registry")
    parser.add_argument("--database-url", help="override DATABASE_URL")
    sub = parser.add_subparsers(dest="registry_command", required=True)
    sub.add_parser("migrate", help="create or upgrade the schema").set_defaults(handler=cmd_migrate)
    sub.add_parser("seed", help="load the FICTIONAL sample registry").set_defaults(handler=cmd_seed)

    def profile_args(p):
        p.add_argument("--profile", help="profile JSON file, or - for stdin")
        p.add_argument("--age", type=int)
        p.add_argument("--gender", choices=["female", "male", "trans", "other"])
        p.add_argument("--residence-status", dest="residence_status")
        p.add_argument("--form", action="append", help="exploitation form (repeatable)")
        p.add_argument("--found-place", dest="found_place")
        p.add_argument("--unsafe", action="append", help="unsafe municipality, province or police unit")
        p.add_argument("--need", choices=["tonight", "follow_on"])
        p.add_argument("--flag", action="append", help="a true profile flag, e.g. pets, addiction")
        p.add_argument("--language", choices=["nl", "en"], default="nl")

    search = sub.add_parser("search", help="search fitting free beds")
    profile_args(search)
    search.add_argument("--json", action="store_true", help="machine-readable output (docs/registry.md)")
    search.set_defaults(handler=cmd_search)
    explain = sub.add_parser("explain", help="why one shelter is excluded for a profile")
    explain.add_argument("shelter")
    profile_args(explain)
    explain.set_defaults(handler=cmd_explain)
    free = sub.add_parser("set-free", help="set the free beds of one bed kind")
    free.add_argument("shelter")
    free.add_argument("free", type=int)
    free.add_argument("--kind", default="regular", choices=["crisis", "emergency", "regular"])
    free.add_argument("--capacity", type=int)
    free.add_argument("--actor", default="cli")
    free.set_defaults(handler=cmd_set_free)
    for action in ("hold", "confirm", "release"):
        p = sub.add_parser(action, help=f"{action} a bed hold")
        p.add_argument("target", help="shelter code" if action == "hold" else "hold code")
        p.add_argument("--actor", default="cli")
        if action == "hold":
            p.add_argument("--kind", choices=["crisis", "emergency", "regular"])
            p.add_argument("--minutes", type=int)
        p.set_defaults(handler=cmd_hold, action=action)
    imp = sub.add_parser("import", help="import shelters and capacity (all or nothing)")
    imp.add_argument("file")
    imp.add_argument("--format", choices=["csv", "hsds"], default=None)
    imp.add_argument("--actor", default="cli")
    imp.set_defaults(handler=cmd_import)
    exp = sub.add_parser("export", help="export shelters and capacity")
    exp.add_argument("file", help="output file, or - for stdout")
    exp.add_argument("--format", choices=["csv", "hsds"], default=None)
    exp.set_defaults(handler=cmd_export)
    unmet = sub.add_parser("unmet-report", help="unmet demand by month, region and reason")
    unmet.add_argument("--json", action="store_true")
    unmet.set_defaults(handler=cmd_unmet)
