#!/usr/bin/env bash
# Louter's idle RSS and start-to-ready, as the load harness measures them (Louter.Benchmarks/Load:
# VmRSS 1 s after /health/ready first answers 200, before any request), without the harness's mock,
# YARP and load: the median of N fresh starts, each on an empty data_dir.
#
#   scripts/idle-rss.sh [N] [DIR]     N = starts (default 5), DIR = the build (default Release's)
#
# The config is the harness's (LouterProcess.cs): two OpenAI backends, here at an unused URL since no
# request is sent; SQLite journal; response store off; logging at warn. Set SMAPS=1 to keep each
# start's /proc/PID/smaps, smaps_rollup and status in the work folder for a breakdown.
set -euo pipefail
N=${1:-5}
DIR=${2:-$(cd "$(dirname "$0")/.." && pwd)/Louter.Host/bin/Release/net10.0}
[ -f "$DIR/louter.dll" ] || { echo "no louter.dll in $DIR: dotnet build -c Release Louter.Host" >&2; exit 1; }
WORK=$(mktemp -d /tmp/louter-idle-rss.XXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/louter-bench.toml" <<TOML
[server]
listen = "127.0.0.1:$PORT"
data_dir = "$WORK/louter-data"

[backends.bench-mock]
url = "http://127.0.0.1:9/v1"
protocol = "openai"
api_key = "bench"

[backends.bench-mock-h2]
url = "http://127.0.0.1:9/v1"
protocol = "openai"
api_key = "bench"
http_version = "2"
model_mapping = { "bench-held" = "bench-held" }

[responses]
store = false

[logging]
level = "warn"
TOML

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss=(); ready=()
for i in $(seq 1 "$N"); do
  rm -rf "$WORK/louter-data"
  start=$(date +%s%N)
  dotnet "$DIR/louter.dll" --config "$WORK/louter-bench.toml" > "$WORK/out.$i" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "louter exited:" >&2; cat "$WORK/out.$i" >&2; exit 1; }
    sleep 0.02
  done
  ready+=($(( ($(date +%s%N) - start) / 1000000 )))
  sleep 1
  rss+=($(awk '/^VmRSS/ { print $2 }' /proc/$pid/status))
  if [ -n "${SMAPS:-}" ]; then
    cp /proc/$pid/smaps "$WORK/smaps.$i"; cp /proc/$pid/smaps_rollup "$WORK/smaps_rollup.$i"; cp /proc/$pid/status "$WORK/status.$i"
  fi
  kill $pid; wait $pid 2>/dev/null || true
done
m=$(median "${rss[@]}")
echo "idle RSS KiB: ${rss[*]}; median $m KiB ($(awk "BEGIN { printf \"%.1f\", $m / 1024 }") MiB)"
echo "start to ready ms: ${ready[*]}; median $(median "${ready[@]}") ms"
echo "work folder: $WORK"
