#!/usr/bin/env bash
# `make demo`: a real one-node cluster on this machine with pod-doctor
# installed by its Helm chart from its own image, and broken workloads
# (test/e2e/manifests) for it to diagnose. The cluster stays up;
# `make demo-down` removes it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/hack/cluster/cluster.sh"
BIN="${POD_DOCTOR_TOOLS:-$ROOT/bin}"
STATE="${E2E_STATE:-/var/lib/pod-doctor-e2e}"
export KUBECONFIG="$STATE/kubeconfig"
NS=default
MANIFESTS=(00-seed-002-pod-status.yaml 01-seed-002-pending-pod.yaml configmap-missing.yaml
  secret-key-missing.yaml oom-killed.yaml liveness-failing-143.yaml readiness-failing.yaml
  init-crash.yaml command-not-found.yaml memory-1024m.yaml node-selector.yaml pvc-unbound.yaml
  registry-unauthorized.yaml registry-unreachable.yaml pull-secret-missing.yaml)
COLUMNS_SPEC='NAME:.metadata.name,PHASE:.status.phase,REASON:.metadata.annotations.pod-doctor\.io/reason,SUMMARY:.metadata.annotations.pod-doctor\.io/summary'
# Objects beyond pods (test/e2e/manifests/beyond), each scenario in namespace beyond-<name>.
BEYOND=(quota missing-sa pod-security webhook-down job-backoff svc-no-match svc-bad-port svc-not-ready ingress-missing-svc pvc-missing-sc ns-stuck)
OBJ_COLUMNS='NAMESPACE:.metadata.namespace,NAME:.metadata.name,REASON:.metadata.annotations.pod-doctor\.io/reason,SUMMARY:.metadata.annotations.pod-doctor\.io/summary'
cd "$ROOT"
t0=$(date +%s)

if "$CLUSTER" status; then
  echo "demo: reusing the cluster that is up ($KUBECONFIG)" >&2
else
  # A failed start must not leave half a cluster behind.
  trap '"$CLUSTER" down' EXIT
  "$CLUSTER" up
  trap - EXIT
fi
"$CLUSTER" install

echo "demo: applying broken workloads to namespace $NS" >&2
for f in "${MANIFESTS[@]}"; do
  "$BIN/kubectl" -n "$NS" apply -f "test/e2e/manifests/$f" >/dev/null 2>&1 || "$BIN/kubectl" -n "$NS" apply -f "test/e2e/manifests/$f"
done

echo "demo: applying the beyond-pods scenarios (namespaces beyond-*)" >&2
for s in "${BEYOND[@]}"; do "$BIN/kubectl" apply -f "test/e2e/manifests/beyond/$s.yaml" -l e2e.pod-doctor.io/stage=setup >/dev/null; done
# Admission must judge the pods against a ready namespace: default ServiceAccount, computed quota, loaded webhook.
for _ in $(seq 1 60); do
  ok=1
  for s in "${BEYOND[@]}"; do "$BIN/kubectl" -n "beyond-$s" get serviceaccount default >/dev/null 2>&1 || ok=0; done
  [ -n "$("$BIN/kubectl" -n beyond-quota get resourcequota pods -o jsonpath='{.status.hard.pods}')" ] || ok=0
  "$BIN/kubectl" -n beyond-webhook-down run webhook-probe --image=127.0.0.1:15000/e2e/sleeper:1 --dry-run=server 2>&1 | grep -q 'failed calling webhook' || ok=0
  [ $ok = 1 ] && break
  sleep 1
done
for s in "${BEYOND[@]}"; do "$BIN/kubectl" apply -f "test/e2e/manifests/beyond/$s.yaml" >/dev/null; done
"$BIN/kubectl" delete namespace beyond-ns-stuck --wait=false >/dev/null

# Wait until every broken pod carries a diagnosis (the readiness one needs
# pod-doctor's grace period first), at most 3 minutes.
want=$(($(grep -h '^kind: Pod$' "${MANIFESTS[@]/#/test/e2e/manifests/}" | wc -l) - 1)) # all but `running`
for _ in $(seq 1 60); do
  got=$("$BIN/kubectl" -n "$NS" get pods -o jsonpath='{range .items[*]}{.metadata.annotations.pod-doctor\.io/reason}{"\n"}{end}' | grep -c . || true)
  [ "$got" -ge "$want" ] && break
  sleep 3
done

# The 5 broken Deployments and 3 Services of the beyond scenarios, at most 3 minutes.
for _ in $(seq 1 60); do
  got=$("$BIN/kubectl" get deployments,services -A -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.annotations.pod-doctor\.io/reason}{"\n"}{end}' | grep -c '^beyond-[^ ]* [A-Za-z]' || true)
  [ "$got" -ge 8 ] && break
  sleep 3
done

echo
echo "\$ kubectl get pods"
"$BIN/kubectl" -n "$NS" get pods
echo
echo "\$ kubectl get pods -o custom-columns=$COLUMNS_SPEC"
"$BIN/kubectl" -n "$NS" get pods -o "custom-columns=$COLUMNS_SPEC"
echo
echo "\$ kubectl get deployments -A -o custom-columns=$OBJ_COLUMNS"
"$BIN/kubectl" get deployments -A -o "custom-columns=$OBJ_COLUMNS" | grep -E '^(NAMESPACE|beyond-)'
echo
echo "\$ kubectl get services,ingresses,pvc -A -o custom-columns=$OBJ_COLUMNS"
"$BIN/kubectl" get services,ingresses,pvc -A -o "custom-columns=$OBJ_COLUMNS" | grep -E '^(NAMESPACE|beyond-)'
cat <<MSG

pod-doctor diagnosed these pods and objects on a real kubelet in $(($(date +%s) - t0))s. The cluster stays up:

  export KUBECONFIG=$KUBECONFIG
  $BIN/kubectl describe pod oom-killed          # the Diagnosed event next to the kubelet's
  $BIN/kubectl -n pod-doctor logs deploy/pod-doctor
  $BIN/kubectl create configmap app-config --from-literal=log-level=debug   # watch configmap-missing recover
  $BIN/kubectl -n beyond-quota describe deployment web   # a Deployment refused by its quota
  $BIN/kubectl get events -A --field-selector involvedObject.kind=Namespace,reason=Diagnosed   # the stuck namespace
  $BIN/kubectl -n beyond-ns-stuck patch configmap held --type=json -p='[{"op":"remove","path":"/metadata/finalizers"}]'   # release it

Stop it with: make demo-down   (or: hack/cluster/cluster.sh down)
MSG
