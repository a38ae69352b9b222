#pragma once
#include <stdexcept>
#include <string>

namespace commsim {

// Bad user input (scenario file, --set, command line): the message names the
// file, line, column and key, and the command exits non-zero without output.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace commsim
