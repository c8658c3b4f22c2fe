// Scenario -> Model: assigns slots, compiles expressions (reporting every error with its mark)
// and builds the influence matrices. Name look-ups happen here and never in a run.
#include "model/compiler.hpp"

namespace geosim {

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::optional<Slot> Model::find_slot(std::string_view wanted) const {
  for (std::size_t i = 0; i < slot_names.size(); ++i)
    if (slot_names[i] == wanted) return static_cast<Slot>(i);
  return std::nullopt;
}

std::optional<Model> compile_model(const Scenario& s, Diagnostics& diags) { return detail::Compiler(s, diags).run(); }

}  // namespace geosim
