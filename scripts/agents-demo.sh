#!/usr/bin/env bash
# Runs one agent CLI (Claude Code, gemini-cli, Qwen Code or Codex) headless against a running Louter,
# with the same settings as the tests in Louter.Tests/Agents (README.md, "Agent CLIs through Louter").
#
#   scripts/agents-demo.sh claude|gemini|qwen|codex [--url URL] [--model NAME] [--dir DIR] [--timeout SECONDS] [PROMPT...]
#
# --url      Louter's base URL, without /v1 (default http://127.0.0.1:8080)
# --model    model name the agent asks for (default: the agent's own default; qwen's is qwen3-coder,
#            codex's is gpt-6.2-sol, for which it runs "code mode": one JavaScript exec tool).
#            With Louter's built-in echo mock, give gemini one: its default "auto" model first asks
#            for a JSON routing decision, which an echo never gives, and retries until the timeout.
# --dir      working directory for the agent (default: a new temporary directory holding note.txt,
#            removed afterwards)
# --timeout  seconds before the agent is stopped (default 180)
# PROMPT     default: "Read the file note.txt in the current directory and tell me what it says."
#
# The agent's HOME is a fresh temporary directory, so none of your own agent config or login is
# used, and nothing is written to your real home.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/Louter.Tests/node/node_modules/.bin"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }

[[ $# -ge 1 ]] || usage
agent="$1"; shift
case "$agent" in claude|gemini|qwen|codex) ;; -h|--help) usage 0 ;; *) echo "unknown agent: $agent" >&2; usage ;; esac

url="http://127.0.0.1:8080"; model=""; dir=""; timeout_s=180
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) url="${2%/}"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    -h|--help) usage 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
prompt="${*:-Read the file note.txt in the current directory and tell me what it says.}"

if [[ ! -x "$bin/$agent" || ! -x "$bin/node" ]]; then
  echo "$bin/$agent (or Node 22 at $bin/node) is missing: run" >&2
  echo "  npm install --prefix $root/Louter.Tests/node --no-audit --no-fund" >&2
  exit 1
fi
if ! curl -sf "$url/health" >/dev/null; then
  echo "No Louter answers at $url/health: start one, e.g. 'dotnet run --project Louter.Host' (see README.md)." >&2
  exit 1
fi

home="$(mktemp -d -t louter-agent-home.XXXXXX)"
made_dir=""
trap 'rm -rf "$home" $made_dir' EXIT
mkdir -p "$home/tmp"
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d -t louter-agent-work.XXXXXX)"
  made_dir="$dir"
  echo "The secret word is louter-demo-$RANDOM$RANDOM." > "$dir/note.txt"
  echo "working directory: $dir (note.txt: $(cat "$dir/note.txt"))" >&2
fi

# A clean environment: no keys, proxies or config of yours reach the agent.
env_args=(env -i "PATH=$bin:/usr/local/bin:/usr/bin:/bin" "HOME=$home" "TMPDIR=$home/tmp" "TERM=dumb" "NO_COLOR=1"
  "LANG=${LANG:-C.UTF-8}" "NO_PROXY=127.0.0.1,localhost" "no_proxy=127.0.0.1,localhost")

case "$agent" in
  claude)
    env_args+=("ANTHROPIC_BASE_URL=$url" "ANTHROPIC_API_KEY=sk-ant-louter-demo"
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 DISABLE_ERROR_REPORTING=1
      CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY=1 CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL=1)
    args=(-p "$prompt" --output-format text --allowedTools Read --strict-mcp-config --no-session-persistence)
    [[ -n "$model" ]] && args+=(--model "$model")
    ;;
  gemini)
    mkdir -p "$home/.gemini"
    cat > "$home/.gemini/settings.json" <<'JSON'
{
  "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false, "checkpointing": { "enabled": false } },
  "privacy": { "usageStatisticsEnabled": false },
  "telemetry": { "enabled": false },
  "ide": { "enabled": false },
  "security": { "auth": { "selectedType": "gemini-api-key" }, "folderTrust": { "enabled": false } },
  "model": { "skipNextSpeakerCheck": true, "disableLoopDetection": true },
  "tools": { "useRipgrep": false },
  "experimental": { "extensionRegistry": false },
  "ui": { "hideBanner": true, "hideTips": true }
}
JSON
    env_args+=("GOOGLE_GEMINI_BASE_URL=$url" "GEMINI_API_KEY=louter-demo-key" GEMINI_TELEMETRY_ENABLED=false
      GEMINI_CLI_TRUST_WORKSPACE=true GEMINI_SANDBOX=false)
    args=(-p "$prompt" --output-format text)
    [[ -n "$model" ]] && args+=(-m "$model")
    ;;
  qwen)
    mkdir -p "$home/.qwen"
    cat > "$home/.qwen/settings.json" <<'JSON'
{
  "general": { "enableAutoUpdate": false },
  "privacy": { "usageStatisticsEnabled": false },
  "telemetry": { "enabled": false },
  "ide": { "enabled": false },
  "memory": { "enableManagedAutoMemory": false, "enableManagedAutoDream": false },
  "model": { "skipNextSpeakerCheck": true, "skipLoopDetection": true },
  "experimental": { "emitToolUseSummaries": false },
  "tools": { "useRipgrep": false }
}
JSON
    env_args+=("OPENAI_BASE_URL=$url/v1" "OPENAI_API_KEY=sk-louter-demo" "OPENAI_MODEL=${model:-qwen3-coder}"
      QWEN_USAGE_STATISTICS_ENABLED=false)
    args=(-p "$prompt" --output-format text --auth-type openai --chat-recording false)
    ;;
  codex)
    # Codex speaks only the Responses API; its base URL includes /v1. CODEX_HOME must exist first.
    # Off: update check, analytics, feedback, OpenTelemetry, and the features that go online at start
    # (plugins clone github.com/openai/plugins; remote plugins and apps call chatgpt.com).
    mkdir -p "$home/.codex"
    cat > "$home/.codex/config.toml" <<TOML
model_provider = "louter"
check_for_update_on_startup = false

[model_providers.louter]
name = "Louter"
base_url = "$url/v1"
wire_api = "responses"
env_key = "OPENAI_API_KEY"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[feedback]
enabled = false

[otel]
exporter = "none"
trace_exporter = "none"
metrics_exporter = "none"

[features]
plugins = false
remote_plugin = false
apps = false
TOML
    env_args+=("CODEX_HOME=$home/.codex" "OPENAI_API_KEY=sk-louter-demo")
    args=(exec --strict-config --skip-git-repo-check --ephemeral --sandbox read-only)
    [[ -n "$model" ]] && args+=(-m "$model")
    args+=("$prompt")
    ;;
esac

echo "running: $agent ${args[*]}" >&2
cd "$dir"
timeout --kill-after=10 "$timeout_s" "${env_args[@]}" "$bin/$agent" "${args[@]}" </dev/null
