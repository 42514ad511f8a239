#!/usr/bin/env bash
# Validates the compose files without a Docker engine, with Debian's docker-compose 1.29 (`config`).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  echo "installing Debian's docker-compose to validate the compose files"
  apt-get install -y -qq docker-compose >/dev/null
fi
for f in docker/compose.yaml docker/compose.cluster.yaml; do
  docker-compose -f "$f" config -q
  echo "$f: valid"
done
