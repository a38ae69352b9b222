# Preprocesses a one-line file `#include "HEADER"` with the exact command
# line (compile_commands.json) of one of TARGET's own sources, with -E in place
# of -c (finding headers is all the layering is about; a full parse of the
# allowed headers took 8 s each).
#   cmake -DCOMPILE_COMMANDS=... -DTARGET=commsim_engine -DHEADER=models/all_modules.hpp
#         -DEXPECT=missing|found -DPROBE=<file to write> -P probe.cmake
# EXPECT=missing passes only if the compiler reports HEADER itself as not
# found (any other failure fails the test); EXPECT=found only if HEADER and
# everything it includes are found.
foreach(var COMPILE_COMMANDS TARGET HEADER EXPECT PROBE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "probe.cmake: -D${var}=... missing")
  endif()
endforeach()
if(NOT EXISTS "${COMPILE_COMMANDS}")
  message(FATAL_ERROR "no ${COMPILE_COMMANDS}: the layering tests need CMAKE_EXPORT_COMPILE_COMMANDS "
                      "(Makefile or Ninja generator)")
endif()

# The first command that compiles an object of TARGET (its -o names
# CMakeFiles/TARGET.dir/).
file(READ "${COMPILE_COMMANDS}" json)
string(JSON count LENGTH "${json}")
math(EXPR last "${count} - 1")
set(args "")
foreach(i RANGE ${last})
  string(JSON command GET "${json}" ${i} command)
  if(command MATCHES "-o [^ ]*CMakeFiles/${TARGET}\\.dir/")
    string(JSON directory GET "${json}" ${i} directory)
    string(JSON source GET "${json}" ${i} file)
    separate_arguments(args UNIX_COMMAND "${command}")
    break()
  endif()
endforeach()
if(args STREQUAL "")
  message(FATAL_ERROR "no compile command for target ${TARGET} in ${COMPILE_COMMANDS}")
endif()

# That command minus its output, dependency file and source, on the probe.
set(probe_args "")
set(skip_next FALSE)
foreach(arg IN LISTS args)
  if(skip_next)
    set(skip_next FALSE)
  elseif(arg MATCHES "^-(o|MF|MT|MQ)$")
    set(skip_next TRUE)
  elseif(NOT arg MATCHES "^-(c|MD|MMD)$" AND NOT arg STREQUAL source)
    list(APPEND probe_args "${arg}")
  endif()
endforeach()
file(WRITE "${PROBE}" "#include \"${HEADER}\"\n")
execute_process(COMMAND ${probe_args} -E -o /dev/null "${PROBE}"
                WORKING_DIRECTORY "${directory}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
list(JOIN probe_args " " shown)
set(shown "${shown} -E -o /dev/null ${PROBE}")

string(REPLACE "." "\\." header_regex "${HEADER}")
if(EXPECT STREQUAL "missing")
  # GCC: "x.hpp: No such file or directory"; clang: "'x.hpp' file not found".
  if(status EQUAL 0 OR NOT out MATCHES "${header_regex}(: No such file or directory|' file not found)")
    message(FATAL_ERROR "${TARGET} must not see ${HEADER}, but (status ${status}):\n${shown}\n${out}")
  endif()
  message(STATUS "${TARGET} cannot include ${HEADER}: ok")
elseif(EXPECT STREQUAL "found")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${TARGET} must find ${HEADER} and its includes, but (status ${status}):\n${shown}\n${out}")
  endif()
  message(STATUS "${TARGET} includes ${HEADER}: ok")
else()
  message(FATAL_ERROR "probe.cmake: EXPECT is missing or found, not '${EXPECT}'")
endif()
