#!/usr/bin/env bash
# Installs the Debian packages Arbor builds and tests with (PostgreSQL's server for the store's PostgreSQL tests,
# which start their own; with Chromium and its driver for the MiniWoB++ benchmark)
# and the Python packages gymnasium and miniwob, when they are missing. Idempotent: a machine that has them all is
# left alone and nothing is downloaded.
set -euo pipefail

# libchafa-dev draws pictures in the terminal; its headers include GLib's, which it does not depend on, so
# libglib2.0-dev is named too; libpng-dev and libjpeg62-turbo-dev decode them.
packages=(libsqlite3-dev libncurses-dev libcurl4-openssl-dev libchafa-dev libglib2.0-dev libpng-dev libjpeg62-turbo-dev
    tmux sqlite3 python3 postgresql)
# Only the MiniWoB++ tests need these; without them (and not root) they are skipped.
browser_packages=(chromium chromium-driver)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
for p in "${browser_packages[@]}"; do
    installed "$p" && continue
    if [ "$(id -u)" -eq 0 ]; then
        missing+=("$p")
    else
        echo "arbor: $p is missing, so the MiniWoB++ tests will be skipped; to run them: sudo apt-get install -y $p" >&2
    fi
done
# gymnasium for the FrozenLake example of the external environment adapter, miniwob for the MiniWoB++ one (their
# tests skip without them).
install_python_packages() {
    local package
    for package in gymnasium miniwob; do
        # Found without importing it (miniwob's import takes a second).
        python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$package') is None)" 2>/dev/null \
            && continue
        if [ "$(id -u)" -ne 0 ]; then
            echo "arbor: the Python package $package is missing; run: python3 -m pip install $package" >&2
            continue
        fi
        echo "arbor: installing the Python package $package" >&2
        python3 -m pip install --quiet "$package" >/dev/null 2>&1 \
            || python3 -m pip install --quiet --break-system-packages "$package" >/dev/null 2>&1 \
            || echo "arbor: could not pip install $package; the tests that need it will be skipped" >&2
    done
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
