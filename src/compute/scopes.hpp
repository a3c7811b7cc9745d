// compute/ private: the scopes expressions are evaluated in (named values, data rows, table rows).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compute/expression.hpp"
#include "data/data.hpp"

namespace rapport::detail {

/// The field names of a set of rows, with a fast index.
struct frame_schema {
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> index;

  explicit frame_schema(std::vector<std::string> field_names);
  std::size_t add(const std::string& name);  ///< adds a computed field, returns its index
  std::optional<std::size_t> find(std::string_view name) const;
};

/// A set of rows sharing a schema: the rows of a data source, or the rows of a table being built.
struct frame_set {
  const frame_schema* schema = nullptr;
  const std::vector<std::vector<value>>* rows = nullptr;
  std::vector<std::size_t> members;  ///< which rows belong to the set (indexes into *rows)
  /// The data table the rows' first fields were read from, for locating a cell in messages.
  const data_table* origin = nullptr;
  /// Per row: its row in `origin` (nullopt for a computed row); null = the same index.
  const std::vector<std::optional<std::size_t>>* origin_rows = nullptr;
};

struct source_frames;

/// Names visible everywhere: named values (`netto`), `param.NAME`, `meta.NAME`, and the data
/// sources aggregates can run over.
struct environment {
  const dataset* data = nullptr;
  std::map<std::string, value> named;

  environment();
  ~environment();
  /// The rows of a data source as a frame_set (built once, on first use).
  const frame_set& source_rows(const data_table& table) const;

private:
  mutable std::map<const data_table*, std::unique_ptr<source_frames>> frames_;
};

/// Outside any row: named values and whole data sources.
class global_scope : public scope {
public:
  explicit global_scope(const environment& env) : env_(env) {}
  std::optional<value> variable(std::string_view name) const override;
  bool for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const override;
  std::unique_ptr<scope> relative_row(int) const override { return nullptr; }
  std::vector<std::string> known_names() const override;

protected:
  const environment& env_;
};

/// One row of a frame_set: its fields, then everything global; aggregates over "" run over
/// the set's members.
class row_scope : public global_scope {
public:
  row_scope(const environment& env, const frame_set& set, std::size_t position)
      : global_scope(env), set_(set), position_(position) {}
  std::optional<value> variable(std::string_view name) const override;
  bool for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const override;
  std::unique_ptr<scope> relative_row(int offset) const override;
  std::vector<std::string> known_names() const override;
  std::optional<source_loc> origin(std::string_view name) const override;

private:
  const frame_set& set_;
  std::size_t position_;  ///< index into set_.members
};

/// A set of rows to aggregate over, with no current row (a sum row's members, a group).
class set_scope : public global_scope {
public:
  set_scope(const environment& env, const frame_set& set, const std::vector<value>* own_fields = nullptr)
      : global_scope(env), set_(set), own_(own_fields) {}
  std::optional<value> variable(std::string_view name) const override;
  bool for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const override;
  std::vector<std::string> known_names() const override;

private:
  const frame_set& set_;
  const std::vector<value>* own_;  ///< the sum row's own fields, same schema
};

/// Where the part of an attribute value that starts `offset` bytes into it is: `value_start`
/// moved on by the characters before it (the value is on one line), or unchanged if unknown.
inline source_loc loc_in_value(const source_loc& value_start, std::string_view value, std::size_t offset) {
  if (value_start.line <= 0 || value_start.column <= 0) return value_start;
  source_loc at = value_start;
  for (std::size_t i = 0; i < offset && i < value.size(); ++i)
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80) ++at.column;
  return at;
}

/// A frame_set over every row of a data source.
frame_set whole_source(const data_table& table, const frame_schema& schema);

}  // namespace rapport::detail
