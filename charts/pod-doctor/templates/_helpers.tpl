{{/* Chart name, overridable. */}}
{{- define "pod-doctor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Full resource name: the release name, plus the chart name unless the release
name already contains it ("helm install pod-doctor ..." gives "pod-doctor").
*/}}
{{- define "pod-doctor.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pod-doctor.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels that never change for a release: the Deployment's selector. */}}
{{- define "pod-doctor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pod-doctor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pod-doctor.labels" -}}
helm.sh/chart: {{ include "pod-doctor.chart" . }}
{{ include "pod-doctor.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: pod-doctor
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "pod-doctor.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pod-doctor.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "pod-doctor.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "pod-doctor.leaderElectionID" -}}
{{- default (printf "%s.pod-doctor.io" (include "pod-doctor.fullname" .)) .Values.leaderElection.id -}}
{{- end -}}

{{/* The controller's command line: every flag is explicit, so `kubectl get deploy -o yaml` shows the whole configuration. */}}
{{- define "pod-doctor.args" -}}
- controller
- "--leader-elect=true"
- {{ printf "--leader-election-namespace=%s" .Release.Namespace | quote }}
- {{ printf "--leader-election-id=%s" (include "pod-doctor.leaderElectionID" .) | quote }}
{{- if .Values.metrics.enabled }}
- {{ printf "--metrics-bind-address=:%d" (int .Values.metrics.port) | quote }}
- {{ printf "--metrics-secure=%t" .Values.metrics.secure | quote }}
{{- else }}
- "--metrics-bind-address=0"
{{- end }}
- {{ printf "--health-probe-bind-address=:%d" (int .Values.healthPort) | quote }}
{{- with .Values.namespaces }}
- {{ printf "--namespaces=%s" (join "," .) | quote }}
{{- end }}
{{- with .Values.excludeNamespaces }}
- {{ printf "--exclude-namespaces=%s" (join "," .) | quote }}
{{- end }}
- {{ printf "--kinds=%s" (join "," .Values.kinds) | quote }}
- {{ printf "--annotation-prefix=%s" .Values.annotationPrefix | quote }}
- {{ printf "--grace-period=%s" .Values.gracePeriod | quote }}
- {{ printf "--restart-window=%s" .Values.restartWindow | quote }}
- {{ printf "--init-stuck-threshold=%s" .Values.initStuckThreshold | quote }}
- {{ printf "--lang=%s" .Values.lang | quote }}
- {{ printf "--max-events-per-pod=%d" (int .Values.maxEventsPerPod) | quote }}
- {{ printf "--kube-api-qps=%v" .Values.kubeAPIQPS | quote }}
- {{ printf "--kube-api-burst=%d" (int .Values.kubeAPIBurst) | quote }}
- {{ printf "--max-concurrent-reconciles=%d" (int .Values.maxConcurrentReconciles) | quote }}
- {{ printf "--watch-failure-threshold=%s" .Values.watchFailureThreshold | quote }}
- {{ printf "--dry-run=%t" .Values.dryRun | quote }}
- {{ printf "--zap-log-level=%v" .Values.logLevel | quote }}
- {{ printf "--zap-encoder=%s" .Values.logFormat | quote }}
- "--memory-limit=$(MEMORY_LIMIT)"
{{- range .Values.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}
