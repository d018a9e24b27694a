# IVDD Home PT server. SQLite in the /data volume by default; set DATABASE_URL for PostgreSQL.
#   docker build -t ivdd-pt .
#   docker run -p 8000:8000 -v ivdd-data:/data ivdd-pt
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    IVDD_DATA_DIR=/data \
    IVDD_CONTENT_DIR=/srv/ivdd/content \
    IVDD_WEB_DIR=/srv/ivdd/web

RUN useradd --system --create-home --uid 10001 ivdd \
 && mkdir -p /data && chown ivdd:ivdd /data

WORKDIR /srv/ivdd
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install .
COPY content ./content
COPY web ./web

USER ivdd
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status != 200)"
CMD ["ivdd-pt", "serve", "--host", "0.0.0.0", "--port", "8000"]
