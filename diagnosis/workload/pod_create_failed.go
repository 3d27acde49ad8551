package workload

import "github.com/pod-doctor/pod-doctor/diagnosis"

// rulePodCreateFailed: any other creation failure (an error no admission
// rule recognises: an API server error, a missing PVC template's quota on
// another kind, a namespace being deleted...). The message is kept whole:
// never silence.
var rulePodCreateFailed = rule{Reason: diagnosis.ReasonPodCreateFailed, Check: func(c *context) (diagnosis.Finding, bool) {
	return c.admission(func(_ *context, err string) (diagnosis.Finding, bool) {
		return diagnosis.Finding{Vars: diagnosis.Vars{"message": diagnosis.Truncate(err, 300)}}, true
	})
}}
