#include "web/login_routes.h"

#include "access/tokens.h"
#include "http/json_body.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

constexpr const char* kPreCookie = "inbeeld_pre";

// Only local paths: "/x" but not "//host" or "/\host".
std::string SafeNext(const std::string& next) {
  if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
      next.find_first_of("\r\n") == std::string::npos) {
    return next;
  }
  return "/";
}

std::string FormValue(const std::multimap<std::string, std::string>& form, const char* name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

Response LoginForm(const WebShell& shell, const Request& req, const std::string& error,
                   const std::string& username, int status, bool secure) {
  std::string pre = req.Cookie(kPreCookie).value_or("");
  bool fresh = pre.size() < 20;
  if (fresh) pre = RandomToken();
  nlohmann::json ctx;
  ctx["title"] = shell.templates().Translate(WebShell::Lang(req), "login.title");
  ctx["csrf"] = pre;
  ctx["next"] = req.Query("next");
  ctx["username"] = username;
  if (!error.empty()) ctx["error"] = error;
  Response r = shell.RenderPage(req, nullptr, "login", ctx, status);
  if (fresh) r.headers.emplace_back("Set-Cookie", SetCookieValue(kPreCookie, pre, -1, secure));
  return r;
}

Response CodeForm(const WebShell& shell, const Request& req, const std::string& error, int status) {
  nlohmann::json ctx;
  ctx["title"] = shell.templates().Translate(WebShell::Lang(req), "code.title");
  ctx["csrf"] = req.Cookie(kPreCookie).value_or("");
  ctx["next"] = req.Query("next");
  if (!error.empty()) ctx["error"] = error;
  return shell.RenderPage(req, nullptr, "login_code", ctx, status);
}

Response WithSession(Response r, const std::string& token, bool secure) {
  r.headers.emplace_back("Set-Cookie", SetCookieValue(WebShell::kSessionCookie, token, -1, secure));
  return r;
}

bool PreCsrfOk(const Request& req, const std::multimap<std::string, std::string>& form) {
  auto cookie = req.Cookie(kPreCookie);
  return cookie && cookie->size() >= 20 && ConstantTimeEquals(*cookie, FormValue(form, "csrf"));
}

}  // namespace

void AddLoginRoutes(Router& router, const WebShell& shell, bool secure) {
  const WebShell* s = &shell;
  router.Add("GET", "/inloggen", [s, secure](Request& req) {
    auto who = s->auth().Resolve(WebShell::SessionToken(req));
    if (who.ok() && who->second_factor_done) return Response::Redirect("/");
    return LoginForm(*s, req, "", "", 200, secure);
  });
  router.Add("POST", "/inloggen", [s, secure](Request& req) {
    auto form = ParseUrlEncoded(req.body);
    std::string lang = WebShell::Lang(req);
    std::string username = FormValue(form, "username");
    if (!PreCsrfOk(req, form)) {
      return LoginForm(*s, req, s->templates().Translate(lang, "error.csrf"), username, 403,
                       secure);
    }
    auto result = s->auth().Login(username, FormValue(form, "password"), req.remote_addr);
    if (!result.ok()) {
      std::string msg = result.status().code() == StatusCode::kPermissionDenied
                            ? s->templates().Translate(lang, "login.locked")
                            : s->templates().Translate(lang, "login.failed");
      if (result.status().message().find("uitgeschakeld") != std::string::npos) {
        msg = s->templates().Translate(lang, "login.disabled");
      }
      return LoginForm(*s, req, msg, username, HttpStatusFor(result.status()), secure);
    }
    std::string next = SafeNext(FormValue(form, "next"));
    if (result->needs_second_factor) {
      return WithSession(Response::Redirect("/inloggen/code?next=" + UrlEncode(next)),
                         result->session_token, secure);
    }
    return WithSession(Response::Redirect(next), result->session_token, secure);
  });
  router.Add("GET", "/inloggen/code", [s](Request& req) {
    auto who = s->auth().Resolve(WebShell::SessionToken(req));
    if (!who.ok()) return Response::Redirect("/inloggen");
    if (who->second_factor_done) return Response::Redirect("/");
    return CodeForm(*s, req, "", 200);
  });
  router.Add("POST", "/inloggen/code", [s, secure](Request& req) {
    auto form = ParseUrlEncoded(req.body);
    std::string lang = WebShell::Lang(req);
    if (!PreCsrfOk(req, form)) {
      return CodeForm(*s, req, s->templates().Translate(lang, "error.csrf"), 403);
    }
    std::string token = WebShell::SessionToken(req);
    auto fresh = s->auth().VerifySecondFactor(token, FormValue(form, "code"), req.remote_addr);
    if (!fresh.ok()) {
      if (fresh.status().code() == StatusCode::kUnauthenticated)
        return Response::Redirect("/inloggen");
      std::string msg = fresh.status().code() == StatusCode::kPermissionDenied
                            ? s->templates().Translate(lang, "login.locked")
                            : s->templates().Translate(lang, "code.failed");
      return CodeForm(*s, req, msg, HttpStatusFor(fresh.status()));
    }
    return WithSession(Response::Redirect(SafeNext(FormValue(form, "next"))), *fresh, secure);
  });
  router.Add("POST", "/uitloggen", [s, secure](Request& req) {
    std::string token = WebShell::SessionToken(req);
    auto who = s->auth().Resolve(token);
    auto form = ParseUrlEncoded(req.body);
    if (who.ok() && !ConstantTimeEquals(FormValue(form, "csrf"), who->csrf_token)) {
      return s->ErrorPage(req, &*who, 403,
                          s->templates().Translate(WebShell::Lang(req), "error.csrf"));
    }
    (void)s->auth().Logout(token);
    Response r = Response::Redirect("/inloggen");
    r.headers.emplace_back("Set-Cookie", SetCookieValue(WebShell::kSessionCookie, "", 0, secure));
    return r;
  });
  Handler home = shell.Page(Action::kListOrganisations, [s](Request& req, const Principal& who) {
    nlohmann::json ctx;
    ctx["title"] = s->templates().Translate(WebShell::Lang(req), "home.title");
    return s->RenderPage(req, &who, "home", ctx);
  });
  router.Add("GET", "/", [s, home](Request& req) {
    // An account for the child's voice only (a JIM mentor) starts there.
    auto who = s->auth().Resolve(WebShell::SessionToken(req));
    if (who.ok() && who->second_factor_done &&
        !RoleMay(who->user.role, Action::kListOrganisations) &&
        RoleMay(who->user.role, Action::kVoiceAdult)) {
      return Response::Redirect("/kindstem");
    }
    return home(req);
  });

  // --- API sessions ----------------------------------------------------------
  router.Add("POST", "/api/v1/sessions", [s](Request& req) {
    nlohmann::json body;
    Response err;
    if (!ParseJsonObject(req, &body, &err)) return err;
    JsonFields f(body);
    f.RejectUnknown({"username", "password", "totp_code"});
    auto username = f.String("username", true, 100);
    auto password = f.String("password", true, 256);
    auto code = f.String("totp_code", false, 10);
    if (!f.ok()) return Problem(f.status(), req.path);
    auto result = s->auth().Login(*username, *password, req.remote_addr);
    if (!result.ok()) return Problem(result.status(), req.path);
    std::string token = result->session_token;
    if (result->needs_second_factor) {
      if (!code) {
        (void)s->auth().Logout(token);
        return Problem(Status::Invalid("deze rol vereist een TOTP-code", "totp_code"), req.path);
      }
      auto fresh = s->auth().VerifySecondFactor(token, *code, req.remote_addr);
      if (!fresh.ok()) {
        // A refused login leaves no half-logged-in session behind, and the
        // error names the field of this request (totp_code, not the form's "code").
        (void)s->auth().Logout(token);
        if (fresh.status().code() == StatusCode::kInvalidArgument) {
          return Problem(Status::Invalid("de code klopt niet", "totp_code"), req.path);
        }
        return Problem(fresh.status(), req.path);
      }
      token = *fresh;
    }
    auto who = s->auth().Resolve(token);
    if (!who.ok()) return Problem(who.status(), req.path);
    nlohmann::json out = {{"token", token},
                          {"csrf_token", who->csrf_token},
                          {"user",
                           {{"username", who->user.username},
                            {"role", RoleName(who->user.role)},
                            {"organisation", who->org.name}}}};
    return Response::Json(201, out.dump());
  });
  router.Add("DELETE", "/api/v1/sessions/current",
             shell.Api(Action::kEndOwnSession, [s](Request& req, const Principal&) {
               (void)s->auth().Logout(WebShell::SessionToken(req));
               Response r;
               r.status = 204;
               return r;
             }));
}

}  // namespace inbeeld
