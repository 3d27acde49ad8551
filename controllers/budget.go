package controllers

import (
	"k8s.io/client-go/rest"
	"k8s.io/client-go/util/flowcontrol"
)

// clientConfigs returns the client configuration of the manager and the one
// of leader election.
//
// client-go gives every REST client built from a config without a
// RateLimiter its own token bucket, and controller-runtime builds one client
// per resource type: --kube-api-qps=200 would allow 200/s of pod patches and
// 200/s of events and 200/s of each list. One limiter set on the config is
// shared by every client built from it (rest.CopyConfig keeps the pointer),
// so the flag is one budget for the whole process.
//
// Leader election gets its own copy without that limiter: lease renewals
// must never queue behind a burst of writes, or a busy leader would lose
// its lease.
func clientConfigs(base *rest.Config, m ManagerOptions) (main, leader *rest.Config) {
	main = rest.CopyConfig(base)
	if main.UserAgent == "" {
		main.UserAgent = ControllerName
	}
	leader = rest.CopyConfig(main)
	main.QPS, main.Burst = m.QPS, m.Burst
	main.RateLimiter = nil
	if m.QPS > 0 {
		main.RateLimiter = flowcontrol.NewTokenBucketRateLimiter(m.QPS, m.Burst)
	}
	return main, leader
}
