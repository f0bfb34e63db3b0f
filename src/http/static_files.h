// StaticFiles: serves web/static (CSS, htmx, icons) from disk, read once at
// start-up into memory. Paths with ".." or NUL never leave the root.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace inbeeld {

class StaticFiles {
 public:
  // Loads every file below `root` (recursively). `url_prefix` is e.g. "/static/".
  static Result<std::unique_ptr<StaticFiles>> Load(const std::string& root,
                                                   const std::string& url_prefix);
  // The file for `path`, or 404. Long-lived caching with an ETag.
  Response Serve(const Request& req) const;
  size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };
  std::string prefix_;
  std::map<std::string, File> files_;  // key: path below the prefix
};

}  // namespace inbeeld
