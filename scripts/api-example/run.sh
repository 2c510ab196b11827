#!/bin/sh
# Packs sigcheck, installs the tarball in a temporary directory outside the repo and runs
# demo.mjs there with plain Node (ESM): the public API as a user gets it.
# Run: sh scripts/api-example/run.sh
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$repo" && npm pack --silent --pack-destination "$tmp" >/dev/null)
cd "$tmp"
echo '{"name":"sigcheck-api-example","private":true,"type":"module"}' > package.json
npm install --silent --no-audit --no-fund --prefer-offline ./sigcheck-*.tgz
cp "$repo/scripts/api-example/demo.mjs" .
node demo.mjs
