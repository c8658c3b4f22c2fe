// SPDX-License-Identifier: Apache-2.0
// The JSON and HTML documents of a command, written into their output files (cli/output_file.hpp).
#include "cli/output_file.hpp"
#include "geosim/html.hpp"

namespace geosim::cli {

void write_documents(nlohmann::ordered_json& doc, const Scenario& scenario, std::optional<OutputFile>& json,
                     std::optional<OutputFile>& report) {
  if (json) json->write(doc.dump(2) + "\n");
  if (report) {
    add_report_context(doc, scenario);
    report->write(html_report(doc));
  }
}

}  // namespace geosim::cli
