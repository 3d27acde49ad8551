// Package faults is the fault-injection suite of the controller (issue 10):
// a real etcd and kube-apiserver run as processes the tests control (kill -9,
// restart on the same data directory and port), the real `pod-doctor
// controller` binary runs against them as one or two processes, and each
// scenario breaks something — the API server, the leader, event creation,
// pod patches, a crashloop storm, the namespace scope — and asserts exact
// outcomes on the pods' annotations, their Events, the controller's metrics
// and the API server's audit log of the controller's writes.
//
// `make test-faults` runs it (and `make test` runs that); `make bench-faults`
// runs the full 10,000-pod crashloop storm. The tests fail, never skip, when
// bin/etcd or bin/kube-apiserver is missing, unless POD_DOCTOR_ALLOW_SKIP is set.
package faults
