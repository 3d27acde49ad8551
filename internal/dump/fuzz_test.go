package dump

import (
	"bytes"
	"testing"
	"time"
)

// FuzzParse: whatever bytes arrive on stdin, Parse returns objects or an
// error — it never panics.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n",
		"---\napiVersion: v1\nkind: Event\ninvolvedObject: {kind: Pod, name: a}\n---\n",
		`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"}}`,
		`[{"apiVersion":"events.k8s.io/v1","kind":"Event","regarding":{"name":"a"}}]`,
		"kind: Pod\nspec: [\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse(bytes.NewReader(data))
		if err == nil {
			o.Inputs(time.Unix(0, 0))
		}
	})
}
