#!/usr/bin/env bash
# The `rpa` command: runs cli/rpa.ts with the project's tsx.
here="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
exec "$here/node_modules/.bin/tsx" "$here/cli/rpa.ts" "$@"
