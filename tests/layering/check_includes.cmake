# The include roots (cmake/layering.cmake) cannot stop what a quoted include
# finds beside the including file: "cli/options.hpp" in sim/x.cpp would reach
# sim/cli/, "../output/x.hpp" in models/ would reach output/. So in sim/,
# models/ and output/ every quoted include names its layer from the top
# (sim/, models/, output/, or commsim/ for the generated headers) and no
# include contains "..".
#   cmake -DSOURCE_DIR=... -P check_includes.cmake
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "check_includes.cmake: -DSOURCE_DIR=... missing")
endif()
set(globs "")
foreach(layer sim models output)
  list(APPEND globs ${SOURCE_DIR}/${layer}/*.hpp ${SOURCE_DIR}/${layer}/*.cpp)
endforeach()
file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR} ${globs})
set(bad "")
set(checked 0)
foreach(file IN LISTS files)
  file(STRINGS ${SOURCE_DIR}/${file} lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    math(EXPR checked "${checked} + 1")
    if(line MATCHES "\\.\\."
       OR (line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"" AND
           NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"(sim|models|output|commsim)/[^\"]+\"")
       OR NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]")
      string(APPEND bad "\n  ${file}: ${line}")
    endif()
  endforeach()
endforeach()
list(LENGTH files nfiles)
if(nfiles EQUAL 0)
  message(FATAL_ERROR "check_includes.cmake: no sources under ${SOURCE_DIR}")
endif()
if(NOT bad STREQUAL "")
  message(FATAL_ERROR "includes that bypass the layering (name the layer from the top, "
                      "e.g. \"sim/x.hpp\", never \"..\"):${bad}")
endif()
message(STATUS "${checked} includes in ${nfiles} files name their layer")
