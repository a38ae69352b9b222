# Sanitizer and fuzzing builds (scripts/check.sh; clang only).
#   -DCOMMSIM_SANITIZE=address,undefined   ASan + UBSan, any report aborts
#   -DCOMMSIM_SANITIZE=thread              TSan (needs an instrumented oneTBB: TBB_DIR)
#   -DCOMMSIM_FUZZ=ON                      libFuzzer targets in tests/fuzz
set(COMMSIM_SANITIZE "" CACHE STRING "Sanitizers to build with (clang): address,undefined or thread")
option(COMMSIM_FUZZ "Build the libFuzzer targets (clang)" OFF)

if(COMMSIM_SANITIZE OR COMMSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "COMMSIM_SANITIZE and COMMSIM_FUZZ need clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Timings of an instrumented build mean nothing.
  set(COMMSIM_BUILD_BENCHMARKS OFF)
endif()

if(COMMSIM_SANITIZE)
  set(commsim_sanitize_flags -fsanitize=${COMMSIM_SANITIZE} -fno-omit-frame-pointer)
  if(COMMSIM_SANITIZE MATCHES "undefined")
    # Stop at the first report instead of printing and going on; float-to-int
    # overflow named explicitly, it is the check GCC's UBSan lacks.
    list(APPEND commsim_sanitize_flags -fsanitize=float-cast-overflow -fno-sanitize-recover=all)
  endif()
  add_compile_options(${commsim_sanitize_flags})
  add_link_options(${commsim_sanitize_flags})
endif()

if(COMMSIM_FUZZ)
  # Coverage feedback from the libraries; the fuzz targets link libFuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
