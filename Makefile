# The two commands a newcomer needs: `make demo` and `make test`.
.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/workbench roundtrip --to es,pt-BR,fr \
	  "Thanks for reaching out! We'll get back to you within 2 days about your refund for order {order_id}."

test: setup
	.venv/bin/python -m pytest -q

lint: setup
	.venv/bin/ruff check workbench tests bench
