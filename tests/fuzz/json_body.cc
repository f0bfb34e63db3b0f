// Fuzz target: JSON request bodies (ParseJsonObject, then JsonFields' typed
// reads the routes use). Every accepted value honours the contract in
// http/json_body.h: strings within their length and free of control
// characters, integers equal to the number sent, one error per field.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/text.h"
#include "fuzz_check.h"
#include "http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  inbeeld::Request req;
  req.method = "POST";
  req.path = "/api/v1/persons";
  req.headers["content-type"] = "application/json";
  req.body.assign(reinterpret_cast<const char*>(data), size);

  nlohmann::json obj;
  inbeeld::Response error;
  if (!inbeeld::ParseJsonObject(req, &obj, &error)) {
    FUZZ_CHECK(error.status == 400);
    FUZZ_CHECK(error.content_type.rfind("application/problem+json", 0) == 0);
    FUZZ_CHECK(nlohmann::json::accept(error.body));
    return 0;
  }
  FUZZ_CHECK(obj.is_object());
  FUZZ_CHECK(inbeeld::IsValidUtf8(req.body));

  inbeeld::JsonFields fields(obj);
  fields.RejectUnknown({"first_name", "last_name", "birth_date", "household_id", "active"});
  size_t members = 0;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    ++members;
    const std::string& key = it.key();
    // Read every member as each type: the reads must never throw.
    if (auto s = fields.String(key, false, 20)) {
      size_t chars = 0;
      for (unsigned char c : *s) {
        chars += (c & 0xC0) != 0x80;
        FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
      }
      FUZZ_CHECK(chars <= 20);
      FUZZ_CHECK(it->is_string() && *s == it->get<std::string>());
    }
    if (auto i = fields.Int(key, true)) {
      // The integer read is the number sent, not a wrapped one.
      FUZZ_CHECK(it->is_number_integer());
      if (it->is_number_unsigned()) {
        FUZZ_CHECK(it->get<uint64_t>() <=
                   static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
        FUZZ_CHECK(static_cast<uint64_t>(*i) == it->get<uint64_t>());
      } else {
        FUZZ_CHECK(*i == it->get<int64_t>());
      }
    }
    if (auto b = fields.Bool(key, true)) FUZZ_CHECK(it->is_boolean() && *b == it->get<bool>());
  }
  (void)fields.String("missing_field", true);
  FUZZ_CHECK(!fields.ok());  // a required field is missing
  inbeeld::Status st = fields.status();
  FUZZ_CHECK(st.code() == inbeeld::StatusCode::kInvalidArgument);
  // At most one error per field: the members plus the missing one.
  FUZZ_CHECK(st.errors().size() <= members + 1);
  for (size_t a = 0; a < st.errors().size(); ++a) {
    for (size_t b = a + 1; b < st.errors().size(); ++b) {
      FUZZ_CHECK(st.errors()[a].field != st.errors()[b].field);
    }
  }
  return 0;
}
