#include "core/status.h"

namespace inbeeld {

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: name = "invalid argument"; break;
    case StatusCode::kNotFound: name = "not found"; break;
    case StatusCode::kAlreadyExists: name = "already exists"; break;
    case StatusCode::kConflict: name = "conflict"; break;
    case StatusCode::kUnauthenticated: name = "unauthenticated"; break;
    case StatusCode::kPermissionDenied: name = "permission denied"; break;
    case StatusCode::kTooLarge: name = "too large"; break;
    case StatusCode::kTooManyRequests: name = "too many requests"; break;
    case StatusCode::kUnavailable: name = "unavailable"; break;
    case StatusCode::kInternal: name = "internal"; break;
  }
  std::string s = name;
  if (!field_.empty()) s += " (" + field_ + ")";
  if (!message_.empty()) s += ": " + message_;
  return s;
}

}  // namespace inbeeld
