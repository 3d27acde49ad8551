package dump

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonSyntaxError marks a JSON input that is not well-formed, as opposed to
// well-formed JSON holding something other than Kubernetes objects.
type jsonSyntaxError struct {
	err error
	// first: the error lies in the first value, so the input may be YAML
	// in flow style rather than JSON.
	first bool
}

func (e *jsonSyntaxError) Error() string { return e.err.Error() }
func (e *jsonSyntaxError) Unwrap() error { return e.err }

// mayBeYAML reports whether a JSON error leaves room for the input to be
// YAML: an error in the first value ("{kind: Pod}"), or a document marker or
// comment between values (JSON documents separated by "---").
func mayBeYAML(err error) bool {
	var s *jsonSyntaxError
	if !errors.As(err, &s) {
		return false
	}
	var syn *json.SyntaxError
	return s.first || (errors.As(err, &syn) && (strings.HasPrefix(syn.Error(), "invalid character '-'") || strings.HasPrefix(syn.Error(), "invalid character '#'")))
}

// jsonReader streams JSON values: the items of a top-level List and the
// elements of a top-level array are decoded one at a time.
type jsonReader struct {
	o   *Objects
	dec *json.Decoder
	n   int // the value being read, from 1
}

func (o *Objects) parseJSON(src *source) error {
	j := &jsonReader{o: o, dec: json.NewDecoder(src.br)}
	for j.n = 1; ; j.n++ {
		tok, err := j.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return j.syntax(err)
		}
		if j.n == 2 {
			src.forget(j.dec.InputOffset()) // past the first value: JSON for sure
		}
		if err := j.value(tok, fmt.Sprintf("JSON value %d", j.n)); err != nil {
			return err
		}
	}
}

func (j *jsonReader) syntax(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF // inside a value
	}
	return &jsonSyntaxError{first: j.n == 1, err: fmt.Errorf("invalid JSON in value %d (byte offset %d): %w", j.n, j.dec.InputOffset(), err)}
}

// value reads the value whose first token is tok.
func (j *jsonReader) value(tok json.Token, where string) error {
	switch tok {
	case json.Delim('['):
		for i := 1; j.dec.More(); i++ {
			var raw json.RawMessage
			if err := j.dec.Decode(&raw); err != nil {
				return j.syntax(err)
			}
			if err := j.o.addObject(raw, fmt.Sprintf("%s, element %d", where, i), 0); err != nil {
				return err
			}
		}
		return j.close()
	case json.Delim('{'):
		return j.object(where)
	}
	raw, _ := json.Marshal(tok)
	return j.o.addObject(raw, where, 0)
}

func (j *jsonReader) close() error {
	if _, err := j.dec.Token(); err != nil {
		return j.syntax(err)
	}
	return nil
}

// object reads a top-level object field by field. An "items" array is read
// item by item into the objects; whether they count depends on the kind,
// which kubectl prints after the items.
func (j *jsonReader) object(where string) error {
	var fields []string
	m := j.o.mark()
	var itemErr error
	streamed := false
	for j.dec.More() {
		key, err := j.dec.Token()
		if err != nil {
			return j.syntax(err)
		}
		k, _ := key.(string)
		if k == "items" {
			j.o.rollBack(m) // a second "items" replaces the first
			raw, isArray, err := j.items(where, &itemErr)
			if err != nil {
				return err
			}
			streamed = isArray
			if !isArray {
				fields = append(fields, `"items":`+string(raw))
			}
			continue
		}
		var raw json.RawMessage
		if err := j.dec.Decode(&raw); err != nil {
			return j.syntax(err)
		}
		kj, _ := json.Marshal(k)
		fields = append(fields, string(kj)+":"+string(raw))
	}
	if err := j.close(); err != nil {
		return err
	}
	obj := []byte("{" + strings.Join(fields, ",") + "}")
	var tm typeMeta
	if streamed && json.Unmarshal(obj, &tm) == nil && strings.HasSuffix(tm.Kind, "List") {
		return itemErr
	}
	j.o.rollBack(m)
	return j.o.addObject(obj, where, 0)
}

// items reads the value of "items". An array is added item by item (the
// first invalid item is kept in itemErr); any other value is returned raw.
func (j *jsonReader) items(where string, itemErr *error) (json.RawMessage, bool, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return nil, false, j.syntax(err)
	}
	switch tok {
	case json.Delim('['):
	case json.Delim('{'):
		// Not an array: the full decode reports the type; its content does not matter.
		for depth := 1; depth > 0; {
			t, err := j.dec.Token()
			if err != nil {
				return nil, false, j.syntax(err)
			}
			switch t {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
		}
		return json.RawMessage("{}"), false, nil
	default:
		raw, _ := json.Marshal(tok)
		return raw, false, nil
	}
	*itemErr = nil
	for i := 1; j.dec.More(); i++ {
		var raw json.RawMessage
		if err := j.dec.Decode(&raw); err != nil {
			return nil, false, j.syntax(err)
		}
		if *itemErr == nil {
			*itemErr = j.o.addObject(raw, fmt.Sprintf("%s, item %d", where, i), 1)
		}
	}
	return nil, true, j.close()
}
