#!/usr/bin/env bash
# The browser end-to-end tests drive Debian's Chromium (playwright-core never downloads a browser of its own,
# and this machine reaches no browser download host). Installs the `chromium` package when it is missing.
# A no-op when /usr/bin/chromium (or DUBAN_CHROMIUM) is there. Usage: bash tools/ensure-chromium.sh
set -euo pipefail

chromium="${DUBAN_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] && exit 0

echo "[chromium] $chromium is missing: installing Debian's chromium package"
sudo=''
[[ $(id -u) -ne 0 ]] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$chromium" --version
