// A deliberate heap-buffer overflow: scripts/check/asan.sh requires
// AddressSanitizer to report it.
#include <cstdio>
#include <cstdlib>

int main(int argc, char**) {
  const int size = 4 + argc;  // not a constant, so the write is not folded away
  int* data = static_cast<int*>(std::malloc(sizeof(int) * static_cast<unsigned>(size)));
  for (int i = 0; i <= size; ++i) data[i] = i;  // one past the end
  std::printf("%d\n", data[size - 1]);
  std::free(data);
}
