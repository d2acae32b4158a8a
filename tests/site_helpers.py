"""Helpers for the browser tests: a local web server, headless Chromium, the built pages.

Chromium is Debian's (`tools/install_browser.sh`), driven by Playwright for Python; no
browser is ever downloaded. Everything is served from 127.0.0.1 and nothing else is
reached: the tests record every request and fail on any other host.
"""

import contextlib
import functools
import http.server
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage",
]
SKIP_DIRS = {"_static", "_sources", "_images", ".pytest_cache", "_downloads"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a browser that drops a connection it no longer needs is not an error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on http://127.0.0.1:<free port> from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def require_chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash tools/install_browser.sh` (as root)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail("playwright is missing: pip install -r requirements-test-full.txt")


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright (sync API)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                    headless=True)
        try:
            yield browser
        finally:
            browser.close()


def built_pages(html_dir):
    """Every HTML page of the built site, as paths relative to ``html_dir`` (posix)."""
    pages = []
    for path in sorted(Path(html_dir).rglob("*.html")):
        rel = path.relative_to(html_dir)
        if SKIP_DIRS & set(rel.parts[:-1]):
            continue
        pages.append(rel.as_posix())
    return pages


def artifact_dir(root, *parts):
    folder = Path(root, "test-artifacts", *parts)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
