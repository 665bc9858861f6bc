"""Fixtures for the tests through the real nginx: a `deploy/serve.py` deployment on free ports.

Used here and, imported, by tests/browser/test_proxy_browser.py (Chromium through nginx; it
lives beside the other browser tests to share their one Playwright browser).

Without nginx (Debian's package, `apt-get install nginx`) the tests skip locally, with the
reason, and fail in CI (``CI=true``), like the browser tests without Chromium.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator

import pytest

from deploy.serve import Deployment, find_nginx, free_port

COOKIE = "crisis_route"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/proxy" in str(item.fspath):
            item.add_marker(pytest.mark.proxy)


@pytest.fixture(scope="session")
def nginx() -> str:
    found = find_nginx()
    if found is None:
        reason = "nginx not found (apt-get install nginx)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def deployment(nginx, tmp_path_factory) -> Iterator[Deployment]:
    """nginx in front of two replicas, for the tests of one module (config and logs, with
    nginx's access log naming the replica of every request, stay in pytest's temp dir)."""
    run_dir = tmp_path_factory.mktemp("serve")
    with Deployment(port=free_port(), replicas=2, run_dir=run_dir) as d:
        yield d


def upstream(url: str, cookie: str | None = None, **headers: str) -> tuple[str, dict[str, str]]:
    """(X-Upstream, response headers) of a GET through the proxy."""
    if cookie is not None:
        headers["Cookie"] = f"{COOKIE}={cookie}"
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
        return r.headers["X-Upstream"], {k.lower(): v for k, v in r.headers.items()}


def cookie_for(d: Deployment, address: str, prefix: str = "visitor") -> str:
    """A route cookie value that nginx sends to the replica at ``address``."""
    for i in range(200):
        value = f"{prefix}-{i}"
        if upstream(f"{d.url}/_stcore/health", value)[0] == address:
            return value
    raise AssertionError(f"no cookie value among 200 routes to {address}")
