#!/usr/bin/env bash
# The Excel tests check the exports and imports with a program nobody here wrote: LibreOffice headless
# converts an export to CSV and a CSV back to xlsx. Installs Debian's `libreoffice-calc-nogui` when neither
# `soffice` nor `libreoffice` is on the PATH; a no-op otherwise.
# Usage: bash tools/ensure-libreoffice.sh
set -euo pipefail

if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi

echo "[libreoffice] installing Debian's libreoffice-calc-nogui for the Excel tests"
sudo=''
[[ $(id -u) -ne 0 ]] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
soffice --version
