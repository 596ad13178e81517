#!/usr/bin/env bash
# Check the two-replica example (deploy/compose.yaml): build it, start it, ask through nginx,
# tear it down.
#
#   deploy/check.sh                         # needs Docker with its compose plugin, and curl
#   CHECK_URL=http://host:port deploy/check.sh   # only the checks, against a running stack
#
# Where Docker (its command, its daemon or its compose plugin) is missing, it says it skipped
# and exits 0. Otherwise it exits non-zero at the first check that fails, after printing the
# replicas' last log lines. Checks, all through nginx:
#   1. GET /api/v1/health answers 200 with JSON {"status": "ok", ...};
#   2. requests reach both replicas: nginx names the replica that answered in X-Upstream-Addr,
#      and a dozen health requests show both replicas' addresses;
#   3. a photo (the app's own sample) uploaded to /api/v1/networks/efficientnet_lite0/forward
#      comes back as NDJSON, one JSON object a line: start, the layers, done;
#   4. streams arrive as they are computed: a long training's first two lines arrive within
#      30 s, long before the stream could end (it runs up to 120 s); the check then closes it,
#      which stops the training on its replica; and (with Docker) the configuration nginx
#      runs has proxy_buffering off, so a slow client holds back its replica's stream instead
#      of nginx piling it up;
#   5. a body over 16 MiB is refused by nginx with 413 and a JSON sentence;
#   6. a POST from the site's own page (Origin: the address nginx answers at) is computed, not
#      refused as cross-site: nginx passes the Host on with its port.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compose_file="$here/compose.yaml"
project="cnnvis-check-$$"
work="$(mktemp -d)"
started=""

say() { printf 'check.sh: %s\n' "$*"; }
fail() {
    say "FAILED: $*"
    if [[ -n "$started" ]]; then
        say "last log lines of the stack:"
        dc logs --no-color --tail 40 || true
    fi
    exit 1
}
dc() { docker compose -p "$project" -f "$compose_file" "$@"; }

cleanup() {
    if [[ -n "$started" ]]; then
        say "tearing down"
        dc down --volumes --remove-orphans >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The headers of a GET (lower-case names), body discarded.
headers_of() {
    curl -sS -o /dev/null -D - --max-time 10 "$1" | tr -d '\r' | tr '[:upper:]' '[:lower:]'
}

check_health() {
    local body
    body="$(curl -sS --fail --max-time 10 "$base/api/v1/health")" || fail "GET /api/v1/health"
    [[ "$body" == *'"status":"ok"'* ]] || fail "the health answer is not {\"status\":\"ok\"}: $body"
    headers_of "$base/api/v1/health" | grep -q '^content-type: application/json' \
        || fail "the health answer is not JSON"
    say "1. health answers through nginx: ${body:0:80}..."
}

# Lines as one line of words.
words() { printf '%s\n' "$1" | tr '\n' ' ' | sed 's/ *$//'; }

# Every replica address nginx reported over a dozen health requests, one a line.
replicas_seen() {
    for _ in $(seq 12); do
        headers_of "$base/api/v1/health" | sed -n 's/^x-upstream-addr: *//p'
    done | tr ',' '\n' | sed 's/^ *//; /^$/d' | sort -u
}

check_replicas() {
    local seen count expected ip
    seen="$(replicas_seen)" || fail "GET /api/v1/health, a dozen times"
    count="$(printf '%s\n' "$seen" | grep -c . || true)"
    [[ "$count" -ge 2 ]] || fail "requests reached $count replica(s): ${seen:-none named}"
    if [[ -n "${replica_ips:-}" ]]; then
        for ip in $replica_ips; do
            expected="$ip:8000"
            printf '%s\n' "$seen" | grep -Fqx "$expected" \
                || fail "no request reached the replica at $expected (seen: $(words "$seen"))"
        done
    fi
    say "2. requests reached both replicas: $(words "$seen")"
}

check_forward_stream() {
    local photo="$work/photo.png" out="$work/forward.ndjson" bad layers first last
    curl -sS --fail --max-time 30 -o "$photo" "$base/api/v1/samples/photo-cat.png" \
        || fail "GET the sample photo"
    curl -sS --fail-with-body -N --max-time 300 -o "$out" \
        -F "file=@$photo;type=image/png" "$base/api/v1/networks/efficientnet_lite0/forward" \
        || fail "the forward stream: $(head -c 300 "$out" 2>/dev/null)"
    bad="$(awk '!/^\{"type":"[a-z_]+"/ {n++} END {print n+0}' "$out")"
    [[ "$bad" -eq 0 ]] || fail "$bad line(s) of the forward stream are not JSON objects with a type"
    first="$(head -n 1 "$out" | cut -c1-20)"
    last="$(tail -n 1 "$out" | cut -c1-20)"
    layers="$(grep -c '^{"type":"layer"' "$out" || true)"
    [[ "$first" == '{"type":"start"'* ]] || fail "the forward stream begins with $first"
    [[ "$last" == '{"type":"done"'* ]] || fail "the forward stream ends with $last"
    [[ "$layers" -ge 1 ]] || fail "the forward stream has no layer line"
    say "3. the forward stream came back line by line: start, $layers layer lines, done" \
        "($(wc -c <"$out") bytes)"
}

check_unbuffered() {
    local lines begin elapsed
    begin=$SECONDS
    # head closes the pipe after two lines; curl then stops (and the replica stops training)
    lines="$(curl -sS -N --max-time 30 -H 'Content-Type: application/json' \
        -d '{"network":"tinyvgg","steps":1000,"batch_size":256,"every":1000}' \
        "$base/api/v1/train" 2>/dev/null | head -n 2 || true)"
    elapsed=$((SECONDS - begin))
    [[ "$(printf '%s\n' "$lines" | head -n 1)" == '{"type":"start"'* ]] \
        || fail "no training stream start within 30 s: ${lines:0:200}"
    [[ "$(printf '%s\n' "$lines" | sed -n 2p)" == '{"type":"progress"'* ]] \
        || fail "the first training step did not arrive within 30 s"
    if [[ -n "$started" ]]; then
        dc exec -T nginx nginx -T 2>/dev/null | grep -Eq '^[[:space:]]*proxy_buffering[[:space:]]+off;' \
            || fail "nginx does not run with proxy_buffering off"
    fi
    say "4. a training stream's first lines arrived as they were computed (about ${elapsed} s)"
}

check_body_limit() {
    local big="$work/big.json" status type
    head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$big"
    status="$(curl -sS -o "$work/413.json" -w '%{http_code} %{content_type}' --max-time 60 \
        -H 'Content-Type: application/json' --data-binary "@$big" "$base/api/v1/conv" || true)"
    type="${status#* }"
    [[ "${status%% *}" == 413 && "$type" == application/json* ]] \
        || fail "a 16 MiB + 1 body got '$status', not 413 JSON"
    say "5. a body over 16 MiB: 413 $(cat "$work/413.json")"
}

check_same_site() {
    local status
    status="$(curl -sS -o "$work/conv.json" -w '%{http_code}' --max-time 30 \
        -H "Origin: $base" -H 'Content-Type: application/json' \
        -d '{"input":{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[2,2],"data":[1,0,0,1]}}' \
        "$base/api/v1/conv" || true)"
    [[ "$status" == 200 ]] || fail "a same-site POST got $status: $(head -c 300 "$work/conv.json")"
    say "6. a POST with Origin $base is computed (200)"
}

wait_for_health() {
    for _ in $(seq 90); do
        if curl -sS --fail --max-time 5 -o /dev/null "$base/api/v1/health" 2>/dev/null; then
            return 0
        fi
        sleep 2
    done
    fail "no health answer through nginx after 180 s"
}

run_checks() {
    check_health
    check_replicas
    check_forward_stream
    check_unbuffered
    check_body_limit
    check_same_site
    say "all checks passed"
}

command -v curl >/dev/null 2>&1 || { say "curl is needed"; exit 1; }

if [[ -n "${CHECK_URL:-}" ]]; then
    base="${CHECK_URL%/}"
    say "checking the running stack at $base"
    wait_for_health
    run_checks
    exit 0
fi

command -v docker >/dev/null 2>&1 || { say "skipped: docker is not installed"; exit 0; }
docker info >/dev/null 2>&1 || { say "skipped: the Docker daemon does not answer"; exit 0; }
docker compose version >/dev/null 2>&1 \
    || { say "skipped: the docker compose plugin is not installed"; exit 0; }

# "127.0.0.1:" publishes nginx on a free loopback port (compose.yaml: CNNVIS_PUBLISH)
export CNNVIS_PUBLISH="127.0.0.1:"
say "building the image (the repository's Dockerfile)"
dc build
started=1
say "starting two replicas and nginx (project $project)"
dc up -d || fail "docker compose up"
address="$(dc port nginx 80)" || fail "nginx publishes no port"
base="http://${address/0.0.0.0/127.0.0.1}"
replica_ips=""
for service in app1 app2; do
    ip="$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' \
        "$(dc ps -q "$service")")" || fail "no container for $service"
    ip="${ip%% *}"
    [[ -n "$ip" ]] || fail "$service has no address on the compose network"
    replica_ips="$replica_ips $ip"
done
say "nginx at $base; replicas at$replica_ips"
wait_for_health
run_checks
