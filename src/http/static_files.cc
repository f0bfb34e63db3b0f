#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "http/problem.h"

namespace inbeeld {

static std::string ContentTypeFor(const std::string& ext) {
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Result<std::unique_ptr<StaticFiles>> StaticFiles::Load(const std::string& root,
                                                       const std::string& url_prefix) {
  auto sf = std::make_unique<StaticFiles>();
  sf->prefix_ = url_prefix;
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Status::Invalid("map met statische bestanden ontbreekt: " + root);
  }
  for (const auto& e : std::filesystem::recursive_directory_iterator(root, ec)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.body = ss.str();
    f.content_type = ContentTypeFor(e.path().extension().string());
    f.etag = "\"" + std::to_string(std::hash<std::string>{}(f.body)) + "\"";
    std::string rel = std::filesystem::relative(e.path(), root).generic_string();
    sf->files_[rel] = std::move(f);
  }
  return sf;
}

Response StaticFiles::Serve(const Request& req) const {
  if (req.path.rfind(prefix_, 0) != 0) return ProblemStatus(404, "niet gevonden", req.path);
  std::string rel = req.path.substr(prefix_.size());
  auto it = files_.find(rel);  // exact lookup: "..", NUL and absolute paths never match
  if (it == files_.end()) return ProblemStatus(404, "niet gevonden", req.path);
  Response r;
  if (req.Header("if-none-match") == it->second.etag) {
    r.status = 304;
  } else {
    r.body = it->second.body;
  }
  r.content_type = it->second.content_type;
  r.SetHeader("ETag", it->second.etag);
  r.SetHeader("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace inbeeld
