"""Regenerates web/icons/*.png from the SVGs.

Run `.venv/bin/python -m tests.support.render_icons` from the project root.
Uses Debian's Chromium via Playwright; never `playwright install` (no downloads).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

ICONS = Path(__file__).resolve().parents[2] / "web" / "icons"

# (output PNG, source SVG, size in px). icon.svg has rounded corners that must
# stay transparent; the maskable art is full-bleed, and iOS wants an opaque
# square (it rounds the corners itself and shows transparency as black).
TARGETS = [
    ("icon-192.png", "icon.svg", 192),
    ("icon-512.png", "icon.svg", 512),
    ("icon-maskable-512.png", "icon-maskable.svg", 512),
    ("apple-touch-icon.png", "icon-maskable.svg", 180),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PAGE = (
    "<!doctype html><html><head><style>"
    "html,body{margin:0;padding:0;background:transparent;overflow:hidden}"
    "svg{display:block;width:100vw;height:100vh}"
    "</style></head><body>{svg}</body></html>"
)


def render() -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        for png, svg, size in TARGETS:
            page.set_viewport_size({"width": size, "height": size})
            page.set_content(PAGE.replace("{svg}", (ICONS / svg).read_text()))
            # Chromium paints a white page background unless told to omit it;
            # only the rounded icon needs it omitted (for transparent corners).
            rounded = svg == "icon.svg"
            page.screenshot(path=str(ICONS / png), omit_background=rounded)
            print(f"wrote {png} ({(ICONS / png).stat().st_size} bytes)")
        browser.close()


if __name__ == "__main__":
    render()
