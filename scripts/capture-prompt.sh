#!/usr/bin/env bash
# Writes docs/images/prompt.txt: the terminal, as plain text, at the summary step of the default
# path (project name, spec, server language, "Accept the defaults for the rest?"), for the README to show. It runs
# the built CLI (npm run build first) in a real terminal (tmux on a private socket), answers with
# Enter, captures the screen, then answers "n" to "Write the project?" so nothing is written.
#
#   scripts/capture-prompt.sh [output-file]     (default: docs/images/prompt.txt)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$repo/docs/images/prompt.txt}"
bin="$repo/dist/src/cli/bin.js"
[ -f "$bin" ] || { echo "capture-prompt: $bin is missing; run npm run build first" >&2; exit 1; }
command -v tmux >/dev/null || { echo "capture-prompt: tmux is needed (apt-get install tmux)" >&2; exit 1; }

work="$(mktemp -d)"
socket="$work/tmux.sock"
tmux_() { tmux -S "$socket" "$@"; }
cleanup() { tmux_ kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# A fixed, plain terminal: no colours, no CI, npm as the package manager whoever runs this.
tmux_ -f /dev/null new-session -d -s capture -x 100 -y 40 -c "$work" \
  "env -u CI -u npm_config_user_agent NO_COLOR=1 '$(command -v node)' '$bin'; sleep 30"
tmux_ set-option -t capture status off >/dev/null

screen() { tmux_ capture-pane -p -J -t capture | sed -e 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
wait_for() {
  for _ in $(seq 1 300); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "capture-prompt: timed out waiting for \"$1\"; the screen shows:" >&2
  screen >&2
  exit 1
}

wait_for "? Project name (my-api)"
tmux_ send-keys -t capture Enter
wait_for "? TypeSpec file or folder"
tmux_ send-keys -t capture Enter
wait_for "? Server language"
tmux_ send-keys -t capture Enter
wait_for "? Accept the defaults for the rest?"
tmux_ send-keys -t capture Enter
wait_for "? Write the project to my-api? (Y/n)"
mkdir -p "$(dirname "$out")"
screen > "$out"
tmux_ send-keys -t capture n Enter
wait_for "Cancelled; nothing was written."
echo "capture-prompt: wrote $out"
