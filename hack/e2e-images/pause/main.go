// Command pause is the sandbox ("infra") container of the e2e cluster, like
// registry.k8s.io/pause: it holds the pod's namespaces open, reaps the
// zombies the kernel hands to PID 1, and exits 0 on SIGINT or SIGTERM.
// The e2e cluster cannot pull registry.k8s.io, so containerd's
// sandbox_image names this one, imported with `ctr images import`.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sig {
		if s == syscall.SIGCHLD {
			for {
				var ws syscall.WaitStatus
				pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
			continue
		}
		os.Exit(0)
	}
}
