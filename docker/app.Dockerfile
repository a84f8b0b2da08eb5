# Image of our own code: action server, KB loader, web service (web chat, Telegram, Zalo, staff).
FROM python:3.10-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/app.lock requirements/app.lock
RUN pip install --no-cache-dir -r requirements/app.lock
COPY . .
RUN pip install --no-cache-dir --no-deps .
RUN useradd --create-home tthc && chown -R tthc /app
USER tthc
