// Status and Result<T>: errors as values at every boundary (LevelDB's Status).
// A Status carries a code, a human-readable message and, for input errors, the
// name of the offending field. HTTP problems are made from it in one place
// (http/problem.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace inbeeld {

enum class StatusCode {
  kOk,
  kInvalidArgument,   // bad input: 400 / 422
  kNotFound,          // 404
  kAlreadyExists,     // 409
  kConflict,          // 409: state does not allow the operation
  kUnauthenticated,   // 401
  kPermissionDenied,  // 403
  kTooLarge,          // 413
  kTooManyRequests,   // 429
  kUnavailable,       // 503: a dependency (database, SMTP) is down
  kInternal,          // 500: a bug
};

// One invalid field of an input, for field-level error messages.
struct FieldError {
  std::string field;
  std::string message;
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string msg, std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(field));
  }
  // Several invalid fields at once; message() and field() describe the first.
  static Status InvalidFields(std::vector<FieldError> errors) {
    Status s(StatusCode::kInvalidArgument, errors.empty() ? "" : errors[0].message,
             errors.empty() ? "" : errors[0].field);
    s.errors_ = std::move(errors);
    return s;
  }
  static Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) {
    return Status(StatusCode::kAlreadyExists, std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(StatusCode::kConflict, std::move(msg)); }
  static Status Unauthenticated(std::string msg) {
    return Status(StatusCode::kUnauthenticated, std::move(msg));
  }
  static Status PermissionDenied(std::string msg) {
    return Status(StatusCode::kPermissionDenied, std::move(msg));
  }
  static Status TooLarge(std::string msg) { return Status(StatusCode::kTooLarge, std::move(msg)); }
  static Status TooManyRequests(std::string msg) {
    return Status(StatusCode::kTooManyRequests, std::move(msg));
  }
  static Status Unavailable(std::string msg) {
    return Status(StatusCode::kUnavailable, std::move(msg));
  }
  static Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  // Every invalid field (one entry when made with Invalid(msg, field)).
  std::vector<FieldError> errors() const {
    if (!errors_.empty()) return errors_;
    if (!field_.empty()) return {FieldError{field_, message_}};
    return {};
  }
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg, std::string field = {})
      : code_(code), message_(std::move(msg)), field_(std::move(field)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::vector<FieldError> errors_;
};

// Result<T> holds either a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  // The status: Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

#define INBEELD_RETURN_IF_ERROR(expr) \
  do {                                \
    ::inbeeld::Status _st = (expr);   \
    if (!_st.ok()) return _st;        \
  } while (0)

}  // namespace inbeeld
