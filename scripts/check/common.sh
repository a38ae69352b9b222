# Shared by scripts/check/*.sh (sourced): build settings and report checks.

jobs="${CHECK_JOBS:-2}"  # shared 2-core machines: never more by default

# Instrumented builds: -O1 keeps the suite fast enough, line tables name
# the source line of a report; asserts stay on.
sanitizer_cmake_flags=(
  -DCMAKE_BUILD_TYPE=RelWithDebInfo
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
)

# Runs a canary that must die with a sanitizer report matching PATTERN;
# if it does not, the sanitizer is not working and the check fails.
#   expect_report NAME PATTERN COMMAND...
expect_report() {
  local name="$1" pattern="$2"
  shift 2
  local out status=0
  out="$("$@" 2>&1)" || status=$?
  if [ "$status" -ne 0 ] && grep -q -- "$pattern" <<<"$out"; then
    echo "check: canary $name caught (status $status: $(grep -m1 -o -- "$pattern.*" <<<"$out" | cut -c1-100))"
  else
    echo "check: canary $name NOT caught (status $status): the sanitizer is not working" >&2
    echo "$out" | tail -20 >&2
    return 1
  fi
}

# Fails if any sanitizer report was written under DIR (log_path), printing them.
#   no_reports DIR
no_reports() {
  local logs
  logs="$(find "$1" -type f 2>/dev/null)"
  if [ -n "$logs" ]; then
    echo "check: sanitizer reports in $1:" >&2
    for f in $logs; do echo "== $f" >&2; head -60 "$f" >&2; done
    return 1
  fi
  echo "check: no sanitizer reports"
}
