#pragma once
// The commsim subcommands. Each returns the process exit code.
#include <string>
#include <vector>

namespace commsim::cli {

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int info_command(const std::vector<std::string>& args);
int docs_command(const std::vector<std::string>& args);
int export_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int sweep_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int rerun_command(const std::vector<std::string>& args);

}  // namespace commsim::cli
