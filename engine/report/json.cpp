// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <cmath>
#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "geosim/output.hpp"
#include "geosim/version.hpp"
#include "scenario/tree.hpp"

namespace geosim {

using json = nlohmann::ordered_json;

std::string sha256_of(std::istream& in) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    EVP_DigestUpdate(ctx, buf, static_cast<std::size_t>(in.gcount()));
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

// A scenario read from standard input is hashed from the text that was read.
std::string sha256_file(const std::string& path) {
  if (path == scenario::kStdinName) {
    std::istringstream in(scenario::stdin_scenario_text());
    return sha256_of(in);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return sha256_of(in);
}

json provenance_json(const Provenance& p) {
  json files = json::array();
  for (const auto& f : p.files) files.push_back({{"path", f}, {"sha256", sha256_file(f)}});
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::time_t now = std::time(nullptr);
  char when[32] = {};
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  json j = {{"engine", "geosim"},
          {"version", kVersion},
          {"commit", kBuildCommit},
          {"command_line", p.command_line},
          {"files", files},
          {"host", host},
          {"finished_at", when},
          {"seconds", p.seconds},
          {"threads", p.threads},
          {"ranks", p.ranks},
          {"execution", p.execution}};
  if (!p.engine_choice.empty()) j["engine_choice"] = p.engine_choice;
  return j;
}

namespace {

// NaN and infinities are not JSON: they become null.
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json pair(double a, double b) { return json::array({num(a), num(b)}); }

json when_json(const OutcomeSummary& o) {
  json j = {{"probability", o.probability()}, {"ci95", pair(o.ci.lo, o.ci.hi)}, {"happened", o.happened}};
  auto km = o.survival();
  json curve = json::array();
  for (const auto& pt : km.points)
    curve.push_back({{"day", pt.time}, {"not_yet", pt.survival}, {"ci95", pair(pt.ci.lo, pt.ci.hi)}, {"at_risk", pt.at_risk}, {"events", pt.events}});
  j["first_day"] = {{"median", num(km.quantile_time(0.5))},
                    {"q25", num(km.quantile_time(0.25))},
                    {"q75", num(km.quantile_time(0.75))},
                    {"censored_at", o.step_end_day.empty() ? 0.0 : o.step_end_day.back()},
                    {"curve", curve}};
  return j;
}

json values_json(const OutcomeSummary& o) {
  auto ci = o.values.mean_interval();
  json q = json::object();
  for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) q[fmt::format("p{:02.0f}", p * 100)] = num(o.quantile(p));
  return {{"mean", num(o.values.mean)}, {"ci95", pair(ci.lo, ci.hi)}, {"sd", num(std::sqrt(o.values.variance()))},
          {"min", num(o.values.min)}, {"max", num(o.values.max)}, {"quantiles", q},
          {"quantiles_exact", o.values_exact}};
}

const char* kind_name(OutcomeSpec::Kind k) {
  switch (k) {
    case OutcomeSpec::Kind::When: return "when";
    case OutcomeSpec::Kind::Value: return "value";
    case OutcomeSpec::Kind::Count: return "count";
  }
  return "?";
}

}  // namespace

json summary_json(const Model& m, const Summary& s) {
  json outcomes = json::object();
  for (const auto& o : s.outcomes) {
    json j = o.kind == OutcomeSpec::Kind::When ? when_json(o) : values_json(o);
    if (o.kind == OutcomeSpec::Kind::Count) {
      j["probability"] = o.probability();
      auto pci = stats::wilson(o.happened, o.n);
      j["probability_ci95"] = pair(pci.lo, pci.hi);
    }
    j["label"] = o.label;
    j["kind"] = kind_name(o.kind);
    j["runs"] = o.n;
    if (o.kind != OutcomeSpec::Kind::When) j["nan_runs"] = o.nan_runs;  // runs left out of every statistic
    if (!o.given.empty()) j["given"] = o.given;
    if (const auto sh = outcome_share(s, o))
      j["share"] = {{"of", o.share_of}, {"value", sh->p}, {"ci95", pair(sh->ci.lo, sh->ci.hi)}, {"happened", sh->k}, {"runs", sh->n}};
    outcomes[o.id] = j;
  }
  json series = json::object();
  for (const auto& ser : s.series) {
    if (!ser.name.empty() && ser.name[0] == '#') continue;  // the report's own (add_report_series)
    json j = {{"day", ser.day}, {"runs_used", ser.runs_used}};
    for (std::size_t l = 0; l < SeriesSummary::kLevels.size(); ++l) {
      json col = json::array();
      for (const auto& b : ser.bands) col.push_back(num(b[l]));
      j[fmt::format("p{:02.0f}", SeriesSummary::kLevels[l] * 100)] = col;
    }
    series[ser.name] = j;
  }
  json out = {{"command", "run"},
          {"scenario",
           {{"name", m.name}, {"description", m.description}, {"start", m.start}, {"variant", s.variant},
            {"horizon_days", s.horizon_days}, {"step_days", s.step_days}}},
          {"settings",
           {{"seed", s.seed}, {"runs", s.runs}, {"block_runs", kBlockRuns},
            {"streams", "xoshiro256++ per (seed, run, stream), seeded by splitmix64; stream = hash of the element's name"},
            {"interrupted", s.cancelled}}},
          {"outcomes", outcomes},
          {"series", series}};
  // Which bound set the bargaining range: per bound, the mean over runs of the share of the
  // run's bargaining steps in which it bound (docs/model.md, two-sided bargaining).
  if (!s.binds.empty()) {
    json binds = json::object();
    for (const auto& b : s.binds) {
      const auto ci = b.share.mean_interval();
      binds[b.name] = {{"mean_share", num(b.share.mean)}, {"ci95", pair(ci.lo, ci.hi)}, {"runs", b.share.n}};
    }
    const auto id = [&](int a) { return a >= 0 ? m.actor_ids[static_cast<std::size_t>(a)] : std::string(); };
    out["bargaining"] = {{"parties", json::array({id(m.negotiation.party_a), id(m.negotiation.party_b)})}, {"binds", binds}};
  }
  add_report_series_json(m, s, out);
  return out;
}

}  // namespace geosim
