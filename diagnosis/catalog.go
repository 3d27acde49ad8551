package diagnosis

import (
	"sort"
	"strings"
)

// Text is one message in every supported language. Placeholders are written
// {name} and are filled from a finding's Vars; {ns}, {pod}, {container} and
// {node} are always available.
type Text struct {
	EN string
	ZH string
}

// In returns the text in lang, falling back to English.
func (t Text) In(lang Lang) string {
	if lang == LangZH && t.ZH != "" {
		return t.ZH
	}
	return t.EN
}

// Entry is one reason code of the public catalog (design.md, "Reason catalog v1").
type Entry struct {
	Reason   Reason
	Category Category
	Severity Severity
	// Doc is one English sentence on what the rule recognises, for docs/rules.md.
	Doc string
	// Kinds are the object kinds beyond pods the code is written to
	// (design.md, "Beyond pods"); empty for a pod code, which workloads,
	// Services and Ingresses may also carry through a roll-up.
	Kinds   []string
	Summary Text
	Hints   []Text
}

// catalogIndex maps reason code to entry; built once from the entries of the
// catalog_*.go files and never changed afterwards.
var catalogIndex = indexCatalog(allEntries())

func indexCatalog(entries []Entry) map[Reason]*Entry {
	idx := make(map[Reason]*Entry, len(entries))
	for i := range entries {
		idx[entries[i].Reason] = &entries[i]
	}
	return idx
}

// Catalog returns every entry, in category order then catalog order.
func Catalog() []Entry {
	out := allEntries()
	sort.SliceStable(out, func(i, j int) bool {
		return categoryRank(out[i].Category) < categoryRank(out[j].Category)
	})
	return out
}

// Lookup returns the catalog entry for a reason code.
func Lookup(reason Reason) (Entry, bool) {
	e, ok := catalogIndex[reason]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

var categoryOrder = []Category{
	CategoryScheduling, CategoryImage, CategoryConfig, CategoryRuntime, CategoryVolume,
	CategoryCrash, CategoryProbe, CategoryTermination, CategoryNode, CategoryEviction, CategoryUnknown,
	CategoryAdmission, CategoryWorkload, CategoryNetwork, CategoryStorage, CategoryNamespace,
}

func categoryRank(c Category) int {
	for i, x := range categoryOrder {
		if x == c {
			return i
		}
	}
	return len(categoryOrder)
}

// expand replaces every {name} in tpl with vars(name). An unknown name is kept
// as written so a missing fact is visible in tests instead of silently empty.
func expand(tpl string, lookup func(string) (string, bool)) string {
	open := strings.IndexByte(tpl, '{')
	if open < 0 {
		return tpl
	}
	if open == 0 && strings.IndexByte(tpl, '}') == len(tpl)-1 {
		// The whole template is one placeholder: its value, without a copy.
		if v, ok := lookup(tpl[1 : len(tpl)-1]); ok {
			return v
		}
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 32)
	expandTo(&b, tpl, lookup)
	return b.String()
}

// expandTo is expand writing into b.
func expandTo(b *strings.Builder, tpl string, lookup func(string) (string, bool)) {
	for {
		open := strings.IndexByte(tpl, '{')
		if open < 0 {
			b.WriteString(tpl)
			return
		}
		end := strings.IndexByte(tpl[open:], '}')
		if end < 0 {
			b.WriteString(tpl)
			return
		}
		name := tpl[open+1 : open+end]
		b.WriteString(tpl[:open])
		if v, ok := lookup(name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(tpl[open : open+end+1])
		}
		tpl = tpl[open+end+1:]
	}
}

// say renders a phrase (catalog_phrases.go) in the diagnosis language, its
// {placeholders} filled from kv, which alternates name and value:
//
//	c.say(phrase.OOMOverLimit, "limit", limit)
func (c *Context) say(t Text, kv ...string) string {
	return sayIn(c.Opts.Lang, t, kv...)
}

// sayIn is say for code that has a language but no Context.
func sayIn(lang Lang, t Text, kv ...string) string {
	return expand(t.In(lang), func(name string) (string, bool) { return pairValue(kv, name) })
}

// sayTo is sayIn writing into b, for texts built piece by piece.
func sayTo(b *strings.Builder, lang Lang, t Text, kv ...string) {
	expandTo(b, t.In(lang), func(name string) (string, bool) { return pairValue(kv, name) })
}

// pairValue looks name up in kv, which alternates name and value.
func pairValue(kv []string, name string) (string, bool) {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == name {
			return kv[i+1], true
		}
	}
	return "", false
}

// placeholders lists the {names} a template uses, for the catalog test.
func placeholders(tpl string) []string {
	var out []string
	for {
		open := strings.IndexByte(tpl, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(tpl[open:], '}')
		if end < 0 {
			return out
		}
		out = append(out, tpl[open+1:open+end])
		tpl = tpl[open+end+1:]
	}
}
