# Two commands matter: `make run` (set up and start on embedded defaults) and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: run test setup kb nlu-lookup train eval bench fuzz lint stack clean scale bench-scale bench-replica

setup:
	@bash scripts/setup.sh

kb: setup
	@$(PY) -m procedures_kb load

nlu-lookup: setup
	@$(PY) -m procedures_kb export-nlu

train: nlu-lookup
	@bash scripts/train.sh

run: kb train
	@bash scripts/run.sh

test: train
	@$(PY) -m pytest

eval: kb train
	@.venv/bin/python -m bench.outcome_eval --split test
	@RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=rasa_project .venv-rasa/bin/python -m bench.nlu_eval

bench: kb train
	@$(PY) -m bench.kb_search_bench
	@$(PY) -m bench.connectors_bench
	@$(PY) -m bench.console_bench
	@$(PY) -m bench.answer_length
	@RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 PYTHONPATH=rasa_project:. .venv-rasa/bin/python -m bench.parse_profile

# Issue 13: >= 10,000 generated inputs across the web chat, Telegram and Zalo webhooks (fakes) and the real
# Rasa REST entry; prints the figures (responses >= 500, unanswered messages, health). `make test` runs 300.
fuzz: kb train
	@$(PY) -m bench.fuzz_entries --examples 10000
	@$(PY) -m bench.fuzz_entries --examples 1000 --with-rasa

# Issue 16: the production topology from the local PostgreSQL, Redis and RabbitMQ: nginx in front of 2 web
# processes, 2 Rasa replicas (PostgreSQL trackers, Redis locks, RabbitMQ events), 2 action servers.
scale: train
	@$(PY) -m bot.topology

# Issue 16 (not part of make test): one replica's speed next to `make run`'s, then the load-and-failure run
# against the topology (human-paced citizens, a saturation run, SIGKILL of a Rasa replica and a web process).
bench-replica: train
	@nice -n 10 $(PY) -m bench.replica_bench

bench-scale: train
	@nice -n 10 $(PY) -m bench.scale_bench

lint: setup
	@.venv/bin/ruff check common vi_text procedures_kb pakn handover bot connectors console rasa_project/vi_nlu fakes tests bench
	@.venv/bin/mypy common vi_text procedures_kb pakn handover bot connectors console fakes

clean:
	rm -rf var rasa_project/models rasa_project/.rasa
