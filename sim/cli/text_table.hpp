#pragma once
// A plain-text table whose columns stay aligned whatever their contents:
// text columns left-aligned, number columns right-aligned.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace commsim::cli {

class TextTable {
 public:
  enum class Align { Left, Right };
  void column(std::string header, Align align) { columns_.push_back({std::move(header), align}); }
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  void print(std::ostream& out) const {
    std::vector<std::size_t> width(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      width[c] = columns_[c].header.size();
      for (const auto& row : rows_) width[c] = std::max(width[c], row[c].size());
    }
    const auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        const std::string pad(width[c] - cells[c].size(), ' ');
        text += (c ? "  " : "") + (columns_[c].align == Align::Left ? cells[c] + pad : pad + cells[c]);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out << text << "\n";
    };
    std::vector<std::string> headers;
    for (const auto& column : columns_) headers.push_back(column.header);
    line(headers);
    for (const auto& row : rows_) line(row);
  }

 private:
  struct Column {
    std::string header;
    Align align;
  };
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace commsim::cli
