// Router: method + path pattern ("/api/v1/persons/{id}") → handler.
// Handlers are plain blocking functions; the server runs them on a worker pool.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace inbeeld {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  // Patterns are literal segments and {name} segments that match one
  // non-empty segment. REQUIRES: not called after serving starts.
  void Add(std::string method, const std::string& pattern, Handler h);
  // Fills req.path_params and runs the handler; 404 when no pattern matches the
  // path, 405 (with Allow) when one matches but not for this method.
  // Thread-safe once built.
  Response Dispatch(Request& req) const;
  // Every (method, pattern) pair, for the OpenAPI check and the authz matrix test.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a","b"}.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace inbeeld
