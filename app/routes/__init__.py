"""Thin routers, one concern per file. Everything of the API lives under /api/v1.

The routine is the exception to FastAPI routing: a plain Starlette route (see routine.py).
"""

from fastapi import APIRouter

from app.routes import devices, health, push, schema, sync

api_router = APIRouter(prefix="/api/v1")
api_router.include_router(health.router)
api_router.include_router(schema.router)
api_router.include_router(devices.router)
api_router.include_router(sync.router)
api_router.include_router(push.router)
