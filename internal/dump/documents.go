package dump

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// Documents splits a YAML stream on "---" lines and calls fn with each
// document and the line it starts on (1-based), so errors can name the line
// in the user's file rather than in the document.
func Documents(r io.Reader, fn func(doc []byte, line int) error) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 1<<16)
	}
	var doc bytes.Buffer
	start, lineNo := 1, 0
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			lineNo++
			if isSeparator(line) {
				if ferr := fn(doc.Bytes(), start); ferr != nil {
					return ferr
				}
				doc.Reset()
				start = lineNo + 1
			} else {
				doc.Write(line)
			}
		}
		if err == io.EOF {
			return fn(doc.Bytes(), start)
		}
		if err != nil {
			return fmt.Errorf("reading input at line %d: %w", lineNo, err)
		}
	}
}

// isSeparator reports whether a line is a YAML document marker ("---",
// optionally followed by a space or comment).
func isSeparator(line []byte) bool {
	line = bytes.TrimRight(line, "\r\n")
	if !bytes.HasPrefix(line, []byte("---")) {
		return false
	}
	rest := line[3:]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t'
}
