#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs, then runs pytest.
# Needs Python 3.11+. Installs from Debian what is missing (Chromium for the browser tests,
# Node.js and npm for the pinned test tools, Java for the Nu Html Checker), then the npm
# packages pinned in tests/package-lock.json (axe-core, vnu-jar) into tests/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "tests/run.sh: installing from Debian for the tests: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the machine's is used.
npm ci --prefix tests --ignore-scripts --no-audit --no-fund --loglevel=error
python3 -m ruff check generator tests bench
python3 -m ruff format --check generator tests bench
python3 -m mypy
# Two pytest processes (pytest-xdist), one per core of a small machine; each test module runs
# whole in one of them (loadscope), so a module's fixtures are made once, and the sites that
# many modules read are built once for both (conftest.built_once). Modules start in name order
# (no reordering by size), so the accessibility sweeps, the longest work, start first.
python3 -m pytest -n 2 --dist loadscope --no-loadscope-reorder "$@"
