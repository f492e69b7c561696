#!/usr/bin/env bash
# The test command of the README's quick start: system packages, then every test (Swift Testing + XCTest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"
