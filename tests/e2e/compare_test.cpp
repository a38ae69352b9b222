// `commsim compare` through the real binary, on a small experiment of three
// scenarios: the baseline, an identical twin and one with twice the ads.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "output/results_reader.hpp"

namespace commsim {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;  // keeps the fields in the order printed

const std::string kSource = COMMSIM_SOURCE_DIR;

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("not in the scenario: " + from);
  return text.replace(at, from.size(), to);
}

struct Outcome {
  int status;
  std::string out, err;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

class Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("commsim-compare-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const std::string base = read_text(kSource + "/scenarios/baseline.yaml");
    write("baseline.yaml", base);
    write("twin.yaml", replaced(base, "name: baseline", "name: twin"));
    write("ads2x.yaml",
          replaced(replaced(base, "name: baseline", "name: ads2x"), "daily_ads_reach: 1000", "daily_ads_reach: 2000"));
    experiment_ = (dir_ / "experiment.h5").string();
    const Outcome run = commsim("run " + path("baseline.yaml") + " " + path("twin.yaml") + " " + path("ads2x.yaml") +
                                " -o " + experiment_ + " --days 60 --replicates 8 -q");
    ASSERT_EQ(run.status, 0) << run.err;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // stdout and stderr apart: results must go to one, diagnostics to the other.
  Outcome commsim(const std::string& args) const {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string command = std::string(COMMSIM_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(out), read_text(err)};
  }

  json compare_json(const std::string& extra = "") const {
    const Outcome result = commsim("compare " + experiment_ + " --format json " + extra);
    EXPECT_EQ(result.status, 0) << result.err;
    return json::parse(result.out);
  }

  static const json& row(const json& report, const std::string& variant, const std::string& metric) {
    for (const json& r : report["comparisons"])
      if (r["variant"] == variant && r["metric"] == metric) return r;
    throw std::logic_error("no row " + variant + " " + metric);
  }

  fs::path dir_;
  std::string experiment_;
};

TEST_F(Compare, TheFileSaysWhichWayEachMetricIsBetter) {
  const output::ResultsReader file(experiment_);
  EXPECT_EQ(file.metric("members").better, "higher");
  EXPECT_EQ(file.metric("cost").better, "lower");
  EXPECT_EQ(file.metric("churned").better, "lower");
  EXPECT_EQ(file.metric("groups").better, "neither");
  for (const output::MetricInfo& m : file.metrics())
    EXPECT_TRUE(m.better == "higher" || m.better == "lower" || m.better == "neither") << m.name;
}

TEST_F(Compare, IdenticalScenariosDifferByExactlyNothing) {
  const json report = compare_json("--metric members,active,messages,churned,cost");
  for (const json& r : report["comparisons"]) {
    if (r["variant"] != "twin") continue;
    EXPECT_EQ(r["mean_difference"], 0.0) << r["metric"];
    EXPECT_EQ(r["interval_low"], 0.0) << r["metric"];
    EXPECT_EQ(r["interval_high"], 0.0) << r["metric"];
    EXPECT_TRUE(r["winner"].is_null());
    EXPECT_TRUE(r["first_resolved_day"].is_null());
    EXPECT_TRUE(r["replicates_needed"].is_null());
  }
  for (const std::string metric : {"members", "active", "messages", "churned"}) {
    EXPECT_EQ(row(report, "twin", metric)["probability_better"], 0.5) << metric;
    EXPECT_EQ(row(report, "twin", metric)["verdict"], "not_resolved") << metric;
  }
  // The baseline scenario has no costs: flagged, not ranked.
  EXPECT_EQ(row(report, "twin", "cost")["verdict"], "zero_everywhere");
  EXPECT_TRUE(row(report, "twin", "cost")["probability_better"].is_null());

  const Outcome table = commsim("compare " + experiment_ + " --baseline twin --metric members");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("tie (no difference in any replicate)"), std::string::npos) << table.out;
}

TEST_F(Compare, TwiceTheAdsWinsOnMembers) {
  const json report = compare_json();
  EXPECT_EQ(report["baseline"], "baseline");
  EXPECT_EQ(report["variants"], json::array({"twin", "ads2x"}));
  const json& members = row(report, "ads2x", "members");
  EXPECT_EQ(members["verdict"], "variant_better");
  EXPECT_EQ(members["winner"], "ads2x");
  EXPECT_GT(members["probability_better"].get<double>(), 0.99);
  EXPECT_GT(members["interval_low"].get<double>(), 0);
  ASSERT_FALSE(members["first_resolved_day"].is_null());
  EXPECT_LE(members["first_resolved_day"].get<int>(), 59);
  EXPECT_TRUE(members["replicates_needed"].is_null());  // resolved already
  EXPECT_EQ(report["best"][0], json({{"metric", "members"}, {"scenario", "ads2x"}, {"why", "ads2x"}}));
  // Against ads2x as the baseline the sign flips and ads2x is still the winner.
  const json flipped = compare_json("--baseline ads2x --metric members");
  EXPECT_EQ(row(flipped, "baseline", "members")["verdict"], "baseline_better");
  EXPECT_EQ(row(flipped, "baseline", "members")["winner"], "ads2x");
  EXPECT_LT(row(flipped, "baseline", "members")["probability_better"].get<double>(), 0.01);
  // Every variant resolved worse: the baseline is the overall winner.
  EXPECT_EQ(flipped["best"][0]["scenario"], "ads2x");
}

TEST_F(Compare, CsvJsonAndTableAgree) {
  const json report = compare_json("--at-day 40");
  const Outcome csv = commsim("compare " + experiment_ + " --format csv --at-day 40");
  ASSERT_EQ(csv.status, 0) << csv.err;
  std::istringstream lines(csv.out);
  std::string header_line;
  std::getline(lines, header_line);
  std::vector<std::string> header;
  std::stringstream header_in(header_line);
  for (std::string field; std::getline(header_in, field, ',');) header.push_back(field);
  std::vector<std::string> json_keys;
  for (const auto& [key, value] : report["comparisons"][0].items()) json_keys.push_back(key);
  EXPECT_EQ(header, json_keys);

  std::size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    std::vector<std::string> fields;
    std::stringstream in(line + ",");  // the trailing comma keeps a last empty field
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    ASSERT_EQ(fields.size(), header.size()) << line;
    const json& r = report["comparisons"][n];
    for (std::size_t i = 0; i < header.size(); ++i) {
      const json& value = r[header[i]];
      if (value.is_null()) EXPECT_EQ(fields[i], "") << header[i];
      else if (value.is_string()) EXPECT_EQ(fields[i], value.get<std::string>()) << header[i];
      else if (value.is_boolean()) EXPECT_EQ(fields[i], value.get<bool>() ? "true" : "false");
      else EXPECT_EQ(std::stod(fields[i]), value.get<double>()) << header[i];  // exact: shortest round trip
    }
  }
  EXPECT_EQ(n, report["comparisons"].size());
  EXPECT_EQ(n, 2u * 8u);  // two variants x the eight headline metrics

  const Outcome table = commsim("compare " + experiment_ + " --at-day 40");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("on day 40"), std::string::npos);
  std::istringstream text(table.out);
  std::string line;
  while (std::getline(text, line) && line.rfind("variant", 0) != 0) {
  }
  const auto p50 = [](const json& x) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x.get<double>());
    return std::string(buffer);
  };
  const std::regex columns("\\s{2,}");
  for (const json& r : report["comparisons"]) {
    ASSERT_TRUE(std::getline(text, line));
    const std::vector<std::string> cells(std::sregex_token_iterator(line.begin(), line.end(), columns, -1),
                                         std::sregex_token_iterator());
    ASSERT_EQ(cells.size(), 9u) << line;
    EXPECT_EQ(cells[0], r["variant"]);
    EXPECT_EQ(cells[1], r["metric"]);
    EXPECT_EQ(cells[2], r["better"]);
    EXPECT_EQ(cells[3].substr(0, cells[3].find(' ')), p50(r["baseline_p50"])) << line;
    EXPECT_EQ(cells[4].substr(0, cells[4].find(' ')), p50(r["variant_p50"])) << line;
    if (r["winner"].is_string()) EXPECT_EQ(cells[8], r["winner"]) << line;
    else if (r["verdict"] == "zero_everywhere") EXPECT_EQ(cells[8], "zero in every scenario");
    else EXPECT_TRUE(cells[8].rfind("not resolved", 0) == 0 || cells[8].rfind("tie", 0) == 0) << line;
  }
  EXPECT_NE(table.out.find("  members: ads2x\n"), std::string::npos) << table.out;
}

TEST_F(Compare, CumulativeFlowsAreTheSumOfTheSeries) {
  const json report = compare_json("--metric joined,members --cumulative --at-day 30");
  const output::ResultsReader file(experiment_);
  const output::SeriesData joined_b = file.series(file.scenario_index("baseline"), "joined");
  const output::SeriesData joined_v = file.series(file.scenario_index("ads2x"), "joined");
  std::vector<double> sums_b, sums_v;
  double difference = 0;
  for (std::uint64_t r = 0; r < file.replicates(); ++r) {
    double b = 0, v = 0;
    for (std::uint64_t d = 0; d <= 30; ++d) b += joined_b.at(r, d), v += joined_v.at(r, d);
    sums_b.push_back(b);
    sums_v.push_back(v);
    difference += (v - b) / double(file.replicates());
  }
  const json& joined = row(report, "ads2x", "joined");
  EXPECT_TRUE(joined["cumulative"].get<bool>());
  EXPECT_DOUBLE_EQ(joined["baseline_p50"].get<double>(), median(sums_b));
  EXPECT_DOUBLE_EQ(joined["variant_p50"].get<double>(), median(sums_v));
  EXPECT_NEAR(joined["mean_difference"].get<double>(), difference, 1e-9 * std::abs(difference));
  // A level is taken on the day, not summed.
  const output::SeriesData members = file.series(file.scenario_index("ads2x"), "members");
  std::vector<double> day30;
  for (std::uint64_t r = 0; r < file.replicates(); ++r) day30.push_back(members.at(r, 30));
  EXPECT_FALSE(row(report, "ads2x", "members")["cumulative"].get<bool>());
  EXPECT_DOUBLE_EQ(row(report, "ads2x", "members")["variant_p50"].get<double>(), median(day30));
}

TEST_F(Compare, BadInputExitsTwoWithAMessageAndNothingOnStdout) {
  // A file of one scenario, and one of schema 1 (commsim 0.1's version number).
  const std::string single = path("single.h5"), old = path("old.h5");
  ASSERT_EQ(commsim("run " + path("baseline.yaml") + " -o " + single + " --days 5 --replicates 2 -q").status, 0);
  {
    const hid_t f = H5Fcreate(old.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attr = H5Acreate2(f, "schema_version", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);
    const int version = 1;
    H5Awrite(attr, H5T_NATIVE_INT, &version);
    H5Aclose(attr);
    H5Sclose(space);
    H5Fclose(f);
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      {experiment_ + " --baseline nope", "--baseline nope: " + experiment_ + ": no scenario 'nope'"},
      {single, "compare needs at least two scenarios"},
      {old, "schema version 1"},
      {experiment_ + " --metric members,nope", "no metric 'nope'"},
      {experiment_ + " --at-day 60", "--at-day 60: must be in [0, 59]"},
      {experiment_ + " --at-day -1", "--at-day -1: must be in [0, 59]"},
      {experiment_ + " --format xml", "--format xml: must be table, csv or json"},
      {path("absent.h5"), "absent.h5: no such file"},
      {"", "commsim compare: missing the results file"},
  };
  for (const auto& [args, message] : cases) {
    const Outcome result = commsim("compare " + args);
    EXPECT_EQ(result.status, 2) << args;
    EXPECT_NE(result.err.find(message), std::string::npos) << args << ": " << result.err;
    EXPECT_EQ(result.out, "") << args;
  }
  const Outcome help = commsim("--help");
  EXPECT_NE(help.out.find("compare FILE.h5"), std::string::npos);
}

}  // namespace
}  // namespace commsim
