# IVDD Home PT server. SQLite in the /data volume by default; set DATABASE_URL for PostgreSQL.
#   docker build -t ivdd-pt .
#   docker run -p 8000:8000 -v ivdd-data:/data ivdd-pt
# For a clinic (HTTPS, PostgreSQL, several workers): deploy/compose.yaml and the README.

# Stage 1: the wheel. It carries the templates, the stylesheet, the routine content and the app's
# files (setup.py), so the image needs no source tree. tests/deploy builds it from these COPYs.
FROM python:3.11-slim AS wheel
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY app ./app
COPY content ./content
COPY web ./web
RUN pip wheel --no-deps --wheel-dir /wheels .

# Stage 2: the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    IVDD_DATA_DIR=/data

RUN groupadd --system --gid 10001 ivdd \
 && useradd --system --create-home --uid 10001 --gid ivdd ivdd \
 && mkdir -p /data && chown ivdd:ivdd /data

# Dependencies first, read from pyproject.toml alone, so a code change does not reinstall them.
COPY pyproject.toml /tmp/pyproject.toml
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('/tmp/pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/pyproject.toml /tmp/requirements.txt
# Then the code: the wheel alone, its dependencies already there.
COPY --from=wheel /wheels /wheels
RUN pip install --no-deps /wheels/*.whl && rm -rf /wheels

USER ivdd
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status != 200)"
# More worker processes: add --workers N (deploy/compose.yaml does); migrations still run once.
CMD ["ivdd-pt", "serve", "--host", "0.0.0.0", "--port", "8000"]
