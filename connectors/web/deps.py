"""Request-scoped access to the running connector services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import HTTPException, Request

if TYPE_CHECKING:
    from connectors.runtime import ConnectorRuntime


def get_runtime(request: Request) -> ConnectorRuntime:
    """The runtime started by the app's lifespan (503 while starting or stopping)."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise HTTPException(status_code=503, detail="service starting")
    return runtime
