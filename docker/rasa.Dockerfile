# Image of the Rasa server with the trained model baked in (trained at build time from rasa_project/).
FROM python:3.10-slim
WORKDIR /app/rasa_project
ENV PYTHONUNBUFFERED=1 PYTHONPATH=/app/rasa_project RASA_TELEMETRY_ENABLED=false PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/rasa.lock /app/requirements/rasa.lock
RUN pip install --no-cache-dir -r /app/requirements/rasa.lock
# The Rasa components import vi_text: install it (the repository's pyproject; only vi_text is copied).
COPY pyproject.toml /app/pyproject.toml
COPY vi_text/ /app/vi_text/
RUN pip install --no-cache-dir --no-deps /app
COPY rasa_project/ /app/rasa_project/
RUN rasa train --domain domain --out models --fixed-model-name tthc && useradd --create-home rasa && chown -R rasa /app
USER rasa
