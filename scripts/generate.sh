#!/usr/bin/env bash
# Rewrites generated/ from server/services/errors/catalogue/, openapi/ and server/http/handlers/: the
# error catalogue's barrel and code list, the bundled spec, the TypeScript types and the handler barrel.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
# The error catalogue first: the bundle's descriptions show its codes (openapi/plugins/nestegg.cjs).
npx --no-install tsx scripts/generate-errors.ts
npx --no-install redocly bundle openapi/openapi.yaml --ext json -o generated/openapi.json >/dev/null
npx --no-install openapi-typescript >/dev/null   # reads redocly.yaml: x-openapi-ts.output
npx --no-install tsx scripts/handler-barrel.ts
echo "generated/ is up to date"
