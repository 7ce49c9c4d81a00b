"""Serving over HTTP with waitress, until SIGINT or SIGTERM."""

from __future__ import annotations

import signal
from collections.abc import Callable
from contextlib import suppress
from types import FrameType

from extratex_kg.config import Settings
from extratex_kg.errors import ExtratexError
from extratex_kg.runtime import running_service
from extratex_kg.web import create_app


def serve(settings: Settings, announce: Callable[[str], object] = print) -> None:
    """Serve until SIGINT or SIGTERM."""
    from waitress.server import create_server

    with running_service(settings) as runtime:
        app = create_app(settings, runtime)
        try:
            server = create_server(
                app,
                host=settings.host,
                port=settings.port,
                threads=settings.threads,
                clear_untrusted_proxy_headers=True,
                ident="extratex-kg",
            )
        except OSError as exc:
            where = f"{settings.host}:{settings.port}"
            raise ExtratexError(f"cannot listen on {where}: {exc.strerror or exc}") from None

        def stop(signum: int, frame: FrameType | None) -> None:
            server.close()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        announce(
            f"Serving the EXTRATEX knowledge graph at http://{settings.host}:{server.effective_port}/sparql"
        )
        with suppress(OSError):  # the listening socket closed by a signal
            server.run()
