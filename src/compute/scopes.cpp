// The scopes expressions see: named values, data source rows, and rows of tables being built.
#include "compute/scopes.hpp"

#include <numeric>

namespace rapport::detail {

frame_schema::frame_schema(std::vector<std::string> field_names) : names(std::move(field_names)) {
  for (std::size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
}

std::size_t frame_schema::add(const std::string& name) {
  if (auto it = index.find(name); it != index.end()) return it->second;
  names.push_back(name);
  index.emplace(name, names.size() - 1);
  return names.size() - 1;
}

std::optional<std::size_t> frame_schema::find(std::string_view name) const {
  auto it = index.find(std::string(name));
  if (it == index.end()) return std::nullopt;
  return it->second;
}

// A data source's rows seen as a frame_set, built once per environment.
struct source_frames {
  frame_schema schema;
  frame_set set;
};

environment::environment() = default;
environment::~environment() = default;

const frame_set& environment::source_rows(const data_table& table) const {
  auto& entry = frames_[&table];
  if (!entry) {
    entry = std::make_unique<source_frames>(source_frames{frame_schema(table.columns), {}});
    entry->set = whole_source(table, entry->schema);
  }
  return entry->set;
}

frame_set whole_source(const data_table& table, const frame_schema& schema) {
  frame_set set{&schema, &table.rows, {}};
  set.origin = &table;
  set.members.resize(table.rows.size());
  std::iota(set.members.begin(), set.members.end(), 0);
  return set;
}

std::optional<value> global_scope::variable(std::string_view name) const {
  if (auto it = env_.named.find(std::string(name)); it != env_.named.end()) return it->second;
  return std::nullopt;
}

bool global_scope::for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const {
  if (set.empty() || !env_.data) return false;
  auto it = env_.data->tables.find(std::string(set));
  if (it == env_.data->tables.end()) return false;
  const frame_set& rows = env_.source_rows(it->second);
  for (std::size_t i = 0; i < rows.members.size(); ++i) visit(row_scope(env_, rows, i));
  return true;
}

std::vector<std::string> global_scope::known_names() const {
  std::vector<std::string> names;
  for (const auto& [name, v] : env_.named) names.push_back(name);
  if (env_.data)
    for (const auto& [name, table] : env_.data->tables)
      for (const auto& column : table.columns) names.push_back(name + "." + column);
  return names;
}

std::optional<value> row_scope::variable(std::string_view name) const {
  if (auto i = set_.schema->find(name)) return (*set_.rows)[set_.members[position_]][*i];
  return global_scope::variable(name);
}

std::optional<source_loc> row_scope::origin(std::string_view name) const {
  if (!set_.origin) return std::nullopt;
  auto field = set_.schema->find(name);
  if (!field || *field >= set_.origin->columns.size()) return std::nullopt;
  std::size_t frame = set_.members[position_];
  std::optional<std::size_t> row = set_.origin_rows ? (*set_.origin_rows)[frame] : std::optional<std::size_t>(frame);
  if (!row || *row >= set_.origin->rows.size()) return std::nullopt;
  // Only while the field still holds the cell as read (a computed column may have replaced it).
  if (!((*set_.rows)[frame][*field] == set_.origin->rows[*row][*field])) return std::nullopt;
  return set_.origin->cell_loc(*row, *field);
}

bool row_scope::for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const {
  if (!set.empty()) return global_scope::for_each_row(set, visit);
  for (std::size_t i = 0; i < set_.members.size(); ++i) visit(row_scope(env_, set_, i));
  return true;
}

std::unique_ptr<scope> row_scope::relative_row(int offset) const {
  long target = static_cast<long>(position_) + offset;
  if (target < 0 || target >= static_cast<long>(set_.members.size())) return nullptr;
  return std::make_unique<row_scope>(env_, set_, static_cast<std::size_t>(target));
}

std::vector<std::string> row_scope::known_names() const {
  std::vector<std::string> names = set_.schema->names;
  auto global = global_scope::known_names();
  names.insert(names.end(), global.begin(), global.end());
  return names;
}

std::optional<value> set_scope::variable(std::string_view name) const {
  if (own_)
    if (auto i = set_.schema->find(name); i && *i < own_->size()) return (*own_)[*i];
  return global_scope::variable(name);
}

bool set_scope::for_each_row(std::string_view set, const std::function<void(const scope&)>& visit) const {
  if (!set.empty()) return global_scope::for_each_row(set, visit);
  for (std::size_t i = 0; i < set_.members.size(); ++i) visit(row_scope(env_, set_, i));
  return true;
}

std::vector<std::string> set_scope::known_names() const {
  std::vector<std::string> names = set_.schema->names;
  auto global = global_scope::known_names();
  names.insert(names.end(), global.begin(), global.end());
  return names;
}

}  // namespace rapport::detail
