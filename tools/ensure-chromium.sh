#!/usr/bin/env bash
# The browser end-to-end tests drive Debian's Chromium (playwright-core never downloads a browser of its own,
# and this machine reaches no browser download host), and their screenshots need a font with Chinese
# glyphs. Installs the `chromium` and `fonts-wqy-microhei` packages when missing; a no-op when both are there.
# Usage: bash tools/ensure-chromium.sh
set -euo pipefail

chromium="${DUBAN_CHROMIUM:-/usr/bin/chromium}"
missing=()
[[ -x "$chromium" ]] || missing+=(chromium)
[[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "[chromium] installing Debian packages for the browser tests: ${missing[*]}"
sudo=''
[[ $(id -u) -ne 0 ]] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
"$chromium" --version
