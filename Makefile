# Opvanglijn. `make help` lists the targets. `make run` and `make test` bootstrap everything.
SHELL := /bin/bash
VENV  := .venv/bin
RASA  := $(VENV)/rasa
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install run chat train validate test test-unit test-stories test-scenarios bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

install: ## create .venv and install the locked dependencies (only when needed)
	@scripts/bootstrap.sh

run: install ## start the hotline: registry, model (trained if stale), all servers
	@$(VENV)/hotline start

chat: install ## chat with the running hotline from this terminal
	@$(VENV)/hotline chat

train: install ## train the model if domain.yml, config.yml or data/ changed
	@$(VENV)/hotline train

validate: install ## rasa data validate, failing on any warning
	@$(RASA) data validate --fail-on-warnings > var/validate.log 2>&1 || { cat var/validate.log; exit 1; }
	@echo "rasa data validate: clean"

test-unit: install ## pytest: bot/, actions, registry on SQLite and PostgreSQL
	@$(VENV)/python -m pytest -m "not model" -q

test-stories: train ## story tests against the trained model, failing on any prediction error
	@$(RASA) test core --model models/opvanglijn.tar.gz --stories tests/test_stories.yml \
		--fail-on-prediction-errors --out results/stories > var/test-stories.log 2>&1 \
		|| { tail -n 40 var/test-stories.log; cat results/stories/failed_test_stories.yml 2>/dev/null; exit 1; }
	@echo "story tests: all passed"

test-scenarios: train ## pytest tests that need the trained model (NLU, REST conversations)
	@$(VENV)/python -m pytest -m model -q

test: install validate test-unit test-stories test-scenarios ## everything CI runs

bench: install ## benchmarks; figures go to docs/benchmarks.md by hand, see bench/README.md
	@$(VENV)/python -m bench.search_latency

clean: ## remove trained models, results and local state (keeps .venv)
	rm -rf models results var
