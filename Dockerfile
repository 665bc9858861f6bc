# The dashboard as a container: `docker build -t crisis-dashboard .` then
# `docker run --rm -p 8501:8501 crisis-dashboard` and open http://localhost:8501.
# README.md, "Hosting and sharing", has the details (a database file, a reverse proxy).
# tests/test_hosting.py reads this file: it starts the app with exactly the CMD below and checks
# the health endpoint, the non-root user and that every COPY source exists.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# Optional, at run time: CRISIS_DB=/db/crisis.duckdb serves a database file written by
# `python -m crisis build-db` (opened read-only; mount its directory with `:ro`) instead of the
# bundled CSV tables. data/ is still needed for source texts and map geometry.

WORKDIR /app

# dependencies first, so editing the app does not reinstall them; runtime pins only (no dev tools)
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# a fixed unprivileged uid (runAsNonRoot-friendly); the app files stay owned by root, read-only
RUN useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin app

COPY dashboard.py ./
COPY crisis/ ./crisis/
COPY components/ ./components/
COPY pages/ ./pages/
COPY data/ ./data/
COPY .streamlit/ ./.streamlit/

USER 10001:10001

EXPOSE 8501

# slim has no curl: ask the server with Python's urllib (answers "ok" once it serves requests);
# honours STREAMLIT_SERVER_BASE_URL_PATH when the app is served under a sub-path
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; b = os.environ.get('STREAMLIT_SERVER_BASE_URL_PATH', '').strip('/'); u = 'http://127.0.0.1:8501/' + (b + '/' if b else '') + '_stcore/health'; sys.exit(0 if urllib.request.urlopen(u, timeout=4).read() == b'ok' else 1)"]

CMD ["streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
