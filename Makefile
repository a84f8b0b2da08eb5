# Two commands matter: `make run` (set up and start on embedded defaults) and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python

.PHONY: run test setup kb nlu-lookup train eval bench lint stack clean

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
	@$(PY) -m bench.answer_length

lint: setup
	@.venv/bin/ruff check common vi_text procedures_kb pakn bot connectors rasa_project/vi_nlu fakes tests bench
	@.venv/bin/mypy common vi_text procedures_kb pakn bot connectors fakes

clean:
	rm -rf var rasa_project/models rasa_project/.rasa
