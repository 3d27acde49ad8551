package dump

import (
	"bytes"
	"fmt"
)

// scanner follows a YAML document line by line just far enough to know, for
// each line, whether it starts a new node or continues a scalar begun on an
// earlier line (quoted, plain or block). That is all the List splitter needs
// to cut items without a full parse. Anything outside the small subset it
// understands — anchors, aliases, tags, multi-line flow collections, tabs in
// indentation, explicit keys, directives, odd line breaks — makes it report
// errUnsure, and the caller parses the whole document instead.
type scanner struct {
	state   scanState
	owner   int  // column of the node owning the open scalar
	content int  // block scalar content column; 0 until its first line
	quote   byte // the open quoted scalar's quote character
}

type scanState int

const (
	stNormal scanState = iota
	stPlain            // a plain scalar may continue on deeper lines
	stQuoted           // inside a quoted scalar spanning lines
	stBlock            // inside a literal or folded block scalar
)

// lineInfo is the scanner's verdict on one line.
type lineInfo struct {
	indent  int  // leading spaces
	blank   bool // nothing but spaces
	comment bool // a comment line outside any scalar
	cont    bool // continues a scalar opened on an earlier line
	dash    bool // starts with a block sequence entry "- "
	// dashOnly: the entry's node is on the following lines ("-" alone).
	dashOnly bool
	// content is the column of the first token after the dash.
	content int
}

// unsureError says why the fast path cannot vouch for a line.
type unsureError struct{ why string }

func (e *unsureError) Error() string { return e.why }

func unsure(format string, args ...any) error {
	return &unsureError{why: fmt.Sprintf(format, args...)}
}

// line classifies one line (its line break included or not).
func (s *scanner) line(raw []byte) (lineInfo, error) {
	body := trimEOL(raw)
	if err := checkBreaks(body); err != nil {
		return lineInfo{}, err
	}
	var li lineInfo
	for li.indent < len(body) && body[li.indent] == ' ' {
		li.indent++
	}
	li.blank = li.indent == len(body)
	switch s.state {
	case stBlock:
		if done, err := s.blockLine(body, &li); done || err != nil {
			return li, err
		}
	case stPlain:
		if li.blank || li.indent > s.owner {
			li.cont = true
			return li, s.plainLine(body[li.indent:])
		}
		s.state = stNormal
	case stQuoted:
		li.cont = true
		return li, s.quotedLine(body[li.indent:])
	}
	return li, s.normalLine(body, &li)
}

// blockLine handles a line while a block scalar is open; done is false when
// the line ended the scalar and must be read as a normal line.
func (s *scanner) blockLine(body []byte, li *lineInfo) (done bool, err error) {
	if li.blank {
		li.cont = true
		return true, nil
	}
	if s.content == 0 && li.indent > s.owner {
		s.content = li.indent
	}
	if s.content > 0 && li.indent >= s.content {
		li.cont = true
		return true, nil
	}
	s.state = stNormal
	if li.indent > s.owner && body[li.indent] != '#' {
		return true, unsure("a line indented between a block scalar and its owner")
	}
	return false, nil
}

// plainLine checks a continuation line of a plain scalar.
func (s *scanner) plainLine(rest []byte) error {
	if len(rest) > 0 && rest[0] == '#' {
		s.state = stNormal
		return nil
	}
	if k := plainEnd(rest); k < len(rest) {
		if rest[k] == ':' {
			return unsure("a \": \" inside a multi-line plain scalar")
		}
		s.state = stNormal // a comment ends the scalar
	}
	return nil
}

// quotedLine scans a continuation line of a quoted scalar for its end.
func (s *scanner) quotedLine(rest []byte) error {
	end, closed := quoteEnd(rest, s.quote)
	if !closed {
		return nil
	}
	s.state = stNormal
	return tailOnly(rest[end:])
}

// normalLine reads a line outside any scalar: dashes, a key, a value.
func (s *scanner) normalLine(body []byte, li *lineInfo) error {
	pos := li.indent
	if li.blank {
		return nil
	}
	switch body[pos] {
	case '#':
		li.comment = true
		return nil
	case '\t':
		return unsure("a tab in indentation")
	}
	owner := -1
	if isDash(body, pos) {
		li.dash, owner = true, pos
		pos = skipSpaces(body, pos+1)
		if pos < len(body) && body[pos] == '\t' {
			return unsure("a tab after a sequence dash")
		}
		li.content = pos
		if pos == len(body) || body[pos] == '#' {
			li.dashOnly = true
			return nil
		}
		if isDash(body, pos) {
			return unsure("a sequence nested on its parent's line")
		}
	}
	return s.node(body, pos, owner, true)
}

// node reads the node starting at pos; keyOK allows "key: value".
func (s *scanner) node(body []byte, pos, owner int, keyOK bool) error {
	rest := body[pos:]
	switch c := rest[0]; {
	case c == '"' || c == '\'':
		return s.quoted(body, pos, owner, keyOK)
	case c == '{' || c == '[':
		end, err := flowEnd(rest)
		if err != nil {
			return err
		}
		return tailOnly(rest[end:])
	case c == '|' || c == '>':
		if owner >= 0 {
			return s.block(rest, owner)
		}
		return unsure("a block scalar at the root")
	case bytes.IndexByte([]byte("&*!?%@`,]}#:-"), c) >= 0 && !(c == '-' && len(rest) > 1 && rest[1] != ' ' && rest[1] != '\t'):
		return unsure("%q starts a node (anchor, alias, tag, directive or explicit key)", c)
	}
	k := plainEnd(rest)
	if bytes.IndexByte(rest[:k], '\t') >= 0 {
		return unsure("a tab in a plain scalar")
	}
	if k < len(rest) && rest[k] == ':' {
		if !keyOK {
			return unsure("a key in a plain value")
		}
		return s.value(body, pos+k+1, pos)
	}
	if owner < 0 {
		return unsure("a bare scalar outside a sequence or mapping")
	}
	if k == len(rest) {
		s.state, s.owner = stPlain, owner
	}
	return nil
}

// value reads what follows "key:"; owner is the key's column.
func (s *scanner) value(body []byte, pos, owner int) error {
	pos = skipSpaces(body, pos)
	if pos == len(body) || body[pos] == '#' {
		return nil // the value is on the following lines
	}
	if body[pos] == '\t' {
		return unsure("a tab after a key")
	}
	if isDash(body, pos) {
		return unsure("a sequence on its key's line")
	}
	return s.node(body, pos, owner, false)
}

// quoted reads a quoted scalar starting at pos, possibly a key.
func (s *scanner) quoted(body []byte, pos, owner int, keyOK bool) error {
	rest := body[pos:]
	end, closed := quoteEnd(rest[1:], rest[0])
	if !closed {
		s.state, s.quote = stQuoted, rest[0]
		return nil
	}
	after := rest[1+end:]
	t := skipSpaces(after, 0)
	if keyOK && t < len(after) && after[t] == ':' && (t+1 == len(after) || after[t+1] == ' ') {
		return s.value(body, pos+1+end+t+1, pos)
	}
	return tailOnly(after)
}

// block opens a block scalar after checking its header ("|", "|-", ">+").
func (s *scanner) block(rest []byte, owner int) error {
	i := 1
	if i < len(rest) && (rest[i] == '-' || rest[i] == '+') {
		i++
	}
	if err := tailOnly(rest[i:]); err != nil || (i < len(rest) && rest[i] != ' ') {
		return unsure("a block scalar header with an indentation indicator")
	}
	s.state, s.owner, s.content = stBlock, owner, 0
	return nil
}
