# Sourced by the project's scripts: pins the JDK and installs what is missing.
# shellcheck shell=bash
export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "JDK 25 not found at $JAVA_HOME (set JAVA_HOME_25)" >&2
    exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"

# ensure_packages PACKAGE... installs the Debian packages that are not installed
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "missing packages: ${missing[*]} (run as root to install them)" >&2
        return 1
    fi
    echo "installing: ${missing[*]}" >&2
    apt-get update -qq -o DPkg::Lock::Timeout=600 >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
}

ensure_packages maven busybox-static runc jq binutils gcc iproute2
