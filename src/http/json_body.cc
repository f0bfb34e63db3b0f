#include "http/json_body.h"

#include "core/text.h"
#include "http/problem.h"

#include <cstdint>
#include <limits>

namespace inbeeld {

bool ParseJsonObject(const Request& req, nlohmann::json* out, Response* error) {
  // The media type before any parameters, case-insensitive: exactly application/json.
  std::string ct = req.Header("content-type");
  ct = Lower(Trim(std::string_view(ct).substr(0, ct.find(';'))));
  if (ct != "application/json") {
    *error = ProblemStatus(415, "verwacht Content-Type: application/json", req.path);
    return false;
  }
  if (!IsValidUtf8(req.body)) {
    *error = MalformedBody("de body is geen geldige UTF-8", req.path);
    return false;
  }
  *out = nlohmann::json::parse(req.body, nullptr, false);
  if (out->is_discarded()) {
    *error = MalformedBody("de body is geen geldige JSON", req.path);
    return false;
  }
  if (!out->is_object()) {
    *error = MalformedBody("de body moet een JSON-object zijn", req.path);
    return false;
  }
  return true;
}

void JsonFields::RejectUnknown(std::initializer_list<std::string_view> allowed) {
  for (auto it = obj_.begin(); it != obj_.end(); ++it) {
    bool known = false;
    for (auto a : allowed) known = known || a == it.key();
    if (!known) AddError(it.key(), "onbekend veld");
  }
}

std::optional<std::string> JsonFields::String(std::string_view name, bool required,
                                              size_t max_len) {
  auto it = obj_.find(std::string(name));
  if (it == obj_.end() || it->is_null()) {
    if (required) AddError(std::string(name), "verplicht veld");
    return std::nullopt;
  }
  if (!it->is_string()) {
    AddError(std::string(name), "moet tekst zijn");
    return std::nullopt;
  }
  std::string s = it->get<std::string>();
  size_t chars = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (c < 0x20 && c != '\n' && c != '\t') {
      AddError(std::string(name), "bevat ongeldige tekens");
      return std::nullopt;
    }
  }
  if (chars > max_len) {
    AddError(std::string(name), "te lang (maximaal " + std::to_string(max_len) + " tekens)");
    return std::nullopt;
  }
  if (required && s.empty()) {
    AddError(std::string(name), "verplicht veld");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> JsonFields::Int(std::string_view name, bool required) {
  auto it = obj_.find(std::string(name));
  if (it == obj_.end() || it->is_null()) {
    if (required) AddError(std::string(name), "verplicht veld");
    return std::nullopt;
  }
  if (!it->is_number_integer()) {
    AddError(std::string(name), "moet een geheel getal zijn");
    return std::nullopt;
  }
  // nlohmann keeps integers above INT64_MAX as unsigned; get<int64_t> would wrap them to
  // negative numbers (18446744073709551615 read as -1). Found by tests/fuzz/json_body.
  if (it->is_number_unsigned() &&
      it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    AddError(std::string(name), "getal te groot");
    return std::nullopt;
  }
  return it->get<int64_t>();
}

std::optional<bool> JsonFields::Bool(std::string_view name, bool required) {
  auto it = obj_.find(std::string(name));
  if (it == obj_.end() || it->is_null()) {
    if (required) AddError(std::string(name), "verplicht veld");
    return std::nullopt;
  }
  if (!it->is_boolean()) {
    AddError(std::string(name), "moet true of false zijn");
    return std::nullopt;
  }
  return it->get<bool>();
}

void JsonFields::AddError(std::string field, std::string message) {
  for (const auto& e : errors_) {
    if (e.field == field) return;  // first error per field wins
  }
  errors_.push_back(FieldError{std::move(field), std::move(message)});
}

Status JsonFields::status() const {
  return errors_.empty() ? Status::Ok() : Status::InvalidFields(errors_);
}

}  // namespace inbeeld
