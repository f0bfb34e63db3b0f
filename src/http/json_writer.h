// JsonWriter: writes a JSON text straight into a string, for the responses on
// the hot path (a person lookup), where building an nlohmann::json tree of
// std::maps first cost a tenth of the request's CPU time. Same output
// conventions as nlohmann's dump(): no whitespace, control characters as
// \uXXXX (\n, \r, \t, \b, \f short), other UTF-8 unchanged; a byte sequence
// that is not UTF-8 becomes U+FFFD (nlohmann throws there; stored text has
// been checked on input, so this is a safety net, never an exception mid-write).
//
// Usage:
//   JsonWriter w;
//   w.BeginObject().Key("id").Int(7).Key("name").String(n).Key("tags").BeginArray();
//   for (auto& t : tags) w.String(t);
//   w.EndArray().EndObject();
//   std::string body = std::move(w).Take();
// Keys and values alternate inside objects; the caller keeps the nesting
// balanced (checked by assertions in debug builds only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inbeeld {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(512); }

  JsonWriter& BeginObject() {
    Open('{');
    return *this;
  }
  JsonWriter& EndObject() {
    Close('}');
    return *this;
  }
  JsonWriter& BeginArray() {
    Open('[');
    return *this;
  }
  JsonWriter& EndArray() {
    Close(']');
    return *this;
  }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();

  std::string Take() && { return std::move(out_); }

 private:
  void Open(char bracket);
  void Close(char bracket);
  void BeforeValue();
  void Quoted(std::string_view s);

  std::string out_;
  // One flag per open container: does it hold an element yet (comma needed)?
  std::vector<bool> nonempty_;
  bool after_key_ = false;
};

}  // namespace inbeeld
