#!/usr/bin/env bash
# HTTP benchmark: a signed-in GET /api/v1/accounts?limit=50 on the demo data under wrk
# (64 connections), next to wrk against a static file served by nginx in the same run.
# Installs wrk and nginx (bench only). Usage: bench/http.sh [SECONDS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}; server_threads=${2:-2}
for p in wrk nginx; do command -v $p >/dev/null || { apt-get update -qq && apt-get install -y -qq $p >/dev/null; }; done
bin=build/release/salesdesk
dir=$(mktemp -d /tmp/sdhttp.XXXX)
port=18080; nginx_port=18081
"$bin" init --db "$dir/b.db" >/dev/null
"$bin" demo --db "$dir/b.db" --today 2026-11-27 >/dev/null 2>&1
"$bin" serve --db "$dir/b.db" --listen 127.0.0.1:$port --web-root web/dist --threads "$server_threads" \
  >"$dir/server.log" 2>&1 &
server=$!
cat >"$dir/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $dir/nginx.pid; error_log $dir/nginx.err;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$nginx_port; root $PWD/web/dist; } }
NGINX
nginx -c "$dir/nginx.conf" &
nginx_pid=$!
trap 'kill $server $nginx_pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/api/v1/health >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -i -X POST -H 'Content-Type: application/json' \
  -d '{"email":"admin@huarui.example","password":"salesdesk-demo"}' http://127.0.0.1:$port/api/v1/session |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(sd_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed"; exit 1; }
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/accounts?limit=50" | head -c 200; echo
echo "== salesdesk: signed-in GET /api/v1/accounts?limit=50 (64 connections, ${secs}s, $server_threads server threads)"
wrk -t2 -c64 -d${secs}s --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/accounts?limit=50"
echo "== nginx: static file (64 connections, ${secs}s, 1 worker)"
wrk -t2 -c64 -d${secs}s --latency "http://127.0.0.1:$nginx_port/index.html"
