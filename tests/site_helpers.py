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


@contextlib.contextmanager
def jupyterlab_server(root, tmp):
    """A JupyterLab server on 127.0.0.1 serving ``root``; yields ``(url, token)``.

    Throw-away config, runtime, settings and workspace folders under ``tmp``: every cell is
    rendered (no windowing), no news toast, no update check. The server is stopped on exit.
    """
    import json
    import os
    import secrets
    import subprocess
    import time
    import urllib.request

    settings = Path(tmp) / "settings"
    # Render every cell (JupyterLab 4 otherwise only puts the cells on screen in the DOM).
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    # No "get notified about Jupyter news?" toast over the screenshots, no news fetch.
    notes = settings / "@jupyterlab" / "apputils-extension"
    notes.mkdir(parents=True)
    (notes / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(Path(tmp) / "config"),
               JUPYTER_RUNTIME_DIR=str(Path(tmp) / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(Path(tmp) / "workspaces"))
    log_path = Path(tmp) / "jupyterlab.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.expose_app_in_browser=True"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + log_path.read_text()[-3000:])
                time.sleep(0.5)
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
