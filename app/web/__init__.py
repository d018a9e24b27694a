"""The PWA's files (web/) turned into precomputed resources under one build version."""

from app.web.build import WebBuild, is_app_route, load_web_build

__all__ = ["WebBuild", "is_app_route", "load_web_build"]
