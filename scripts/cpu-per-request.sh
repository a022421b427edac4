#!/usr/bin/env bash
# CPU time the louter process spends per request, apart from throughput (the load generator and the
# mock share the cores, so throughput ratios understate what the proxy itself costs): utime+stime from
# /proc/PID/stat around a measured run, divided by what was served. Non-streaming (wrk, 32 connections),
# unpaced 50-chunk streams (OpenAI client) and the same streams to an Anthropic client (translated).
#
#   scripts/cpu-per-request.sh [ROUNDS] [ENV ...]
#
# Each ENV (e.g. "X=1" "DOTNET_SOMETHING=0") is one louter start per round with that environment, so two
# settings — or two builds via DLL=path/louter.dll — alternate in one session. Every start is warmed
# up for ~30 s first: on two busy cores the JIT's tier-up takes about 25 s of traffic.
# Needs: dotnet build -c Release Louter.Host Louter.Benchmarks; wrk.
set -euo pipefail
ROUNDS=${1:-2}; shift || true
[ $# -gt 0 ] || set -- "LOUTER_CPU_RUN=1"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/Louter.Benchmarks/bin/Release/net10.0/Louter.Benchmarks.dll
DLL=${DLL:-$ROOT/Louter.Host/bin/Release/net10.0/louter.dll}
W=$(mktemp -d /tmp/louter-cpu.XXXX)
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MOCK_PORT=$(port); MOCK_H2=$(port); PORT=$(port)
dotnet "$BENCH" load serve-mock "$MOCK_PORT" "$MOCK_H2" > "$W/mock.log" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true' EXIT
cat > "$W/json.lua" <<'LUA'
wrk.method = "POST"
wrk.body = [[{"model":"bench","messages":[{"role":"user","content":"hello"}]}]]
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$W/louter.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
data_dir = "$W/data"
[backends.bench-mock]
url = "http://127.0.0.1:$MOCK_PORT/v1"
protocol = "openai"
api_key = "bench"
[responses]
store = false
[logging]
level = "warn"
TOML
URL=http://127.0.0.1:$PORT
cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }   # clock ticks (100 per second)
for r in $(seq "$ROUNDS"); do
  for e in "$@"; do
    env $e dotnet "$DLL" --config "$W/louter.toml" > "$W/louter.log" 2>&1 &
    L=$!
    for _ in $(seq 100); do curl -sf "$URL/health/ready" > /dev/null && break; sleep 0.2; done
    wrk -t2 -c32 -d15s -s "$W/json.lua" "$URL/v1/chat/completions" > /dev/null
    dotnet "$BENCH" load sse "$URL" 32 8s > /dev/null 2>&1
    dotnet "$BENCH" load sse "$URL" 32 5s anthropic > /dev/null 2>&1
    c0=$(cpu $L); out=$(wrk -t2 -c32 -d6s -s "$W/json.lua" "$URL/v1/chat/completions"); c1=$(cpu $L)
    n=$(echo "$out" | grep -oP '\d+(?= requests in)'); rps=$(echo "$out" | grep -oP 'Requests/sec:\s+\K[\d.]+')
    c2=$(cpu $L); sn=$(dotnet "$BENCH" load sse "$URL" 32 6s 2>&1 | grep -oP 'streams \K\d+'); c3=$(cpu $L)
    c4=$(cpu $L); an=$(dotnet "$BENCH" load sse "$URL" 32 6s anthropic 2>&1 | grep -oP 'streams \K\d+'); c5=$(cpu $L)
    echo "round $r [$e] non-streaming: $rps req/s, $(( (c1 - c0) * 10000 / n )) µs/request | stream: $((sn / 6))/s, $(( (c3 - c2) * 10000 / (sn + 1) )) µs/stream | anthropic stream: $((an / 6))/s, $(( (c5 - c4) * 10000 / (an + 1) )) µs/stream"
    kill $L; wait $L 2>/dev/null || true
  done
done
