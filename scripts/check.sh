#!/usr/bin/env bash
# Sanitizer and fuzzing checks (docs/reliability.md), run by .ci/run after
# scripts/test.sh. Each part builds in its own directory (build-asan/,
# build-tsan/, build-fuzz/); every part runs even if one fails.
#   scripts/check.sh [asan] [tsan] [fuzz]   default: all three
set -euo pipefail
cd "$(dirname "$0")/.."
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(asan tsan fuzz)
for part in "${parts[@]}"; do
  [ -x "scripts/check/$part.sh" ] || { echo "check: unknown part '$part' (asan, tsan, fuzz)" >&2; exit 2; }
done

scripts/install-deps.sh check
failed=() summary=()
for part in "${parts[@]}"; do
  echo "check: === $part"
  start=$SECONDS
  if scripts/check/"$part".sh; then result=ok; else result=FAILED; failed+=("$part"); fi
  summary+=("$part $result in $((SECONDS - start)) s")
done
printf 'check: %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ] || { echo "check: failed: ${failed[*]}" >&2; exit 1; }
