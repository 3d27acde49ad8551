package dump

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// scalar converts the scalar starting at col of the current line; its
// continuation lines must be indented more than ind.
func (c *conv) scalar(col, ind int) error {
	l := c.lines[c.i]
	switch l[col] {
	case '"', '\'':
		return c.quoted(col, ind)
	case '|':
		return c.literal(col, ind)
	case '{', '[':
		rest := bytes.TrimRight(l[col:], " ")
		if string(rest) != "{}" && string(rest) != "[]" {
			return errSubset
		}
		c.out = append(c.out, rest...)
		c.i++
		return nil
	}
	if bytes.IndexByte([]byte("&*!%@`?:,]}#>-"), l[col]) >= 0 {
		return errSubset
	}
	return c.plain(col, ind)
}

// plain converts a plain scalar, folding continuation lines.
func (c *conv) plain(col, ind int) error {
	l := c.lines[c.i]
	end := col + plainEnd(l[col:])
	if end < len(l) && l[end] == ':' {
		return errSubset // "a: b: c"
	}
	text := string(bytes.TrimRight(l[col:end], " "))
	c.i++
	multi := false
	for c.i < len(c.lines) {
		nl := c.lines[c.i]
		n := indentOf(nl)
		if n == len(nl) || n <= ind || nl[n] == '#' || end < len(l) {
			break // a blank line inside a plain scalar is rare: not folded here
		}
		e := n + plainEnd(nl[n:])
		if e < len(nl) && nl[e] == ':' {
			return errSubset
		}
		text += " " + string(bytes.TrimRight(nl[n:e], " "))
		multi = true
		l, end = nl, e
		c.i++
	}
	switch {
	case plainString(text) || digitString(text):
		c.out = appendString(c.out, text)
	case text == "true" || text == "false" || text == "null":
		c.out = append(c.out, text...)
	case !multi && plainInt(text):
		c.out = append(c.out, bytes.TrimPrefix([]byte(text), []byte("+"))...)
	default:
		return errSubset
	}
	return nil
}

// plainString reports whether a plain scalar is surely a string to a YAML
// 1.1 resolver: it starts with a letter or '/' and is none of the words
// that resolve to booleans or null.
func plainString(s string) bool {
	if s == "" {
		return false
	}
	if r := s[0]; !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '/' || r >= 0x80) {
		return false
	}
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL":
		return false
	}
	return true
}

// digitString reports whether a plain scalar starting with a digit is
// surely a string to a YAML 1.1 resolver, as quantities ("100m", "128Mi")
// and addresses ("10.244.1.5") are: letters and dots only, not a float
// ("1.5", "1e3"), not an integer in another base ("0x1f", "0777").
func digitString(s string) bool {
	if s == "" || s[0] < '1' || s[0] > '9' || floatLike(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '.') {
			return false
		}
	}
	return !plainInt(s)
}

// floatLike matches what the resolver reads as a float:
// [0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?, read leniently (anything close
// counts, which only sends more scalars to the general converter).
func floatLike(s string) bool {
	dots, exp := 0, false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '.':
			dots++
		case ch == 'e' || ch == 'E':
			exp = true
		case ch < '0' || ch > '9':
			return false
		}
	}
	return dots <= 1 || exp
}

// plainInt: a decimal integer without leading zeros that fits an int64.
func plainInt(s string) bool {
	d := s
	if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
		d = d[1:]
	}
	if d == "" || len(d) > 18 || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

// quoted converts a single- or double-quoted scalar, possibly folded over
// several lines.
func (c *conv) quoted(col, ind int) error {
	q := c.lines[c.i][col]
	var sb []byte
	pos := col + 1
	for {
		l := c.lines[c.i]
		s, end, closed, err := quotedPart(l[pos:], q)
		if err != nil {
			return err
		}
		sb = append(sb, s...)
		if closed {
			if tailOnly(l[pos+end:]) != nil {
				return errSubset
			}
			c.i++
			c.out = appendString(c.out, string(sb))
			return nil
		}
		// Fold the line break: one space, or a newline per empty line.
		sb = trimTrailing(sb, q, l[pos:])
		c.i++
		empty := 0
		for c.i < len(c.lines) && indentOf(c.lines[c.i]) == len(c.lines[c.i]) {
			empty++
			c.i++
		}
		if c.i == len(c.lines) || indentOf(c.lines[c.i]) <= ind {
			return errSubset
		}
		if bytes.HasSuffix(l, []byte{'\\'}) && q == '"' && escapedBreak(l[pos:]) {
			if empty > 0 {
				return errSubset
			}
		} else if empty == 0 {
			sb = append(sb, ' ')
		} else {
			sb = append(sb, bytes.Repeat([]byte{'\n'}, empty)...)
		}
		pos = indentOf(c.lines[c.i])
	}
}

// trimTrailing drops the white space written literally before a line break
// (an escaped space, "\ ", is content, so such lines are left to the
// general converter by quotedPart).
func trimTrailing(sb []byte, q byte, raw []byte) []byte {
	if q == '"' && escapedBreak(raw) {
		return sb
	}
	return bytes.TrimRight(sb, " ")
}

// escapedBreak reports whether a double-quoted line ends in a backslash that
// escapes the line break (an odd run of backslashes).
func escapedBreak(raw []byte) bool {
	n := 0
	for i := len(raw) - 1; i >= 0 && raw[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// quotedLine reads a quoted scalar that closes on this line; end is the
// index just past the closing quote.
func quotedLine(b []byte) (string, int, error) {
	s, end, closed, err := quotedPart(b[1:], b[0])
	if err != nil || !closed {
		return "", 0, errSubset
	}
	return string(s), end + 1, nil
}

// quotedPart decodes b up to the closing quote q or the end of the line.
func quotedPart(b []byte, q byte) (s []byte, end int, closed bool, err error) {
	for i := 0; i < len(b); i++ {
		ch := b[i]
		switch {
		case ch == q && q == '\'' && i+1 < len(b) && b[i+1] == '\'':
			s = append(s, '\'')
			i++
		case ch == q:
			return s, i + 1, true, nil
		case ch == '\\' && q == '"':
			if i+1 == len(b) {
				return s, len(b), false, nil // an escaped line break
			}
			var n int
			if s, n, err = appendEscape(s, b[i+1:]); err != nil {
				return nil, 0, false, err
			}
			i += n
		default:
			s = append(s, ch)
		}
	}
	if q == '"' && bytes.HasSuffix(b, []byte(" ")) && bytes.IndexByte(b, '\\') >= 0 {
		return nil, 0, false, errSubset // an escaped space before the break would be trimmed
	}
	return s, len(b), false, nil
}

// appendEscape decodes the escape after a backslash; n is its length.
func appendEscape(s, b []byte) ([]byte, int, error) {
	simple := map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
		'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\\': "\\", 'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029"}
	if r, ok := simple[b[0]]; ok {
		return append(s, r...), 1, nil
	}
	width := map[byte]int{'x': 2, 'u': 4, 'U': 8}[b[0]]
	if width == 0 || len(b) < 1+width {
		return nil, 0, errSubset
	}
	v, err := strconv.ParseUint(string(b[1:1+width]), 16, 32)
	if err != nil || !utf8.ValidRune(rune(v)) {
		return nil, 0, errSubset
	}
	return utf8.AppendRune(s, rune(v)), 1 + width, nil
}

// literal converts a "|", "|-" or "|+" block scalar; its content is the
// following lines indented more than ind.
func (c *conv) literal(col, ind int) error {
	l := c.lines[c.i]
	chomp := byte(0)
	h := 1
	if col+1 < len(l) && (l[col+1] == '-' || l[col+1] == '+') {
		chomp, h = l[col+1], 2
	}
	if err := tailOnly(l[col+h:]); err != nil || (col+h < len(l) && l[col+h] != ' ') {
		return errSubset
	}
	c.i++
	if c.i == len(c.lines) || indentOf(c.lines[c.i]) == len(c.lines[c.i]) {
		return errSubset // leading blank lines or empty content
	}
	ci := indentOf(c.lines[c.i])
	if ci <= ind {
		return errSubset
	}
	var body []string
	trailing := 0
	for c.i < len(c.lines) {
		nl := c.lines[c.i]
		n := indentOf(nl)
		if n == len(nl) {
			if n > ci {
				return errSubset // spaces beyond the indentation are content
			}
			trailing++
		} else if n < ci {
			break
		} else {
			for ; trailing > 0; trailing-- {
				body = append(body, "")
			}
			body = append(body, string(nl[ci:]))
		}
		c.i++
	}
	if c.i == len(c.lines) && !c.finalBreak {
		return errSubset // the last line break is missing: chomping differs
	}
	text := joinLines(body)
	switch chomp {
	case 0:
		text += "\n"
	case '+':
		text += "\n" + string(bytes.Repeat([]byte{'\n'}, trailing))
	}
	c.out = appendString(c.out, text)
	return nil
}

func joinLines(ls []string) string {
	var b bytes.Buffer
	for i, s := range ls {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s)
	}
	return b.String()
}

// appendString appends s as a JSON string.
func appendString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '"' || ch == '\\':
			out = append(out, '\\', ch)
		case ch < 0x20:
			out = append(out, '\\', 'u', '0', '0', hex[ch>>4], hex[ch&0xF])
		default:
			out = append(out, ch)
		}
	}
	return append(out, '"')
}
