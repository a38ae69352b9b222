#!/usr/bin/env bash
# Enables Debian source packages (deb-src) so `apt-get source` works.
# Idempotent: edits the deb822 sources only when a stanza lacks deb-src,
# and runs apt-get update only then.
set -euo pipefail
f=/etc/apt/sources.list.d/debian.sources
if [ ! -f "$f" ]; then
  echo "deb-src: $f not found" >&2
  exit 1
fi
if grep -q '^Types: deb$' "$f"; then
  sed -i 's/^Types: deb$/Types: deb deb-src/' "$f"
  apt-get update -q
elif ! compgen -G '/var/lib/apt/lists/*_Sources' >/dev/null; then
  apt-get update -q
fi
