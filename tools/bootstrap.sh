#!/usr/bin/env bash
# Gets a checkout ready to run: installs npm dependencies when they are missing or stale, then makes sure
# PostgreSQL, Redis and NATS are up. A fast no-op when all is fine, so `npm start` and `npm test` run it first.
# Usage: bash tools/bootstrap.sh   (from any directory)
set -euo pipefail

# Work from the repository root whatever the caller's cwd: every path below is relative to it.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[bootstrap] %s\n' "$*"; }

# npm writes node_modules/.package-lock.json after each install: if it is absent, or older than the
# lockfile (someone pulled new dependencies), node_modules no longer matches what the lockfile asks for.
needs_install() {
  [[ -d node_modules ]] || return 0
  [[ -f node_modules/.package-lock.json ]] || return 0
  [[ -f package-lock.json && package-lock.json -nt node_modules/.package-lock.json ]] && return 0
  return 1
}

if needs_install; then
  if [[ -f package-lock.json ]]; then
    # `npm ci` installs exactly the lockfile (reproducible, and quicker than `npm install` on a clean clone).
    say 'installing dependencies (npm ci)'
    npm ci --no-audit --no-fund
  else
    say 'no package-lock.json: installing dependencies (npm install)'
    npm install --no-audit --no-fund
  fi
fi

bash tools/local-services.sh
