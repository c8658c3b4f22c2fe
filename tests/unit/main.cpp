// SPDX-License-Identifier: Apache-2.0
// The unit-test runner: doctest's own, with three guarantees that a test cannot pass by not running.
//  1. No test case name contains ';'. CTest splits a discovered test's name at ';', which would turn
//     one case into two CTest entries whose filters match nothing (and which used to pass).
//  2. A run that executes no test case fails (a filter matching nothing is an error, not a pass);
//     `--geosim-expect-cases=N` (given by CTest to each discovered entry, N = 1) also fails a run
//     that executes any other number of cases.
//  3. A test case that ran no assertion fails: a case without CHECK or REQUIRE cannot fail.
// Queries (--list-test-cases, --count, --help, ...) are checked for 1 only.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr const char* kExpectOption = "--geosim-expect-cases=";

// What the run executed. Written by doctest's (single) runner thread through the listener.
struct Census {
  bool ran = false;  ///< a test run started (false for queries)
  unsigned cases = 0;
  std::vector<std::string> without_asserts;  ///< "file:line: name" of cases with no assertion
};
Census g_census;

class CensusListener : public doctest::IReporter {
 public:
  explicit CensusListener(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override { g_census.ran = true; }
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData& tc) override { current_ = &tc; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats& st) override {
    ++g_census.cases;
    if (st.numAssertsCurrentTest == 0 && current_)
      g_census.without_asserts.push_back(std::string(current_->m_file.c_str()) + ":" + std::to_string(current_->m_line) +
                                         ": " + current_->m_name);
  }
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}

 private:
  const doctest::TestCaseData* current_ = nullptr;
};

// Guarantee 1, over every registered case (whatever macro or line layout declared it).
bool names_are_safe() {
  bool ok = true;
  for (const auto& tc : doctest::detail::getRegisteredTests()) {
    if (std::strchr(tc.m_name, ';') == nullptr) continue;
    std::fprintf(stderr, "%s:%u: error: test case name contains ';' (CTest would split it in two): \"%s\"\n",
                 tc.m_file.c_str(), tc.m_line, tc.m_name);
    ok = false;
  }
  return ok;
}

}  // namespace

REGISTER_LISTENER("geosim_census", 1, CensusListener);

int main(int argc, char** argv) {
  if (!names_are_safe()) return EXIT_FAILURE;
  // Our option is taken out before doctest sees the command line.
  long expected = -1;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], kExpectOption, std::strlen(kExpectOption)) == 0)
      expected = std::strtol(argv[i] + std::strlen(kExpectOption), nullptr, 10);
    else
      args.push_back(argv[i]);
  }
  doctest::Context context;
  context.applyCommandLine(static_cast<int>(args.size()), args.data());
  const int result = context.run();
  if (context.shouldExit() || !g_census.ran) return result;  // a query: nothing was meant to run

  int status = result;
  if (g_census.cases == 0) {
    std::fprintf(stderr, "error: no test case ran (the filter matched nothing)\n");
    status = EXIT_FAILURE;
  } else if (expected >= 0 && g_census.cases != static_cast<unsigned long>(expected)) {
    std::fprintf(stderr, "error: %u test cases ran, %ld expected (a filter matching several cases?)\n", g_census.cases,
                 expected);
    status = EXIT_FAILURE;
  }
  for (const auto& c : g_census.without_asserts) {
    std::fprintf(stderr, "%s: error: the test case ran no assertion\n", c.c_str());
    status = EXIT_FAILURE;
  }
  return status;
}
