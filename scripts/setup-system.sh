#!/usr/bin/env bash
# Installs the Debian packages Arbor builds and tests with, when they are missing. Idempotent: a machine that has
# them all is left alone and nothing is downloaded.
set -euo pipefail

packages=(libsqlite3-dev libncurses-dev libcurl4-openssl-dev tmux sqlite3 python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "arbor: missing system packages: ${missing[*]}" >&2
    echo "arbor: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "arbor: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
