#pragma once
// The real commsim binary as a child process, for tests that signal it or
// watch it while it runs: fork/exec, stdout and stderr into files apart.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace commsim::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class Child {
 public:
  // Starts `launcher... COMMSIM_BINARY args...` (a launcher such as
  // mpirun, found on PATH; none by default) with `environment` added,
  // stdout and stderr into `dir`.
  Child(const std::vector<std::string>& args, const std::filesystem::path& dir,
        const std::vector<std::string>& launcher = {},
        const std::vector<std::pair<std::string, std::string>>& environment = {})
      : out_(dir / "child-stdout.txt"), err_(dir / "child-stderr.txt") {
    std::vector<std::string> argv = launcher;
    argv.push_back(COMMSIM_BINARY);
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      const int in = ::open("/dev/null", O_RDONLY);
      const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      ::unsetenv("COMMSIM_PROGRESS_SECONDS");
      for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
      std::vector<char*> pointers;
      for (std::string& a : argv) pointers.push_back(a.data());
      pointers.push_back(nullptr);
      ::execvp(pointers[0], pointers.data());
      ::_exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0 && status_ == kRunning) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int number) const { ::kill(pid_, number); }
  std::string out() const { return read_text(out_); }
  std::string err() const { return read_text(err_); }
  bool running() {
    poll();
    return status_ == kRunning;
  }

  // The exit status; 1000 + the signal when it was killed by one; -1 (and
  // killed) when it did not end within `timeout`.
  int wait(std::chrono::duration<double> timeout = std::chrono::seconds(120)) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (status_ == kRunning) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      status_ = -1;
    }
    return status_;
  }

 private:
  static constexpr int kRunning = -2;
  void poll() {
    if (status_ != kRunning) return;
    int raw = 0;
    if (::waitpid(pid_, &raw, WNOHANG) != pid_) return;
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : WIFSIGNALED(raw) ? 1000 + WTERMSIG(raw) : -1;
  }

  std::filesystem::path out_, err_;
  pid_t pid_ = -1;
  int status_ = kRunning;
};

// Polls `ready` every millisecond until it holds (true) or `timeout` passes.
inline bool wait_until(const std::function<bool()>& ready,
                       std::chrono::duration<double> timeout = std::chrono::seconds(60)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// Files in `dir` whose name contains ".tmp." (a writer's temporary).
inline std::vector<std::string> temporaries(const std::filesystem::path& dir) {
  std::vector<std::string> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos)
      found.push_back(entry.path().string());
  return found;
}

}  // namespace commsim::testing
