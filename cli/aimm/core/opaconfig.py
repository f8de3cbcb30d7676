"""How aimm reaches a central OPA server: its URL, token and TLS settings, read from the
command line and the environment.

Kept apart from :mod:`aimm.core.opaserver` so that choosing an engine does not import the
HTTP client stack (requests, aiohttp, opa-python-client): that import alone costs more than
a whole embedded check, and only server mode needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aimm.core.errors import UsageError

URL_ENV = "AIMM_OPA_URL"
TOKEN_ENV = "AIMM_OPA_TOKEN"
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class ServerSettings:
    """Where the OPA server is and how to talk to it.

    ``url`` None means a local server started for the run. ``send_token`` is false when the
    URL came from a discovered org config: the machine's token goes only to a server the
    machine's user named (docs/security.md)."""

    url: str | None = None
    token: str | None = field(default=None, repr=False)
    ca_cert: Path | None = None
    insecure: bool = False
    timeout: float = DEFAULT_TIMEOUT
    send_token: bool = True


def parse_url(url: str) -> tuple[str, int, bool]:
    """``(host, port, https)`` of a server URL; a URL opa-python-client cannot address (a
    path, a query, another scheme) is a usage error."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"OPA server URL {url!r}: expected http://HOST:PORT or https://HOST:PORT")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise UsageError(
            f"OPA server URL {url!r}: give the scheme, host and port only "
            "(opa-python-client addresses a server's /v1 API at its root)"
        )
    try:
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"OPA server URL {url!r}: {exc}") from exc
    https = parts.scheme == "https"
    return parts.hostname, port or (443 if https else 80), https
