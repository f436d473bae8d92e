"""`hotline` command line: start the hotline, train, chat, and manage the registry.

    hotline start                 migrate, seed, train if stale, run all servers
    hotline train [--force]       train the Rasa model when domain/config/data changed
    hotline chat                  talk to the running hotline from the terminal (REST channel)
    hotline registry ...          registry commands (see `hotline registry --help`)
    hotline roster import|show|check   the on-call roster
    hotline pager                 the paging worker (the web service runs one too)
    hotline professionals add|list|remove   who may see shelter details
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional

from bot.cli import handoff_cmd, professionals_cmd, registry_cmd, run_cmd


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotline", description="Opvanglijn hotline")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd.add_commands(commands)
    registry_cmd.add_commands(commands)
    handoff_cmd.add_commands(commands)
    professionals_cmd.add_commands(commands)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    from dotenv import load_dotenv

    load_dotenv()
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
