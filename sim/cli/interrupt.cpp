#include "sim/cli/interrupt.hpp"

#include <signal.h>

#include <csignal>
#include <cstring>

namespace commsim::cli {
namespace {

// Lock-free atomics are async-signal-safe; nothing else is touched here.
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
              std::atomic<unsigned>::is_always_lock_free);
std::atomic<bool> g_stop{false};
std::atomic<int> g_first_signal{0};
std::atomic<unsigned> g_count{0};
struct sigaction g_previous_int, g_previous_term;

void on_signal(int number) {
  int none = 0;
  g_first_signal.compare_exchange_strong(none, number, std::memory_order_relaxed);
  g_count.fetch_add(1, std::memory_order_relaxed);
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

InterruptWatch::InterruptWatch() {
  g_stop = false;
  g_first_signal = 0;
  g_count = 0;
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);  // one handler at a time
  sigaddset(&action.sa_mask, SIGTERM);
  action.sa_flags = SA_RESTART;  // I/O goes on; the flag is polled
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
}

InterruptWatch::~InterruptWatch() {
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
}

std::atomic<bool>* InterruptWatch::stop_flag() { return &g_stop; }
int InterruptWatch::signal() const { return g_first_signal.load(std::memory_order_relaxed); }
unsigned InterruptWatch::count() const { return g_count.load(std::memory_order_relaxed); }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

}  // namespace commsim::cli
