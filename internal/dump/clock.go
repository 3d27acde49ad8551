package dump

import "time"

// SkewGap is how far the times one clock stamped on one object must all lie
// after every other observed time to be taken for a skewed clock (a node
// whose kubelet stamps events hours ahead) rather than for news. A pod stuck
// for hours still shows times spread over those hours (an event's first and
// last timestamps, a condition, a node heartbeat), and the API server stamps
// an event's creation with its own clock when the event arrives, so a real
// latest time is never that far from all the rest. An event's creation time
// and its reported times count as two observations for this reason.
const SkewGap = time.Hour

// clock finds the default "now": the latest observed time, except that a
// single object whose earliest observed time is more than SkewGap after the
// latest observed time of every other object is ignored.
type clock struct {
	top, topMin time.Time // the latest object's latest and earliest times
	second      time.Time // the latest time of every other object
}

// observe records one object's observed times (zero times are absent fields).
func (c *clock) observe(ts []time.Time) {
	var lo, hi time.Time
	for _, t := range ts {
		if t.IsZero() {
			continue
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
	}
	switch {
	case hi.IsZero():
	case hi.After(c.top):
		c.second = c.top
		c.top, c.topMin = hi, lo
	case hi.After(c.second):
		c.second = hi
	}
}

// now returns the default "now" and the time ignored as an outlier, if any.
func (c clock) now() (now, ignored time.Time) {
	if !c.second.IsZero() && c.topMin.Sub(c.second) > SkewGap {
		return c.second, c.top
	}
	return c.top, time.Time{}
}
