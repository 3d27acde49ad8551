package dump

import (
	"bufio"
	"bytes"
	"io"
)

// docSink receives one YAML document line by line.
type docSink interface {
	feed(raw []byte, line int, off int64) error
	// whole says the document cannot be split (content on its "---" line,
	// directives): it is parsed as one tree.
	whole()
	end() error
}

// markerKind tells document markers from content.
type markerKind int

const (
	notMarker markerKind = iota
	startMarker
	endMarker
)

// marker classifies a line: "---" or "..." at column 0 followed by a space,
// a tab or the end of the line. YAML forbids both at the start of a line
// inside any scalar, so a line-based cut is exact.
func marker(raw []byte) markerKind {
	b := trimEOL(raw)
	if len(b) < 3 || (len(b) > 3 && b[3] != ' ' && b[3] != '\t') {
		return notMarker
	}
	switch string(b[:3]) {
	case "---":
		return startMarker
	case "...":
		return endMarker
	}
	return notMarker
}

// markerContent reports whether a "---" line carries a node ("--- {a: 1}",
// "--- !!map") rather than nothing or a comment.
func markerContent(raw []byte) bool {
	rest := bytes.TrimLeft(trimEOL(raw)[3:], " \t")
	return len(rest) > 0 && rest[0] != '#'
}

// splitDocs reads a YAML stream and hands each document to a sink from open,
// which gets the document's first line number and byte offset.
func splitDocs(src *source, open func(line int, off int64) docSink) error {
	doc := open(1, 0)
	directives, content := false, false
	for {
		raw, err := src.next()
		if err == io.EOF {
			return doc.end()
		}
		if err != nil {
			return err
		}
		n, start := src.line, src.off-int64(len(raw))
		kind := marker(raw)
		switch {
		case kind == startMarker && directives && !content:
			doc.whole() // "%YAML 1.1" then "---": one document
			content = true
			if err := doc.feed(raw, n, start); err != nil {
				return err
			}
		case kind == startMarker:
			if err := doc.end(); err != nil {
				return err
			}
			directives, content = false, false
			if markerContent(raw) {
				doc, content = open(n, start), true
				doc.whole()
				if err := doc.feed(raw, n, start); err != nil {
					return err
				}
				continue
			}
			doc = open(n+1, src.off)
		case kind == endMarker:
			if err := doc.end(); err != nil {
				return err
			}
			directives, content = false, false
			doc = open(n+1, src.off)
		default:
			b := bytes.TrimLeft(raw, " ")
			switch {
			case raw[0] == '%' && !content:
				directives = true
				doc.whole()
			case len(bytes.TrimSpace(b)) > 0 && b[0] != '#':
				content = true
			}
			if err := doc.feed(raw, n, start); err != nil {
				return err
			}
		}
	}
}

// Documents splits a YAML stream into documents and calls fn with each and
// the line it starts on (1-based), so errors can name the line in the user's
// file rather than in the document. A "---" line that carries content is
// part of the document it starts.
func Documents(r io.Reader, fn func(doc []byte, line int) error) error {
	src := &source{br: bufio.NewReaderSize(r, 1<<16)} // never re-read
	return splitDocs(src, func(line int, _ int64) docSink {
		return &bufferSink{line: line, fn: fn}
	})
}

// bufferSink collects a document for Documents.
type bufferSink struct {
	buf  bytes.Buffer
	line int
	fn   func(doc []byte, line int) error
}

func (b *bufferSink) feed(raw []byte, _ int, _ int64) error { b.buf.Write(raw); return nil }
func (b *bufferSink) whole()                                {}
func (b *bufferSink) end() error                            { return b.fn(b.buf.Bytes(), b.line) }
