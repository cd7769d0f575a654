#!/usr/bin/env bash
# Makes sure the three local services Duban needs are reachable:
#   PostgreSQL 127.0.0.1:5432 (trust auth for user postgres), Redis 127.0.0.1:6379, NATS + JetStream 127.0.0.1:4222.
# For each one: if its port answers we leave it alone; if it is installed but stopped we start it; if it is
# missing we install it with apt-get (only as root on Debian/Ubuntu), otherwise we say what to install and fail.
# Idempotent and quiet when all is up (one line per service), so `npm start` / `npm test` can call it every time.
# Usage: bash tools/local-services.sh
set -euo pipefail

readonly HOST=127.0.0.1
readonly PG_PORT=5432 REDIS_PORT=6379 NATS_PORT=4222
readonly NATS_STORE=/var/lib/nats-server   # JetStream file store
readonly WAIT_SECONDS=30

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on $HOST:$1. bash's /dev/tcp always exists, nc may not;
# `timeout` keeps a black-holed port from hanging us.
port_open() {
  if command -v nc >/dev/null 2>&1; then
    nc -z -w 1 "$HOST" "$1" >/dev/null 2>&1
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" >/dev/null 2>&1
  fi
}

# Polls a port after starting its service: daemons return before they listen.
wait_port() {
  local name=$1 port=$2 i
  for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
    port_open "$port" && return 0
    sleep 0.5
  done
  die "$name did not open $HOST:$port within ${WAIT_SECONDS}s"
}

# Binaries can live in sbin directories that a non-root PATH lacks (Debian puts nats-server in /usr/sbin).
find_bin() {
  command -v "$1" 2>/dev/null || { for d in /usr/sbin /usr/local/sbin /sbin; do [[ -x $d/$1 ]] && { echo "$d/$1"; return 0; }; done; return 1; }
}

# Newest installed PostgreSQL major version (Debian layout: /etc/postgresql/<version>/<cluster>).
pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

postgres_installed() { find_bin pg_ctlcluster >/dev/null && [[ -n $(pg_version) ]]; }
redis_installed() { find_bin redis-server >/dev/null; }
nats_installed() { find_bin nats-server >/dev/null; }

start_postgres() {
  pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main start
}

start_redis() {
  # No persistence: local and CI data is disposable. The dirs exist after a Debian install; create them otherwise.
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}

start_nats() {
  local bin
  bin=$(find_bin nats-server)
  mkdir -p "$NATS_STORE"
  local args=(-a "$HOST" -p "$NATS_PORT" -js -sd "$NATS_STORE" -l /var/log/nats-server.log)
  if command -v start-stop-daemon >/dev/null 2>&1; then
    start-stop-daemon --start --oknodo --background --exec "$bin" -- "${args[@]}"
  else
    # Non-Debian fallback: detach by hand so the server outlives this script.
    nohup "$bin" "${args[@]}" >/dev/null 2>&1 &
    disown || true
  fi
}

# A fresh Debian install asks for a password (scram/md5) on TCP, but the apps connect as postgres without one.
# Only called right after we installed PostgreSQL ourselves: never rewrite someone's existing auth setup.
trust_local_tcp() {
  local hba
  hba="/etc/postgresql/$(pg_version)/main/pg_hba.conf"
  [[ -f $hba ]] || die "cannot find $hba to allow trust auth"
  sed -E -i \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+).*$#\1trust#' \
    -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+).*$#\1trust#' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload
  say "postgres: set trust auth for 127.0.0.1/32 and ::1/128 in $hba"
}

# Redis `hz` bounds how late an idle delayed BullMQ job fires (~100 ms p99 at the default 10, ~20 ms at 100).
# Runtime-only and harmless, so we set it on every run, also on a Redis we did not start.
tune_redis() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h "$HOST" -p "$REDIS_PORT" CONFIG SET hz 100 >/dev/null 2>&1 || say "redis: could not set hz 100 (ignored)"
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$REDIS_PORT; printf 'CONFIG SET hz 100\r\nQUIT\r\n' >&3; cat <&3" \
      >/dev/null 2>&1 || say "redis: could not set hz 100 (ignored)"
  fi
}

# The server announces its features in the INFO line it sends on connect; the apps need JetStream.
check_jetstream() {
  local info
  info=$(timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$NATS_PORT; IFS= read -r line <&3; printf '%s' \"\$line\"" 2>/dev/null || true)
  [[ $info == *'"jetstream":true'* ]] ||
    die "nats on $HOST:$NATS_PORT answers without JetStream; restart it with -js -sd $NATS_STORE"
}

# The apps log in as postgres without a password over TCP; warn early (not fatal) when that is refused.
check_pg_auth() {
  command -v psql >/dev/null 2>&1 || return 0
  psql -h "$HOST" -p "$PG_PORT" -U postgres -w -d postgres -Atqc 'select 1' >/dev/null 2>&1 ||
    say "postgres: WARNING: user postgres cannot log in without a password over TCP (set trust for 127.0.0.1/32 in pg_hba.conf)"
}

# --- 1. What is up, what needs starting, what needs installing ------------------------------------------
declare -A PORT=([postgres]=$PG_PORT [redis]=$REDIS_PORT [nats]=$NATS_PORT)
declare -A PACKAGE=([postgres]=postgresql [redis]=redis-server [nats]=nats-server)
SERVICES=(postgres redis nats)
to_start=() to_install=()
for svc in "${SERVICES[@]}"; do
  if port_open "${PORT[$svc]}"; then
    say "$svc: up on $HOST:${PORT[$svc]}"
  elif "${svc}_installed"; then
    to_start+=("$svc")
  else
    to_install+=("$svc")
  fi
done

# --- 2. Install what is missing (root + apt only; anything else gets exact instructions) -----------------
just_installed_pg=false
if ((${#to_install[@]})); then
  packages=()
  for svc in "${to_install[@]}"; do packages+=("${PACKAGE[$svc]}"); done
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${packages[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${packages[@]}" >/dev/null
    for svc in "${to_install[@]}"; do
      [[ $svc == postgres ]] && just_installed_pg=true
      to_start+=("$svc")
    done
  else
    die "missing ${to_install[*]}. Install, as root on Debian/Ubuntu:
    apt-get update && apt-get install -y ${packages[*]}
  (elsewhere: PostgreSQL 15+, Redis 7+, nats-server 2.9+ with JetStream), then run: bash tools/local-services.sh"
  fi
fi

# --- 3. Start what is stopped ----------------------------------------------------------------------------
for svc in "${to_start[@]}"; do
  # A package install may already have started its service (systemd machines): never start it twice.
  if ! port_open "${PORT[$svc]}"; then
    "start_$svc" >/dev/null || die "could not start $svc (try as root, or see its log)"
    wait_port "$svc" "${PORT[$svc]}"
  fi
  say "$svc: started on $HOST:${PORT[$svc]}"
done

# --- 4. Settings the apps rely on ------------------------------------------------------------------------
$just_installed_pg && trust_local_tcp
check_pg_auth
tune_redis
check_jetstream
