#!/usr/bin/env bash
# Renders the bundled spec as one self-contained Redoc page (no CDN), served at GET /docs.
# The page is built, not committed: `npm start` and the tests build it first.
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
npx --no-install redocly build-docs generated/openapi.json --inlineBundle -o generated/docs.html >/dev/null 2>&1
