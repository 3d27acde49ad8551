# pod-doctor developer entry points. `make help` lists them.
#
# Every tool is built from Go modules pinned in hack/tools/go.mod into bin/;
# nothing is downloaded as a release binary, so this works on air-gapped hosts.

SHELL := /usr/bin/env bash -o pipefail
.SHELLFLAGS := -ec
.DEFAULT_GOAL := help

BIN        := $(abspath bin)
TOOLS_MOD  := hack/tools/go.mod
VERSION    ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT     ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS    := -s -w -X github.com/pod-doctor/pod-doctor/internal/version.Version=$(VERSION) \
              -X github.com/pod-doctor/pod-doctor/internal/version.Commit=$(COMMIT)
FUZZTIME   ?= 20s

# The Kubernetes binaries report the version of k8s.io/kubernetes in hack/tools/go.mod
# (as Kubernetes' own build stamps it), not the v0.0.0-master default of a plain go build.
K8S_VERSION = $(shell cd hack/tools && go list -m -f '{{.Version}}' k8s.io/kubernetes)
K8S_MINOR   = $(word 2,$(subst ., ,$(K8S_VERSION)))
K8S_LDFLAGS = $(foreach p,k8s.io/component-base/version k8s.io/client-go/pkg/version,\
              -X $(p).gitVersion=$(K8S_VERSION) -X $(p).gitMajor=1 -X $(p).gitMinor=$(K8S_MINOR) -X $(p).gitTreeState=clean)
K8S_BUILD   = cd hack/tools && go build -ldflags '$(K8S_LDFLAGS)' -o $@

# Tests find the API server, etcd, kubectl and helm here (controller-runtime envtest convention).
export KUBEBUILDER_ASSETS := $(BIN)
export POD_DOCTOR_TOOLS   := $(BIN)

ENVTEST_TOOLS := $(BIN)/kube-apiserver $(BIN)/etcd $(BIN)/kubectl
TOOLS         := $(ENVTEST_TOOLS) $(BIN)/helm $(BIN)/controller-gen $(BIN)/staticcheck $(BIN)/promtool
CLUSTER_TOOLS := $(ENVTEST_TOOLS) $(BIN)/kube-controller-manager $(BIN)/kube-scheduler $(BIN)/kubelet $(BIN)/helm

##@ General

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make <target>\n"} \
	  /^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n%s\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Build

.PHONY: build
build: ## Build bin/pod-doctor with the version stamped in.
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/pod-doctor ./cmd/pod-doctor

IMAGE_REPO ?= docker.io/pod-doctor/pod-doctor
IMAGE_TAG  ?= $(VERSION)

.PHONY: image
image: build ## Build the container image without Docker: dist/pod-doctor-image.tar (ctr -n k8s.io images import).
	go run ./hack/image -binary $(BIN)/pod-doctor -version $(VERSION) -commit $(COMMIT) -tag $(IMAGE_REPO):$(IMAGE_TAG) -o dist/pod-doctor-image.tar

.PHONY: tools
tools: $(TOOLS) ## Build the pinned tools (kube-apiserver, etcd, kubectl, helm, controller-gen, staticcheck, promtool) into bin/.

# One rule per tool: each is a package of the tools module, built once and cached.
$(BIN)/kube-apiserver: $(TOOLS_MOD) ; $(K8S_BUILD) k8s.io/kubernetes/cmd/kube-apiserver
$(BIN)/kubectl:        $(TOOLS_MOD) ; $(K8S_BUILD) k8s.io/kubernetes/cmd/kubectl
$(BIN)/etcd:           $(TOOLS_MOD) ; cd hack/tools && go build -o $@ go.etcd.io/etcd/server/v3
$(BIN)/helm:           $(TOOLS_MOD) ; cd hack/tools && go build -o $@ helm.sh/helm/v4/cmd/helm
$(BIN)/controller-gen: $(TOOLS_MOD) ; cd hack/tools && go build -o $@ sigs.k8s.io/controller-tools/cmd/controller-gen
$(BIN)/staticcheck:    $(TOOLS_MOD) ; cd hack/tools && go build -o $@ honnef.co/go/tools/cmd/staticcheck
$(BIN)/promtool:       hack/tools/promtool/go.mod ; cd hack/tools/promtool && go build -o $@ github.com/prometheus/prometheus/cmd/promtool
$(BIN)/kube-controller-manager: $(TOOLS_MOD) ; $(K8S_BUILD) k8s.io/kubernetes/cmd/kube-controller-manager
$(BIN)/kube-scheduler: $(TOOLS_MOD) ; $(K8S_BUILD) k8s.io/kubernetes/cmd/kube-scheduler
$(BIN)/kubelet:        $(TOOLS_MOD) ; $(K8S_BUILD) k8s.io/kubernetes/cmd/kubelet

.PHONY: cluster-tools
cluster-tools: $(CLUSTER_TOOLS) ## Build the one-node cluster's binaries (scheduler, controller-manager, kubelet) into bin/.

##@ Run it

.PHONY: demo
demo: $(CLUSTER_TOOLS) ## A real one-node cluster, pod-doctor installed with helm, broken pods diagnosed; stays up.
	MAKE='$(MAKE)' hack/cluster/demo.sh

.PHONY: demo-down
demo-down: ## Stop the demo cluster and remove everything it made.
	hack/cluster/cluster.sh down

.PHONY: cluster-deps
cluster-deps: ## apt-get install containerd, runc, CNI plugins and iptables when missing (demo and e2e do it too).
	hack/cluster/cluster.sh deps

##@ Test

.PHONY: test
test: $(TOOLS) browser lint docs-check ## Run every test: unit, fixtures, fuzz (bounded), envtest, helm, kubectl, a browser, then e2e on a real kubelet.
	POD_DOCTOR_BROWSER=required go test -count=1 ./...
	go test -run='^$$' -fuzz=FuzzDiagnose -fuzztime=$(FUZZTIME) ./diagnosis/
	go test -run='^$$' -fuzz=FuzzParse -fuzztime=$(FUZZTIME) ./internal/dump/
	go test -run='^$$' -fuzz=FuzzSplitterMatchesFullParse -fuzztime=$(FUZZTIME) ./internal/dump/
	go test -run='^$$' -fuzz=FuzzText -fuzztime=10s ./internal/sanitize/
	$(MAKE) test-faults
	$(MAKE) e2e

# The HTML report is tested in a real headless browser: Debian's Chromium,
# installed from its package when missing (root needed then, as for the
# cluster's containerd).
.PHONY: browser
browser: ## Install Debian's headless Chromium (chromium-headless-shell) when missing.
	@command -v chromium-headless-shell >/dev/null || command -v chromium >/dev/null || { \
	  echo "installing chromium-headless-shell (apt-get)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium-headless-shell >/dev/null; }

# The fault suite is behind the `faults` build tag: `go test ./...` must not
# run it in parallel with other packages (it measures failover time, write
# rates and latencies on real processes), so it runs here, alone, and is
# vetted here with its tag.
.PHONY: test-faults
test-faults: $(ENVTEST_TOOLS) $(BIN)/staticcheck ## Fault injection on a real API server, etcd and controller binary: kill -9, failover, refused writes, crashloop storm.
	go vet -tags=faults ./test/faults/
	$(BIN)/staticcheck -tags=faults ./test/faults/
	go test -tags=faults -count=1 -p=1 -timeout=20m -v ./test/faults/

.PHONY: bench-faults
bench-faults: $(ENVTEST_TOOLS) ## The crashloop storm at full size: 10,000 pods for 5 minutes (figures in docs/performance.md).
	FAULTS_STORM_PODS=10000 FAULTS_STORM_SECONDS=300 FAULTS_STORM_QPS=200 FAULTS_STORM_BURST=400 \
	  go test -tags=faults -count=1 -timeout=90m -v -run='^TestCrashloopStorm$$' ./test/faults/

.PHONY: e2e
e2e: $(CLUSTER_TOOLS) ## E2E on a real one-node cluster: up, image, helm install, broken pods, recoveries, teardown.
	MAKE='$(MAKE)' hack/cluster/e2e.sh

.PHONY: lint
lint: $(BIN)/staticcheck ## gofmt, go vet and staticcheck.
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './hack/tools/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	$(BIN)/staticcheck ./...

.PHONY: bench
bench: ## Engine benchmarks: per pod, and per object beyond pods, over the fixture corpora.
	go test -run='^$$' -bench=BenchmarkDiagnose -benchmem -count=5 ./diagnosis/
	go test -run='^$$' -bench=BenchmarkObjects -benchmem -count=5 ./diagnosis/snapshot/

.PHONY: release
release: ## Build the kubectl plugin's release archives (dist/release) and regenerate hack/release/release.json and plugins/doctor.yaml (krew). RELEASE_VERSION=x.y.z
	go run ./hack/release -version $(or $(RELEASE_VERSION),$(shell sed -n 's/^appVersion: "\(.*\)"/\1/p' charts/pod-doctor/Chart.yaml))

.PHONY: bench-live
bench-live: $(ENVTEST_TOOLS) ## Live `diagnose -A` over 5,000 pods on a local API server.
	go test -run='^$$' -bench=BenchmarkLiveDiagnose5000 -benchtime=5x -benchmem ./cmd/pod-doctor/

.PHONY: bench-scale
bench-scale: $(ENVTEST_TOOLS) ## Controller at scale: 5,000 pods on envtest (SCALE_ARGS to tune, e.g. SCALE_ARGS="-pods 150000").
	go run ./test/scale $(SCALE_ARGS)

SCALE_SIZES ?= 5000 20000 50000 150000
# The controller as the chart runs it in a 400Mi container (--memory-limit is
# what the chart passes from limits.memory).
SCALE_CURVE_ARGS ?= -controller-flags=--memory-limit=400Mi
.PHONY: bench-curve
bench-curve: $(ENVTEST_TOOLS) ## The scaling curve: bench-scale at each of SCALE_SIZES, recorded in docs/scaling.json and drawn as docs/scaling.svg (~1 h).
	for n in $(SCALE_SIZES); do go run ./test/scale -pods $$n -curve docs/scaling.json -plot docs/scaling.svg -o docs/scaling-runs/$$n.md $(SCALE_CURVE_ARGS) $(SCALE_ARGS) || exit 1; done

.PHONY: manifests
manifests: $(BIN)/controller-gen ## Regenerate config/rbac/role.yaml from the RBAC markers in controllers/.
	$(BIN)/controller-gen rbac:roleName=pod-doctor paths=./controllers/... output:rbac:artifacts:config=config/rbac

##@ Docs

.PHONY: docs
docs: ## Regenerate docs/rules.md from the catalog in code.
	go run ./hack/gendocs > docs/rules.md

.PHONY: chart-docs
chart-docs: ## Regenerate the values table in charts/pod-doctor/README.md.
	go run ./hack/chartdoc

.PHONY: docs-check
docs-check: ## Fail when docs/rules.md or the chart's values table is stale.
	@go run ./hack/gendocs | diff -u docs/rules.md - || { echo "docs/rules.md is stale: run make docs"; exit 1; }
	@go run ./hack/chartdoc -check || { echo "values tables are stale: run make chart-docs"; exit 1; }

.PHONY: clean
clean: ## Remove build output (keeps the cached tool binaries).
	rm -f $(BIN)/pod-doctor
