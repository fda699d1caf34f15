"""The `opencsc` command: serve the app, run the demo, build the synthetic authority and
the statutory returns.

Errors say what to fix and exit 2; they are not tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.settings")
    import django

    django.setup()


class CommandError(Exception):
    """A problem the user can fix; printed as one line."""


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD") from exc


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from exc
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("the port must be between 1 and 65535")
    return port


def cmd_migrate(args: argparse.Namespace) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print("Database is up to date.")


def cmd_serve(args: argparse.Namespace) -> None:
    from opencsc.server import serve

    serve(host=args.host, port=args.port, threads=args.threads)


def _progress_bar() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.close()
            bars.clear()
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", leave=True, file=sys.stderr)
        bar.total = total
        bar.n = done
        bar.refresh()

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return progress, close


def _database_is_empty() -> bool:
    """No people and no staff: a generator run that failed part-way leaves its teams."""
    from opencsc.accounts.models import Team
    from opencsc.people.models import Person

    return not Person.objects.exists() and not Team.objects.exists()


def cmd_synth(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from opencsc.synth.runner import generate

    call_command("migrate", verbosity=0, interactive=False)
    if not _database_is_empty():
        if not args.replace:
            raise CommandError(
                "The database already holds records. Use --replace to delete them all and "
                "generate a new synthetic authority, or point OPENCSC_DATA_DIR somewhere empty."
            )
        call_command("flush", verbosity=0, interactive=False)
    as_of = args.as_of or timezone.localdate()  # default: today in the UK
    progress, close = _progress_bar()
    try:
        summary = generate(size=args.size, seed=args.seed, as_of=as_of, progress=progress)
    finally:
        close()
    print(summary.describe())


def _write_output(path: str, content: bytes) -> None:
    try:
        with open(path, "wb") as out:
            out.write(content)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from exc


def cmd_return(args: argparse.Namespace) -> None:
    """Build a statutory return to a file, with a progress bar and a one-line summary."""
    import time

    from django.db import connection

    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder):
        raise CommandError(f"cannot write {args.out}: there is no folder {folder}")
    if "casework_cinepisode" not in connection.introspection.table_names():
        raise CommandError("the database has no OpenCSC records yet: run `opencsc migrate`")
    from opencsc.returns.runs import build

    if args.kind == "903":
        return _return_903(args)
    if args.kind == "cin":
        from opencsc.returns.cin_census import census_period

        try:
            census_period(args.year)
        except ValueError as exc:  # a year not begun, or before OpenCSC's first
            raise CommandError(str(exc)) from exc
    else:
        from django.utils import timezone

        if args.as_of > timezone.localdate():
            # As the returns page: the lists run to a day that has happened.
            raise CommandError(f"--as-of {args.as_of:%Y-%m-%d} is in the future")
    progress, close = _progress_bar()
    started = time.perf_counter()
    try:
        # The same builder as the returns page: one place makes each return.
        content, _name = build(
            "cin" if args.kind == "cin" else "annex_a",
            year=getattr(args, "year", None),
            as_of=getattr(args, "as_of", None),
            progress=progress,
        )
    except ValueError as exc:  # a date the return cannot be built for
        raise CommandError(str(exc)) from exc
    finally:
        close()
    elapsed = time.perf_counter() - started
    _write_output(args.out, content)
    print(_return_summary(args, content, elapsed))


def _return_903(args: argparse.Namespace) -> None:
    """The SSDA903 CSV files, written into the folder --out (made if it is missing)."""
    import time

    from opencsc.returns.ssda903 import check_year, write_ssda903

    if os.path.exists(args.out) and not os.path.isdir(args.out):
        raise CommandError(f"cannot write to {args.out}: it is a file, not a folder")
    try:
        check_year(args.year)
    except ValueError as exc:  # a year not begun, or before OpenCSC's first
        raise CommandError(str(exc)) from exc
    progress, close = _progress_bar()
    started = time.perf_counter()
    try:
        paths = write_ssda903(args.year, args.out, progress)
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    finally:
        close()
    elapsed = time.perf_counter() - started
    with open(paths[0], encoding="utf-8") as header:
        children = sum(1 for _ in header) - 1
    print(
        f"SSDA903 {args.year - 1}-{str(args.year)[-2:]}: {children:,} children, "
        f"{len(paths)} files in {elapsed:.1f}s -> {args.out}"
    )


def _return_summary(args: argparse.Namespace, content: bytes, elapsed: float) -> str:
    if args.kind == "cin":
        from lxml import etree

        root = etree.fromstring(content)
        children = len(root.findall("Children/Child"))
        episodes = len(root.findall("Children/Child/CINdetails"))
        return (
            f"CIN census {args.year - 1}-{str(args.year)[-2:]}: {children:,} children, "
            f"{episodes:,} episodes in {elapsed:.1f}s -> {args.out}"
        )
    return (
        f"Annex A as of {args.as_of:%d %B %Y}: {len(content):,} bytes in {elapsed:.1f}s "
        f"-> {args.out}"
    )


def cmd_demo(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from opencsc.synth.demo_users import DEMO_USERS, demo_users_create

    call_command("migrate", verbosity=0, interactive=False)
    from opencsc.people.models import Person

    if not Person.objects.exists():
        from opencsc.synth.runner import generate

        if not _database_is_empty():
            # The staff of a generation that did not finish: start again.
            call_command("flush", verbosity=0, interactive=False)

        print(f"Generating a synthetic local authority ({args.size}); this happens once.")
        progress, close = _progress_bar()
        try:
            summary = generate(
                size=args.size, seed=args.seed, as_of=timezone.localdate(), progress=progress
            )
        finally:
            close()
        print(summary.describe())
    demo_users_create()
    print()
    print("OpenCSC demo: every person in it is synthetic.")
    print(f"Open http://localhost:{args.port}/ and sign in as one of:")
    for user in DEMO_USERS:
        print(f"  {user.role_label:<34} username {user.username:<22} password {user.password}")
    print()
    if args.no_serve:
        return
    from opencsc.server import serve

    serve(host=args.host, port=args.port, threads=args.threads)


def cmd_token(args: argparse.Namespace) -> None:
    from opencsc.accounts.models import ApiToken, User

    try:
        user = User.objects.get(username=args.username)
    except User.DoesNotExist as exc:
        raise CommandError(f"No user called {args.username!r}") from exc
    _, token = ApiToken.issue(user=user, name=args.name)
    print(f"API token for {user.username} (shown once, keep it safe):")
    print(token)


def cmd_manage(args: argparse.Namespace) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opencsc manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opencsc", description="OpenCSC: children's social care case records."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def serving(p: argparse.ArgumentParser) -> None:
        p.add_argument("--port", type=_port, default=int(os.environ.get("PORT", "8000")))
        p.add_argument("--host", default=os.environ.get("OPENCSC_HOST", "127.0.0.1"))
        p.add_argument("--threads", type=int, default=8)

    p = sub.add_parser("serve", help="serve the web app and the API")
    serving(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "demo", help="migrate, load a synthetic authority if empty, print sign-ins, serve"
    )
    serving(p)
    p.add_argument("--size", choices=["tiny", "small", "la", "large"], default="small")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-serve", action="store_true", help="set up and print sign-ins, then stop")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("synth", help="generate a synthetic local authority")
    p.add_argument("--size", choices=["tiny", "small", "la", "large"], default="small")
    p.add_argument("--seed", type=int, default=1)
    # No default here: today is the UK date, known once the settings are loaded.
    p.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: today)")
    p.add_argument("--replace", action="store_true", help="delete every record first")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("return", help="build a statutory return (CIN census, 903, Annex A)")
    kinds = p.add_subparsers(dest="kind", required=True)
    k = kinds.add_parser("cin", help="the Children in Need census XML")
    k.add_argument(
        "--year", type=int, required=True,
        help="the year the census ends (31 March): 2026 is the 2025-26 census",
    )
    k.add_argument("--out", required=True, help="the XML file to write")
    k.set_defaults(func=cmd_return)
    k = kinds.add_parser("903", help="the SSDA903 (children looked after) CSV files")
    k.add_argument(
        "--year", type=int, required=True,
        help="the year the return ends (31 March): 2026 is the 2025-26 return",
    )
    k.add_argument("--out", required=True, help="the folder to write the CSV files into")
    k.set_defaults(func=cmd_return)
    k = kinds.add_parser("annex-a", help="Ofsted's Annex A workbook, lists 1 to 7")
    k.add_argument("--as-of", type=_date, required=True, help="YYYY-MM-DD: the lists run to")
    k.add_argument("--out", required=True, help="the .xlsx file to write")
    k.set_defaults(func=cmd_return)

    p = sub.add_parser("migrate", help="create or update the database tables")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("token", help="issue an API token for a user")
    p.add_argument("username")
    p.add_argument("--name", default="API token")
    p.set_defaults(func=cmd_token)

    p = sub.add_parser("manage", help="run a Django management command")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _setup_django()
        args.func(args)
    except CommandError as exc:
        print(f"opencsc: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("opencsc: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        from django.core.exceptions import ImproperlyConfigured, ValidationError
        from django.db import OperationalError

        if isinstance(exc, ValidationError):
            print(f"opencsc: {'; '.join(exc.messages)}", file=sys.stderr)
        elif isinstance(exc, ImproperlyConfigured):
            print(f"opencsc: configuration problem: {exc}", file=sys.stderr)
        elif isinstance(exc, OperationalError):
            print(
                f"opencsc: cannot reach the database ({exc}). Check DATABASE_URL, or that "
                "OPENCSC_DATA_DIR is writable for the embedded server.",
                file=sys.stderr,
            )
        else:
            raise
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
