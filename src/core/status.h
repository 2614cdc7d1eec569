// Status and Result<T>: how every module reports an expected failure (bad input, not
// found, denied, conflict) without throwing across a module boundary.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace salesdesk {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong; `field` names what
  kUnauthenticated,     // no valid session
  kPermissionDenied,    // signed in, but may not do this
  kNotFound,            // absent, or not visible to the caller
  kAlreadyExists,       // a natural key is taken
  kPreconditionFailed,  // optimistic concurrency: the version moved on
  kTooManyRequests,     // throttled
  kCancelled,           // the caller asked to stop
  kInternal,            // a bug or an environment failure; never the user's fault
};

// A value type: either OK, or a code plus a human message and optionally the field
// (API field or CSV column) at fault. File positions go into the message ("line 4: ...").
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status Invalid(std::string message, std::string field = {}) {
    return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
  static Status Denied(std::string message, std::string field = {}) {
    return {StatusCode::kPermissionDenied, std::move(message), std::move(field)};
  }
  static Status Unauthenticated(std::string message) {
    return {StatusCode::kUnauthenticated, std::move(message)};
  }
  static Status Conflict(std::string message, std::string field = {}) {
    return {StatusCode::kAlreadyExists, std::move(message), std::move(field)};
  }
  static Status Stale(std::string message) {
    return {StatusCode::kPreconditionFailed, std::move(message), "version"};
  }
  static Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  // "field: message", or just the message when no field is known.
  std::string ToString() const { return field_.empty() ? message_ : field_ + ": " + message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// Either a T or a failed Status. Accessing value() of a failed Result is a bug (asserts).
template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) { assert(!std::get<Status>(data_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace salesdesk

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define SD_RETURN_IF_ERROR(expr)        \
  do {                                  \
    ::salesdesk::Status sd_status_ = (expr); \
    if (!sd_status_.ok()) return sd_status_; \
  } while (0)

#define SD_CONCAT_INNER(a, b) a##b
#define SD_CONCAT(a, b) SD_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-returning `rexpr`, or returns its Status.
#define SD_ASSIGN_OR_RETURN(lhs, rexpr)                      \
  auto SD_CONCAT(sd_result_, __LINE__) = (rexpr);            \
  if (!SD_CONCAT(sd_result_, __LINE__).ok())                 \
    return SD_CONCAT(sd_result_, __LINE__).status();         \
  lhs = std::move(SD_CONCAT(sd_result_, __LINE__)).value()
