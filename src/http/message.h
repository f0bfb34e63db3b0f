// Request and Response: the HTTP messages every route sees. Free of Beast, so
// capability code compiles fast and tests can build requests by hand.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace inbeeld {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw target: "/personen?q=jan"
  std::string path;    // decoded path without query: "/personen"
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_addr;
  bool secure = false;  // behind TLS (X-Forwarded-Proto: https from a trusted proxy)
  std::map<std::string, std::string> path_params;  // filled by the router: {id}

  // First value or "" when absent.
  std::string Query(std::string_view name) const;
  std::string Header(std::string_view lower_name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  std::string PathParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Redirect(std::string location);  // 303 See Other
};

// Percent-decoding; '+' becomes ' ' when `plus_is_space`. Invalid escapes are kept verbatim.
std::string UrlDecode(std::string_view s, bool plus_is_space);
std::string UrlEncode(std::string_view s);
// Parses "a=1&b=2" (application/x-www-form-urlencoded).
std::multimap<std::string, std::string> ParseUrlEncoded(std::string_view s);

// A positive decimal id from a path segment ("42"); nullopt for anything else
// (empty, signs, letters, more than 18 digits), which routes answer with 404.
std::optional<int64_t> ParseId(std::string_view text);
// Builds a Set-Cookie value. max_age_s < 0 = session cookie; 0 = delete.
std::string SetCookieValue(std::string_view name, std::string_view value, int64_t max_age_s,
                           bool secure, bool http_only = true);
// Escapes text for HTML element content and attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace inbeeld
