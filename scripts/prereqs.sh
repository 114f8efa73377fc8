# Sourced by the project's scripts: pins the JDK and installs what is missing.
# shellcheck shell=bash
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "JDK 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2
    exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"

# ensure_packages [--no-recommends] PACKAGE... installs the Debian packages
# that are not installed. Services the packages ship are not started: a
# policy-rc.d that denies every start is in place while apt-get runs (the
# engine tests start private daemons of their own; a system dockerd or
# containerd would only get in their way).
ensure_packages() {
    local missing=() pkg opts=()
    if [ "${1:-}" = --no-recommends ]; then opts+=(--no-install-recommends); shift; fi
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages: ${missing[*]} (run as root to install them)" >&2
        return 1
    fi
    echo "installing: ${missing[*]}" >&2
    local policy=/usr/sbin/policy-rc.d ours=0 rc=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from jrunc scripts/prereqs.sh: start no services\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        ours=1
    fi
    apt-get update -qq -o DPkg::Lock::Timeout=600 >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${opts[@]}" "${missing[@]}" >&2 || rc=$?
    [ "$ours" = 1 ] && rm -f "$policy"
    return "$rc"
}

ensure_packages maven busybox-static runc jq binutils gcc iproute2
# the engines the conformance suite drives (dev.jrunc.conformance.engines, docs/engines.md);
# bsdutils: script(1), a terminal for `podman run -t` / `ctr run -t`
ensure_packages --no-recommends podman conmon containerd docker.io bsdutils
