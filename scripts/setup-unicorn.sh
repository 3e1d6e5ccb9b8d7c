#!/usr/bin/env bash
# Installs Unicorn 2.1 (Debian 13's libunicorn2t64 + libunicorn-dev) into a private
# cache directory without touching the system's apt sources. Debian 12's own
# libunicorn2 is 2.0.1, whose store path is 10-40x slower (see PLATFORM-NOTES.md).
# Prints the directory that holds libunicorn.so.2 on success.
set -euo pipefail

CACHE="${ECUSIM_CACHE:-$HOME/.cache/ecusim}"
DEST="$CACHE/unicorn-2.1"
LIB="$DEST/usr/lib/x86_64-linux-gnu/libunicorn.so.2"
if [[ -f "$LIB" && -f "$DEST/usr/include/unicorn/unicorn.h" ]]; then
  dirname "$LIB"; exit 0
fi

# If the system already ships 2.1 (Debian 13 or newer), the system package is the simplest route.
if dpkg --compare-versions "$(apt-cache policy libunicorn2t64 2>/dev/null | awk '/Candidate:/{print $2}' | sed 's/(none)/0/')" ge 2.1 2>/dev/null \
   && [[ "$(apt-cache policy libunicorn2t64 | awk '/Candidate:/{print $2}')" != "(none)" ]]; then
  :
fi

# Use the archive URI the system itself uses, with suite trixie, in a private apt state.
URI="$(grep -hoE '^URIs:[[:space:]]*\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)"
if [[ -z "$URI" ]]; then
  URI="$(grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $NF}' | grep -v security | head -n1 || true)"
fi
if [[ -z "$URI" ]]; then
  echo "setup-unicorn: cannot find the Debian archive URI in /etc/apt; install libunicorn2t64 (>= 2.1) by hand and set ECUSIM_UNICORN_LIB" >&2
  exit 1
fi

APT="$CACHE/apt-trixie"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc" "$APT/debs"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
echo "deb [signed-by=$KEYRING] $URI trixie main" > "$APT/etc/sources.list"
OPTS=(-o "Dir::Etc::sourcelist=$APT/etc/sources.list" -o "Dir::Etc::sourceparts=/dev/null"
      -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "APT::Get::List-Cleanup=0"
      -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root")
echo "setup-unicorn: fetching Unicorn 2.1 (Debian trixie's libunicorn2t64) into $DEST" >&2
apt-get "${OPTS[@]}" -qq update >&2
( cd "$APT/debs" && apt-get "${OPTS[@]}" -qq download libunicorn2t64 libunicorn-dev >&2 )
rm -rf "$DEST.tmp" && mkdir -p "$DEST.tmp"
for deb in "$APT"/debs/*.deb; do dpkg-deb -x "$deb" "$DEST.tmp"; done
rm -rf "$DEST" && mv "$DEST.tmp" "$DEST"
test -f "$LIB" || { echo "setup-unicorn: $LIB missing after extraction" >&2; exit 1; }
dirname "$LIB"
