#!/usr/bin/env bash
# The demo command of the README's quick start: builds labingest and runs pipelines/demo.yaml on samples/
# into ./labingest.sqlite. Extra arguments go to `labingest demo` (e.g. --json).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product labingest >&2
exec .build/debug/labingest demo "$@"
