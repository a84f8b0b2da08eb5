"""`create_app(settings)`: the FastAPI app on port 8000 (web chat, webhooks, internal API, health)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from common.db import utcnow
from common.handover_settings import HandoverSettings
from common.settings import ConnectorSettings
from connectors.runtime import ConnectorRuntime
from connectors.telegram.webhook import router as telegram_router
from connectors.web.deps import get_runtime
from connectors.web.internal import build_internal_router
from connectors.web.limits import BodyLimit, BodyTooLarge, body_too_large_handler
from connectors.webchat.router import STATIC_DIR
from connectors.webchat.router import router as webchat_router
from connectors.zalo.webhook import router as zalo_router

health_router = APIRouter()


@health_router.get("/healthz", include_in_schema=False)
async def healthz(request: Request) -> JSONResponse:
    """Liveness plus which channels are up."""
    runtime = get_runtime(request)
    telegram = runtime.telegram
    return JSONResponse(
        {
            "status": "ok",
            "channels": runtime.outbound.channels,
            "telegram": None if telegram is None else {"mode": telegram.mode,
                                                        "ready": telegram.ready},
            "queued_turns": runtime.tasks.pending,
        }
    )


async def _internal_error(_request: Request, _exc: Exception) -> JSONResponse:
    """Last resort (logged by Starlette): a Vietnamese 500 that says nothing about the inside."""
    return JSONResponse({"error": "Xin lỗi, hệ thống gặp lỗi. Bạn vui lòng thử lại sau."}, status_code=500)


def create_app(
    settings: ConnectorSettings | None = None,
    *,
    telegram_polling: bool = False,
    routers: Sequence[APIRouter] = (),
    handover_settings: HandoverSettings | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """Build the web service; services start in the lifespan (so nothing runs at import).

    `telegram_polling=True` runs Telegram long polling inside this process (use it in exactly
    one process per bot token). Extra pages mount like the built-in ones:
    `create_app(settings, routers=[staff_router])` or `app.include_router(staff_router)`;
    their handlers reach the services via `connectors.web.deps.get_runtime(request)`, e.g.
    `await get_runtime(request).outbound.send_to_citizen(channel, sender_id, text)` and
    `get_runtime(request).undelivered.list()`. `clock` dates handovers and ratings (office hours
    are judged on it); `handover_settings` default to HANDOVER_* from the environment. With STAFF_API_TOKEN set, other processes send
    through `POST /internal/outbound` (see `connectors.core.outbound.send_to_citizen`).
    """
    settings = settings or ConnectorSettings.from_env()
    settings.check()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = ConnectorRuntime(settings, telegram_polling=telegram_polling,
                                   handover_settings=handover_settings, clock=clock)
        await runtime.start()
        app.state.runtime = runtime
        try:
            yield
        finally:
            app.state.runtime = None
            await runtime.stop()

    app = FastAPI(
        title="Trợ lý thủ tục hành chính",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.runtime = None
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(BodyTooLarge, body_too_large_handler)
    app.add_exception_handler(Exception, _internal_error)
    app.include_router(webchat_router)
    app.mount("/webchat/static", StaticFiles(directory=STATIC_DIR), name="webchat-static")
    app.include_router(telegram_router)
    app.include_router(zalo_router)
    app.include_router(health_router)
    if settings.internal_api_enabled:  # otherwise /internal/outbound does not exist (404)
        app.include_router(build_internal_router(settings.staff_api_token.get_secret_value()))
    for extra in routers:
        app.include_router(extra)
    return app
