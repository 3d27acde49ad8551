package namespace

import (
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/pod-doctor/pod-doctor/diagnosis"
)

// The hints of NamespaceStuckTerminating in catalog order
// (diagnosis/catalog_storage.go); a diagnosis keeps those of its causes.
const (
	hintLeftovers = iota
	hintAPIService
	hintContentFinalizer
	hintSpecFinalizer
	hintMetaFinalizer
	hintController
)

// The namespace controller's condition messages
// (pkg/controller/namespace/deletion/status_condition_utils.go): the list
// after these prefixes is what the summary names.
const (
	prefixContent    = "Some resources are remaining: "
	prefixFinalizers = "Some content in the namespace has finalizers remaining: "
)

// groupVersionRE finds the group versions in client-go's discovery error
// ("unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: ...").
var groupVersionRE = regexp.MustCompile(`([a-z0-9][-a-z0-9.]*/v[0-9][a-z0-9]*): `)

// cause is one thing holding the namespace.
type cause struct {
	text  string
	hints []int
	// finalizer: a finalizer holds it, which only its controller removes.
	finalizer bool
}

// causes lists what holds the namespace, the one to fix first first:
// discovery and parsing failures stop the controller before it deletes
// anything; then content it cannot delete or that waits on finalizers;
// then the namespace's own finalizers.
func (v *view) causes() []cause {
	lang := v.opts.Lang
	var out []cause
	if c := v.condition(corev1.NamespaceDeletionDiscoveryFailure); c != nil {
		out = append(out, cause{text: diagnosis.Say(lang, phrase.Discovery, "apis", apis(c.Message)), hints: []int{hintAPIService}})
	}
	if c := v.condition(corev1.NamespaceDeletionGVParsingFailure); c != nil {
		out = append(out, cause{text: diagnosis.Say(lang, phrase.Parsing, "message", short(c.Message)), hints: []int{hintAPIService}})
	}
	if c := v.condition(corev1.NamespaceDeletionContentFailure); c != nil {
		out = append(out, cause{text: diagnosis.Say(lang, phrase.ContentFailure, "message", short(c.Message)), hints: []int{hintLeftovers}})
	}
	fin, content := v.condition(corev1.NamespaceFinalizersRemaining), v.condition(corev1.NamespaceContentRemaining)
	switch {
	case fin != nil && content != nil:
		// The content remains because of the finalizers: one cause.
		out = append(out, cause{text: diagnosis.Say(lang, phrase.FinalizersLeft, "items", items(fin.Message, prefixFinalizers),
			"left", items(content.Message, prefixContent)), hints: []int{hintLeftovers, hintContentFinalizer}, finalizer: true})
	case fin != nil:
		out = append(out, cause{text: diagnosis.Say(lang, phrase.Finalizers, "items", items(fin.Message, prefixFinalizers)),
			hints: []int{hintLeftovers, hintContentFinalizer}, finalizer: true})
	case content != nil:
		out = append(out, cause{text: diagnosis.Say(lang, phrase.Content, "items", items(content.Message, prefixContent)), hints: []int{hintLeftovers}})
	}
	if len(v.specOthers) > 0 {
		out = append(out, cause{text: diagnosis.Say(lang, phrase.SpecFinalizers, "list", strings.Join(v.specOthers, ", ")),
			hints: []int{hintSpecFinalizer}, finalizer: true})
	}
	if len(v.meta) > 0 {
		out = append(out, cause{text: diagnosis.Say(lang, phrase.MetaFinalizers, "list", strings.Join(v.meta, ", ")),
			hints: []int{hintMetaFinalizer}, finalizer: true})
	}
	return append(out, v.silentController(len(out) == 0)...)
}

// silentController explains a namespace nothing else holds: the
// controller never reported (it does not run), or it reports no content
// left yet keeps its own finalizer.
func (v *view) silentController(nothingElse bool) []cause {
	lang := v.opts.Lang
	switch {
	case !nothingElse:
		return nil
	case !v.reported:
		return []cause{{text: diagnosis.Say(lang, phrase.NoStatus), hints: []int{hintController}}}
	}
	return []cause{{text: diagnosis.Say(lang, phrase.Unfinished), hints: []int{hintLeftovers, hintController}}}
}

// apis names the failing group versions, else the message itself.
func apis(msg string) string {
	var gvs []string
	for _, m := range groupVersionRE.FindAllStringSubmatch(msg, -1) {
		gvs = append(gvs, m[1])
	}
	if len(gvs) == 0 {
		return short(msg)
	}
	return strings.Join(gvs, ", ")
}

// items is the list a condition message gives after prefix. A core
// resource reads "configmaps. has 1 resource instances" (resource.group
// with an empty group): the stray dot goes.
func items(msg, prefix string) string {
	list, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return short(msg)
	}
	return short(strings.ReplaceAll(list, ". has ", " has "))
}

func short(s string) string { return diagnosis.Truncate(diagnosis.OneLine(s), 240) }
