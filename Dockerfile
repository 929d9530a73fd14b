# networkhub production image: Django + gunicorn; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries (Pango >= 1.44, HarfBuzz subset), open fonts for the PDFs,
# shared-mime-info for file type detection.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        fonts-liberation2 \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

# Non-root user. /data (DATA_DIR: media, celerybeat schedule) is created here owned by app,
# so that an empty named volume mounted on it inherits that ownership.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app \
    && mkdir -p /app /data \
    && chown app:app /app /data

WORKDIR /app

COPY requirements*.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .

USER app

# Compiled catalogues (*.mo) are not in git; static files are collected without secrets.
RUN pybabel compile -d locale -D django \
    && DJANGO_ENV=build python manage.py collectstatic --noinput

ENV DJANGO_ENV=production \
    DATA_DIR=/data

EXPOSE 8000

# Liveness (/livez), not /healthz: a broker or cache outage must not get the web container restarted.
# Host: the first ALLOWED_HOSTS entry (127.0.0.1 may not be allowed in production);
# X-Forwarded-Proto: https so that SECURE_SSL_REDIRECT does not redirect the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.').replace('*', 'localhost') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/livez', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
