# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: setup setup-test demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/workbench score corpora/sample --to es,pt-BR,fr --db demo.db

setup-test:
	bash scripts/setup.sh --test

test: setup-test
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check workbench tests bench
	.venv/bin/ruff format --check workbench
	.venv/bin/mypy workbench --exclude 'workbench/(app|messages)\.py|workbench/(screens|widgets)/'
