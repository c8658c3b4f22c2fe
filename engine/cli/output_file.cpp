// SPDX-License-Identifier: Apache-2.0
#include "cli/output_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/common.hpp"
#include "geosim/html.hpp"

namespace geosim::cli {

OutputFile::OutputFile(std::string path, bool force, const char* flag) : path_(std::move(path)) {
  if (path_ == "-") {
    f_ = stdout;
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path_, ec))
    throw UsageError{fmt::format("{} '{}' is a directory; name a file", flag, path_)};
  if (fs::exists(path_, ec) && !force)
    throw UsageError{fmt::format("{} '{}' already exists; pass --force to overwrite it", flag, path_)};
  fs::path dir = fs::path(path_).parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw UsageError{fmt::format("{} '{}': folder '{}' does not exist", flag, path_, dir.string())};
  temp_ = fmt::format("{}.tmp-{}", path_, getpid());
  f_ = std::fopen(temp_.c_str(), "wb");
  if (f_ == nullptr)
    throw UsageError{fmt::format("{} '{}' cannot be written: {}", flag, path_, std::strerror(errno))};
}

OutputFile::~OutputFile() {
  if (f_ != nullptr && f_ != stdout) std::fclose(f_);
  if (!committed_ && !temp_.empty()) std::remove(temp_.c_str());
}

void OutputFile::write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), f_) != text.size())
    throw std::runtime_error(fmt::format("writing '{}' failed: {}", path_, std::strerror(errno)));
}

void OutputFile::commit() {
  if (f_ == stdout) {
    std::fflush(stdout);
    committed_ = true;
    return;
  }
  bool ok = std::fflush(f_) == 0;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok || std::rename(temp_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error(fmt::format("writing '{}' failed: {}", path_, std::strerror(errno)));
  committed_ = true;
}

void write_documents(nlohmann::ordered_json& doc, const Scenario& scenario, std::optional<OutputFile>& json,
                     std::optional<OutputFile>& report) {
  if (json) {
    json->write(doc.dump(2) + "\n");
    json->commit();
  }
  if (report) {
    add_report_context(doc, scenario);
    report->write(html_report(doc));
    report->commit();
  }
}

}  // namespace geosim::cli
