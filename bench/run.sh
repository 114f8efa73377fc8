#!/bin/bash
# Side-by-side startup benchmark: jrunc against runc on the same busybox bundle,
# in one run, with hyperfine. Writes the table to docs/benchmarks.md.
#   bench/run.sh [--runs N] [--no-write]        (as root; builds jrunc if needed)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
source scripts/prereqs.sh
ensure_packages hyperfine time
runs=20 write=1
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift ;;
        --no-write) write=0 ;;
        *) echo "usage: bench/run.sh [--runs N] [--no-write]" >&2; exit 2 ;;
    esac
    shift
done
[ -r runtime/target/jrunc.jar ] || mvn -q -B -DskipTests package

JRUNC=$PWD/bin/jrunc RUNC=$(command -v runc)
work=$(mktemp -d /tmp/jrunc-bench.XXXXXX)
trap '"$JRUNC" --root "$work/jroot" delete -f b-j >/dev/null 2>&1 || true
      "$RUNC" --root "$work/rroot" delete -f b-r >/dev/null 2>&1 || true
      rm -rf "$work"' EXIT
cp -a runtime/target/example-bundle "$work/bundle"
# the same config for both: busybox `true`, no terminal; `sleep` for exec
jq '.process.args=["true"]' runtime/target/example-bundle/config.json > "$work/bundle/config.json"
cp -a "$work/bundle" "$work/sleeper"
jq '.process.args=["sleep","600"]' "$work/bundle/config.json" > "$work/sleeper/config.json"

declare -A cmd_j cmd_r prep_j prep_r
rows=()
row() { rows+=("$1"); cmd_j[$1]=$2; cmd_r[$1]=$3; prep_j[$1]=${4:-true}; prep_r[$1]=${5:-true}; }
J="$JRUNC --root $work/jroot" R="$RUNC --root $work/rroot"
B="--bundle $work/bundle"
row "--version" "$JRUNC --version" "$RUNC --version"
row "state" "$J state b-j" "$R state b-r" \
    "$J delete -f b-j; $J create $B b-j" "$R delete -f b-r; $R create $B b-r"
row "create" "$J create $B b-j" "$R create $B b-r" "$J delete -f b-j" "$R delete -f b-r"
row "start" "$J start b-j" "$R start b-r" \
    "$J delete -f b-j; $J create $B b-j" "$R delete -f b-r; $R create $B b-r"
row "delete" "$J delete b-j" "$R delete b-r" \
    "$J delete -f b-j; $J create $B b-j" "$R delete -f b-r; $R create $B b-r"
row "run true" "$J run $B b-j" "$R run $B b-r" "$J delete -f b-j" "$R delete -f b-r"
row "create && start && delete -f" "$J create $B b-j && $J start b-j && $J delete -f b-j" \
    "$R create $B b-r && $R start b-r && $R delete -f b-r" "$J delete -f b-j" "$R delete -f b-r"
# exec needs a running container; only when jrunc has exec
$J run -d --bundle "$work/sleeper" e-j >/dev/null 2>&1 && $J exec e-j true >/dev/null 2>&1 && exec_ok=1 || exec_ok=0
$J delete -f e-j >/dev/null 2>&1 || true
if [ $exec_ok = 1 ]; then
    $J run -d --bundle "$work/sleeper" e-j; $R run -d --bundle "$work/sleeper" e-r
    row "exec true" "$J exec e-j true" "$R exec e-r true"
fi

mean() { jq -r '.results[0].mean * 1000' "$1"; }
table="| command | jrunc (ms) | runc (ms) | jrunc/runc | jrunc peak RSS | runc peak RSS |
|---|---|---|---|---|---|"
for r in "${rows[@]}"; do
    for who in j r; do
        if [ $who = j ]; then c=${cmd_j[$r]} p=${prep_j[$r]}; else c=${cmd_r[$r]} p=${prep_r[$r]}; fi
        # a compound command needs a shell; a single one is timed without
        case $c in *'&&'*) timed="bash -c '$c'" ;; *) timed=$c ;; esac
        hyperfine -N -i --runs "$runs" --warmup 2 --prepare "bash -c '$p'" \
            --export-json "$work/$who.json" "$timed" >/dev/null 2>&1
        bash -c "$p" >/dev/null 2>&1 || true
        rss=$(/usr/bin/time -f %M bash -c "$c >/dev/null 2>&1" 2>&1 | tail -1)
        eval "rss_$who=$rss"
    done
    mj=$(mean "$work/j.json") mr=$(mean "$work/r.json")
    table+=$'\n'"$(printf '| `%s` | %.1f | %.1f | %.1f× | %s kB | %s kB |' "$r" "$mj" "$mr" \
        "$(echo "$mj / $mr" | bc -l)" "$rss_j" "$rss_r")"
    echo "$r: jrunc ${mj} ms, runc ${mr} ms" >&2
done
[ $exec_ok = 1 ] && { $J delete -f e-j; $R delete -f e-r; } >/dev/null 2>&1

# the waiting init of a created container
$J delete -f b-j >/dev/null 2>&1 || true; $R delete -f b-r >/dev/null 2>&1 || true
$J create --bundle "$work/bundle" b-j; $R create --bundle "$work/bundle" b-r
pj=$($J state b-j | jq .pid) pr=$($R state b-r | jq .pid)
init_j="$(awk '/VmRSS/{print $2" kB"}' /proc/$pj/status), $(awk '/Threads/{print $2}' /proc/$pj/status) thread(s)"
init_r="$(awk '/VmRSS/{print $2" kB"}' /proc/$pr/status), $(awk '/Threads/{print $2}' /proc/$pr/status) thread(s)"
$J delete -f b-j; $R delete -f b-r

# the smallest memory limit a busybox `true` starts and exits 0 under, for each runtime
mkdir -p "$work/mem"  # root.path points at the bundle's rootfs: runc refuses a symlinked one
smallest_limit() {  # runtime-with-root
    local kb
    for kb in 256 512 768 1024 1536 2048 3072 4096 6144 8192 12288 16384 24576 32768; do
        jq --argjson l $((kb * 1024)) --arg rootfs "$work/bundle/rootfs" \
            '.linux.resources.memory.limit = $l | .root.path = $rootfs' \
            "$work/bundle/config.json" > "$work/mem/config.json"
        if timeout 30 $1 run --bundle "$work/mem" mem-$$ >/dev/null 2>&1; then
            echo "$kb kB"; return
        fi
        $1 delete -f mem-$$ >/dev/null 2>&1 || true
    done
    echo "more than 32 MB"
}
min_j=$(smallest_limit "$J") min_r=$(smallest_limit "$R")

machine="$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB, kernel $(uname -r), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), runc $("$RUNC" --version | head -1 | awk '{print $3}')"
aot=$(ls runtime/target/aot/*.aot >/dev/null 2>&1 && echo "with the build's AOT caches" || echo "without AOT caches")
report="# Benchmarks

Made by \`bench/run.sh\` on $(date -u +%Y-%m-%d): hyperfine, $runs runs each after 2 warm-ups,
jrunc ($aot) and runc side by side on the same busybox bundle in one run.
Machine: $machine.

$table

Waiting init of a created container: jrunc $init_j; runc $init_r.

Smallest memory limit (linux.resources.memory.limit) under which busybox \`true\` runs and
exits 0: jrunc $min_j; runc $min_r.
"
echo "$report"
[ $write = 1 ] && printf '%s' "$report" > docs/benchmarks.md
exit 0
