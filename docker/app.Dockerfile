# Image of our own code: action server, KB loader, web service (web chat, Telegram, Zalo, staff).
FROM python:3.10-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PYTHONPATH=/app:/app/rasa_project PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/app.lock requirements/app.lock
RUN pip install --no-cache-dir -r requirements/app.lock
COPY . .
RUN useradd --create-home tthc && chown -R tthc /app
USER tthc
