#!/usr/bin/env bash
# Runs the integration suite against Ceph RGW, a real S3 server that checks SigV4 signatures
# and enforces conditional writes. Starts RGW with scripts/rgw-up.sh (installs Ceph from
# Debian's packages on first use; needs root for that), and leaves it running for reuse
# unless RGW_STOP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/rgw-up.sh)"
export PTO_S3_ENDPOINT="$RGW_ENDPOINT" PTO_S3_ACCESS_KEY="$RGW_ACCESS_KEY" PTO_S3_SECRET_KEY="$RGW_SECRET_KEY"
# The action must not pick RGW up from the environment by accident: tests pass it explicitly.
unset AWS_ENDPOINT_URL_S3 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
status=0
# The integration project (*.integration.test.ts, vitest.config.ts): every file in it talks to the
# server through __tests__/helpers/s3-target.ts, so all of them run here.
npx vitest run --project integration "$@" || status=$?
if [ "${RGW_STOP:-0}" = 1 ]; then bash scripts/rgw-down.sh; fi
exit "$status"
