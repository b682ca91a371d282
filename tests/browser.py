"""Open a page in real headless Chromium and drive it over the DevTools protocol.

Chromium is started with --remote-debugging-pipe: protocol messages are JSON texts ended
by a NUL byte, written to its file descriptor 3 and read from its descriptor 4, so no
port, websocket library or driver is needed. `open_page()` loads a file and returns what
a person would see and what the console said: the errors, every URL the page requested,
the value of a JavaScript expression, and a full-page PNG screenshot.

    python tests/browser.py report.html shot.png   # the same by hand
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@dataclass
class Page:
    errors: list[str] = field(default_factory=list)  # console errors, uncaught exceptions, failed loads
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    value: object = None  # the `evaluate` expression's value once `ready` held
    screenshot: bytes = b""


class _Pipe:
    def __init__(self, binary: str, profile: str):
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        # descriptors 3 and 4 of the child: moved out of the way first, then duplicated there
        high_in = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
        high_out = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
        os.close(to_browser)
        os.close(from_browser)

        def child():
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.proc = subprocess.Popen([binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                                      "about:blank"], pass_fds=(3, 4), preexec_fn=child,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(high_in)
        os.close(high_out)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    def send(self, method: str, session: str | None = None, timeout: float = 30, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self.receive(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self, deadline: float) -> dict:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._write)
        os.close(self._read)


def open_page(path: Path, ready: str, evaluate: str, width: int = 1280, timeout: float = 60) -> Page:
    """Load the file `path`, wait until the JavaScript `ready` is true, then read `evaluate`
    and take a full-page screenshot."""
    binary = chromium()
    if binary is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    page = Page()
    with tempfile.TemporaryDirectory(prefix="newslint-chromium-") as profile:
        pipe = _Pipe(binary, profile)
        try:
            target = pipe.send("Target.createTarget", url="about:blank")["targetId"]
            session = pipe.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                pipe.send(f"{domain}.enable", session)
            pipe.send("Emulation.setDeviceMetricsOverride", session, width=width, height=900,
                      deviceScaleFactor=1, mobile=False)
            pipe.send("Page.navigate", session, url=path.resolve().as_uri())
            deadline = time.monotonic() + timeout
            while not pipe.send("Runtime.evaluate", session, expression=f"!!({ready})",
                                returnByValue=True)["result"].get("value"):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the page was not ready: {ready}")
                time.sleep(0.2)
            time.sleep(0.5)  # let late errors arrive
            page.value = pipe.send("Runtime.evaluate", session, expression=evaluate,
                                   returnByValue=True)["result"].get("value")
            height = pipe.send("Runtime.evaluate", session, expression="document.documentElement.scrollHeight",
                               returnByValue=True)["result"]["value"]
            pipe.send("Emulation.setDeviceMetricsOverride", session, width=width, height=min(height, 16000),
                      deviceScaleFactor=1, mobile=False)
            shot = pipe.send("Page.captureScreenshot", session, format="png", timeout=120)
            page.screenshot = base64.b64decode(shot["data"])
        finally:
            pipe.close()
    for event in pipe.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            page.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            page.errors.append(params["exceptionDetails"].get("exception", {}).get("description")
                               or params["exceptionDetails"].get("text"))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            page.errors.append(params["entry"].get("text"))
        elif method == "Network.requestWillBeSent":
            page.requests.append(params["request"]["url"])
        elif method == "Network.loadingFailed":
            page.errors.append(f"loading failed: {params.get('errorText')}")
    return page


if __name__ == "__main__":
    seen = open_page(Path(sys.argv[1]), "document.readyState === 'complete'",
                     "document.querySelectorAll('.js-plotly-plot .main-svg').length")
    Path(sys.argv[2]).write_bytes(seen.screenshot)
    print(json.dumps({"errors": seen.errors, "requests": seen.requests, "charts": seen.value}, indent=1))
