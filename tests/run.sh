#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: installs what it needs, then runs pytest.
# Needs Python 3.11+; installs Debian's Chromium for the browser tests when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "tests/run.sh: installing Chromium (Debian package) for the browser tests" >&2
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
    fi
fi

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
python3 -m ruff check generator tests
python3 -m pytest "$@"
