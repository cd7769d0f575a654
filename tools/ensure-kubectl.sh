#!/usr/bin/env bash
# The deployment checks (tools/checks/src/deployment.spec.ts) render deploy/k8s with `kubectl kustomize`.
# Only the npm registry and Debian's packages are reachable here, so no kubectl or kustomize release binary
# can be downloaded: where no kubectl is on the PATH, this installs Debian's `kubernetes-client` (kubectl 1.20,
# kustomize v2.0, which deploy/k8s is written for; a current kubectl renders it the same). No-op otherwise.
# Usage: bash tools/ensure-kubectl.sh
set -euo pipefail

command -v kubectl >/dev/null 2>&1 && exit 0

echo "[kubectl] installing Debian's kubernetes-client for the deployment checks"
sudo=''
[[ $(id -u) -ne 0 ]] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
kubectl version --client 2>/dev/null | head -1
