# The layering (docs/architecture.md) is enforced by include paths: no target
# sees the source root. Each layer's target gets its own include root in the
# build tree, holding symbolic links to its own sources only, so
# `#include "models/x.hpp"` in the engine fails with "No such file" while
# `#include "sim/x.hpp"` works wherever the engine is linked. A target sees
# the roots of the targets it links (PUBLIC), so the roots compose along the
# dependency graph. tests/layering checks both the roots and that every
# include names its layer (a relative one would bypass them).

# commsim_layer_includes(<target> <path>...): gives <target> the PUBLIC
# include root ${CMAKE_BINARY_DIR}/include/<target>/ in which each <path>
# (relative to the source root, a directory or a file) is a link to the
# source of the same name, and nothing else is.
function(commsim_layer_includes target)
  set(root ${CMAKE_BINARY_DIR}/include/${target})
  # Rebuilt at every configure, so a removed header leaves no stale link.
  # REMOVE_RECURSE removes a link, never what it points to.
  file(REMOVE_RECURSE ${root})
  foreach(path IN LISTS ARGN)
    if(NOT EXISTS ${CMAKE_SOURCE_DIR}/${path})
      message(FATAL_ERROR "commsim_layer_includes(${target}): no ${CMAKE_SOURCE_DIR}/${path}")
    endif()
    get_filename_component(parent ${root}/${path} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${path} ${root}/${path} SYMBOLIC)
  endforeach()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
