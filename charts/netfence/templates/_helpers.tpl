{{- define "netfence.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "netfence.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "netfence.agentName" -}}{{ include "netfence.fullname" . }}-agent{{- end -}}
{{- define "netfence.consoleName" -}}{{ include "netfence.fullname" . }}-console{{- end -}}

{{- define "netfence.image" -}}
{{- $img := index . 0 -}}{{- $root := index . 1 -}}
{{- printf "%s/%s:%s" $root.Values.imageRegistry $img.repository (default $root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{- /* a kubectl step of the uninstall hook Job: image, HOME for kubectl's cache, the DaemonSet manifest mounted */ -}}
{{- define "netfence.kubectlContainer" -}}
image: {{ .image }}
imagePullPolicy: IfNotPresent
command: [kubectl]
env:
  - {name: HOME, value: /tmp}
securityContext:
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  capabilities: {drop: [ALL]}
resources:
  requests: {cpu: 10m, memory: 32Mi}
  limits: {memory: 128Mi}
volumeMounts:
  - {name: daemonset, mountPath: /etc/netfence-cleanup, readOnly: true}
  - {name: tmp, mountPath: /tmp}
{{- end -}}

{{- /* flows over TLS: the one DNS name every agent's certificate carries, which the console checks instead of node IPs */ -}}
{{- define "netfence.agentFlowsServerName" -}}{{ include "netfence.agentName" . }}.{{ .Release.Namespace }}.svc{{- end -}}
{{- define "netfence.agentFlowsTlsSecret" -}}{{ .Values.agent.flows.tls.existingSecret | default (printf "%s-flows-tls" (include "netfence.agentName" .)) }}{{- end -}}
