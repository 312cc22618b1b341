# One image for web, worker and beat (production settings).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=iwg.settings.production
WORKDIR /app
# postgresql-client: pg_dump and pg_restore for `manage.py backup` and `restore` (match the server's major version).
# Pango and DejaVu fonts: WeasyPrint (meeting pack, minutes, case-file PDF) with Cyrillic and Kazakh glyphs.
RUN apt-get update && apt-get install -y --no-install-recommends gettext postgresql-client \
    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
# The lock file: every package pinned with its hashes (make lock), so every image installs the same bytes.
COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
# collectstatic needs settings that import cleanly; these values exist only during the build.
RUN DJANGO_SECRET_KEY=build DJANGO_ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db REDIS_URL=redis://build:6379/0 \
    python manage.py collectstatic --no-input
RUN useradd --create-home --uid 1000 iwg && mkdir -p /data/documents && chown iwg /data/documents
USER iwg
EXPOSE 8000
CMD ["gunicorn", "iwg.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
