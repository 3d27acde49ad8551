package diagnosis

import "strings"

// Case-insensitive matching without allocation. The runtimes and the kubelet
// word the same error with different capitals across releases (kubelet < 1.14
// "Couldn't find key", Docker "Error response from daemon" vs. containerd's
// lower-case chains, "No space left on device" from some file systems), so
// markers are matched ignoring ASCII case. Lower-casing the message would
// allocate on every rule that does not match; this scans for the needle's
// first byte in both cases with strings.IndexByte and compares the rest with
// strings.EqualFold.

// containsFold reports whether sub is in s, ignoring ASCII case.
func containsFold(s, sub string) bool { return indexFold(s, sub) >= 0 }

// indexFold is the index of the first match of sub in s ignoring ASCII case, or -1.
func indexFold(s, sub string) int {
	n := len(sub)
	switch {
	case n == 0:
		return 0
	case n > len(s):
		return -1
	}
	lo, up := lowerASCII(sub[0]), upperASCII(sub[0])
	last := len(s) - n // the last index a match can start at
	for i := 0; i <= last; {
		j := indexEitherByte(s[i:last+1], lo, up)
		if j < 0 {
			return -1
		}
		i += j
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
		i++
	}
	return -1
}

// containsAnyFold reports whether s contains one of the needles, ignoring ASCII case.
func containsAnyFold(s string, needles []string) bool {
	for _, n := range needles {
		if indexFold(s, n) >= 0 {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with prefix, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// indexEitherByte is the first index of a or b in s, or -1.
func indexEitherByte(s string, a, b byte) int {
	i := strings.IndexByte(s, a)
	if a == b {
		return i
	}
	limit := s
	if i >= 0 {
		limit = s[:i]
	}
	if j := strings.IndexByte(limit, b); j >= 0 {
		return j
	}
	return i
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}
