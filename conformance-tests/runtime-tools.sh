#!/bin/bash
# Runs validation programs of the OCI runtime-tools suite
# (github.com/opencontainers/runtime-tools) against an OCI runtime binary.
#
# Usage: runtime-tools.sh RUNTIME_PATH [TEST...]
#
#   RUNTIME_PATH  the runtime binary to test (e.g. bin/jrunc, /usr/sbin/runc)
#   TEST...       validation program names (e.g. create kill mounts); a
#                 default list is used when none are given.
#
# This script builds and fetches nothing. It expects an already built suite in
# ${RUNTIME_TOOLS_DIR:-/opt/runtime-tools} laid out as:
#   runtimetest             static binary, copied into every test bundle
#   rootfs-<goarch>.tar.gz  rootfs unpacked into every test bundle
#   validation/<name>.t     one validation program per test
# The programs read runtimetest and the rootfs tarball from their current
# directory, so each one is run with that directory as cwd. They select the
# runtime through the RUNTIME environment variable. They must run as root.
#
# Environment:
#   RUNTIME_TOOLS_DIR      suite location (default /opt/runtime-tools)
#   RUNTIME_TOOLS_TIMEOUT  per-program timeout in seconds (default 60)
#   RUNTIME_TOOLS_LOG_DIR  if set, each program's TAP and stderr are kept
#                          there as <name>.tap and <name>.stderr
#   VERBOSE=1              print every program's full TAP output
#
# Output: per program "PASS name" or "FAIL name" (followed by indented
# details: the failing "not ok" lines with their YAML diagnostics, the reason
# when the program itself failed, and its stderr tail), then, if any failed,
# "failed: name..." and last "N passed, N failed".
# Exit status: 0 if all pass, 1 if any fail, 2 on usage errors, 77 if the
# suite is not built.

set -uo pipefail

DEFAULT_TESTS=(
    create delete kill kill_no_effect killsig state start hostname process
    process_user pidfile linux_ns_itype linux_ns_nopath linux_ns_path
    linux_ns_path_type linux_uid_mappings mounts linux_devices
    linux_masked_paths linux_readonly_paths root_readonly_true
    linux_rootfs_propagation misc_props config_updates_without_affect
)

usage() {
    echo "usage: $(basename "$0") RUNTIME_PATH [TEST...]" >&2
    echo "default tests: ${DEFAULT_TESTS[*]}" >&2
    exit 2
}

[ $# -ge 1 ] || usage
case "$1" in -h|--help) usage ;; esac

runtime_arg=$1
shift

# The programs run in the suite directory, so the runtime path must be absolute.
if [[ "$runtime_arg" != */* ]]; then
    runtime=$(command -v -- "$runtime_arg" 2>/dev/null) || runtime=""
else
    runtime=$(readlink -f -- "$runtime_arg" 2>/dev/null) || runtime=""
fi
if [ -z "$runtime" ] || [ ! -f "$runtime" ] || [ ! -x "$runtime" ]; then
    echo "runtime-tools.sh: runtime '$runtime_arg' is not an executable file" >&2
    exit 2
fi

suite=${RUNTIME_TOOLS_DIR:-/opt/runtime-tools}
timeout_s=${RUNTIME_TOOLS_TIMEOUT:-60}
log_dir=${RUNTIME_TOOLS_LOG_DIR:-}

case "$(uname -m)" in
    x86_64) goarch=amd64 ;;
    i?86) goarch=386 ;;
    aarch64) goarch=arm64 ;;
    armv*) goarch=arm ;;
    ppc64le) goarch=ppc64le ;;
    s390x) goarch=s390x ;;
    *) goarch=$(uname -m) ;;
esac

missing=()
[ -d "$suite" ] || missing+=("$suite")
[ -x "$suite/runtimetest" ] || missing+=("$suite/runtimetest")
[ -f "$suite/rootfs-$goarch.tar.gz" ] || missing+=("$suite/rootfs-$goarch.tar.gz")
[ -d "$suite/validation" ] || missing+=("$suite/validation/")
if [ ${#missing[@]} -gt 0 ]; then
    echo "runtime-tools.sh: OCI runtime-tools suite not found (missing: ${missing[*]});" \
         "build it into \$RUNTIME_TOOLS_DIR (default /opt/runtime-tools) first; skipping" >&2
    exit 77
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "runtime-tools.sh: warning: not running as root; most programs will fail" >&2
fi

if [ -n "$log_dir" ]; then
    mkdir -p -- "$log_dir" || exit 2
    log_dir=$(readlink -f -- "$log_dir")
fi

if [ $# -gt 0 ]; then
    tests=("$@")
else
    tests=("${DEFAULT_TESTS[@]}")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/runtime-tools-sh.XXXXXX") || exit 2
work=$(readlink -f -- "$work")
# Containers with user namespaces (linux_uid_mappings, linux_ns_nopath) need
# their bundles, made under this directory, reachable by unprivileged ids.
chmod 755 -- "$work"
trap 'rm -rf --one-file-system -- "$work" 2>/dev/null' EXIT

cd -- "$suite" || exit 77

# Reads TAP on stdin. Prints the failing test lines with their (indented) YAML
# diagnostics on stdout, and writes "ran failed skipped plan bailout" to
# the file named by statfile.
#
# A YAML block normally follows the test line it belongs to. The suite's
# RuntimeInsideValidate, though, prints its block (the stdout and stderr of
# runtimetest run in the container) BEFORE its test line; such blocks are
# recognised by their "stdout": "TAP version ..." entry and shown with the
# test line after them. They hold the whole inner TAP in one JSON string, so
# long lines are shortened and the inner "not ok" lines are listed below them.
parse_tap() {
    awk -v statfile="$1" -v maxlen=800 '
        function show_line(line,    rest, n, e) {
            if (length(line) <= maxlen) { out = out "    " line "\n"; return }
            out = out "    " substr(line, 1, maxlen) " ...[" length(line) - maxlen " more chars]\n"
            rest = line
            while ((n = index(rest, "\\nnot ok ")) > 0) {
                rest = substr(rest, n + 2)
                e = index(rest, "\\n")
                e = e ? substr(rest, 1, e - 1) : rest
                gsub(/\\"/, "\"", e)
                out = out "      inner: " e "\n"
            }
        }
        function render(block,    k, lines, i, saved) {
            saved = out; out = ""
            k = split(block, lines, "\n")
            for (i = 1; i <= k; i++) if (lines[i] != "") show_line(lines[i])
            block = out; out = saved
            return block
        }
        # Ends the YAML block being read: it belongs to the next test line if
        # it is a RuntimeInsideValidate block, else to the previous one.
        function end_block() {
            if (block == "") return
            if (block ~ /"stdout": "TAP version/) pre = block
            else if (prev_failed) printf "%s", render(block)
            block = ""
        }
        BEGIN { ran = 0; failed = 0; skipped = 0; plan = -1; bail = 0
                block = ""; pre = ""; prev_failed = 0 }
        /^[ \t]/ { block = block $0 "\n"; next }
        { end_block() }
        /^not ok([ \t]|$)/ {
            ran++
            prev_failed = 0
            if (toupper($0) !~ /#[ \t]*TODO/) {
                failed++
                prev_failed = 1
                print "    " $0
                if (pre != "") printf "%s", render(pre)
            }
            pre = ""
            next
        }
        /^ok([ \t]|$)/ {
            ran++
            prev_failed = 0
            pre = ""
            if (toupper($0) ~ /#[ \t]*SKIP/) skipped++
            next
        }
        # Some programs (linux_cgroups_cpus) print a second, empty TAP
        # stream after the first: plans of all streams are added up.
        /^1\.\.[0-9]+/ { plan = (plan < 0 ? 0 : plan) + substr($1, 4); next }
        /^Bail out!/ { bail = 1; print "    " $0; next }
        END { end_block(); print ran, failed, skipped, plan, bail > statfile }
    '
}

# Mount points at or under directory $1, deepest first.
mounts_under() {
    awk -v d="$1" '{ p = $5; gsub(/\\040/, " ", p) }
        p == d || index(p, d "/") == 1 { print length(p) "\t" p }' /proc/self/mountinfo |
        sort -rn | cut -f2-
}

# Removes a program's TMPDIR. A container made without a mount namespace
# (linux_ns_itype) mounts /proc, /dev, /sys of its bundle in this mount
# namespace and nothing unmounts them: those are unmounted first. Prints a
# note if anything had to be unmounted or could not be removed.
clean_tmp() {
    local dir=$1 m left
    left=$(mounts_under "$dir")
    if [ -n "$left" ]; then
        echo "(note: unmounted $(echo "$left" | wc -l) mounts left in the host mount namespace under its bundle)"
        while IFS= read -r m; do
            umount -l -- "$m" 2>/dev/null
        done <<<"$left"
    fi
    if [ -n "$(mounts_under "$dir")" ]; then
        echo "(note: mounts remain under $dir; not removed)"
        return
    fi
    rm -rf --one-file-system -- "$dir" 2>/dev/null || echo "(note: could not remove $dir)"
}

passed=0
failed=0
failed_names=()

for name in "${tests[@]}"; do
    name=${name%.t}
    name=${name##*/}
    prog="validation/$name.t"
    tap="$work/$name.tap"
    errf="$work/$name.stderr"

    if [ ! -x "$prog" ]; then
        echo "FAIL $name"
        echo "    (no validation program $suite/$prog)"
        failed=$((failed + 1))
        failed_names+=("$name")
        continue
    fi

    # Each program gets its own TMPDIR, where the suite makes its bundles, so
    # that bundles it leaks (several programs never remove theirs) go away.
    tmp="$work/tmp.$name"
    mkdir -m 755 -- "$tmp"
    TMPDIR="$tmp" RUNTIME="$runtime" timeout -k 10 "$timeout_s" "./$prog" >"$tap" 2>"$errf" </dev/null
    rc=$?
    leak_note=$(clean_tmp "$tmp")

    details=$(parse_tap "$work/stat" <"$tap")
    read -r n_ran n_failed n_skipped n_plan n_bail <"$work/stat"

    reasons=()
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        reasons+=("timed out after ${timeout_s}s")
    elif [ "$rc" -ne 0 ]; then
        reasons+=("program exited with status $rc")
    fi
    if [ "$n_plan" -lt 0 ]; then
        # the *_fail programs print no TAP at all: they call Fatal (exit 1) when the
        # runtime accepts what it must refuse, so exit status 0 is their verdict
        if [ "$rc" -ne 0 ] || [ "$n_ran" -ne 0 ] || ! [[ $name == *_fail ]]; then
            reasons+=("no TAP plan line")
        fi
    elif [ "$n_plan" -ne "$n_ran" ]; then
        reasons+=("planned $n_plan tests, ran $n_ran")
    fi
    [ "$n_bail" -eq 0 ] || reasons+=("bailed out")
    [ "$n_failed" -eq 0 ] || reasons+=("$n_failed of $n_ran tests not ok")

    if [ ${#reasons[@]} -eq 0 ]; then
        echo "PASS $name"
        passed=$((passed + 1))
        if [ "$n_ran" -gt 0 ] && [ "$n_skipped" -eq "$n_ran" ]; then
            echo "    (all $n_ran tests skipped: $(grep -m1 '^ok' "$tap"))"
        fi
    else
        echo "FAIL $name"
        failed=$((failed + 1))
        failed_names+=("$name")
        reason_text=$(IFS=';'; echo "${reasons[*]}")
        echo "    (${reason_text//;/; })"
        [ -z "$details" ] || printf '%s\n' "$details"
        if [ -s "$errf" ]; then
            echo "    stderr (last 20 lines):"
            tail -n 20 -- "$errf" | sed 's/^/      /'
        fi
    fi

    [ -z "$leak_note" ] || printf '    %s\n' "$leak_note"

    if [ "${VERBOSE:-0}" = 1 ]; then
        echo "    --- TAP output of $name:"
        sed 's/^/    | /' -- "$tap"
    fi
    if [ -n "$log_dir" ]; then
        cp -- "$tap" "$log_dir/$name.tap"
        cp -- "$errf" "$log_dir/$name.stderr"
    fi
done

[ "$failed" -eq 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
