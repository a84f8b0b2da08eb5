"""Typed errors raised by the connectors package."""

from __future__ import annotations


class ConnectorError(Exception):
    """Base class of every connector error."""


class RasaError(ConnectorError):
    """Rasa could not answer a message."""


class RasaUnavailable(RasaError):
    """Rasa refused the connection or is not reachable."""


class RasaTimeout(RasaError):
    """Rasa did not answer within the configured time."""


class RasaBadResponse(RasaError):
    """Rasa answered with an HTTP error or a body that is not a list of messages."""


class ZaloError(ConnectorError):
    """Base class of Zalo OA API errors."""


class ZaloApiError(ZaloError):
    """The Zalo envelope carried `error != 0`."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"Zalo error {code}: {message}")


class ZaloTokenInvalid(ZaloApiError):
    """The access token is invalid or expired (-216, -220): refresh once and retry."""


class ZaloWindowClosed(ZaloApiError):
    """The user has not interacted recently (-230, -232): do not retry."""


class ZaloRateLimited(ZaloApiError):
    """The OA or app reached its call limit (-32): back off and retry."""


class ZaloTransportError(ZaloError):
    """The Zalo API could not be reached or answered with a non-JSON body."""


class ZaloTokenRefreshError(ZaloError):
    """The OAuth refresh failed; a human must re-authorise the OA."""


class ZaloNoToken(ZaloError):
    """No access token is configured or stored."""
