package dump

import "bytes"

// splitListItems cuts a YAML document shaped like kubectl's `-o yaml` List
// ("items:" at column 0, each item starting with "- " at column 0, its other
// lines indented by two spaces) into its items, de-indented, with the line
// each starts on. Parsing items one by one keeps memory proportional to one
// object instead of the whole dump (a 200 MB List as a single YAML tree needs
// gigabytes). ok is false for any other shape; the caller then parses the
// document whole.
func splitListItems(doc []byte, firstLine int) (items [][]byte, lines []int, ok bool) {
	rest, line, found := afterItemsKey(doc, firstLine)
	if !found {
		return nil, nil, false
	}
	var cur []byte
	ended := false // a top-level key after the items: the rest is List metadata
	for len(rest) > 0 && !ended {
		l := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			l, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		switch {
		case bytes.HasPrefix(l, []byte("- ")):
			if cur != nil {
				items = append(items, cur)
			}
			cur = append(make([]byte, 0, 4096), l[2:]...)
			lines = append(lines, line)
		case bytes.HasPrefix(l, []byte("  ")) && cur != nil:
			cur = append(cur, l[2:]...)
		case len(bytes.TrimSpace(l)) == 0 || l[0] == '#':
			// blank lines and comments between items carry nothing
		default:
			// Another top-level key: kubectl prints "kind: List" and
			// "metadata:" after the items (keys sorted). Before any item it is
			// not the shape we know.
			if cur == nil {
				return nil, nil, false
			}
			ended = true
		}
		line++
	}
	if cur != nil {
		items = append(items, cur)
	}
	return items, lines, len(items) > 0
}

// afterItemsKey finds a line that is exactly "items:" at column 0 and returns
// what follows it and the line number of the next line.
func afterItemsKey(doc []byte, line int) ([]byte, int, bool) {
	for len(doc) > 0 {
		l := doc
		next := []byte(nil)
		if i := bytes.IndexByte(doc, '\n'); i >= 0 {
			l, next = doc[:i], doc[i+1:]
		}
		if string(bytes.TrimRight(l, " \r")) == "items:" {
			return next, line + 1, true
		}
		doc = next
		line++
	}
	return nil, 0, false
}
