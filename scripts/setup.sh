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

WITH_TEST_TOOLS=0
[ "${1:-}" = "--test" ] && WITH_TEST_TOOLS=1

# Debian packages need root or sudo; without either, say what to run and go on.
apt_install() {
  local what=$1; shift
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    echo "setup: installed $what ($*)"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    echo "setup: installed $what with sudo ($*)"
  else
    echo "setup: SKIPPED $what (needs root or sudo): run 'sudo apt-get install -y $*'." >&2
    return 1
  fi
}

# apertium: the rule-based MT engine (en<->es, es<->pt, es<->fr).
APERTIUM_PKGS="apertium apertium-eng-spa apertium-es-pt apertium-fr-es"
modes=$(command -v apertium >/dev/null 2>&1 && apertium -l 2>/dev/null || true)
if grep -q 'eng-spa' <<<"$modes" && grep -q 'es-pt' <<<"$modes" && grep -q 'fr-es' <<<"$modes"; then
  echo "setup: apertium already installed"
elif ! apt_install apertium $APERTIUM_PKGS; then
  echo "setup: without it, install Argos packages ('workbench models install FILE.argosmodel')." >&2
fi

# Spelling (qa.spelling): the Enchant library PyEnchant loads, and Hunspell dictionaries for the
# target languages workbench knows. Without them qa.spelling reports itself as not run.
SPELL_PKGS="libenchant-2-2 hunspell-de-de hunspell-es hunspell-fr hunspell-pt-br hunspell-it hunspell-nl hunspell-pl hunspell-ru"
if .venv/bin/python -c 'import enchant, sys; sys.exit(not enchant.dict_exists("de_DE"))' 2>/dev/null; then
  echo "setup: spelling dictionaries already installed"
elif ! apt_install "spelling dictionaries (qa.spelling)" $SPELL_PKGS; then
  echo "setup: qa.spelling will report that it did not run." >&2
fi

# Test tools only (make test): headless Chromium opens the HTML report in the browser tests.
if [ "$WITH_TEST_TOOLS" = 1 ]; then
  if command -v chromium >/dev/null 2>&1; then
    echo "setup: chromium already installed"
  elif ! apt_install "chromium (HTML report tests)" chromium; then
    echo "setup: the HTML report browser tests will fail without chromium." >&2
  fi
fi
