// Package sanitize makes text taken from the cluster safe to show: event
// messages, container termination messages and object names end up in
// terminals, annotations and Events, and a message carrying an escape
// sequence (ESC]52 writes the clipboard of whoever runs `kubectl describe`)
// or a bidirectional override (which reorders what a reviewer reads) must
// not reach them as it came. Every output path calls Text; it is the one
// definition of "safe".
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text returns s with every control character escaped as a visible \xNN or
// \uNNNN sequence, tabs and line breaks turned into spaces, and invalid UTF-8
// replaced by U+FFFD. Printable text, including any script, is unchanged, and
// a string that needs nothing is returned without a copy.
func Text(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeRune(r):
			b.WriteString(escape(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Strings applies Text to every element, copying the slice only when one changes.
func Strings(in []string) []string {
	out := in
	for i, s := range in {
		t := Text(s)
		if t == s {
			continue
		}
		if &out[0] == &in[0] {
			out = append([]string(nil), in...)
		}
		out[i] = t
	}
	return out
}

// clean is the allocation-free fast path: printable ASCII, or UTF-8 with no
// rune that needs escaping.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			return cleanUTF8(s[i:])
		}
	}
	return true
}

func cleanUTF8(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r < 0x20 || unsafeRune(r) {
			return false
		}
		i += size
	}
	return true
}

// unsafeRune reports the runes a terminal or a reader could be fooled by:
// C0 and C1 controls, DEL, and the Unicode bidirectional formatting characters.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func escape(r rune) string {
	if r < 0x100 {
		h := strconv.FormatInt(int64(r), 16)
		if len(h) == 1 {
			h = "0" + h
		}
		return `\x` + h
	}
	h := strconv.FormatInt(int64(r), 16)
	return `\u` + strings.Repeat("0", 4-len(h)) + h
}
