// Reading JSON request bodies strictly: the right content type, valid UTF-8,
// an object, no unknown fields, typed fields with length limits. Collects
// field errors so that one 422 names every bad field at once.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "http/message.h"

namespace inbeeld {

// Parses req.body as a JSON object. On failure returns false and sets `error`
// to 415 (not application/json), 400 (malformed JSON, invalid UTF-8, not an object).
bool ParseJsonObject(const Request& req, nlohmann::json* out, Response* error);

class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& obj) : obj_(obj) {}
  // Records an error for every member not in `allowed`.
  void RejectUnknown(std::initializer_list<std::string_view> allowed);
  // A string field; records an error when required and missing, not a string,
  // longer than `max_len` characters, or containing control characters.
  std::optional<std::string> String(std::string_view name, bool required, size_t max_len = 200);
  std::optional<int64_t> Int(std::string_view name, bool required);
  std::optional<bool> Bool(std::string_view name, bool required);
  void AddError(std::string field, std::string message);
  bool ok() const { return errors_.empty(); }
  // kInvalidArgument with every field error, or Ok.
  Status status() const;

 private:
  const nlohmann::json& obj_;
  std::vector<FieldError> errors_;
};

}  // namespace inbeeld
