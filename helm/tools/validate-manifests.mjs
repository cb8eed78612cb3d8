// Validates rendered manifests offline: each document against the Kubernetes (or CRD)
// schema of its apiVersion and kind (kubernetes-models), built-in kinds also for unknown
// fields (which those schemas allow) from the field lists of @kubernetes/client-node's
// models, then the conventions the chart
// promises: restricted Pod Security Standard, read-only root with /tmp and data volumes,
// the ConfigMap mounted as a directory (never subPath), the three probes, a grace period.
//
// usage: node validate-manifests.mjs <rendered.yaml> [--profile restricted|baseline|privileged]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import * as fields from "@kubernetes/client-node/dist/gen/models/all.js";

const [file, ...args] = process.argv.slice(2);
const profile = args.includes("--profile") ? args[args.indexOf("--profile") + 1] : "restricted";
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);

const models = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
};

const documents = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true });
const objects = [];
for (const document of documents) {
  if (document.errors.length > 0) {
    fail(file, document.errors.map((e) => e.message).join("; "));
    continue;
  }
  const object = document.toJS();
  if (object == null) continue;
  objects.push(object);
}

for (const object of objects) {
  const where = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
  const module = models[object.apiVersion];
  if (!module || !object.kind) {
    fail(where, `no schema known for apiVersion ${object.apiVersion} kind ${object.kind}`);
    continue;
  }
  const Model = (await import(`${module}/${object.kind}`))[object.kind];
  if (!Model) {
    fail(where, `no schema for kind ${object.kind} in ${object.apiVersion}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (e) {
    fail(where, `schema: ${e.message}`);
  }
  const builtIn = fields[`${object.apiVersion.split("/").pop().replace(/^v/, "V")}${object.kind}`];
  if (builtIn) checkFields(where, object, builtIn.name, "");
  if (object.kind === "Deployment") checkDeployment(where, object);
}

// A field the API server does not know is dropped silently (or refused with strict field
// validation): a misspelt probe or security setting would never take effect.
function checkFields(where, value, type, path) {
  if (value == null) return;
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return Array.isArray(value) && value.forEach((item, i) => checkFields(where, item, list[1], `${path}[${i}]`));
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return Object.entries(value).forEach(([key, item]) => checkFields(where, item, map[1], `${path}.${key}`));
  const model = fields[type];
  if (!model?.getAttributeTypeMap || typeof value !== "object") return;
  const known = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!known.has(key)) fail(where, `unknown field ${path ? path + "." : ""}${key}`);
    else checkFields(where, item, known.get(key), path ? `${path}.${key}` : key);
  }
}

function checkDeployment(where, deployment) {
  const pod = deployment.spec.template.spec;
  const podSecurity = pod.securityContext ?? {};
  const container = pod.containers.find((c) => c.name === "library");
  if (!container) return fail(where, "no container named library");
  const security = container.securityContext ?? {};
  const mounts = Object.fromEntries((container.volumeMounts ?? []).map((m) => [m.mountPath, m]));
  const volumes = Object.fromEntries((pod.volumes ?? []).map((v) => [v.name, v]));

  // Probes on the platform's paths.
  if (container.livenessProbe?.httpGet?.path !== "/health/livez") fail(where, "liveness probe is not /health/livez");
  if (container.readinessProbe?.httpGet?.path !== "/health/readyz") fail(where, "readiness probe is not /health/readyz");
  if (!container.startupProbe) fail(where, "no start-up probe");

  // Configuration: the ConfigMap as a directory, at the watched path.
  const watchPath = container.env?.find((e) => e.name === "LIBRARY_CONFIG_WATCHPATH")?.value;
  const configMount = (container.volumeMounts ?? []).find((m) => volumes[m.name]?.configMap);
  if (!configMount) fail(where, "no ConfigMap mounted");
  else {
    if (configMount.subPath || configMount.subPathExpr) fail(where, "ConfigMap mounted with subPath: the kubelet would never update it");
    if (!watchPath || !watchPath.startsWith(configMount.mountPath + "/")) fail(where, `LIBRARY_CONFIG_WATCHPATH ${watchPath} is not inside the ConfigMap mount ${configMount.mountPath}`);
  }

  // Read-only root: writes go to /tmp and the data directory only.
  if (security.readOnlyRootFilesystem !== true) fail(where, "root filesystem is not read-only");
  if (!mounts["/tmp"] || !volumes[mounts["/tmp"].name]?.emptyDir) fail(where, "/tmp is not an emptyDir");
  const dataDir = container.env?.find((e) => e.name === "LIBRARY_STATE_DATADIR")?.value;
  if (!dataDir || !mounts[dataDir]) fail(where, `data directory ${dataDir} is not a volume`);

  // Graceful shutdown: the grace period covers the preStop pause and the drain.
  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  const drain = parseInt(container.env?.find((e) => e.name === "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE")?.value ?? "30", 10);
  if (grace <= preStop + drain) fail(where, `terminationGracePeriodSeconds ${grace} does not cover preStop ${preStop}s + drain ${drain}s`);

  // Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
  if (profile === "privileged") return;
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) fail(where, "baseline: host namespaces");
  if (security.privileged) fail(where, "baseline: privileged container");
  if ((pod.volumes ?? []).some((v) => v.hostPath)) fail(where, "baseline: hostPath volume");
  if (profile === "baseline") return;
  const runAsNonRoot = security.runAsNonRoot ?? podSecurity.runAsNonRoot;
  if (runAsNonRoot !== true) fail(where, "restricted: runAsNonRoot is not true");
  if ((security.runAsUser ?? podSecurity.runAsUser) === 0) fail(where, "restricted: runAsUser 0");
  if (security.allowPrivilegeEscalation !== false) fail(where, "restricted: allowPrivilegeEscalation is not false");
  if (!(security.capabilities?.drop ?? []).includes("ALL")) fail(where, "restricted: capabilities do not drop ALL");
  const added = (security.capabilities?.add ?? []).filter((c) => c !== "NET_BIND_SERVICE");
  if (added.length > 0) fail(where, `restricted: capabilities added ${added}`);
  const seccomp = security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
  if (!["RuntimeDefault", "Localhost"].includes(seccomp)) fail(where, "restricted: seccompProfile is not RuntimeDefault or Localhost");
  const allowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
  for (const volume of pod.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== "name");
    if (!allowedVolumes.includes(type)) fail(where, `restricted: volume ${volume.name} of type ${type}`);
  }
}

if (errors.length > 0) {
  for (const error of errors) console.error(`  ${error}`);
  console.error(`${file}: ${errors.length} problem(s) in ${objects.length} objects`);
  process.exit(1);
}
console.log(`${file}: ${objects.length} objects valid (${objects.map((o) => o.kind).join(", ")}), profile ${profile}`);
