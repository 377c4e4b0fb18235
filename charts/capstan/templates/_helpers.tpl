{{/* The chart name, overridable. */}}
{{- define "capstan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: names the Deployment, its ServiceAccount and its RBAC. */}}
{{- define "capstan.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "capstan.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "capstan.labels" -}}
helm.sh/chart: {{ include "capstan.chart" . }}
{{ include "capstan.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: controller
{{- end }}

{{/* Labels that select the controller's pods; never change them after an install. */}}
{{- define "capstan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "capstan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "capstan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "capstan.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "capstan.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The namespaces whose resources are reconciled, as a list: watch.namespaces, or the release
namespace when that is empty. Not used with watch.allNamespaces.
*/}}
{{- define "capstan.watchedNamespaces" -}}
{{- $namespaces := .Values.watch.namespaces | default (list .Release.Namespace) }}
{{- toYaml (uniq $namespaces) }}
{{- end }}

{{/* Settings that cannot work together fail the render with the reason. */}}
{{- define "capstan.checkValues" -}}
{{- if and .Values.watch.allNamespaces .Values.watch.namespaces }}
{{- fail "set either watch.allNamespaces=true or watch.namespaces, not both" }}
{{- end }}
{{- if and (gt (int .Values.replicas) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicas > 1 needs leaderElection.enabled=true: without a leader every replica would deploy to the same hosts" }}
{{- end }}
{{- if and (gt (int .Values.leaderElection.shards) 0) (not .Values.leaderElection.enabled) }}
{{- fail "leaderElection.shards needs leaderElection.enabled=true: the shards are Leases" }}
{{- end }}
{{- if gt (int .Values.leaderElection.shards) 1024 }}
{{- fail "leaderElection.shards is at most 1024" }}
{{- end }}
{{- end }}

{{/*
What the controller does with Applications, Environments, their status, Secrets and Events;
shared by the namespaced Roles and the ClusterRole so both grant exactly the same.
*/}}
{{- define "capstan.reconcileRules" -}}
# Informers on both kinds.
- apiGroups: ["capstan.dev"]
  resources: ["applications", "environments"]
  verbs: ["get", "list", "watch"]
# Status is written only through the status subresource, as a patch (fabric8's editStatus).
- apiGroups: ["capstan.dev"]
  resources: ["applications/status", "environments/status"]
  verbs: ["patch"]
# SSH keys, known_hosts and repository credentials, read by name from the spec's secretRefs.
# No list or watch: the controller never enumerates Secrets.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
# Events on the resources (build started/failed, switched, rolled back, drift corrected);
# a repeat of one is a patch of its count and lastTimestamp, as Kubernetes' recorders do.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
