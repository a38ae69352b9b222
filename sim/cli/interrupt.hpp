#pragma once
// SIGINT and SIGTERM as a clean stop: the handler only records the signal
// and raises a stop flag that the engine and the writer poll.
#include <atomic>
#include <string>

namespace commsim::cli {

class InterruptWatch {
 public:
  // Installs the handlers (one watch at a time); the destructor restores
  // the previous ones.
  InterruptWatch();
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch&) = delete;
  InterruptWatch& operator=(const InterruptWatch&) = delete;

  // For RunSettings::stop: true once a signal came.
  std::atomic<bool>* stop_flag();
  // The first signal's number, 0 if none came.
  int signal() const;
  // Signals received so far; a later count than one taken means a new one.
  unsigned count() const;
};

// "SIGINT", "SIGTERM".
std::string signal_name(int signal);

}  // namespace commsim::cli
