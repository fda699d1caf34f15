"""The production-capable WSGI server behind `opencsc serve` (waitress: threads, no forking,
so one process holds the embedded database handle and stops it cleanly on exit)."""

from __future__ import annotations

import signal
import sys


def serve(*, host: str, port: int, threads: int = 8) -> None:
    from waitress import serve as waitress_serve

    from opencsc.wsgi import application

    def stop(signum, frame):  # type: ignore[no-untyped-def]
        # SIGTERM: leave through sys.exit so atexit stops the embedded PostgreSQL cleanly.
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    print(f"Serving OpenCSC on http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    waitress_serve(application, host=host, port=port, threads=threads, ident="OpenCSC")
