// Fuzz target: Request::Cookie over a Cookie header value. Input: the cookie
// name, a newline, then the header value. Checked against the header itself:
// a found value is what follows "name=" in one ';'-separated part.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const size_t nl = in.find('\n');
  const std::string_view name = nl == std::string_view::npos ? "inbeeld_session" : in.substr(0, nl);
  const std::string_view header = nl == std::string_view::npos ? in : in.substr(nl + 1);

  inbeeld::Request req;
  req.headers["cookie"] = std::string(header);
  const std::optional<std::string> value = req.Cookie(name);
  if (value) {
    FUZZ_CHECK(value->find(';') == std::string::npos);
    FUZZ_CHECK(header.find(std::string(name) + "=" + *value) != std::string_view::npos);
  }
  // The cookies we set are the cookies we read (for names and values we write:
  // tokens without ';', '=', spaces or control characters).
  bool token = !name.empty();
  for (char c : name) {
    token = token && static_cast<unsigned char>(c) > 0x20 && c != ';' && c != '=' && c != 0x7F;
  }
  if (token) {
    const std::string set = inbeeld::SetCookieValue(name, "v1", -1, true);
    inbeeld::Request back;
    back.headers["cookie"] = "other=x; " + set.substr(0, set.find(';')) + "; last=y";
    const std::optional<std::string> got = back.Cookie(name);
    FUZZ_CHECK(got && *got == (name == "other" ? "x" : "v1"));
  }
  // No cookie header at all.
  FUZZ_CHECK(!inbeeld::Request().Cookie(name));
  return 0;
}
