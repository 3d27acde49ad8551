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
	Reason   string
	Category Category
	Severity Severity
	// Doc is one English sentence on what the rule recognises, for docs/rules.md.
	Doc     string
	Summary Text
	Hints   []Text
}

// catalogIndex maps reason code to entry; built once from the entries of the
// catalog_*.go files and never changed afterwards.
var catalogIndex = indexCatalog(allEntries())

func indexCatalog(entries []Entry) map[string]*Entry {
	idx := make(map[string]*Entry, len(entries))
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
func Lookup(reason string) (Entry, bool) {
	e, ok := catalogIndex[reason]
	if !ok {
		return Entry{}, false
	}
	return *e, true
}

var categoryOrder = []Category{
	CategoryScheduling, CategoryImage, CategoryConfig, CategoryRuntime, CategoryVolume,
	CategoryCrash, CategoryProbe, CategoryTermination, CategoryNode, CategoryEviction, CategoryUnknown,
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
	if strings.IndexByte(tpl, '{') < 0 {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 32)
	for {
		open := strings.IndexByte(tpl, '{')
		if open < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		end := strings.IndexByte(tpl[open:], '}')
		if end < 0 {
			b.WriteString(tpl)
			return b.String()
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
