// WebShell: what every page and API call shares — resolving the session,
// requiring the second factor, the authorization gate (access/policy.h),
// CSRF on every state-changing request, the language, and the page layout.
// Capability routes wrap their handlers with Page()/Api() and never check
// sessions or roles by hand.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "access/auth_service.h"
#include "access/policy.h"
#include "http/router.h"
#include "http/templates.h"

namespace inbeeld {

using PageFn = std::function<Response(Request&, const Principal&)>;

class WebShell {
 public:
  static constexpr const char* kSessionCookie = "inbeeld_session";

  WebShell(AuthService& auth, const Templates& templates) : auth_(auth), templates_(templates) {}

  // An HTML page for a logged-in user who may perform `action`. Not logged in:
  // 303 to /inloggen. No second factor yet: 303 to /inloggen/code. Role may
  // not: a 403 page. POST/PUT/DELETE need the session's CSRF token in the
  // form field "csrf" (403 otherwise, nothing changes).
  Handler Page(Action action, PageFn fn) const;
  // A JSON API call: session cookie (plus X-CSRF-Token header on writes) or
  // Authorization: Bearer <token>. 401/403 as problem+json.
  Handler Api(Action action, PageFn fn) const;

  // Renders `name` in the layout with the header for `who` (nullptr on public pages).
  Response RenderPage(const Request& req, const Principal* who, const std::string& name,
                      nlohmann::json ctx, int status = 200) const;
  // A page for an error (403, 404, ...), in the user's language.
  Response ErrorPage(const Request& req, const Principal* who, int status,
                     const std::string& message) const;
  // "nl" or "en": ?lang= first, then the lang cookie.
  static std::string Lang(const Request& req);
  const Templates& templates() const { return templates_; }
  AuthService& auth() const { return auth_; }
  // The session token from the cookie or the bearer header ("" when none).
  static std::string SessionToken(const Request& req, bool* via_bearer = nullptr);

 private:
  AuthService& auth_;
  const Templates& templates_;
};

// True for methods that change state.
bool IsWrite(const std::string& method);

}  // namespace inbeeld
