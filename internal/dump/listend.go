package dump

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// endItem hands the finished item to the pool; at most inFlight items are
// decoded ahead of the one being added.
func (l *listDoc) endItem() error {
	if !l.inItem {
		return nil
	}
	l.inItem = false
	l.items++
	j := job{text: bytes.Clone(l.item.Bytes()), line: l.itemLine, where: fmt.Sprintf("document at line %d, item %d", l.line, l.items), pack: l.o.packPods, res: make(chan itemResult, 1)}
	l.o.pool.jobs <- j
	l.pending = append(l.pending, j.res)
	if len(l.pending) < inFlight {
		return nil
	}
	return l.takeOne()
}

// takeOne adds the oldest pending item's objects.
func (l *listDoc) takeOne() error {
	r := <-l.pending[0]
	l.pending = l.pending[1:]
	switch {
	case r.yamlErr != nil:
		l.drain()
		return r.yamlErr
	case l.itemErr != nil:
	case r.objErr != nil:
		l.itemErr = r.objErr
	default:
		l.o.add(r.objs)
	}
	return nil
}

// takeAll adds every pending item.
func (l *listDoc) takeAll() error {
	for len(l.pending) > 0 {
		if err := l.takeOne(); err != nil {
			return err
		}
	}
	return nil
}

// drain waits for the pending items and drops them.
func (l *listDoc) drain() {
	for _, c := range l.pending {
		<-c
	}
	l.pending = nil
}

func (l *listDoc) end() error {
	if l.mode == modeWhole || l.mode == modeHeader {
		return l.o.addYAML(l.rest.Bytes(), l.line)
	}
	if err := l.endItem(); err != nil {
		return err
	}
	if err := l.takeAll(); err != nil {
		return err
	}
	js, err := yamlToJSON(l.rest.Bytes(), l.line)
	if err != nil || !isObject(js) {
		return l.reparse()
	}
	var tm typeMeta
	if json.Unmarshal(js, &tm) != nil || tm.Items != nil || hasKey(js, "items") {
		return l.reparse() // items twice, or a kind that is not a string
	}
	if strings.HasSuffix(tm.Kind, "List") {
		l.o.split += l.items
		return l.itemErr
	}
	// Not a List after all: its items are a field the engine does not read.
	l.o.rollBack(l.mark)
	return l.o.addObject(js, fmt.Sprintf("document at line %d", l.line), 0)
}

// reparse parses the whole document as one tree, for the cases the split
// parse leaves to the full parser to judge.
func (l *listDoc) reparse() error {
	l.o.rollBack(l.mark)
	l.o.fellBack++
	doc, err := l.src.since(l.off, l.endOff)
	if err != nil {
		return fmt.Errorf("document at line %d %w", l.line, err)
	}
	return l.o.addYAML(doc, l.line)
}

// isObject reports whether a JSON value is an object; a document holding
// only the List's items and comments converts to null, read as {}.
func isObject(js []byte) bool {
	js = bytes.TrimSpace(js)
	return len(js) > 0 && (js[0] == '{' || string(js) == "null")
}

func hasKey(js []byte, key string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(js, &m) != nil {
		return false
	}
	_, ok := m[key]
	return ok
}
