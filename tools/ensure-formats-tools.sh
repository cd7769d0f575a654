#!/usr/bin/env bash
# The PDF reports (gateway) need a font with Chinese glyphs, or their Chinese would be boxes; their tests
# read the PDFs back with poppler's `pdftotext`, a program nobody here wrote. Installs Debian's
# `fonts-wqy-microhei` and `poppler-utils` when missing; a no-op when both are there.
# Usage: bash tools/ensure-formats-tools.sh
set -euo pipefail

missing=()
[[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || missing+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "[formats] installing Debian packages for the PDF reports and their tests: ${missing[*]}"
sudo=''
[[ $(id -u) -ne 0 ]] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
