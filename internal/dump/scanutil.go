package dump

import "bytes"

// trimEOL drops the line break ("\n" or "\r\n").
func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// checkBreaks refuses lines holding a line break other than the final one:
// YAML also breaks lines on a lone CR, NEL, LS and PS, which a line-based
// splitter would not see.
func checkBreaks(body []byte) error {
	if bytes.IndexByte(body, '\r') >= 0 {
		return unsure("a carriage return inside a line")
	}
	for _, b := range [][]byte{{0xC2, 0x85}, {0xE2, 0x80, 0xA8}, {0xE2, 0x80, 0xA9}} {
		if bytes.Contains(body, b) {
			return unsure("a Unicode line separator")
		}
	}
	return nil
}

func skipSpaces(b []byte, i int) int {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	return i
}

// isDash reports whether a block sequence entry ("-" then a space or the end
// of the line) starts at i.
func isDash(b []byte, i int) bool {
	return i < len(b) && b[i] == '-' && (i+1 == len(b) || b[i+1] == ' ')
}

// plainEnd returns where a plain scalar in block context ends: the ':' of a
// key indicator (": ", ":\t" or ":" at the end), the '#' of a comment, or len(b).
func plainEnd(b []byte) int {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case ':':
			if i+1 == len(b) || b[i+1] == ' ' || b[i+1] == '\t' {
				return i
			}
		case '#':
			if i > 0 && (b[i-1] == ' ' || b[i-1] == '\t') {
				return i
			}
		}
	}
	return len(b)
}

// quoteEnd finds the end of a quoted scalar whose opening quote q precedes b;
// it returns the index just past the closing quote.
func quoteEnd(b []byte, q byte) (int, bool) {
	for i := 0; i < len(b); i++ {
		switch {
		case q == '"' && b[i] == '\\':
			i++ // the escaped character (or the line break)
		case b[i] == q && q == '\'' && i+1 < len(b) && b[i+1] == '\'':
			i++ // '' is a quote inside single quotes
		case b[i] == q:
			return i + 1, true
		}
	}
	return len(b), false
}

// tailOnly accepts what may follow a complete node on its line: spaces and
// a comment.
func tailOnly(b []byte) error {
	i := skipSpaces(b, 0)
	if i == len(b) || (b[i] == '#' && i > 0) {
		return nil
	}
	return unsure("%q after a complete node", b[i:])
}

// flowEnd finds the end of a flow collection that opens and closes on one
// line, quotes only at token starts. Anything richer (a collection spanning
// lines, anchors, tags, explicit keys, comments) is left to the full parse.
func flowEnd(b []byte) (int, error) {
	depth := 0
	tokenStart := true
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '{' || c == '[':
			depth++
			tokenStart = true
			continue
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		case c == '"' || c == '\'':
			if !tokenStart {
				return 0, unsure("a quote inside a flow scalar")
			}
			end, closed := quoteEnd(b[i+1:], c)
			if !closed {
				return 0, unsure("a quoted scalar spanning lines in a flow collection")
			}
			i += end
		case bytes.IndexByte([]byte("&*!?#|>%@`\t"), c) >= 0:
			return 0, unsure("%q inside a flow collection", c)
		}
		tokenStart = c == ',' || c == ' ' || c == ':' || c == '{' || c == '['
	}
	return 0, unsure("a flow collection spanning lines")
}
