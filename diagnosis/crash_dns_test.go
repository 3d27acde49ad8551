package diagnosis

import "testing"

func TestGoLookupFailure(t *testing.T) {
	tests := []struct {
		msg, host, text string
		ok              bool
	}{
		{"dial tcp: lookup db on 10.96.0.10:53: read udp 10.244.1.5:38123->10.96.0.10:53: i/o timeout",
			"db", "lookup db on 10.96.0.10:53: read udp 10.244.1.5:38123->10.96.0.10:53: i/o timeout", true},
		{"x (lookup kafka on [::1]:53: read udp [::1]:58968->[::1]:53: read: connection refused)\nnext line",
			"kafka", "lookup kafka on [::1]:53: read udp [::1]:58968->[::1]:53: read: connection refused", true},
		{"lookup redis on 10.96.0.10:53: dial udp 10.96.0.10:53: connect: network is unreachable",
			"redis", "lookup redis on 10.96.0.10:53: dial udp 10.96.0.10:53: connect: network is unreachable", true},
		{"dial tcp: lookup api.internal: i/o timeout", "api.internal", "lookup api.internal: i/o timeout", true},
		{"lookup api.internal: i/o timeout", "", "", false},
		// The name is unknown, not the server unreachable: dnsNeedles' "no such host" covers it.
		{"lookup db on 10.96.0.10:53: no such host", "", "", false},
		{"table lookup failed: i/o timeout reading /data", "", "", false},
		{"cache lookup of user 42 took 3s", "", "", false},
	}
	for _, tt := range tests {
		host, text, ok := goLookupFailure(tt.msg)
		if host != tt.host || text != tt.text || ok != tt.ok {
			t.Errorf("goLookupFailure(%q) = %q, %q, %v; want %q, %q, %v", tt.msg, host, text, ok, tt.host, tt.text, tt.ok)
		}
	}
}
