#!/usr/bin/env bash
# Moves the Frontegg SDKs the conformance suite drives to new versions (default: the registry's latest),
# pinned exactly, then rewrites what is made from them: the JSON Schema of the browser SDK's promised
# types and the README's table of its functions. Then run `npm test` and read what the new versions break.
#   npm run sdk:bump                 # latest browser SDK (rest-api, redux-store, js) and Node SDK (client)
#   npm run sdk:bump -- 7.120.0 5.3.3
set -euo pipefail
cd "$(dirname "$0")/.."
browser=${1:-$(npm view @frontegg/rest-api version)}
node_sdk=${2:-$(npm view @frontegg/client version)}
npm install --no-audit --no-fund --save-dev --save-exact \
  "@frontegg/rest-api@${browser}" "@frontegg/redux-store@${browser}" "@frontegg/js@${browser}" "@frontegg/client@${node_sdk}"
npm run -s sdk:types
npm run -s sdk:table
echo "Frontegg SDKs now: browser ${browser}, Node ${node_sdk}. Run npm test."
