package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/api/resource"
)

// memoryOptions set the Go garbage collector's soft memory limit from the
// container's memory limit (the chart passes it through the downward API).
// Without one, Go lets the heap grow to twice what is live before
// collecting, so a controller caching 150,000 pods would need a limit twice
// its live heap; with one, it collects harder as the heap nears the limit
// instead of being OOM-killed.
type memoryOptions struct {
	Limit string  // a quantity: bytes ("419430400") or "400Mi"
	Ratio float64 // share of Limit given to the Go heap and runtime
}

func (o *memoryOptions) BindFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.Limit, "memory-limit", "", "the container's memory limit (e.g. 400Mi); the garbage collector keeps the process within --memory-limit-ratio of it. Ignored when GOMEMLIMIT is set")
	fs.Float64Var(&o.Ratio, "memory-limit-ratio", 0.9, "share of --memory-limit the Go runtime may use; the rest is headroom for memory it does not manage")
}

// softLimit is the limit to give the runtime: 0 when there is none to set
// (no --memory-limit, or GOMEMLIMIT already chose one).
func (o memoryOptions) softLimit(gomemlimit string) (int64, error) {
	if o.Limit == "" || gomemlimit != "" {
		return 0, nil
	}
	q, err := resource.ParseQuantity(o.Limit)
	if err != nil {
		return 0, fmt.Errorf("--memory-limit %q: %w", o.Limit, err)
	}
	if o.Ratio <= 0 || o.Ratio > 1 {
		return 0, fmt.Errorf("--memory-limit-ratio must be in (0, 1], got %v", o.Ratio)
	}
	if q.Value() <= 0 {
		return 0, fmt.Errorf("--memory-limit must be positive, got %q", o.Limit)
	}
	return int64(float64(q.Value()) * o.Ratio), nil
}

// apply sets the soft limit, returning it (0 when none was set).
func (o memoryOptions) apply(gomemlimit string) (int64, error) {
	limit, err := o.softLimit(gomemlimit)
	if err != nil || limit == 0 {
		return 0, err
	}
	debug.SetMemoryLimit(limit)
	return limit, nil
}
