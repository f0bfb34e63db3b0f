#include "web/shell.h"

#include "access/tokens.h"
#include "http/problem.h"

namespace inbeeld {

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string WebShell::Lang(const Request& req) {
  std::string q = req.Query("lang");
  if (q == "en" || q == "nl") return q;
  auto c = req.Cookie("lang");
  return NormaliseLang(c.value_or("nl"));
}

std::string WebShell::SessionToken(const Request& req, bool* via_bearer) {
  std::string auth = req.Header("authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    if (via_bearer) *via_bearer = true;
    return auth.substr(7);
  }
  if (via_bearer) *via_bearer = false;
  return req.Cookie(kSessionCookie).value_or("");
}

Response WebShell::RenderPage(const Request& req, const Principal* who, const std::string& name,
                              nlohmann::json ctx, int status) const {
  std::string lang = Lang(req);
  if (who) {
    ctx["user"] = {
        {"name", who->user.display_name},
        {"org", who->org.name},
        {"role", templates_.Translate(lang, "role." + std::string(RoleName(who->user.role)))}};
    ctx["csrf"] = who->csrf_token;
    ctx["can_search"] = RoleMay(who->user.role, Action::kSearchPersons);
    ctx["can_signals"] = RoleMay(who->user.role, Action::kRegisterSignal);
    ctx["can_radar"] = RoleMay(who->user.role, Action::kReadRadar);
    ctx["can_linkage"] = RoleMay(who->user.role, Action::kReviewLinkage);
    ctx["can_vt"] = RoleMay(who->user.role, Action::kReadVtCases);
    ctx["can_vt_report"] = RoleMay(who->user.role, Action::kRegisterVtReport) &&
                           !RoleMay(who->user.role, Action::kReadVtCases);
    ctx["can_vt_figures"] = RoleMay(who->user.role, Action::kReadVtFigures);
    ctx["can_meldcode"] = RoleMay(who->user.role, Action::kUseMeldcode);
    ctx["can_meldcode_vt"] = RoleMay(who->user.role, Action::kReadMeldcodeVt);
    ctx["can_hwc_report"] = RoleMay(who->user.role, Action::kRegisterHwcIncident);
    ctx["can_hwc_inbox"] = RoleMay(who->user.role, Action::kReadHwcInbox);
    ctx["can_hwc_dashboard"] = RoleMay(who->user.role, Action::kReadHwcDashboard);
    ctx["can_hwc_school_settings"] = who->user.role == Role::kSchoolContact;
    ctx["hwc_school_id"] = std::to_string(who->org.id);
    ctx["can_hwc_regions"] = RoleMay(who->user.role, Action::kManageHwcRegions);
    ctx["can_voice"] = RoleMay(who->user.role, Action::kVoiceAdult);
    ctx["can_voice_escalations"] = !RoleMay(who->user.role, Action::kVoiceAdult) &&
                                   RoleMay(who->user.role, Action::kReadVoiceEscalations);
  }
  // The language switch keeps the page the user is on.
  std::string path = HtmlEscape(req.path);
  ctx["other_lang_href"] = req.path + (lang == "nl" ? "?lang=en" : "?lang=nl");
  (void)path;
  Response r = Response::Html(status, templates_.RenderPage(name, std::move(ctx), lang));
  if (!req.Query("lang").empty()) {
    r.headers.emplace_back("Set-Cookie", SetCookieValue("lang", lang, 365 * 24 * 3600, req.secure));
  }
  // Pages with personal data are never cached.
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

Response WebShell::ErrorPage(const Request& req, const Principal* who, int status,
                             const std::string& message) const {
  nlohmann::json ctx;
  ctx["status"] = std::to_string(status);
  ctx["message"] = message;
  ctx["title"] = templates_.Translate(Lang(req), "error.title");
  return RenderPage(req, who, "error", ctx, status);
}

Handler WebShell::Page(Action action, PageFn fn) const {
  return [this, action, fn = std::move(fn)](Request& req) -> Response {
    std::string token = req.Cookie(kSessionCookie).value_or("");
    auto who = auth_.Resolve(token);
    if (!who.ok()) {
      if (who.status().code() != StatusCode::kUnauthenticated) {
        return ErrorPage(req, nullptr, HttpStatusFor(who.status()), who.status().message());
      }
      if (IsWrite(req.method))
        return ErrorPage(req, nullptr, 401,
                         templates_.Translate(Lang(req), "error.session_expired"));
      return Response::Redirect("/inloggen?next=" + UrlEncode(req.target));
    }
    if (!who->second_factor_done) return Response::Redirect("/inloggen/code");
    if (!RoleMay(who->user.role, action)) {
      return ErrorPage(req, &*who, 403, templates_.Translate(Lang(req), "error.forbidden"));
    }
    if (IsWrite(req.method)) {
      auto form = ParseUrlEncoded(req.body);
      auto it = form.find("csrf");
      if (it == form.end() || !ConstantTimeEquals(it->second, who->csrf_token)) {
        return ErrorPage(req, &*who, 403, templates_.Translate(Lang(req), "error.csrf"));
      }
    }
    return fn(req, *who);
  };
}

Handler WebShell::Api(Action action, PageFn fn) const {
  return [this, action, fn = std::move(fn)](Request& req) -> Response {
    bool bearer = false;
    std::string token = SessionToken(req, &bearer);
    if (token.empty()) return Problem(Status::Unauthenticated("niet ingelogd"), req.path);
    auto who = auth_.Resolve(token);
    if (!who.ok()) return Problem(who.status(), req.path);
    if (!who->second_factor_done) {
      return Problem(Status::Unauthenticated("tweede factor ontbreekt"), req.path);
    }
    if (!RoleMay(who->user.role, action)) {
      return Problem(Status::PermissionDenied("je rol mag dit niet"), req.path);
    }
    who->via_bearer = bearer;
    if (IsWrite(req.method) && !bearer &&
        !ConstantTimeEquals(req.Header("x-csrf-token"), who->csrf_token)) {
      return Problem(Status::PermissionDenied("CSRF-token ontbreekt of klopt niet"), req.path);
    }
    return fn(req, *who);
  };
}

}  // namespace inbeeld
