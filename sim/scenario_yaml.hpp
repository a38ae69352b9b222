#pragma once
// The scenario loader's YAML pieces, for files that embed scenario keys
// (sweep files): located messages, checked values, a scenario from a node.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace commsim {

// "file:line:column" of a node (just the file when the mark is unknown).
std::string yaml_location(const std::string& source, const YAML::Mark& mark);
// "'text'", "a mapping", "a list" or "nothing", for messages.
std::string yaml_node_kind(const YAML::Node& node);

// Parses a file that must hold one YAML document (`what` names it in the
// message: "scenario file"); throws InputError with the location.
YAML::Node load_yaml_document(const std::string& text, const std::string& source, const std::string& what);

// Reads and checks one scalar against its declaration, as a scenario file's
// value would be; `path` is the key as the message shows it.
Scalar read_parameter_value(const ParamSpec& spec, const std::string& path, const YAML::Node& node,
                            const std::string& location);

// A whole input file (`what` names it in messages: "scenario file"); throws
// InputError for one that is missing, unreadable or not a regular file.
std::string read_input_file(const std::string& path, const std::string& what);

// parse_scenarios on an already parsed mapping, whose marks point into `text`.
std::vector<Scenario> scenarios_from_node(const YAML::Node& root, const std::string& source,
                                          const std::string& text, const ParamRegistry& registry);

}  // namespace commsim
