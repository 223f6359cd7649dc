"""A client library for accessing Nami Exchange Spot API — Delete All Orders"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
