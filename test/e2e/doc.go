// Package e2e holds the end-to-end tests of pod-doctor on a real one-node
// cluster. They carry the build tag `e2e`, so `go test ./...` does not run
// them: `make e2e`, or `go test -tags e2e ./test/e2e/` as root.
package e2e
