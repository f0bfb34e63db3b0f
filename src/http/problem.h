// Problem details (RFC 9457): every API error leaves through these functions.
#pragma once

#include <string_view>

#include "core/status.h"
#include "http/message.h"

namespace inbeeld {

// The HTTP status for a non-ok Status: kInvalidArgument → 422 (400 for
// malformed bodies, see MalformedBody), kNotFound → 404, kAlreadyExists and
// kConflict → 409, kUnauthenticated → 401, kPermissionDenied → 403,
// kTooLarge → 413, kTooManyRequests → 429, kUnavailable → 503, kInternal → 500.
int HttpStatusFor(const Status& s);

// application/problem+json with type, title, status, detail, instance and,
// for invalid input, "errors": [{"field", "message"}]. Internal errors never
// leak their message (it is logged instead).
Response Problem(const Status& s, std::string_view instance);
// A problem with an explicit HTTP status (405, 415, ...).
Response ProblemStatus(int status, std::string_view detail, std::string_view instance);
// 400 for a body that is not parseable at all (bad JSON, wrong content type).
Response MalformedBody(std::string_view detail, std::string_view instance);

}  // namespace inbeeld
