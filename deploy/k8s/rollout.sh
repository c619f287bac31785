#!/usr/bin/env bash
# The operator's model rollout on Kubernetes, through the inference service's own rollout API
# (GET/PUT /api/models/{name}/rollout, GET .../rollout/analysis, POST .../promote, POST .../rollback). Changes need a
# bearer JWT with role ml-admin in $VISIONSTREAM_TOKEN; they go to the compacted model-rollouts topic and every replica
# follows them. A PUT changes only the fields it names (JSON Merge Patch), so each subcommand sends just its own field.
#   deploy/k8s/rollout.sh status   MODEL
#   deploy/k8s/rollout.sh releases                         (versions announced on model-releases)
#   deploy/k8s/rollout.sh canary   MODEL VERSION PERCENT [REASON]   (sends only the canary; the shadow is kept)
#   deploy/k8s/rollout.sh shadow   MODEL VERSION|none [REASON]       (sends only the shadow; the canary is kept)
#   deploy/k8s/rollout.sh policy   MODEL JSON|defaults [REASON]     (canary-gate override, e.g. '{"onHealthy": "hold"}';
#                                                                     fields given are merged, `defaults` clears it)
#   deploy/k8s/rollout.sh analysis MODEL                            (the canary gate's live evidence)
#   deploy/k8s/rollout.sh promote  MODEL [REASON]
#   deploy/k8s/rollout.sh rollback MODEL [REASON]
# Reaches the service with `kubectl port-forward` unless VISIONSTREAM_URL is set (e.g. from a pod labelled
# visionstream.io/api-client=true). Needs kubectl, curl and jq.
set -euo pipefail
namespace="${VISIONSTREAM_NAMESPACE:-visionstream}"
usage() { sed -n '2,16p' "$0" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
command="$1"; shift

if [[ -z "${VISIONSTREAM_URL:-}" ]]; then
  port=$((20000 + RANDOM % 20000))
  kubectl -n "$namespace" port-forward svc/visionstream-inference "$port:8080" > /dev/null 2>&1 &
  forward=$!
  trap 'kill "$forward" 2> /dev/null || true' EXIT
  VISIONSTREAM_URL="http://127.0.0.1:$port"
  for _ in $(seq 50); do curl -fs -o /dev/null "$VISIONSTREAM_URL/q/health/live" && break; sleep 0.2; done
fi

api() { # METHOD PATH [BODY]
  local auth=()
  [[ -n "${VISIONSTREAM_TOKEN:-}" ]] && auth=(-H "Authorization: Bearer $VISIONSTREAM_TOKEN")
  if [[ $# -ge 3 ]]; then
    curl -sS --fail-with-body -X "$1" "${auth[@]}" -H 'Content-Type: application/json' --data "$3" "$VISIONSTREAM_URL$2"
  else
    curl -sS --fail-with-body -X "$1" "${auth[@]}" "$VISIONSTREAM_URL$2"
  fi
  echo
}
need_token() { [[ -n "${VISIONSTREAM_TOKEN:-}" ]] || { echo "error: set VISIONSTREAM_TOKEN to a JWT with role ml-admin" >&2; exit 2; }; }
enc() { jq -rn --arg v "$1" '$v|@uri'; }

case "$command" in
  status)   [[ $# -eq 1 ]] || usage; api GET "/api/models/$(enc "$1")/rollout" | jq . ;;
  releases) api GET "/api/releases" | jq . ;;
  canary)
    [[ $# -ge 3 ]] || usage; need_token
    body="$(jq -cn --argjson v "$2" --argjson w "$3" --arg r "${4:-canary v$2 at $3 %}" \
      '{canary: {version: $v, weightPercent: $w}, reason: $r}')"
    api PUT "/api/models/$(enc "$1")/rollout" "$body" | jq . ;;
  shadow)
    [[ $# -ge 2 ]] || usage; need_token
    shadow="$2"; [[ "$shadow" == none ]] && shadow=null
    body="$(jq -cn --argjson s "$shadow" --arg r "${3:-shadow $2}" '{shadow: $s, reason: $r}')"
    api PUT "/api/models/$(enc "$1")/rollout" "$body" | jq . ;;
  policy)
    [[ $# -ge 2 ]] || usage; need_token
    policy="$2"; [[ "$policy" == defaults ]] && policy=null
    jq -e 'type == "object" or . == null' <<< "$policy" > /dev/null 2>&1 \
      || { echo "error: policy must be a JSON object of gate-policy fields, e.g. '{\"onHealthy\": \"hold\"}', or 'defaults'" >&2; exit 2; }
    body="$(jq -cn --argjson p "$policy" --arg r "${3:-}" \
      '{policy: $p, reason: (if $r != "" then $r elif $p == null then "gate policy back to defaults" else "gate policy \($p | tojson)" end)}')"
    api PUT "/api/models/$(enc "$1")/rollout" "$body" | jq . ;;
  analysis) [[ $# -eq 1 ]] || usage; api GET "/api/models/$(enc "$1")/rollout/analysis" | jq . ;;
  promote|rollback)
    [[ $# -ge 1 ]] || usage; need_token
    api POST "/api/models/$(enc "$1")/$command?reason=$(enc "${2:-$command by operator}")" | jq . ;;
  *) usage ;;
esac
