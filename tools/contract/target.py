"""Which server a contract run may test, decided on the host the HTTP stack will really connect to.

Delete All Orders cancels orders, so a URL is only accepted when every parser involved agrees on
where it points: Python's `urlsplit`, urllib3 (which `requests`, and so Schemathesis and the
harness's probes, connect with) and httpx (the client's stack). Anything they could read
differently (a backslash, user info, a percent sign, a non-ASCII or control character) is refused
outright, and a host that is not loopback is refused unless ALLOW_REMOTE=1.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from urllib3.util import parse_url

DEFAULT_PORTS = {"http": 80, "https": 443}


class TargetError(Exception):
    """The URL or the credentials cannot be used; the message says why (and never holds a credential)."""


@dataclass(frozen=True)
class Target:
    url: str
    api_key: str
    api_secret: str
    label: str
    # A second account of the same server, to check what one account sees of another ("" when none).
    other_key: str = ""
    other_secret: str = ""

    def credentials(self) -> dict[str, str]:
        """The run's credentials as the hooks read them from the environment."""
        pairs = {"NAMI_API_KEY": self.api_key, "NAMI_API_SECRET": self.api_secret}
        if self.other_key and self.other_secret:
            pairs |= {"NAMI_API_KEY_2": self.other_key, "NAMI_API_SECRET_2": self.other_secret}
        return pairs

    def __repr__(self) -> str:
        return f"Target(url={self.url!r}, label={self.label!r})"


def _where(scheme: str | None, host: str | None, port: int | None) -> tuple[str, str, int | None]:
    scheme = (scheme or "").lower()
    host = (host or "").lower().removeprefix("[").removesuffix("]")
    return scheme, host, port if port is not None else DEFAULT_PORTS.get(scheme)


# Characters HTTP stacks disagree about; a base URL never needs them.
_REFUSED = {"\\": "a backslash", "@": "user info ('@')", "%": "a percent sign"}


def _refuse_ambiguous(url: str) -> None:
    if not url.isascii() or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise TargetError("the URL holds spaces, control or non-ASCII characters; write it plainly")
    for mark, what in _REFUSED.items():
        if mark in url:
            raise TargetError(f"the URL holds {what}, which HTTP stacks read differently; refused")


def parse_target_url(url: str) -> tuple[str, str]:
    """The URL as the run will use it (no trailing slash) and its host; TargetError when ambiguous."""
    _refuse_ambiguous(url)
    try:
        parts = urlsplit(url)
        port = parts.port
        readings = {
            "urllib.parse": _where(parts.scheme, parts.hostname, port),
            "urllib3": _where(*_urllib3(url)),
            "httpx": _where(*_httpx(url)),
        }
    except ValueError as exc:
        raise TargetError(f"the URL does not parse: {exc}") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise TargetError("the URL must look like http://host:port (http or https)")
    if parts.username is not None or parts.password is not None:
        raise TargetError("the URL holds user info; pass credentials in NAMI_API_KEY / NAMI_API_SECRET")
    if parts.query or parts.fragment or url.rstrip("/").endswith(("?", "#")):
        raise TargetError("the URL holds a query or a fragment; give only scheme, host, port and path")
    if len(set(readings.values())) != 1:
        seen = ", ".join(f"{name} connects to {host}:{port}" for name, (_, host, port) in readings.items())
        raise TargetError(f"HTTP stacks read this URL differently ({seen}); refused")
    return url.rstrip("/"), readings["urllib3"][1]


def _urllib3(url: str) -> tuple[str | None, str | None, int | None]:
    try:
        parsed = parse_url(url)
    except Exception as exc:  # urllib3 raises its own LocationParseError
        raise ValueError(str(exc)) from None
    if parsed.auth:
        raise ValueError("user info")
    return parsed.scheme, parsed.host, parsed.port


def _httpx(url: str) -> tuple[str | None, str | None, int | None]:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ValueError(str(exc)) from None
    return parsed.scheme, parsed.host, parsed.port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def remote_target(url: str, env: dict[str, str]) -> Target:
    """The server at `url`, with the credentials from the environment."""
    base, host = parse_target_url(url)
    if not is_loopback(host) and env.get("ALLOW_REMOTE") != "1":
        raise TargetError(
            f"refusing to fuzz {host}: Delete All Orders cancels real orders. "
            "Only loopback servers are tested unless you set ALLOW_REMOTE=1."
        )
    api_key, api_secret = env.get("NAMI_API_KEY", ""), env.get("NAMI_API_SECRET", "")
    if not api_key or not api_secret:
        raise TargetError("set NAMI_API_KEY and NAMI_API_SECRET to the server's credentials")
    other_key, other_secret = env.get("NAMI_API_KEY_2", ""), env.get("NAMI_API_SECRET_2", "")
    return Target(base, api_key, api_secret, f"server at {base}", other_key, other_secret)
