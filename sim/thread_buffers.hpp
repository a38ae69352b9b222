#pragma once
// Messages written by members in the parallel member phase and read in a
// later sequential phase (invites sent, moves asked for): each thread appends
// to its own buffer, and the reader gets them sorted, so the order never
// depends on which thread wrote what.
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <iterator>
#include <vector>

namespace commsim {

template <typename Message>  // Message must be totally ordered (operator<)
class ThreadBuffers {
 public:
  std::vector<Message>& local() { return buffers_.local(); }

  // Moves every message into `out`, sorted (in parallel: equal messages are
  // identical, so the order is the same on any thread count); buffers keep
  // their capacity.
  void gather_sorted(std::vector<Message>& out) {
    gather_sorted(out, [](const Message&) { return true; });
  }
  // The same for the messages that `keep` accepts: the others are dropped
  // before the sort, which then costs only what is kept.
  template <typename Keep>
  void gather_sorted(std::vector<Message>& out, const Keep& keep) {
    out.clear();
    for (std::vector<Message>& buffer : buffers_) {
      std::copy_if(buffer.begin(), buffer.end(), std::back_inserter(out), keep);
      buffer.clear();
    }
    tbb::parallel_sort(out.begin(), out.end());
  }

 private:
  tbb::enumerable_thread_specific<std::vector<Message>> buffers_;
};

}  // namespace commsim
