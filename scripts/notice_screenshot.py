"""Write docs/notice-coal.png: the first A4 page of the coal plan's public notice in Chromium.

Run after `make demo` (which writes out/demo/coal-notice.html); needs Debian's
`chromium` and the dev extra (Pillow). The browser is driven by tests/browser.py,
the same driver the notice's tests use.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import A4_WIDTH, Browser, find_chromium  # noqa: E402

A4_HEIGHT = round(A4_WIDTH * 297 / 210)


def main() -> int:
    page = ROOT / "out" / "demo" / "coal-notice.html"
    chromium = find_chromium()
    if chromium is None or not page.exists():
        print("needs chromium and out/demo/coal-notice.html (make demo)", file=sys.stderr)
        return 2
    browser = Browser(chromium)
    try:
        shown = browser.show(page)
    finally:
        browser.close()
    image = Image.open(io.BytesIO(shown.screenshot))
    first_page = image.crop((0, 0, image.width, min(image.height, A4_HEIGHT)))
    target = ROOT / "docs" / "notice-coal.png"
    # A page of text and flat colours: a 64-colour palette keeps it sharp and small.
    first_page.convert("RGB").quantize(colors=64).save(target, optimize=True)
    print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
