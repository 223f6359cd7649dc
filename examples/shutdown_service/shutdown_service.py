"""A trading service's shutdown: cancel every open order with `cancel_all` and say what is left.

A service must not leave orders on the book when it stops. `cancel_all` lists, cancels, and lists
again; what it could not settle is in its report, or, when the exchange refused it outright, in
the error it raised. The shutdown never raises: it returns what an operator needs to know.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nami_client import NamiError, Retry, signed_client
from nami_client.orders import CancelReport, acancel_all, cancel_all

log = logging.getLogger("shutdown_service")


@dataclass
class Shutdown:
    """How the shutdown went: `clean` when every open order is gone."""

    cancelled: int = 0
    left: list[int] = field(default_factory=list)  # displayingIds that may still be open
    error: str | None = None  # why it stopped early: the error's type and message, never a credential

    @property
    def clean(self) -> bool:
        return not self.left and self.error is None


def _summary(report: CancelReport | None, error: NamiError | None = None) -> Shutdown:
    if report is None:
        return Shutdown(error=f"{type(error).__name__}: {error}")
    left = [order.displaying_id for order in report.still_open] + [f.order.displaying_id for f in report.failed]
    gone = len(report.cancelled) + len(report.already_gone)
    return Shutdown(gone, left, None if error is None else f"{type(error).__name__}: {error}")


class OrderService:
    """The part of a service that owns its orders on the exchange."""

    def __init__(self, base_url: str, api_key: str, api_secret: str, *, retry: Retry | None = None) -> None:
        self._base_url, self._api_key, self._api_secret = base_url, api_key, api_secret
        self._retry = retry or Retry(total=5)

    def shutdown(self) -> Shutdown:
        with signed_client(
            self._base_url, api_key=self._api_key, api_secret=self._api_secret, retry=self._retry
        ) as client:
            try:
                result = _summary(cancel_all(client))
            except NamiError as error:
                result = _summary(error.report, error)
        log.info("shutdown: %d orders cancelled, %d left, error %s", result.cancelled, len(result.left), result.error)
        return result

    async def ashutdown(self) -> Shutdown:
        async with signed_client(
            self._base_url, api_key=self._api_key, api_secret=self._api_secret, retry=self._retry
        ) as client:
            try:
                return _summary(await acancel_all(client))
            except NamiError as error:
                return _summary(error.report, error)
