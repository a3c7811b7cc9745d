// compute/: loads a definition's data and resolves every table cell, chart series and inline
// figure into a model::document. The public entry points of the computation layer.
#pragma once

#include <map>
#include <string>

#include "base/diagnostics.hpp"
#include "compute/expression.hpp"
#include "data/data.hpp"
#include "definition/definition.hpp"
#include "model/document.hpp"

namespace rapport {

/// Loads every <data> source of a definition. A source that cannot be read is reported into
/// `diag` (located at the definition's element) and left out.
dataset load_sources(const def::report_definition& definition, diagnostics& diag);

/// Settings from the command line.
struct compute_options {
  std::map<std::string, std::string> params;  ///< --param NAME=VALUE
};

/// Resolves the definition against its data into a document ready for layout. Problems are
/// reported into `diag`: errors (unknown fields, bad expressions, missing parameters) and
/// warnings (the author's own data contradicting itself: a total that is not the sum of its
/// rows, a `check` column that does not hold).
model::document build_document(const def::report_definition& definition, const model::house_style& style,
                               const dataset& data, const compute_options& options, diagnostics& diag);

}  // namespace rapport
