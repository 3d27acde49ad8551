#!/usr/bin/env bash
# A real one-node Kubernetes cluster on this machine, for `make demo` and
# `make e2e`: etcd, kube-apiserver, kube-controller-manager, kube-scheduler
# and kubelet built from Go modules (bin/), containerd + runc + CNI plugins
# from Debian, a local registry (hack/registry) with the Go-built test images
# (hack/e2e-images). No Docker, no kind, nothing pulled from the internet.
#
#   hack/cluster/cluster.sh up             start (tears down a stale one first)
#   hack/cluster/cluster.sh down           stop and remove everything it made
#   hack/cluster/cluster.sh status         is it up? (exit 0 when the API answers)
#   hack/cluster/cluster.sh env            print KUBECONFIG=... for eval
#   hack/cluster/cluster.sh install        build the pod-doctor image (make image),
#                                          push it to the local registry, helm install
#   hack/cluster/cluster.sh stop-kubelet   kill the kubelet (node-lost test)
#   hack/cluster/cluster.sh start-kubelet  start it again
#   hack/cluster/cluster.sh deps           apt-get install what is missing
#
# Network rule: everything stays on this machine. Control-plane processes,
# kubelet and registry listen on 127.0.0.1 or on the address of the cluster's
# own bridge; pods live in network namespaces on that bridge with no default
# route; the one Service the pods need (kubernetes.default, for in-cluster
# clients such as pod-doctor) is DNATed to the API server on the bridge
# address; anything a pod would send off the bridge is dropped. containerd
# resolves docker.io to the local registry only, and the sandbox image is
# imported, never pulled.
#
# Teardown (`down`, also run by `up` on a stale state and by the e2e and demo
# traps) removes every process, mount, network namespace, veth, bridge,
# cgroup, iptables rule and sysctl change the cluster made, so a reused CI
# machine starts clean. Logs are kept in $E2E_LOGS after teardown.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${POD_DOCTOR_TOOLS:-$ROOT/bin}"
STATE="${E2E_STATE:-/var/lib/pod-doctor-e2e}"
E2E_LOGS="${E2E_LOGS:-/tmp/pod-doctor-e2e-logs}"
IMAGES="${E2E_IMAGES:-$ROOT/dist/e2e-images}"
NODE="${E2E_NODE:-pod-doctor-e2e}"
BRIDGE="${E2E_BRIDGE:-pdoc-e2e0}"
POD_CIDR="${E2E_POD_CIDR:-10.213.0.0/24}"
NODE_IP="${E2E_NODE_IP:-10.213.0.1}"       # the bridge's own address: node IP, API server
SVC_CIDR="${E2E_SVC_CIDR:-10.214.0.0/24}"
SVC_IP="${E2E_SVC_IP:-10.214.0.1}"         # ClusterIP of kubernetes.default
API_PORT="${E2E_API_PORT:-16443}"
ETCD_PORT="${E2E_ETCD_PORT:-12379}"
ETCD_PEER_PORT="${E2E_ETCD_PEER_PORT:-12380}"
KUBELET_PORT="${E2E_KUBELET_PORT:-20250}"
KUBELET_HEALTHZ_PORT="${E2E_KUBELET_HEALTHZ_PORT:-20248}"
KCM_PORT="${E2E_KCM_PORT:-20257}"
SCHED_PORT="${E2E_SCHED_PORT:-20259}"
REGISTRY="${E2E_REGISTRY:-127.0.0.1:15000}"
CGROUP_ROOT="${E2E_CGROUP_ROOT:-pod-doctor-e2e}"
CHAIN="POD-DOCTOR-E2E"
NODE_MONITOR_GRACE="${E2E_NODE_MONITOR_GRACE:-20s}"

PKI="$STATE/pki"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
CTRD="$STATE/containerd"
CTRD_SOCK="$CTRD/containerd.sock"
KUBECONFIG_ADMIN="$PKI/admin.kubeconfig"
HOST_DIRS=(/var/lib/kubelet /var/log/containers /var/lib/cni)
SYSCTLS=(net/ipv4/ip_forward vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

log() { printf '[cluster %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
kc() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_ADMIN" "$@"; }
ctr_() { ctr --address "$CTRD_SOCK" -n k8s.io "$@"; }

# ---------------------------------------------------------------- deps

deps() {
  local missing=()
  command -v containerd >/dev/null || missing+=(containerd)
  command -v runc >/dev/null || missing+=(runc)
  [ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || missing+=(containernetworking-plugins)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v findmnt >/dev/null || missing+=(util-linux)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]}"
    log "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # Debian starts containerd.service on install where systemd runs; this
  # cluster runs its own containerd and leaves a system one alone.
}

cni_bin_dir() { if [ -x /usr/lib/cni/bridge ]; then echo /usr/lib/cni; else echo /opt/cni/bin; fi; }

check_tools() {
  local t
  for t in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl helm; do
    [ -x "$BIN/$t" ] || die "$BIN/$t is missing: run \`make cluster-tools\` (or make demo / make e2e, which build it)"
  done
}

# ---------------------------------------------------------------- processes

# start NAME CMD...: run CMD in its own session (an interrupt of the caller
# does not reach it; teardown stops it by the recorded pid), log to $LOGS.
start() {
  local name=$1; shift
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  log "started $name (pid $!)"
}

# pid_of NAME: the recorded pid, if that process still runs the same program.
pid_of() {
  local f="$PIDS/$1.pid" pid exe
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  exe=$(cat "$PIDS/$1.exe" 2>/dev/null || true)
  if [ -n "$exe" ] && ! { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF "$exe"; then
    return 1 # pid reused by something else
  fi
  echo "$pid"
}

# stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS.
stop() {
  local name=$1 grace=${2:-10} pid i
  pid=$(pid_of "$name") || { rm -f "$PIDS/$name.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    [ -d "/proc/$pid" ] || break
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = Z ] && break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  rm -f "$PIDS/$name.pid"
  log "stopped $name (pid $pid)"
}

run_bg() { # NAME EXE ARGS... : remember the program so pid_of can tell reuse
  local name=$1 exe=$2
  shift 2
  echo "$exe" >"$PIDS/$name.exe"
  start "$name" "$@"
}

wait_for() { # DESCRIPTION SECONDS CMD...
  local what=$1 secs=$2 i; shift 2
  for ((i = 0; i < secs * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "timed out after ${secs}s waiting for $what"
  return 1
}

# ---------------------------------------------------------------- network

net_up() {
  local sysctl
  mkdir -p "$STATE/sysctl"
  for sysctl in "${SYSCTLS[@]}"; do
    [ -f "/proc/sys/$sysctl" ] && cat "/proc/sys/$sysctl" >"$STATE/sysctl/${sysctl//\//.}"
  done
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$NODE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Host traffic to Service IPs has nowhere to go (never the default route).
  ip route replace unreachable "$SVC_CIDR"
  # nat: kubernetes.default (SVC_IP:443) -> API server, for pods and the host.
  iptables -t nat -N "$CHAIN" 2>/dev/null || iptables -t nat -F "$CHAIN"
  iptables -t nat -A "$CHAIN" -d "$SVC_IP/32" -p tcp --dport 443 -j DNAT --to-destination "$NODE_IP:$API_PORT"
  iptables -t nat -C PREROUTING -j "$CHAIN" 2>/dev/null || iptables -t nat -I PREROUTING -j "$CHAIN"
  # filter: nothing a pod sends leaves the bridge except to this host, and
  # nothing from elsewhere is forwarded to a pod (the bridge plugin turns
  # ip_forward on; pods have no default route either).
  iptables -N "$CHAIN" 2>/dev/null || iptables -F "$CHAIN"
  iptables -A "$CHAIN" -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  iptables -A "$CHAIN" -i "$BRIDGE" -j DROP
  iptables -A "$CHAIN" -o "$BRIDGE" -j DROP
  iptables -A "$CHAIN" -s "$POD_CIDR" -j DROP
  iptables -C FORWARD -j "$CHAIN" 2>/dev/null || iptables -I FORWARD -j "$CHAIN"
}

net_down() {
  local l sysctl f
  for l in $(ip -o link show master "$BRIDGE" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ip link del "$l" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  ip route del unreachable "$SVC_CIDR" 2>/dev/null || true
  while iptables -t nat -D PREROUTING -j "$CHAIN" 2>/dev/null; do :; done
  iptables -t nat -F "$CHAIN" 2>/dev/null || true
  iptables -t nat -X "$CHAIN" 2>/dev/null || true
  while iptables -D FORWARD -j "$CHAIN" 2>/dev/null; do :; done
  iptables -F "$CHAIN" 2>/dev/null || true
  iptables -X "$CHAIN" 2>/dev/null || true
  # kubelet and the bridge plugin change kernel settings: put them back.
  for sysctl in "${SYSCTLS[@]}"; do
    f="$STATE/sysctl/${sysctl//\//.}"
    [ -f "$f" ] && cat "$f" >"/proc/sys/$sysctl" 2>/dev/null || true
  done
  return 0
}

# ---------------------------------------------------------------- cgroups (v1 and v2)

cgroup_dirs() { # every cgroup directory named $CGROUP_ROOT at the top of a hierarchy
  local d
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    [ -d "/sys/fs/cgroup/$CGROUP_ROOT" ] && echo "/sys/fs/cgroup/$CGROUP_ROOT"
  else
    for d in /sys/fs/cgroup/*/; do
      [ -d "$d$CGROUP_ROOT" ] && echo "$d$CGROUP_ROOT"
    done
  fi
  return 0
}

cgroups_up() {
  local d c
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    mkdir -p "/sys/fs/cgroup/$CGROUP_ROOT"
    return
  fi
  for d in /sys/fs/cgroup/*/; do
    c=$(basename "$d")
    [ -L "${d%/}" ] && continue # cpu -> cpu,cpuacct links
    [ "$c" = unified ] && continue
    mkdir -p "$d$CGROUP_ROOT"
    if [ "$c" = cpuset ]; then
      cat "${d}cpuset.cpus" >"$d$CGROUP_ROOT/cpuset.cpus"
      cat "${d}cpuset.mems" >"$d$CGROUP_ROOT/cpuset.mems"
    fi
  done
}

# cgroups_kill: SIGKILL every process left in the cluster's cgroups (the
# containers), then remove the cgroups bottom-up.
cgroups_down() {
  local root pid d i
  for i in 1 2 3 4 5; do
    local left=0
    for root in $(cgroup_dirs); do
      while read -r pid; do
        [ -n "$pid" ] || continue
        kill -KILL "$pid" 2>/dev/null && left=1
      done < <(find "$root" -name cgroup.procs -exec cat {} + 2>/dev/null)
    done
    [ $left = 0 ] && break
    sleep 0.5
  done
  for root in $(cgroup_dirs); do
    find "$root" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    [ -d "$root" ] && log "warning: could not remove cgroup $root"
  done
  return 0
}

# ---------------------------------------------------------------- configuration files

write_configs() {
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/ipam" "$CTRD/certs.d/docker.io" "$CTRD/certs.d/$REGISTRY" "$STATE/kubelet" "$STATE/pod-logs"
  cat >"$STATE/cni/net.d/10-pod-doctor-e2e.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "pod-doctor-e2e",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$STATE/cni/ipam",
        "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$NODE_IP"}]],
        "routes": [{"dst": "$SVC_CIDR", "gw": "$NODE_IP"}]
      }
    }
  ]
}
EOF
  # docker.io is this machine's registry and nothing else: `image: nginx`
  # resolves to $REGISTRY/library/nginx (no fallback host is configured).
  cat >"$CTRD/certs.d/docker.io/hosts.toml" <<EOF
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
EOF
  cat >"$CTRD/certs.d/$REGISTRY/hosts.toml" <<EOF
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve", "push"]
EOF
  cat >"$CTRD/config.toml" <<EOF
version = 2
root = "$CTRD/root"
state = "$CTRD/state"
oom_score = 0
[grpc]
  address = "$CTRD_SOCK"
[ttrpc]
  address = ""
[debug]
  address = ""
[metrics]
  address = ""
[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$CTRD/opt"
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "localhost/pod-doctor-e2e/pause:1"
    restrict_oom_score_adj = true
    netns_mounts_under_state_dir = true
    disable_apparmor = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    max_container_log_line_size = 16384
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "$(cni_bin_dir)"
      conf_dir = "$STATE/cni/net.d"
      max_conf_num = 1
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          SystemdCgroup = false
          Root = "$STATE/runc"
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "$CTRD/certs.d"
EOF
  # Pods resolve names against the node address, where nothing answers:
  # no DNS query ever leaves the machine.
  echo "nameserver $NODE_IP" >"$STATE/resolv.conf"
  cat >"$STATE/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
tlsCertFile: $PKI/kubelet.crt
tlsPrivateKeyFile: $PKI/kubelet.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$CTRD_SOCK
imageServiceEndpoint: unix://$CTRD_SOCK
cgroupDriver: cgroupfs
cgroupRoot: /$CGROUP_ROOT
cgroupsPerQOS: true
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
clusterDNS: [$NODE_IP]
resolvConf: $STATE/resolv.conf
podLogsDir: $STATE/pod-logs
volumePluginDir: $STATE/kubelet/volume-plugins
staticPodPath: ""
rotateCertificates: false
serverTLSBootstrap: false
serializeImagePulls: false
nodeStatusUpdateFrequency: 4s
nodeStatusReportFrequency: 10s
nodeLeaseDurationSeconds: 10
syncFrequency: 10s
imageGCHighThresholdPercent: 99
imageGCLowThresholdPercent: 98
evictionHard:
  memory.available: "50Mi"
  nodefs.available: "1%"
  nodefs.inodesFree: "1%"
  imagefs.available: "1%"
maxPods: 110
EOF
}

# ---------------------------------------------------------------- components

start_etcd() {
  run_bg etcd "$BIN/etcd" "$BIN/etcd" --name "$NODE" --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "$NODE=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
}

start_apiserver() {
  run_bg kube-apiserver "$BIN/kube-apiserver" "$BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address "$NODE_IP" --advertise-address "$NODE_IP" --secure-port "$API_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" --token-auth-file "$PKI/tokens.csv" \
    --authorization-mode Node,RBAC --anonymous-auth=false \
    --service-cluster-ip-range "$SVC_CIDR" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --kubelet-client-certificate "$PKI/apiserver-kubelet-client.crt" --kubelet-client-key "$PKI/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --allow-privileged=true --enable-priority-and-fairness=false --profiling=false \
    --event-ttl 2h --v 1
}

start_kcm() {
  run_bg kube-controller-manager "$BIN/kube-controller-manager" "$BIN/kube-controller-manager" \
    --kubeconfig "$PKI/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$PKI/controller-manager.kubeconfig" --authorization-kubeconfig "$PKI/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --service-cluster-ip-range "$SVC_CIDR" --allocate-node-cidrs=false \
    --flex-volume-plugin-dir "$STATE/kcm-flex-volume" \
    --node-monitor-period 2s --node-monitor-grace-period "$NODE_MONITOR_GRACE" \
    --profiling=false --v 1
}

start_scheduler() {
  run_bg kube-scheduler "$BIN/kube-scheduler" "$BIN/kube-scheduler" \
    --kubeconfig "$PKI/scheduler.kubeconfig" \
    --authentication-kubeconfig "$PKI/scheduler.kubeconfig" --authorization-kubeconfig "$PKI/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHED_PORT" --leader-elect=false --profiling=false --v 1
}

start_containerd() {
  run_bg containerd "$CTRD/config.toml" containerd --config "$CTRD/config.toml" --log-level warn
}

start_registry() {
  rm -f "$STATE/registry.ready"
  run_bg registry "$IMAGES/registry" "$IMAGES/registry" serve -addr "$REGISTRY" -load "$IMAGES/images.tar" -ready-file "$STATE/registry.ready"
}

start_kubelet() {
  run_bg kubelet "$BIN/kubelet" "$BIN/kubelet" --config "$STATE/kubelet/config.yaml" \
    --kubeconfig "$PKI/kubelet.kubeconfig" --root-dir "$STATE/kubelet" \
    --hostname-override "$NODE" --node-ip "$NODE_IP" --v 1
}

node_ready() {
  [ "$(kc get node "$NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

# ---------------------------------------------------------------- up / down

build_images() {
  log "building test images and the registry (hack/e2e-images, hack/registry)"
  (cd "$ROOT" && go run ./hack/e2e-images -registry "$REGISTRY" -o "$IMAGES" >&2 \
    && CGO_ENABLED=0 go build -o "$IMAGES/registry" ./hack/registry \
    && go build -o "$IMAGES/pki" ./hack/cluster/pki)
}

up() {
  [ "$(id -u)" = 0 ] || die "the cluster needs root (containerd, kubelet, network)"
  deps
  check_tools
  if [ -d "$STATE" ] || ip link show "$BRIDGE" >/dev/null 2>&1 || [ -n "$(cgroup_dirs)" ] \
    || iptables -S 2>/dev/null | grep -q -- "-N $CHAIN"; then
    log "traces of an earlier cluster (state dir, bridge, cgroups or iptables): tearing it down first"
    down
  fi
  build_images
  mkdir -p "$STATE" "$LOGS" "$PIDS"
  : >"$STATE/.pod-doctor-e2e" # marker: down only deletes a directory that has it
  # Paths the kubelet and containerd use whatever their configuration says:
  # teardown removes those this cluster created.
  for d in "${HOST_DIRS[@]}"; do [ -e "$d" ] || echo "$d"; done >"$STATE/created-host-dirs"
  "$IMAGES/pki" -dir "$PKI" -server "https://$NODE_IP:$API_PORT" -ip "$NODE_IP" -ip "$SVC_IP" -node "$NODE"
  net_up
  cgroups_up
  write_configs

  start_etcd
  wait_for etcd 60 curl -fsS "http://127.0.0.1:$ETCD_PORT/health" || die "etcd did not start: $LOGS/etcd.log"
  start_apiserver
  start_containerd
  start_registry
  wait_for kube-apiserver 120 kc get --raw /readyz || die "kube-apiserver did not start: $LOGS/kube-apiserver.log"
  start_kcm
  start_scheduler
  wait_for containerd 60 ctr_ version || die "containerd did not start: $LOGS/containerd.log"
  ctr_ images import "$IMAGES/pause.tar" >/dev/null || die "ctr images import $IMAGES/pause.tar failed"
  wait_for registry 60 test -f "$STATE/registry.ready" || die "registry did not start: $LOGS/registry.log"
  start_kubelet
  wait_for "node $NODE Ready" 180 node_ready || die "node did not become Ready: $LOGS/kubelet.log"
  # Pods need the default ServiceAccount and kube-root-ca.crt in their namespace.
  wait_for "default ServiceAccount" 60 kc -n default get serviceaccount default || die "no default ServiceAccount: $LOGS/kube-controller-manager.log"
  wait_for "kube-root-ca.crt" 60 kc -n default get configmap kube-root-ca.crt || die "no kube-root-ca.crt: $LOGS/kube-controller-manager.log"
  cp "$KUBECONFIG_ADMIN" "$STATE/kubeconfig"
  log "cluster up: node $NODE Ready; KUBECONFIG=$STATE/kubeconfig"
}

down() {
  set +e
  local pid p i
  log "tearing down the e2e cluster ($STATE)"
  # 1. The kubelet first, so nothing restarts containers; then the control plane.
  stop kubelet 10
  stop kube-scheduler 5
  stop kube-controller-manager 5
  stop kube-apiserver 3
  stop etcd 5
  stop registry 5
  # 2. Containers, through containerd while it is up.
  local ids=""
  if pid_of containerd >/dev/null && [ -S "$CTRD_SOCK" ]; then
    ids=$(ctr_ containers ls -q 2>/dev/null)
    for p in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks kill -a -s SIGKILL "$p" >/dev/null 2>&1; done
    sleep 1
    for p in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$p" >/dev/null 2>&1; done
    for p in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$p" >/dev/null 2>&1; done
  fi
  stop containerd 10
  # 3. Whatever is left in the cluster's cgroups, and the shims (they name
  #    this cluster's containerd socket on their command line).
  cgroups_down
  for i in 1 2 3; do
    local found=0
    for p in /proc/[0-9]*; do
      pid=${p#/proc/}
      [ "$pid" = $$ ] && continue
      if { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF -- "-address $CTRD_SOCK"; then
        kill -KILL "$pid" 2>/dev/null && found=1
      fi
    done
    [ $found = 0 ] && break
    sleep 0.5
  done
  # 4. Mounts under the state directory: container root filesystems, pod
  #    volumes, network namespaces (their veths go with them).
  for i in 1 2 3 4 5; do
    local mounts
    mounts=$(findmnt -rn -o TARGET 2>/dev/null | grep -E "^$STATE(/|$)" | sort -r)
    [ -n "$mounts" ] || break
    while read -r p; do
      [ -n "$p" ] || continue
      umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null
    done <<<"$mounts"
  done
  cgroups_down
  # 5. Network and kernel settings.
  net_down
  host_dirs_down "$ids"
  # 6. Files; logs kept for a post-mortem.
  if [ -d "$LOGS" ]; then
    rm -rf "$E2E_LOGS" && mkdir -p "$E2E_LOGS" && cp -a "$LOGS/." "$E2E_LOGS/" 2>/dev/null
  fi
  if [ -f "$STATE/.pod-doctor-e2e" ] || [ -d "$STATE/pki" ]; then
    rm -rf --one-file-system "$STATE" 2>/dev/null
    [ -d "$STATE" ] && log "warning: $STATE not fully removed (still mounted?): $(findmnt -rn -o TARGET | grep -c "^$STATE")"
  fi
  leftovers
  log "teardown done (logs in $E2E_LOGS)"
  set -e
  return 0
}

# host_dirs_down removes what the kubelet and containerd leave outside the
# state dir: the device-plugin socket (/var/lib/kubelet/device-plugins),
# container log links (/var/log/containers) and CNI result caches
# (/var/lib/cni/results), then the directories themselves if this cluster
# created them and they are empty.
host_dirs_down() {
  local f d
  for f in /var/log/containers/*; do
    [ -L "$f" ] && case "$(readlink "$f")" in "$STATE"/*) rm -f "$f" ;; esac
  done
  # CNI caches of the sandboxes killed above (a pod deleted normally has
  # had its CNI DEL, which removes them).
  for f in $1; do rm -f /var/lib/cni/results/*-"$f"-* 2>/dev/null; done
  [ -f "$STATE/created-host-dirs" ] || return 0
  while read -r d; do
    [ -n "$d" ] && [ -d "$d" ] || continue
    [ "$d" = /var/lib/kubelet ] && rm -f /var/lib/kubelet/device-plugins/kubelet.sock
    [ "$d" = /var/lib/cni ] && find /var/lib/cni/results -type f -delete 2>/dev/null
    find "$d" -depth -type d -empty -delete 2>/dev/null
  done <"$STATE/created-host-dirs"
  return 0
}

# leftovers: say loudly if anything survived teardown.
leftovers() {
  local bad=0 p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = $$ ] && continue
    if { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qE -- "-address $CTRD_SOCK|--config $CTRD/config.toml|$STATE/(kubelet|etcd|pki)"; then
      log "leftover process ${p#/proc/}: $({ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | cut -c1-120)"; bad=1
    fi
  done
  if findmnt -rn -o TARGET 2>/dev/null | grep -qE "^$STATE(/|$)"; then log "leftover mounts under $STATE"; bad=1; fi
  if ip link show "$BRIDGE" >/dev/null 2>&1; then log "leftover bridge $BRIDGE"; bad=1; fi
  if ip -o link show 2>/dev/null | grep -q "master $BRIDGE"; then log "leftover veths on $BRIDGE"; bad=1; fi
  for p in /var/log/containers/*; do
    [ -L "$p" ] && case "$(readlink "$p")" in "$STATE"/*) log "leftover log link $p"; bad=1 ;; esac
  done
  if [ -S /var/lib/kubelet/device-plugins/kubelet.sock ] && [ ! -d /proc/"$(cat "$PIDS/kubelet.pid" 2>/dev/null || echo x)" ]; then
    log "note: /var/lib/kubelet/device-plugins/kubelet.sock remains (/var/lib/kubelet existed before this cluster)"
  fi
  if [ -n "$(cgroup_dirs)" ]; then log "leftover cgroups: $(cgroup_dirs | tr '\n' ' ')"; bad=1; fi
  if iptables -S 2>/dev/null | grep -q "$CHAIN" || iptables -t nat -S 2>/dev/null | grep -q "$CHAIN"; then log "leftover iptables chain $CHAIN"; bad=1; fi
  return $bad
}

status() {
  [ -f "$KUBECONFIG_ADMIN" ] && kc get --raw /readyz >/dev/null 2>&1
}

# ---------------------------------------------------------------- pod-doctor

install_pod_doctor() {
  status || die "the cluster is not up (hack/cluster/cluster.sh up)"
  local tar="${POD_DOCTOR_IMAGE_TAR:-$ROOT/dist/pod-doctor-image.tar}" tag pushed
  if [ -z "${POD_DOCTOR_IMAGE_TAR:-}" ]; then
    log "building the pod-doctor image (make image)"
    (cd "$ROOT" && "${MAKE:-make}" --no-print-directory image >&2)
  fi
  [ -f "$tar" ] || die "no image tarball at $tar"
  # Push it to the local registry: the chart's default repository
  # docker.io/pod-doctor/pod-doctor resolves there.
  # (Echo to stderr with >&2, not `tee /dev/stderr`: reopening /dev/stderr
  # truncates it when stderr is a log file, losing everything logged before.)
  pushed=$("$IMAGES/registry" push -addr "$REGISTRY" -f "$tar")
  echo "$pushed" >&2
  tag=$(echo "$pushed" | sed -n 's#^pushed [^ ]*/pod-doctor/pod-doctor:\([^ ]*\) .*#\1#p' | head -1)
  [ -n "$tag" ] || die "$tar holds no pod-doctor/pod-doctor image"
  log "helm install pod-doctor charts/pod-doctor (image tag $tag)"
  "$BIN/helm" --kubeconfig "$KUBECONFIG_ADMIN" upgrade --install pod-doctor "$ROOT/charts/pod-doctor" \
    --namespace pod-doctor --create-namespace \
    --set image.tag="$tag" --set image.pullPolicy=Always \
    --set gracePeriod="${POD_DOCTOR_GRACE_PERIOD:-30s}" --set logFormat=console \
    --wait --timeout 5m ${HELM_EXTRA_ARGS:-}
  kc -n pod-doctor rollout status deploy/pod-doctor --timeout 3m
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  env) echo "export KUBECONFIG=$STATE/kubeconfig" ;;
  install) install_pod_doctor ;;
  stop-kubelet) stop kubelet 10 ;;
  start-kubelet) start_kubelet; wait_for "node $NODE Ready" 120 node_ready ;;
  deps) deps ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
