#!/usr/bin/env bash
# Installs the Debian packages Arbor builds and tests with (and the Python package gymnasium), when they are missing.
# Idempotent: a machine that has them all is left alone and nothing is downloaded.
set -euo pipefail

packages=(libsqlite3-dev libncurses-dev libcurl4-openssl-dev tmux sqlite3 python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# gymnasium for the FrozenLake example of the external environment adapter (its test skips without it).
install_python_packages() {
    python3 -c "import gymnasium" 2>/dev/null && return 0
    echo "arbor: installing the Python package gymnasium" >&2
    python3 -m pip install --quiet gymnasium >/dev/null 2>&1 \
        || python3 -m pip install --quiet --break-system-packages gymnasium >/dev/null 2>&1 \
        || echo "arbor: could not pip install gymnasium; the FrozenLake test will be skipped" >&2
}

if [ ${#missing[@]} -eq 0 ]; then
    install_python_packages
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "arbor: missing system packages: ${missing[*]}" >&2
    echo "arbor: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "arbor: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_python_packages
