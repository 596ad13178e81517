# cnnvis: the web app and REST API, served by uvicorn as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1

WORKDIR /srv/cnnvis

# Dependencies first (cached while only the code changes), then the code.
COPY pyproject.toml README.md ./
COPY engine/ engine/
COPY app/ app/
RUN pip install .

# templates/ and static/ are found in the working directory (app/paths.py).
COPY templates/ templates/
COPY static/ static/

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin cnnvis
USER cnnvis

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status == 200 else 1)"]

CMD ["cnnvis", "serve", "--host", "0.0.0.0"]
