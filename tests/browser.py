"""A page shown in a real browser: headless Chromium driven over the DevTools protocol.

`Browser(chromium)` starts Debian's `chromium` headless with networking off and
a fresh profile; `show(path)` loads a file by its file URL and returns what the
rendered DOM shows (`innerText`, the serialised document, every URL the page
asked for) and a full-page PNG screenshot. `find_chromium()` says where the
browser is, or None.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import attrs

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
A4_WIDTH = 1240  # pixels of an A4 page's width at 150 dpi


def find_chromium() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@attrs.frozen
class ShownPage:
    text: str  # document.body.innerText: what is visible
    html: str  # document.documentElement.outerHTML
    requests: tuple[str, ...]  # every URL the page asked for, the page's own first
    scripts: int
    svg_charts: int
    screenshot: bytes  # PNG


class DevTools:
    """One page target, spoken to with numbered commands; events are kept as they arrive."""

    def __init__(self, url: str) -> None:
        import websocket

        self.socket = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.events: list[dict[str, Any]] = []
        self.next_id = 0

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {timeout} s")
            self.events.append(json.loads(self.socket.recv()))

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def close(self) -> None:
        self.socket.close()


@contextmanager
def _browser(chromium: str) -> Iterator[str]:
    """A running headless browser; gives the WebSocket URL of its first page."""
    with tempfile.TemporaryDirectory(
        prefix="notice-browser-", ignore_cleanup_errors=True
    ) as profile:
        process = subprocess.Popen(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its helper processes share its group, ended with it
        )
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 60
            while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{chromium} did not start (exit {process.poll()})")
                time.sleep(0.1)
            port = port_file.read_text().split()[0]
            # The DevTools endpoint listens on loopback only; the page itself is offline.
            loopback = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with loopback.open(f"http://127.0.0.1:{port}/json/list", timeout=30) as r:
                targets = json.load(r)
            yield next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        finally:
            _end(process)


def _end(process: subprocess.Popen[bytes]) -> None:
    """End the browser this module started, and the helpers in its process group."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    time.sleep(0.2)  # let the helpers leave the profile directory before it is removed


class Browser:
    """A headless Chromium started once, showing one page after another in a fresh profile."""

    def __init__(self, chromium: str) -> None:
        self._running = _browser(chromium)
        self.page = DevTools(self._running.__enter__())
        self.page.send("Network.enable")
        self.page.send(
            "Network.emulateNetworkConditions",
            offline=True,
            latency=0,
            downloadThroughput=-1,
            uploadThroughput=-1,
        )
        self.page.send("Page.enable")

    def show(self, path: Path) -> ShownPage:
        page = self.page
        self._viewport(1754)
        page.events.clear()
        page.send("Page.navigate", url=path.resolve().as_uri())
        page.wait_for("Page.loadEventFired")
        requests = tuple(
            e["params"]["request"]["url"]
            for e in page.events
            if e.get("method") == "Network.requestWillBeSent"
        )
        self._viewport(int(page.evaluate("document.documentElement.scrollHeight")))
        shot = page.send("Page.captureScreenshot", format="png")
        return ShownPage(
            text=page.evaluate("document.body.innerText"),
            html=page.evaluate("document.documentElement.outerHTML"),
            requests=requests,
            scripts=int(page.evaluate("document.querySelectorAll('script').length")),
            svg_charts=int(page.evaluate("document.querySelectorAll('figure svg').length")),
            screenshot=base64.b64decode(shot["data"]),
        )

    def _viewport(self, height: int) -> None:
        self.page.send(
            "Emulation.setDeviceMetricsOverride",
            width=A4_WIDTH,
            height=max(height, 200),
            deviceScaleFactor=1,
            mobile=False,
        )

    def close(self) -> None:
        self.page.close()
        self._running.__exit__(None, None, None)


def screenshot_is_blank(png: bytes) -> bool:
    """True when the image is one colour, or almost nothing on it differs from its background."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    low, high = image.getextrema()
    if low == high:
        return True
    histogram = image.histogram()
    background = max(range(256), key=histogram.__getitem__)
    inked = sum(n for shade, n in enumerate(histogram) if abs(shade - background) > 32)
    return inked < image.width * image.height / 1000
