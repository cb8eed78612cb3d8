{{/* Name of the chart, or nameOverride. */}}
{{- define "library.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Name of the release's objects. */}}
{{- define "library.fullname" -}}
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

{{- define "library.selectorLabels" -}}
app.kubernetes.io/name: {{ include "library.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "library.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "library.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "library.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "library.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "library.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "library.configMapName" -}}
{{- default (printf "%s-config" (include "library.fullname" .)) .Values.config.existingConfigMap }}
{{- end }}

{{- define "library.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "library.fullname" .)) .Values.tls.existingSecret }}
{{- end }}

{{/* Whether the server speaks TLS: the mtls component serves HTTPS on the main port. */}}
{{- define "library.scheme" -}}
{{- if .Values.components.mtls.enabled }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}

{{/* Combinations the schema cannot express, refused with a message naming the values. */}}
{{- define "library.checks" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (or (gt $replicas 1) .Values.autoscaling.enabled) (not .Values.components.database.enabled) }}
{{- fail "replicaCount > 1 or autoscaling.enabled needs components.database.enabled (with library.database.replication.mode: shared): the embedded state store is one file on one volume" }}
{{- end }}
{{- if and (or (gt $replicas 1) .Values.autoscaling.enabled) .Values.persistence.enabled (has "ReadWriteOnce" .Values.persistence.accessModes) }}
{{- fail "replicaCount > 1 or autoscaling.enabled cannot share a ReadWriteOnce data volume: set persistence.enabled=false (an emptyDir per pod) or a ReadWriteMany accessMode" }}
{{- end }}
{{- if and .Values.components.mtls.enabled (not .Values.certificate.enabled) (not .Values.tls.existingSecret) }}
{{- fail "components.mtls.enabled needs certificate.enabled=true (cert-manager) or tls.existingSecret naming a Secret with tls.crt, tls.key and ca.crt" }}
{{- end }}
{{- if and .Values.components.database.enabled (not .Values.database.existingSecret) }}
{{- fail "components.database.enabled needs database.existingSecret naming the Secret that holds the PostgreSQL password" }}
{{- end }}
{{- $budget := add .Values.shutdown.preStopSleepSeconds .Values.shutdown.drainSeconds .Values.shutdown.componentsStopSeconds }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (int $budget) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) is shorter than shutdown.preStopSleepSeconds + drainSeconds + componentsStopSeconds (%d): the pod would be killed before its outputs are safe" (int .Values.terminationGracePeriodSeconds) (int $budget)) }}
{{- end }}
{{- if and (eq .Values.deviceAccess.mode "privileged") (not .Values.deviceAccess.hostDevices) }}
{{- fail "deviceAccess.mode=privileged needs deviceAccess.hostDevices (e.g. /dev/i2c-1)" }}
{{- end }}
{{- if and (eq .Values.deviceAccess.mode "plugin") (not .Values.deviceAccess.resources) }}
{{- fail "deviceAccess.mode=plugin needs deviceAccess.resources (e.g. squat.ai/i2c: 1)" }}
{{- end }}
{{- end }}
