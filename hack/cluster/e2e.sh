#!/usr/bin/env bash
# `make e2e`: start the one-node cluster, build the pod-doctor image and
# `helm install` it, run the e2e tests (test/e2e, build tag e2e), and tear
# the cluster down whatever happens (success, failure, Ctrl-C, SIGTERM).
#
#   E2E_TEST_ARGS="-run TestE2E/Scenarios"   extra `go test` arguments
#   E2E_KEEP=1                                leave the cluster up afterwards
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/hack/cluster/cluster.sh"
cd "$ROOT"

t0=$(date +%s)
finish() {
  local rc=$?
  if [ -z "${E2E_KEEP:-}" ]; then "$CLUSTER" down || rc=1; else "$CLUSTER" env; fi
  echo "e2e: finished in $(($(date +%s) - t0))s (exit $rc)" >&2
  exit $rc
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$CLUSTER" up
t1=$(date +%s)
"$CLUSTER" install
t2=$(date +%s)
echo "e2e: cluster up in $((t1 - t0))s, pod-doctor image + helm install in $((t2 - t1))s" >&2
# shellcheck disable=SC2086
go test -tags e2e -count=1 -timeout 25m -v ./test/e2e/ ${E2E_TEST_ARGS:-}
