#!/bin/sh
# deps.sh: install what building and testing ipcscope needs on Debian 12.
# Installs only what is missing; needs root for that.
set -u
pkgs="build-essential autoconf automake pkg-config libncurses-dev libreadline-dev
libtermkey-dev mandoc tmux python3 util-linux procps iproute2 graphviz strace asciinema"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing; install them as root: apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing" >&2
apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing > /dev/null
