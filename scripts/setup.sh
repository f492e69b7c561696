#!/usr/bin/env bash
# Installs the system packages the build needs (Debian 12). Skips apt when everything is already there.
set -euo pipefail
needed=(libxml2-dev libcurl4-openssl-dev libsqlite3-dev zlib1g-dev pkg-config libxml2-utils postgresql-15 openssl)
missing=()
for p in "${needed[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
