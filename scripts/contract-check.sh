#!/usr/bin/env bash
# The reporting UI's contract check (../shared/checks/contract-smoke.mjs) against a throw-away
# ledger: the check registers items and files applications, which a ledger never forgets, so it
# runs on a temporary LEDGER_DATA_DIR and a free port, and both are removed afterwards. Your
# ./data is not touched.
#   scripts/contract-check.sh [path/to/contract-smoke.mjs]
set -euo pipefail
# A path given on the command line is the caller's, so it is resolved before moving to the checkout.
if [ $# -gt 0 ]; then check=$(realpath -m -- "$1"); fi
cd "$(dirname "$0")/.."
check=${check:-../shared/checks/contract-smoke.mjs}
[ -f "$check" ] || {
  echo "contract-check: no check script at $check; the check comes with the reporting UI's contract" \
    "(../shared/checks/ beside the project's checkout): pass its path, scripts/contract-check.sh path/to/contract-smoke.mjs" >&2
  exit 1
}
node scripts/ensure-deps.js

data=$(mktemp -d "${TMPDIR:-/tmp}/ledger-contract-XXXXXX")
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
api_pid=
cleanup() {
  if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

export LEDGER_DATA_DIR=$data LOG_LEVEL=warn
ledger() { node -r @swc-node/register apps/ledger-cli/src/main.ts "$@"; }
ledger init-keys >/dev/null
ledger init-signing-key >/dev/null
ledger api-key bootstrap >/dev/null
PORT=$port node -r @swc-node/register apps/ledger-api/src/main.ts >"$data/api.log" 2>&1 &
api_pid=$!
ready=
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  if ! kill -0 "$api_pid" 2>/dev/null; then cat "$data/api.log" >&2; echo "contract-check: the API did not start" >&2; exit 1; fi
  sleep 0.5
done
# A check run against an API that never became ready would report its failures as the contract's.
[ -n "$ready" ] || { cat "$data/api.log" >&2; echo "contract-check: the API was not ready after 120 s" >&2; exit 1; }
echo "contract-check: throw-away ledger in $data, API on port $port"
AUTH_HEADER="Authorization: Bearer $(cat "$data/operator.api-key")" node "$check" "http://127.0.0.1:$port"
