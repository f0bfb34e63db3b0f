#include "http/router.h"

#include "http/problem.h"

namespace inbeeld {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::Add(std::string method, const std::string& pattern, Handler h) {
  Route r{std::move(method), pattern, SplitPath(pattern), std::move(h)};
  routes_.push_back(std::move(r));
}

static bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                  std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (params) (*params)[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

Response Router::Dispatch(Request& req) const {
  std::vector<std::string> path = SplitPath(req.path);
  std::string allow;
  for (const Route& r : routes_) {
    if (!Match(r.segments, path, nullptr)) continue;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      req.path_params.clear();
      Match(r.segments, path, &req.path_params);
      return r.handler(req);
    }
    if (!allow.empty()) allow += ", ";
    allow += r.method;
  }
  if (!allow.empty()) {
    Response resp = ProblemStatus(405, "methode niet toegestaan", req.path);
    resp.SetHeader("Allow", allow);
    return resp;
  }
  return Problem(Status::NotFound("niet gevonden: " + req.path), req.path);
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace inbeeld
