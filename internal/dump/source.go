package dump

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxWhole caps a document that must be parsed as one tree (not in kubectl's
// List layout): a YAML tree costs about 28 times its text in memory (a 47 MB
// document parsed whole peaks at 1.3 GB), so this keeps such a parse under 1 GiB.
const maxWhole = 32 << 20

// source reads the input once, front to back, and can hand back the bytes of
// the current document when the fast path must give up on it. A regular file
// (or any io.ReaderAt) is re-read; other readers (stdin) keep the bytes since
// the last mark in memory, up to maxWhole.
type source struct {
	br    *bufio.Reader
	ra    io.ReaderAt
	base  int64 // the ReaderAt offset of byte 0 of the input
	spool *spool
	off   int64 // bytes handed out by next
	line  int   // lines handed out by next
	long  []byte
	raw   io.Reader // the reader under the spool
	// looksJSON: the input starts like JSON (see firstByte).
	looksJSON bool
}

func newSource(r io.Reader) *source {
	s := &source{}
	if ra, base, ok := reReadable(r); ok {
		s.ra, s.base = ra, base
		s.br = bufio.NewReaderSize(r, 1<<16)
		return s
	}
	s.spool, s.raw = &spool{}, r
	s.br = bufio.NewReaderSize(io.TeeReader(r, s.spool), 1<<16)
	return s
}

// reReadable reports whether r can be read again at an offset.
func reReadable(r io.Reader) (io.ReaderAt, int64, bool) {
	if f, ok := r.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return nil, 0, false
		}
	}
	ra, ok := r.(io.ReaderAt)
	sk, ok2 := r.(io.Seeker)
	if !ok || !ok2 {
		return nil, 0, false
	}
	base, err := sk.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, 0, false
	}
	return ra, base, true
}

// next returns the next line with its line break; the slice is valid until
// the following call. It returns io.EOF after the last line.
func (s *source) next() ([]byte, error) {
	line, err := s.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		s.long = append(s.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = s.br.ReadSlice('\n')
			s.long = append(s.long, line...)
		}
		line = s.long
	}
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("reading input at line %d: %w", s.line+1, err)
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	if s.line == 0 && bytes.HasPrefix(line, []byte("\ufeff")) {
		line, s.off = line[3:], 3 // a byte order mark is not content
	}
	s.off += int64(len(line))
	s.line++
	return line, nil
}

// forget tells the source that bytes before off will not be asked for again.
func (s *source) forget(off int64) {
	if s.spool != nil {
		s.spool.forget(off)
	}
}

// since returns the input bytes from off up to the current line's start.
func (s *source) since(off, upto int64) ([]byte, error) {
	if upto-off > maxWhole {
		return nil, errTooLarge
	}
	if s.ra != nil {
		buf := make([]byte, upto-off)
		if _, err := s.ra.ReadAt(buf, s.base+off); err != nil {
			return nil, fmt.Errorf("re-reading input: %w", err)
		}
		return buf, nil
	}
	return s.spool.slice(off, upto)
}

var errTooLarge = fmt.Errorf("is larger than %d MiB and not in kubectl's List layout, so it would have to be parsed as one tree", maxWhole>>20)

// spool keeps what was read from a reader that cannot be re-read, from the
// last forget on, until it grows past maxWhole.
type spool struct {
	buf      []byte
	base     int64 // input offset of buf[0]
	overflow bool
}

func (p *spool) Write(b []byte) (int, error) {
	if !p.overflow {
		p.buf = append(p.buf, b...)
		p.overflow = len(p.buf) > maxWhole+1<<20
		if p.overflow {
			p.buf = nil
		}
	}
	return len(b), nil
}

func (p *spool) forget(off int64) {
	if p.overflow || off <= p.base {
		return
	}
	n := off - p.base
	if n > int64(len(p.buf)) {
		n = int64(len(p.buf))
	}
	p.buf = append(p.buf[:0:0], p.buf[n:]...)
	p.base += n
}

func (p *spool) slice(off, upto int64) ([]byte, error) {
	if p.overflow || off < p.base || upto-p.base > int64(len(p.buf)) {
		return nil, errTooLarge
	}
	return bytes.Clone(p.buf[off-p.base : upto-p.base]), nil
}

// firstByte returns the first byte that is not white space or a byte order
// mark, without consuming anything, and notes whether the input looks like
// JSON (for choosing which error to report when it is neither JSON nor YAML).
func (s *source) firstByte() (byte, error) {
	for n := 64; ; n *= 2 {
		b, err := s.br.Peek(n)
		rest := bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\ufeff")), " \t\r\n")
		if len(rest) > 0 && (len(rest) > 1 || err != nil) {
			s.looksJSON = looksJSON(rest)
			return rest[0], nil
		}
		if err == io.EOF || (err == nil && n >= s.br.Size()) {
			if len(rest) > 0 {
				return rest[0], nil
			}
			if err == io.EOF {
				return 0, errors.New("input is empty")
			}
			return 0, errors.New("input starts with more white space than it can skip")
		}
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return 0, fmt.Errorf("reading input: %w", err)
		}
	}
}

// looksJSON: an object whose first key is quoted, or an array of them.
func looksJSON(b []byte) bool {
	b = bytes.TrimLeft(b[1:], " \t\r\n[")
	return len(b) == 0 || b[0] == '"' || b[0] == '{' || b[0] == '}' || b[0] == ']'
}

// restart returns a source reading the input again from its start.
func (s *source) restart() (*source, bool) {
	if s.ra != nil {
		return newSource(io.NewSectionReader(s.ra, s.base, 1<<62)), true
	}
	if s.spool.overflow || s.spool.base != 0 {
		return nil, false
	}
	return newSource(io.MultiReader(bytes.NewReader(bytes.Clone(s.spool.buf)), s.raw)), true
}
