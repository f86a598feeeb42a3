#!/usr/bin/env bash
# Installs schemathesis (the OpenAPI fuzzer test/e2e/contract-fuzz.test.ts runs against generated
# servers) into .cache/schemathesis, pinned with every dependency by schemathesis-requirements.txt.
# Idempotent: a venv made from the same requirements is kept, so a warm machine spends no time here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${TSS_SCHEMATHESIS_VENV:-$repo/.cache/schemathesis}"
requirements="$here/schemathesis-requirements.txt"
stamp="$venv/.requirements"

if [ -x "$venv/bin/st" ] && cmp -s "$requirements" "$stamp"; then
  echo "schemathesis: $("$venv/bin/st" --version) already in $venv"
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$requirements"
cp "$requirements" "$stamp"
echo "schemathesis: $("$venv/bin/st" --version) installed in $venv"
