# cnnvis: the web app and REST API, served by uvicorn as a non-root user.
# Stage 1 builds the wheel (templates/ and static/ are mapped into it as app/templates and
# app/static, see pyproject.toml); stage 2 installs only that wheel, so the image runs exactly
# what `pip install cnnvis-*.whl` gives anyone else, from any folder.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY engine/ engine/
COPY app/ app/
COPY templates/ templates/
COPY static/ static/
RUN pip wheel --no-deps -w /dist .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1

COPY --from=build /dist/ /tmp/dist/
RUN pip install /tmp/dist/*.whl && rm -rf /tmp/dist

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin cnnvis
USER cnnvis
# An empty working folder: the pages come from the installed package.
WORKDIR /tmp

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status == 200 else 1)"]

CMD ["cnnvis", "serve", "--host", "0.0.0.0"]
