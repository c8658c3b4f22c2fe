// SPDX-License-Identifier: Apache-2.0
// The SVG toolkit: escaping, number formats, scales, ticks, axes and legends.
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

namespace geosim::report::svg {

namespace {

// Length of the UTF-8 sequence starting with byte `b`, or 0 when `b` cannot start one.
int utf8_length(unsigned char b) {
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return 2;
  if (b >= 0xE0 && b <= 0xEF) return 3;
  if (b >= 0xF0 && b <= 0xF4) return 4;
  return 0;
}

bool valid_sequence(std::string_view s, std::size_t i, int n) {
  if (i + static_cast<std::size_t>(n) > s.size()) return false;
  for (int k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) return false;
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
  if (n == 3 && b0 == 0xE0 && b1 < 0xA0) return false;   // overlong
  if (n == 3 && b0 == 0xED && b1 >= 0xA0) return false;  // surrogates
  if (n == 4 && b0 == 0xF0 && b1 < 0x90) return false;   // overlong
  if (n == 4 && b0 == 0xF4 && b1 >= 0x90) return false;  // above U+10FFFF
  return true;
}

}  // namespace

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const int n = utf8_length(b);
    if (n == 0 || !valid_sequence(text, i, n)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, static_cast<std::size_t>(n)));
      i += static_cast<std::size_t>(n);
      continue;
    }
    switch (b) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': case '\n': case '\r': out += static_cast<char>(b); break;
      default:
        if (b < 0x20 || b == 0x7F) out += ' ';  // control characters are not allowed in XML
        else out += static_cast<char>(b);
    }
    ++i;
  }
  return out;
}

std::string coord(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string format_value(double v, Format f) {
  if (!std::isfinite(v)) return "n/a";
  switch (f) {
    case Format::Percent: return fmt::format("{:.1f}%", 100 * v);
    case Format::Points: {
      std::string s = fmt::format("{:+.1f} pp", 100 * v);
      return s == "-0.0 pp" ? "+0.0 pp" : s;
    }
    case Format::Number: {
      if (v == 0) return "0";
      const double a = std::abs(v);
      if (a >= 1e6 || a < 1e-3) return fmt::format("{:.3g}", v);
      if (a >= 100) return fmt::format("{:.0f}", v);
      if (a >= 10) return fmt::format("{:.1f}", v);
      if (a >= 1) return fmt::format("{:.2f}", v);
      return fmt::format("{:.3f}", v);
    }
  }
  return {};
}

namespace {

double nice_step(double range, int target) {
  if (!(range > 0) || !std::isfinite(range)) return 1.0;
  const double raw = range / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag * 1.0000001) return m * mag;
  return 10 * mag;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (hi < lo) std::swap(lo, hi);
  const double step = nice_step(hi - lo, target);
  std::vector<double> out;
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double v = first; v <= hi + step * 1e-9 && out.size() < 50; v += step) out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return out;
}

std::array<double, 2> nice_range(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12) {
    const double pad = lo == 0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double step = nice_step(hi - lo, target);
  return {std::floor(lo / step + 1e-9) * step, std::ceil(hi / step - 1e-9) * step};
}

std::string tick_label(double v, double step, Format f) {
  if (f == Format::Percent || f == Format::Points) {
    v *= 100;
    step *= 100;
  }
  int decimals = 0;
  if (step > 0 && step < 1) decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  if (step > 0 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
    ++decimals;  // 2.5 x 10^k
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s == "-0" || (s.rfind("-0.", 0) == 0 && s.find_first_not_of("-0.") == std::string::npos)) s.erase(0, 1);
  if (f == Format::Percent) s += "%";
  if (f == Format::Points && v > 0) s = "+" + s;
  return s;
}

Canvas::Canvas(double width, double height, std::string_view id, std::string_view kind, std::string_view title,
               std::string_view desc)
    : width_(width), height_(height) {
  head_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{}\" class=\"chart\" data-chart=\"{}\" viewBox=\"0 0 {} {}\" "
      "width=\"{}\" height=\"{}\" style=\"min-width: {}px\" role=\"img\" aria-labelledby=\"{}-title {}-desc\" "
      "font-family=\"DejaVu Sans, Verdana, Arial, Helvetica, sans-serif\" font-size=\"14\" fill=\"#222222\">\n"
      "<title id=\"{}-title\">{}</title>\n<desc id=\"{}-desc\">{}</desc>\n"
      "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
      esc(id), esc(kind), coord(width), coord(height), coord(width), coord(height), coord(std::ceil(width * kMinScale)),
      esc(id), esc(id), esc(id),
      esc(title), esc(id), esc(desc), coord(width), coord(height));
}

void Canvas::text(double x, double y, std::string_view content, std::string_view anchor, std::string_view attrs) {
  fmt::format_to(std::back_inserter(body_), "<text x=\"{}\" y=\"{}\"{}{}{}>{}</text>\n", coord(x), coord(y),
                 anchor == "start" ? "" : " text-anchor=\"", anchor == "start" ? "" : std::string(anchor) + "\"",
                 attrs.empty() ? "" : " " + std::string(attrs), esc(content));
}

void Canvas::line(double x1, double y1, double x2, double y2, std::string_view stroke, double width,
                  std::string_view attrs) {
  fmt::format_to(std::back_inserter(body_), "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>\n",
                 coord(x1), coord(y1), coord(x2), coord(y2), stroke, coord(width), attrs.empty() ? "" : " ", attrs);
}

void Canvas::rect(double x, double y, double w, double h, std::string_view fill, std::string_view attrs) {
  fmt::format_to(std::back_inserter(body_), "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"{}{}/>\n",
                 coord(x), coord(y), coord(std::max(0.0, w)), coord(std::max(0.0, h)), fill, attrs.empty() ? "" : " ", attrs);
}

void Canvas::path(std::string_view d, std::string_view fill, std::string_view stroke, double width,
                  std::string_view attrs) {
  fmt::format_to(std::back_inserter(body_), "<path d=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"{}{}/>\n", d, fill,
                 stroke, coord(width), attrs.empty() ? "" : " ", attrs);
}

std::string Canvas::str() const { return head_ + body_ + "</svg>\n"; }

void x_axis(Canvas& c, const Area& a, const Scale& s, const std::vector<double>& ticks, Format f,
            std::string_view title) {
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
  for (double t : ticks) {
    const double x = s(t);
    c.line(x, a.top, x, a.bottom(), "#dddddd", 1);
    c.line(x, a.bottom(), x, a.bottom() + 5, "#444444", 1);
    c.text(x, a.bottom() + 20, tick_label(t, step, f), "middle", "class=\"tick\"");
  }
  c.line(a.left, a.bottom(), a.right(), a.bottom(), "#444444", 1);
  // Centred under the plot, and cut to what fits inside the chart on both sides of that centre
  // (a long parameter path would otherwise run past the chart's edge).
  const double mid = a.left + a.width / 2;
  if (!title.empty())
    c.text(mid, a.bottom() + 42, fit(title, 2 * std::min(mid, c.width() - mid) - 16), "middle", "class=\"axis-title\"");
}

void y_axis(Canvas& c, const Area& a, const Scale& s, const std::vector<double>& ticks, Format f,
            std::string_view title) {
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
  for (double t : ticks) {
    const double y = s(t);
    c.line(a.left, y, a.right(), y, "#dddddd", 1);
    c.line(a.left - 5, y, a.left, y, "#444444", 1);
    c.text(a.left - 8, y + 5, tick_label(t, step, f), "end", "class=\"tick\"");
  }
  c.line(a.left, a.top, a.left, a.bottom(), "#444444", 1);
  // Horizontal, above the axis: a rotated title collides with long tick labels.
  if (!title.empty()) c.text(8, a.top - 14, fit(title, c.width() - 16), "start", "class=\"axis-title\"");
}

double text_width(std::string_view s, double char_px) {
  std::size_t chars = 0;
  for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;  // count UTF-8 code points
  return static_cast<double>(chars) * char_px;
}

std::string fit(std::string_view s, double max_px, double char_px) {
  if (text_width(s, char_px) <= max_px) return std::string(s);
  std::string out;
  double w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto ch = static_cast<unsigned char>(s[i]);
    if ((ch & 0xC0) != 0x80) {
      if (w + 2 * char_px > max_px) break;
      w += char_px;
    }
    out += s[i];
  }
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0xC0) out.pop_back();
  return out + "\xE2\x80\xA6";
}

void legend(Canvas& c, double x, double y, const std::vector<LegendItem>& items) {
  c.raw("<g class=\"legend\">\n");
  for (const auto& it : items) {
    switch (it.mark) {
      case LegendItem::Mark::Line: c.line(x, y - 5, x + 24, y - 5, it.colour, 3); break;
      case LegendItem::Mark::Dashed: c.line(x, y - 5, x + 24, y - 5, it.colour, 2, "stroke-dasharray=\"5 3\""); break;
      case LegendItem::Mark::Band:
        c.rect(x, y - 12, 24, 14, it.colour, fmt::format("fill-opacity=\"{}\"", coord(it.opacity)));
        break;
      case LegendItem::Mark::Dot:
        c.raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\"/>\n", coord(x + 12), coord(y - 5), it.colour));
        break;
    }
    c.text(x + 30, y, it.label);
    x += 30 + text_width(it.label, 8.2) + 22;
  }
  c.raw("</g>\n");
}

}  // namespace geosim::report::svg
