package sweep

import (
	"fmt"
	"strings"
)

// kindNames maps what a user may type — kubectl's resource names, short
// names and kinds, any case — to the kind.
var kindNames = map[string]string{
	"pod": "Pod", "pods": "Pod", "po": "Pod",
	"deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
	"replicaset": "ReplicaSet", "replicasets": "ReplicaSet", "rs": "ReplicaSet",
	"statefulset": "StatefulSet", "statefulsets": "StatefulSet", "sts": "StatefulSet",
	"daemonset": "DaemonSet", "daemonsets": "DaemonSet", "ds": "DaemonSet",
	"job": "Job", "jobs": "Job",
	"cronjob": "CronJob", "cronjobs": "CronJob", "cj": "CronJob",
	"service": "Service", "services": "Service", "svc": "Service",
	"ingress": "Ingress", "ingresses": "Ingress", "ing": "Ingress",
	"persistentvolumeclaim": "PersistentVolumeClaim", "persistentvolumeclaims": "PersistentVolumeClaim", "pvc": "PersistentVolumeClaim",
	"namespace": "Namespace", "namespaces": "Namespace", "ns": "Namespace",
}

// ParseKinds reads a --kinds value, a comma-separated list such as
// "deploy,svc,pods"; "" selects every kind (nil).
func ParseKinds(s string) (map[string]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		k, ok := kindNames[strings.ToLower(strings.TrimSpace(part))]
		if !ok {
			return nil, fmt.Errorf("unknown kind %q in --kinds (want pods, deploy, rs, sts, ds, job, cronjob, svc, ing, pvc, ns)", strings.TrimSpace(part))
		}
		out[k] = true
	}
	return out, nil
}
