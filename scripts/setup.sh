#!/usr/bin/env bash
# Install workbench and everything it needs into ./.venv (idempotent).
# torch is pinned to the CPU build before anything that depends on it: a plain `torch`
# requirement would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/pip install -q "torch==2.13.0" 2> >(grep -v "is ignored" >&2)
.venv/bin/pip install -q -e ".[dev,serve]" 2> >(grep -v "is ignored" >&2)

# apertium: the rule-based MT engine (en<->es, es<->pt, es<->fr). Needs root or sudo.
APERTIUM_PKGS="apertium apertium-eng-spa apertium-es-pt apertium-fr-es"
modes=$(command -v apertium >/dev/null 2>&1 && apertium -l 2>/dev/null || true)
if grep -q 'eng-spa' <<<"$modes" && grep -q 'es-pt' <<<"$modes" && grep -q 'fr-es' <<<"$modes"; then
  echo "setup: apertium already installed"
elif [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APERTIUM_PKGS >/dev/null
  echo "setup: installed apertium ($APERTIUM_PKGS)"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APERTIUM_PKGS >/dev/null
  echo "setup: installed apertium with sudo ($APERTIUM_PKGS)"
else
  echo "setup: SKIPPED apertium (needs root or sudo): run 'sudo apt-get install -y $APERTIUM_PKGS'." >&2
  echo "setup: without it, install Argos packages ('workbench models install FILE.argosmodel')." >&2
fi
