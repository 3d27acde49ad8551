package dump

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// fastJSON converts one List item in the YAML subset kubectl prints — block
// mappings and sequences, plain and quoted scalars, literal block scalars,
// "{}" and "[]" — to JSON, about ten times faster than a general YAML
// library. ok is false for anything outside that subset (anchors, flow
// collections, folded scalars, YAML 1.1 words such as "yes", numbers other
// than plain integers, duplicate keys, ...): the caller then uses the
// general converter, so the result never depends on this one's reach.
func fastJSON(doc []byte) (js []byte, ok bool) {
	js, _, ok = fastJSONMeta(doc)
	return js, ok
}

// fastMeta is what fastJSON saw of the root mapping's type fields, so the
// caller can skip decoding them again.
type fastMeta struct {
	tm typeMeta
	// known: kind is a string, apiVersion a string or absent, and there is no
	// "items" (whose type a full decode of typeMeta would check).
	known                    bool
	kindOK, apiBad, hasItems bool
}

func fastJSONMeta(doc []byte) ([]byte, fastMeta, bool) {
	if !printable(doc) {
		return nil, fastMeta{}, false
	}
	c := &conv{lines: splitLines(doc), out: make([]byte, 0, len(doc)+len(doc)/4), finalBreak: bytes.HasSuffix(doc, []byte("\n"))}
	c.skip()
	if c.i == len(c.lines) || indentOf(c.lines[c.i]) != 0 {
		return nil, fastMeta{}, false
	}
	if err := c.block(0); err != nil {
		return nil, fastMeta{}, false
	}
	if c.skip(); c.i != len(c.lines) {
		return nil, fastMeta{}, false
	}
	m := c.meta
	m.known = m.kindOK && !m.apiBad && !m.hasItems
	return c.out, m, true
}

var errSubset = errors.New("outside the fast subset")

// conv walks the item's lines.
type conv struct {
	lines [][]byte
	i     int
	out   []byte
	// finalBreak: the last line ends with a line break (a block scalar
	// ending there keeps it).
	finalBreak bool
	meta       fastMeta
}

func splitLines(doc []byte) [][]byte {
	lines := bytes.Split(bytes.TrimSuffix(doc, []byte("\n")), []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSuffix(l, []byte("\r"))
	}
	return lines
}

// printable mirrors the YAML reader's character check, so that input the
// general converter rejects is never accepted here.
func printable(doc []byte) bool {
	if !utf8.Valid(doc) || bytes.Count(doc, []byte("\r")) != bytes.Count(doc, []byte("\r\n")) {
		return false // a lone CR breaks lines too
	}
	for _, r := range string(doc) {
		switch {
		case r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E):
		case r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF) || r >= 0x10000:
			if r == 0x85 || r == 0x2028 || r == 0x2029 {
				return false // line breaks the line split would miss
			}
		default:
			return false // tabs included: they are rare and have their own rules
		}
	}
	return true
}

func indentOf(l []byte) int {
	n := 0
	for n < len(l) && l[n] == ' ' {
		n++
	}
	return n
}

func isBlankOrComment(l []byte) bool {
	n := indentOf(l)
	return n == len(l) || l[n] == '#'
}

// skip moves past blank and comment lines.
func (c *conv) skip() {
	for c.i < len(c.lines) && isBlankOrComment(c.lines[c.i]) {
		c.i++
	}
}

// block converts the mapping or sequence whose first line is c.i, at ind.
func (c *conv) block(ind int) error {
	l := c.lines[c.i]
	if isDash(l, ind) {
		return c.seq(ind)
	}
	return c.mapping(ind)
}

func (c *conv) seq(ind int) error {
	c.out = append(c.out, '[')
	for n := 0; ; n++ {
		c.skip()
		if c.i == len(c.lines) || indentOf(c.lines[c.i]) != ind || !isDash(c.lines[c.i], ind) {
			break
		}
		if n > 0 {
			c.out = append(c.out, ',')
		}
		if err := c.seqItem(ind); err != nil {
			return err
		}
	}
	c.out = append(c.out, ']')
	return c.after(ind)
}

// seqItem converts one "- ..." entry.
func (c *conv) seqItem(ind int) error {
	l := c.lines[c.i]
	col := skipSpaces(l, ind+1)
	if col == len(l) || l[col] == '#' {
		c.i++
		return c.nested(ind)
	}
	if isDash(l, col) {
		return errSubset
	}
	if _, _, isKey := keyAt(l, col); isKey {
		// "- key: v": a mapping at col; blank out the dash and read it so.
		nl := bytes.Clone(l)
		nl[ind] = ' '
		c.lines[c.i] = nl
		return c.mapping(col)
	}
	return c.scalar(col, ind)
}

// nested converts the node on the lines after a "key:" or "-" with nothing
// after it: deeper lines, or null.
func (c *conv) nested(ind int) error {
	c.skip()
	if c.i < len(c.lines) {
		if n := indentOf(c.lines[c.i]); n > ind {
			return c.block(n)
		}
	}
	c.out = append(c.out, "null"...)
	return nil
}

func (c *conv) mapping(ind int) error {
	c.out = append(c.out, '{')
	seen := map[string]bool{}
	for n := 0; ; n++ {
		c.skip()
		if c.i == len(c.lines) || indentOf(c.lines[c.i]) != ind || isDash(c.lines[c.i], ind) {
			break
		}
		l := c.lines[c.i]
		key, vcol, isKey := keyAt(l, ind)
		if !isKey || seen[key] || key == "<<" {
			return errSubset
		}
		seen[key] = true
		if n > 0 {
			c.out = append(c.out, ',')
		}
		c.out = appendString(c.out, key)
		c.out = append(c.out, ':')
		start := len(c.out)
		if err := c.value(l, vcol, ind); err != nil {
			return err
		}
		if ind == 0 { // only the root mapping sits at column 0
			c.noteRoot(key, c.out[start:])
		}
	}
	c.out = append(c.out, '}')
	return c.after(ind)
}

// after checks that a block at ind ends at a line less indented (or at the
// parent's sequence dash): anything deeper is an error the general
// converter reports.
func (c *conv) after(ind int) error {
	c.skip()
	if c.i < len(c.lines) && indentOf(c.lines[c.i]) > ind {
		return errSubset
	}
	return nil
}

// value converts what follows "key:" on line l from vcol; ind is the key's column.
func (c *conv) value(l []byte, vcol, ind int) error {
	vcol = skipSpaces(l, vcol)
	if vcol == len(l) || l[vcol] == '#' {
		c.i++
		c.skip()
		if c.i < len(c.lines) && indentOf(c.lines[c.i]) == ind && isDash(c.lines[c.i], ind) {
			return c.seq(ind) // kubectl's "key:\n- item" at the key's column
		}
		return c.nested(ind)
	}
	return c.scalar(vcol, ind)
}

// keyAt reads a plain or quoted key at col of l followed by ':'; vcol is
// where its value starts.
func keyAt(l []byte, col int) (key string, vcol int, ok bool) {
	if col >= len(l) {
		return "", 0, false
	}
	if q := l[col]; q == '"' || q == '\'' {
		s, end, err := quotedLine(l[col:])
		if err != nil {
			return "", 0, false
		}
		end += col
		if end < len(l) && l[end] == ':' && (end+1 == len(l) || l[end+1] == ' ') {
			return s, end + 1, true
		}
		return "", 0, false
	}
	k := plainEnd(l[col:])
	if col+k >= len(l) || l[col+k] != ':' {
		return "", 0, false
	}
	raw := string(bytes.TrimRight(l[col:col+k], " "))
	if !plainString(raw) {
		return "", 0, false
	}
	return raw, col + k + 1, true
}

// noteRoot records the root mapping's kind, apiVersion and items.
func (c *conv) noteRoot(key string, value []byte) {
	if key == "items" {
		c.meta.hasItems = true
		return
	}
	if key != "kind" && key != "apiVersion" {
		return
	}
	var s string
	isString := len(value) > 0 && value[0] == '"' && json.Unmarshal(value, &s) == nil
	if key == "kind" {
		c.meta.tm.Kind, c.meta.kindOK = s, isString
	} else {
		c.meta.tm.APIVersion, c.meta.apiBad = s, !isString
	}
}
