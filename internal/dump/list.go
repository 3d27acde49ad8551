package dump

import (
	"bytes"
	"errors"
	"fmt"
)

// listDoc reads one YAML document. A document in kubectl's List layout
// ("items:" at column 0 followed by a block sequence) is cut into its items
// as the lines arrive, and each item is parsed on its own: memory follows the
// largest item, not the file. The document's other lines (apiVersion, kind,
// metadata) are parsed together at the end. Whenever the scanner cannot vouch
// for a line, the objects read from the document are dropped and the
// document is parsed as one tree, so the result is always that of a full parse.
type listDoc struct {
	o      *Objects
	src    *source
	line   int   // first line of the document
	off    int64 // its byte offset
	endOff int64 // the offset just past its last line so far
	mode   docMode
	sc     scanner
	rest   bytes.Buffer // the document without its items
	mark   mark         // the objects before this document, for a rollback
	items  int

	item     bytes.Buffer
	itemLine int
	inItem   bool
	d, c     int // the items' dash column and content column (c < 0: not yet known)
	// itemErr is the first item that is not a valid object; it matters only
	// if the document turns out to be a List.
	itemErr error
	pending []chan itemResult // items in the pool, oldest first
}

type docMode int

const (
	modeHeader  docMode = iota // before "items:"
	modeItems                  // inside the items sequence
	modeTrailer                // after it
	modeWhole                  // parse the document as one tree
)

func (o *Objects) openDoc(src *source, line int, off int64) docSink {
	src.forget(off)
	return &listDoc{o: o, src: src, line: line, off: off, mark: o.mark()}
}

func (l *listDoc) whole() { l.mode = modeWhole }

func (l *listDoc) feed(raw []byte, line int, off int64) error {
	l.endOff = off + int64(len(raw))
	switch l.mode {
	case modeWhole, modeTrailer:
		return l.keep(raw)
	case modeHeader:
		li, err := l.sc.line(raw)
		if err != nil {
			l.mode = modeWhole // cannot tell where "items:" is
			return l.keep(raw)
		}
		if !li.cont && !li.comment && li.indent == 0 && isItemsKey(raw) {
			l.mode = modeItems
			l.rest.WriteString("\n") // keeps the header's line numbers
			return nil
		}
		return l.keep(raw)
	}
	err := l.placeLine(raw, line)
	var u *unsureError
	if errors.As(err, &u) {
		return l.fallBack(raw, off)
	}
	return err
}

// keep adds a line to the text parsed at the end.
func (l *listDoc) keep(raw []byte) error {
	if l.rest.Len()+len(raw) > maxWhole && l.mode == modeWhole {
		return fmt.Errorf("document at line %d %w", l.line, errTooLarge)
	}
	l.rest.Write(raw)
	return nil
}

// fallBack drops what the fast path read from this document and switches
// to parsing it whole, from its first line.
func (l *listDoc) fallBack(raw []byte, off int64) error {
	l.drain()
	l.o.rollBack(l.mark)
	l.o.fellBack++
	prefix, err := l.src.since(l.off, off)
	if err != nil {
		return fmt.Errorf("document at line %d %w", l.line, err)
	}
	l.rest.Reset()
	l.rest.Write(prefix)
	l.mode, l.inItem, l.itemErr = modeWhole, false, nil
	return l.keep(raw)
}

// itemLine places one line of the items region.
func (l *listDoc) placeLine(raw []byte, line int) error {
	li, err := l.sc.line(raw)
	if err != nil {
		return err
	}
	if !l.inItem {
		return l.beforeItem(raw, li, line)
	}
	switch {
	case li.cont:
		if !li.blank && li.indent < l.c {
			return unsure("a scalar continues left of its item")
		}
	case li.blank:
	case li.comment:
		if li.indent < l.c || l.c < 0 {
			raw = raw[li.indent:]
			l.item.Write(raw)
			return nil
		}
	case li.dash && li.indent == l.d:
		if err := l.endItem(); err != nil {
			return err
		}
		return l.startItem(raw, li, line)
	case l.c < 0 && li.indent > l.d:
		l.c = li.indent // the node of an item written as "-" alone
	case li.indent == 0:
		if err := l.endItem(); err != nil {
			return err
		}
		l.mode = modeTrailer
		return l.keep(raw)
	case li.indent < l.c || l.c < 0:
		return unsure("a line indented between the items and their content")
	}
	l.item.Write(deindent(raw, l.c))
	return nil
}

// beforeItem handles a line after "items:" and before the first item.
func (l *listDoc) beforeItem(raw []byte, li lineInfo, line int) error {
	switch {
	case li.blank || li.comment:
		return l.keep(raw)
	case li.dash && l.items == 0:
		l.d = li.indent
		return l.startItem(raw, li, line)
	case li.indent == 0 && !li.dash:
		l.mode = modeTrailer // "items:" with no value
		return l.keep(raw)
	}
	return unsure("items is not a block sequence")
}

func (l *listDoc) startItem(raw []byte, li lineInfo, line int) error {
	l.inItem, l.itemLine, l.c = true, line, li.content
	l.item.Reset()
	if li.dashOnly {
		l.c = -1 // the item's node starts on a later line
	}
	l.item.Write(raw[li.content:]) // for "-" alone: a comment, or just the line break
	return nil
}

// deindent removes up to n leading spaces.
func deindent(raw []byte, n int) []byte {
	i := 0
	for i < n && i < len(raw) && raw[i] == ' ' {
		i++
	}
	return raw[i:]
}

// isItemsKey reports whether the line is "items:" with nothing after it but
// spaces or a comment.
func isItemsKey(raw []byte) bool {
	b := trimEOL(raw)
	if !bytes.HasPrefix(b, []byte("items:")) {
		return false
	}
	rest := bytes.TrimLeft(b[len("items:"):], " ")
	return len(rest) == 0 || (rest[0] == '#' && len(rest) < len(b)-len("items:"))
}
