#include "http/problem.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace inbeeld {

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 422;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict: return 409;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kTooLarge: return 413;
    case StatusCode::kTooManyRequests: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

static const char* TitleFor(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

static Response MakeProblem(int status, std::string_view detail, std::string_view instance,
                            const std::vector<FieldError>& errors) {
  nlohmann::json j;
  j["type"] = "https://inbeeld.example/problems/" + std::to_string(status);
  j["title"] = TitleFor(status);
  j["status"] = status;
  j["detail"] = std::string(detail);
  j["instance"] = std::string(instance);
  if (!errors.empty()) {
    auto arr = nlohmann::json::array();
    for (const auto& e : errors) arr.push_back({{"field", e.field}, {"message", e.message}});
    j["errors"] = arr;
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Problem(const Status& s, std::string_view instance) {
  int status = HttpStatusFor(s);
  if (status == 500) {
    spdlog::error("internal error at {}: {}", instance, s.ToString());
    return MakeProblem(500, "Er ging iets mis aan onze kant. Probeer het later opnieuw.", instance,
                       {});
  }
  return MakeProblem(status, s.message(), instance, s.errors());
}

Response ProblemStatus(int status, std::string_view detail, std::string_view instance) {
  return MakeProblem(status, detail, instance, {});
}

Response MalformedBody(std::string_view detail, std::string_view instance) {
  return MakeProblem(400, detail, instance, {});
}

}  // namespace inbeeld
