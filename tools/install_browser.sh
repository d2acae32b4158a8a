#!/usr/bin/env bash
# Install the browser the site tests drive: Debian's chromium, from apt only (never a
# browser download such as `playwright install`). Idempotent: does nothing when
# /usr/bin/chromium exists. Needs root (CI and the dev machines run as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "installed: $(/usr/bin/chromium --version)"
