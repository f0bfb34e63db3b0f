#include "voice/routes.h"

#include <map>
#include <set>

#include "access/tokens.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "platform/clock.h"

namespace inbeeld {
namespace {

nlohmann::json Opt(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json AdultJson(const VoiceAdultView& a) {
  return {{"id", a.id},
          {"user", {{"id", a.user_id}, {"name", a.user_name}}},
          {"organisation", {{"id", a.org_id}, {"name", a.org_name}}},
          {"kind", a.kind},
          {"display_name", a.display_name},
          {"registered_ms", a.registered_ms},
          {"accepted_ms", Opt(a.accepted_ms)},
          {"left_ms", Opt(a.left_ms)},
          {"available", a.available()}};
}

nlohmann::json MessageJson(const VoiceMessageView& m) {
  nlohmann::json j = {{"id", m.id},
                      {"author", m.author},
                      {"kind", m.kind},
                      {"text", m.text},
                      {"created_ms", m.created_ms},
                      {"due_ms", Opt(m.due_ms)},
                      {"answered_ms", Opt(m.answered_ms)}};
  if (m.kind == "talk") j["talk"] = {{"when", m.talk_when}, {"where", m.talk_where}};
  if (m.kind == "mood") j["mood"] = m.mood;
  if (m.author == "adult") j["adult"] = m.adult_name;
  return j;
}

nlohmann::json EscalationJson(const VoiceEscalationView& e, bool with_words) {
  nlohmann::json j = {{"id", e.id},
                      {"child", {{"id", e.child_id}, {"nickname", e.nickname}}},
                      {"target", e.target},
                      {"consent", e.consent},
                      {"by", {{"name", e.by_name}, {"organisation", e.org_name}}},
                      {"recipients", e.recipients},
                      {"vt_report_id", Opt(e.vt_report_id)},
                      {"meldcode_record_id", Opt(e.meldcode_record_id)},
                      {"created_ms", e.created_ms}};
  if (with_words) {
    j["legal_ground"] = e.legal_ground;
    j["concern"] = e.concern;
    j["words"] = nlohmann::json::array();
    for (const auto& m : e.words) j["words"].push_back(MessageJson(m));
  }
  return j;
}

nlohmann::json InvitationJson(const JimInvitationView& v) {
  return {{"id", v.id},
          {"organisation", {{"id", v.org_id}, {"name", v.org_name}}},
          {"child", v.child_id ? nlohmann::json{{"id", *v.child_id}, {"nickname", v.child_nickname}}
                               : nlohmann::json(nullptr)},
          {"name", v.name},
          {"email", v.email},
          {"invited_by", v.invited_by_name},
          {"state", v.state},
          {"created_ms", v.created_ms},
          {"expires_ms", v.expires_ms},
          {"accepted_ms", Opt(v.accepted_ms)},
          {"withdrawn_ms", Opt(v.withdrawn_ms)},
          {"adult_id", Opt(v.adult_id)}};
}

std::string FormValue(const std::multimap<std::string, std::string>& form, const char* k) {
  auto it = form.find(k);
  return it == form.end() ? std::string() : it->second;
}

// The friendly text for a field error on the child's pages.
std::string ChildErrorKey(const Status& s) {
  if (s.code() == StatusCode::kConflict) return "voice.child.err.choose_first";
  std::string field = s.field();
  std::string msg = s.message();
  auto errors = s.errors();
  if (!errors.empty()) {
    field = errors.front().field;
    msg = errors.front().message;
  }
  if (field == "when" || field == "where") return "voice.child.err.talk";
  if (field == "mood") return "voice.child.err.mood";
  if (field == "adult") return "voice.child.err.adult";
  if (msg == "leeg")
    return field == "nickname" ? "voice.child.err.nickname" : "voice.child.err.empty";
  if (msg.rfind("te lang", 0) == 0)
    return field == "nickname" ? "voice.child.err.nickname" : "voice.child.err.too_long";
  return "voice.child.err.invalid";
}

}  // namespace

void AddVoiceRoutes(Router& router, const WebShell& shell, VoiceService& voice,
                    OutboxWorker* worker, const VoiceRouteOptions& options) {
  VoiceService* svc = &voice;
  const WebShell* s = &shell;
  auto wake = [worker]() {
    if (worker) worker->Wake();
  };

  // --- the child's pages ---------------------------------------------------------
  // Their own layout (templates _voice_child_head/_voice_child_foot), never
  // cached, a neutral title, the quick exit on every page.
  auto child_page = [s, options](const Request& req, const std::string& name, nlohmann::json ctx,
                                 int status) {
    std::string lang = WebShell::Lang(req);
    ctx["exit_url"] = options.exit_url;
    ctx["other_lang_href"] = req.path + (lang == "nl" ? "?lang=en" : "?lang=nl");
    Response r = Response::Html(status, s->templates().RenderFragment(name, std::move(ctx), lang));
    if (!req.Query("lang").empty()) {
      r.headers.emplace_back("Set-Cookie",
                             SetCookieValue("lang", lang, 365 * 24 * 3600, req.secure));
    }
    r.SetHeader("Cache-Control", "no-store, max-age=0");
    r.SetHeader("Pragma", "no-cache");
    r.SetHeader("X-Robots-Tag", "noindex, nofollow");
    return r;
  };
  auto child_cookie = [options](const std::string& value) {
    // Session-only: no Max-Age or Expires, so it ends when the browser (tab) is closed.
    return SetCookieValue(kVoiceCookie, value, -1, options.secure_cookies, true);
  };

  auto code_page = [child_page](const Request& req, const std::string& error_key, int status) {
    nlohmann::json ctx;
    if (!error_key.empty()) {
      ctx["has_error"] = true;
      ctx["error_key_" + error_key] = true;
    }
    return child_page(req, "voice_child_code", ctx, status);
  };

  router.Add("GET", "/plek", [svc, code_page](Request& req) {
    auto session = svc->Resolve(req.Cookie(kVoiceCookie).value_or(""));
    if (session.ok()) return Response::Redirect("/plek/thuis");
    return code_page(req, "", 200);
  });

  router.Add("POST", "/plek", [svc, code_page, child_cookie](Request& req) {
    auto form = ParseUrlEncoded(req.body);
    auto session = svc->Open(FormValue(form, "code"), req.remote_addr);
    if (!session.ok()) {
      if (session.status().code() == StatusCode::kTooManyRequests)
        return code_page(req, "too_many", 429);
      if (session.status().code() == StatusCode::kUnauthenticated)
        return code_page(req, "wrong", 401);
      return code_page(req, "unavailable", HttpStatusFor(session.status()));
    }
    Response r = Response::Redirect("/plek/thuis");
    r.headers.emplace_back("Set-Cookie", child_cookie(session->token));
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });

  // Ends the child's session (the quick exit's beacon, and the "klaar" button).
  router.Add("POST", "/plek/weg", [svc, options](Request& req) {
    (void)svc->EndSession(req.Cookie(kVoiceCookie).value_or(""));
    bool beacon = req.Query("snel") == "1";
    Response r = beacon ? Response::Json(204, "") : Response::Redirect(options.exit_url);
    r.headers.emplace_back("Set-Cookie",
                           SetCookieValue(kVoiceCookie, "", 0, options.secure_cookies, true));
    r.SetHeader("Clear-Site-Data", "\"cache\", \"storage\"");
    r.SetHeader("Cache-Control", "no-store");
    return r;
  });

  using ChildFn = std::function<Response(Request&, const VoiceChildSession&)>;
  auto as_child = [svc](ChildFn fn) -> Handler {
    return [svc, fn = std::move(fn)](Request& req) -> Response {
      auto session = svc->Resolve(req.Cookie(kVoiceCookie).value_or(""));
      if (!session.ok()) {
        if (session.status().code() != StatusCode::kUnauthenticated) {
          return Problem(session.status(), req.path);
        }
        return Response::Redirect("/plek");
      }
      if (IsWrite(req.method)) {
        auto form = ParseUrlEncoded(req.body);
        if (!ConstantTimeEquals(FormValue(form, "csrf"), session->csrf))
          return Response::Redirect("/plek");
      }
      return fn(req, *session);
    };
  };

  auto home = [svc, child_page, s](const Request& req, const VoiceChildSession& who,
                                   const std::string& error_key, int status, nlohmann::json ctx) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["csrf"] = who.csrf;
    ctx["nickname"] = who.child.nickname;
    ctx["needs_nickname"] = who.child.nickname.empty();
    if (!error_key.empty()) {
      ctx["has_error"] = true;
      ctx["error"] = t.Translate(lang, error_key);
    }
    auto adults = svc->AdultChoices(who.child.id);
    if (!adults.ok())
      return child_page(req, "voice_child_code", nlohmann::json{{"has_error", true}}, 503);
    ctx["adults"] = nlohmann::json::array();
    ctx["left"] = nlohmann::json::array();
    bool any_chosen = false;
    for (const auto& a : *adults) {
      if (a.left) {
        if (a.chosen) ctx["left"].push_back({{"name", a.display_name}});
        continue;
      }
      any_chosen = any_chosen || a.chosen;
      ctx["adults"].push_back({{"id", std::to_string(a.adult_id)},
                               {"name", a.display_name},
                               {"kind", t.Translate(lang, "voice.kind." + a.kind)},
                               {"chosen", a.chosen}});
    }
    ctx["has_left"] = !ctx["left"].empty();
    ctx["has_adults"] = !ctx["adults"].empty();
    ctx["no_adults"] = ctx["adults"].empty();
    ctx["can_send"] = any_chosen;
    ctx["must_choose"] = !any_chosen && !ctx["adults"].empty();
    auto thread = svc->ChildThread(who.child.id);
    if (!thread.ok())
      return child_page(req, "voice_child_code", nlohmann::json{{"has_error", true}}, 503);
    ctx["messages"] = nlohmann::json::array();
    for (const auto& m : *thread) {
      nlohmann::json j = {{"mine", m.author == "child"},
                          {"adult", m.adult_name},
                          {"text", m.text},
                          {"has_text", !m.text.empty()},
                          {"at", FormatAmsterdam(m.created_ms)}};
      if (m.kind == "talk") {
        j["talk"] = true;
        j["when"] = t.Translate(lang, "voice.when." + m.talk_when);
        j["where"] = t.Translate(lang, "voice.where." + m.talk_where);
      }
      if (m.kind == "mood") {
        j["mood"] = true;
        j["mood_label"] = t.Translate(lang, "voice.mood." + std::to_string(m.mood));
      }
      ctx["messages"].push_back(std::move(j));
    }
    ctx["has_messages"] = !thread->empty();
    ctx["whens"] = nlohmann::json::array();
    for (auto w : VoiceTalkWhens()) {
      ctx["whens"].push_back({{"value", std::string(w)},
                              {"label", t.Translate(lang, "voice.when." + std::string(w))}});
    }
    ctx["wheres"] = nlohmann::json::array();
    for (auto w : VoiceTalkWheres()) {
      ctx["wheres"].push_back({{"value", std::string(w)},
                               {"label", t.Translate(lang, "voice.where." + std::string(w))}});
    }
    ctx["moods"] = nlohmann::json::array();
    for (int m = kVoiceMaxMood; m >= kVoiceMinMood; --m) {
      ctx["moods"].push_back({{"value", std::to_string(m)},
                              {"label", t.Translate(lang, "voice.mood." + std::to_string(m))},
                              {"face", t.Translate(lang, "voice.mood_face." + std::to_string(m))}});
    }
    if (!ctx.contains("tekst")) ctx["tekst"] = "";
    return child_page(req, "voice_child_home", ctx, status);
  };

  router.Add("GET", "/plek/thuis", as_child([home](Request& req, const VoiceChildSession& who) {
               nlohmann::json ctx = nlohmann::json::object();
               std::string sent = req.Query("verstuurd");
               if (sent == "1") ctx["sent"] = true;
               if (sent == "gekozen") ctx["chosen_saved"] = true;
               return home(req, who, "", 200, ctx);
             }));

  router.Add("POST", "/plek/naam",
             as_child([svc, home](Request& req, const VoiceChildSession& who) {
               auto form = ParseUrlEncoded(req.body);
               Status st = svc->SetNickname(who.child.id, FormValue(form, "bijnaam"));
               if (!st.ok())
                 return home(req, who, ChildErrorKey(st), 422, nlohmann::json::object());
               return Response::Redirect("/plek/thuis");
             }));

  router.Add("POST", "/plek/kiezen",
             as_child([svc, home, wake](Request& req, const VoiceChildSession& who) {
               auto form = ParseUrlEncoded(req.body);
               std::vector<int64_t> ids;
               for (auto [it, end] = form.equal_range("volwassene"); it != end; ++it) {
                 auto id = ParseId(it->second);
                 if (!id)
                   return home(req, who, "voice.child.err.adult", 422, nlohmann::json::object());
                 ids.push_back(*id);
               }
               Status st = svc->Choose(who.child.id, ids);
               if (!st.ok())
                 return home(req, who, ChildErrorKey(st), HttpStatusFor(st),
                             nlohmann::json::object());
               wake();
               return Response::Redirect("/plek/thuis?verstuurd=gekozen");
             }));

  router.Add("POST", "/plek/bericht",
             as_child([svc, home, wake](Request& req, const VoiceChildSession& who) {
               auto form = ParseUrlEncoded(req.body);
               VoiceSend in;
               in.kind = FormValue(form, "soort");
               if (in.kind.empty()) in.kind = "message";
               in.text = FormValue(form, "tekst");
               in.talk_when = FormValue(form, "wanneer");
               in.talk_where = FormValue(form, "waar");
               in.mood = static_cast<int>(ParseId(FormValue(form, "gevoel")).value_or(0));
               auto r = svc->Send(who.child.id, in);
               if (!r.ok()) {
                 nlohmann::json ctx = nlohmann::json::object();
                 // Keep what the child wrote, so nothing is lost (unless it was far too long to
                 // show).
                 if (in.text.size() <= 16 * kVoiceMaxMessageChars) ctx["tekst"] = in.text;
                 return home(req, who, ChildErrorKey(r.status()), HttpStatusFor(r.status()), ctx);
               }
               wake();
               return Response::Redirect("/plek/thuis?verstuurd=1#gesprek");
             }));

  router.Add("GET", "/plek/uitleg",
             as_child([child_page](Request& req, const VoiceChildSession& who) {
               return child_page(req, "voice_child_rules", nlohmann::json{{"csrf", who.csrf}}, 200);
             }));

  // --- the adult's pages -------------------------------------------------------------
  auto inbox_page = [s, svc](Request& req, const Principal& who, nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["title"] = t.Translate(lang, "voice.inbox.title");
    ctx["csrf"] = who.csrf_token;
    auto me = svc->Me(who);
    if (me.ok()) {
      ctx["registered"] = true;
      ctx["display_name"] = me->display_name;
      ctx["accepted"] = me->available();
      ctx["to_accept"] = !me->accepted_ms && !me->left_ms;
      ctx["left"] = me->left_ms.has_value();
    } else if (me.status().code() != StatusCode::kNotFound) {
      return s->ErrorPage(req, &who, HttpStatusFor(me.status()), me.status().message());
    } else {
      ctx["not_registered"] = true;
    }
    auto inbox = svc->Inbox(who);
    if (!inbox.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(inbox.status()), inbox.status().message());
    ctx["threads"] = nlohmann::json::array();
    for (const auto& th : *inbox) {
      ctx["threads"].push_back(
          {{"id", std::to_string(th.child_id)},
           {"nickname",
            th.nickname.empty() ? t.Translate(lang, "voice.inbox.no_nickname") : th.nickname},
           {"open", std::to_string(th.open)},
           {"has_open", th.open > 0},
           {"due", th.oldest_due_ms ? FormatAmsterdam(*th.oldest_due_ms) : ""},
           {"overdue", th.overdue},
           {"last", FormatAmsterdam(th.last_ms)}});
    }
    ctx["no_threads"] = inbox->empty();
    ctx["is_school_contact"] = who.user.role == Role::kSchoolContact;
    ctx["can_manage"] = RoleMay(who.user.role, Action::kManageVoiceAdults);
    ctx["can_issue_codes"] = RoleMay(who.user.role, Action::kIssueVoiceCodes);
    ctx["can_invite"] = RoleMay(who.user.role, Action::kInviteJimMentors);
    ctx["is_jim"] = who.user.role == Role::kJimMentor;
    return s->RenderPage(req, &who, "voice_inbox", ctx, status);
  };

  router.Add("GET", "/kindstem",
             shell.Page(Action::kVoiceAdult, [inbox_page](Request& req, const Principal& who) {
               return inbox_page(req, who, nlohmann::json::object(), 200);
             }));

  router.Add("POST", "/kindstem/aannemen",
             shell.Page(Action::kVoiceAdult, [s, svc](Request& req, const Principal& who) {
               auto me = svc->Accept(who);
               if (!me.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(me.status()), me.status().message());
               return Response::Redirect("/kindstem");
             }));

  router.Add(
      "POST", "/kindstem/codes",
      shell.Page(Action::kIssueVoiceCodes, [svc, inbox_page](Request& req, const Principal& who) {
        auto form = ParseUrlEncoded(req.body);
        auto kind =
            ParseVoiceCodeKind(FormValue(form, "soort")).value_or(VoiceCodeKind::kPassphrase);
        std::optional<int64_t> notice;
        std::string notice_text = FormValue(form, "hwc_melding");
        nlohmann::json ctx = nlohmann::json::object();
        if (!notice_text.empty()) {
          notice = ParseId(notice_text);
          if (!notice) {
            ctx["code_error"] = "onbekende Handle with Care-melding";
            return inbox_page(req, who, ctx, 422);
          }
        }
        auto issued = svc->IssueCode(who, kind, notice);
        if (!issued.ok()) {
          ctx["code_error"] = issued.status().message();
          return inbox_page(req, who, ctx, HttpStatusFor(issued.status()));
        }
        // Shown once, in this response only (never in a URL).
        ctx["issued_code"] = issued->code;
        ctx["issued_passphrase"] = kind == VoiceCodeKind::kPassphrase;
        return inbox_page(req, who, ctx, 200);
      }));

  auto thread_page = [s, svc](Request& req, const Principal& who, int64_t child_id,
                              nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    auto thread = svc->Thread(who, child_id);
    if (!thread.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(thread.status()), thread.status().message());
    ctx["title"] = t.Translate(lang, "voice.thread.title");
    ctx["csrf"] = who.csrf_token;
    ctx["child_id"] = std::to_string(child_id);
    ctx["messages"] = nlohmann::json::array();
    ctx["child_messages"] = nlohmann::json::array();
    for (const auto& m : *thread) {
      nlohmann::json j = {{"id", std::to_string(m.id)},
                          {"mine", m.author == "adult"},
                          {"adult", m.adult_name},
                          {"text", m.text},
                          {"has_text", !m.text.empty()},
                          {"at", FormatAmsterdam(m.created_ms)},
                          {"open", m.author == "child" && m.due_ms && !m.answered_ms},
                          {"due", m.due_ms ? FormatAmsterdam(*m.due_ms) : ""}};
      if (m.kind == "talk") {
        j["talk"] = true;
        j["when"] = t.Translate(lang, "voice.when." + m.talk_when);
        j["where"] = t.Translate(lang, "voice.where." + m.talk_where);
      }
      if (m.kind == "mood") {
        j["mood"] = true;
        j["mood_label"] = t.Translate(lang, "voice.mood." + std::to_string(m.mood));
      }
      if (m.author == "child") ctx["child_messages"].push_back(j);
      ctx["messages"].push_back(std::move(j));
    }
    ctx["has_child_messages"] = !ctx["child_messages"].empty();
    if (!ctx.contains("reply")) ctx["reply"] = "";
    return s->RenderPage(req, &who, "voice_thread", ctx, status);
  };

  router.Add("GET", "/kindstem/kinderen/{id}",
             shell.Page(Action::kVoiceAdult, [s, thread_page](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id)
                 return s->ErrorPage(
                     req, &who, 404,
                     s->templates().Translate(WebShell::Lang(req), "error.not_found"));
               return thread_page(req, who, *id, nlohmann::json::object(), 200);
             }));

  router.Add(
      "POST", "/kindstem/kinderen/{id}/antwoord",
      shell.Page(Action::kVoiceAdult, [s, svc, thread_page](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        if (!id)
          return s->ErrorPage(req, &who, 404,
                              s->templates().Translate(WebShell::Lang(req), "error.not_found"));
        auto form = ParseUrlEncoded(req.body);
        auto r = svc->Reply(who, *id, FormValue(form, "tekst"));
        if (!r.ok()) {
          if (r.status().code() == StatusCode::kPermissionDenied) {
            return s->ErrorPage(req, &who, 403, r.status().message());
          }
          nlohmann::json ctx = {{"reply", FormValue(form, "tekst")},
                                {"reply_error", r.status().message()}};
          return thread_page(req, who, *id, ctx, HttpStatusFor(r.status()));
        }
        return Response::Redirect("/kindstem/kinderen/" + std::to_string(*id) + "#gesprek");
      }));

  router.Add("POST", "/kindstem/kinderen/{id}/doorzetten",
             shell.Page(Action::kVoiceAdult,
                        [s, svc, thread_page, wake](Request& req, const Principal& who) {
                          auto id = ParseId(req.PathParam("id"));
                          if (!id)
                            return s->ErrorPage(
                                req, &who, 404,
                                s->templates().Translate(WebShell::Lang(req), "error.not_found"));
                          auto form = ParseUrlEncoded(req.body);
                          VoiceEscalationInput in;
                          in.target = FormValue(form, "naar");
                          in.consent = FormValue(form, "toestemming") == "ja";
                          in.legal_ground = FormValue(form, "grond");
                          in.concern = FormValue(form, "zorg");
                          const std::string person = FormValue(form, "persoon");
                          if (!person.empty()) in.person_id = ParseId(person).value_or(-1);
                          for (auto [it, end] = form.equal_range("bericht"); it != end; ++it) {
                            if (auto m = ParseId(it->second)) in.message_ids.push_back(*m);
                          }
                          auto e = svc->Escalate(who, *id, in);
                          if (!e.ok()) {
                            if (e.status().code() == StatusCode::kPermissionDenied) {
                              return s->ErrorPage(req, &who, 403, e.status().message());
                            }
                            nlohmann::json ctx = {{"esc_errors", nlohmann::json::array()},
                                                  {"has_esc_errors", true},
                                                  {"grond", in.legal_ground},
                                                  {"zorg", in.concern},
                                                  {"persoon", person}};
                            for (const auto& fe : e.status().errors())
                              ctx["esc_errors"].push_back({{"message", fe.message}});
                            if (ctx["esc_errors"].empty())
                              ctx["esc_errors"].push_back({{"message", e.status().message()}});
                            return thread_page(req, who, *id, ctx, HttpStatusFor(e.status()));
                          }
                          wake();
                          return Response::Redirect("/kindstem/doorgezet/" + std::to_string(e->id));
                        }));

  router.Add(
      "GET", "/kindstem/doorgezet",
      shell.Page(Action::kReadVoiceEscalations, [s, svc](Request& req, const Principal& who) {
        std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        auto list = svc->Escalations(who);
        if (!list.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(list.status()), list.status().message());
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "voice.escalations.title");
        ctx["items"] = nlohmann::json::array();
        for (const auto& e : *list) {
          ctx["items"].push_back({{"id", std::to_string(e.id)},
                                  {"nickname", e.nickname},
                                  {"by", e.by_name},
                                  {"org", e.org_name},
                                  {"target", t.Translate(lang, "voice.target." + e.target)},
                                  {"consent", e.consent},
                                  {"at", FormatAmsterdam(e.created_ms)}});
        }
        ctx["none"] = list->empty();
        return s->RenderPage(req, &who, "voice_escalations", ctx);
      }));

  auto escalation_page = [s, svc](Request& req, const Principal& who, int64_t id,
                                  nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    auto e = svc->Escalation(who, id);
    if (!e.ok()) return s->ErrorPage(req, &who, HttpStatusFor(e.status()), e.status().message());
    ctx["title"] = t.Translate(lang, "voice.escalation.title");
    ctx["id"] = std::to_string(e->id);
    ctx["nickname"] = e->nickname;
    ctx["by"] = e->by_name;
    ctx["org"] = e->org_name;
    ctx["target"] = t.Translate(lang, "voice.target." + e->target);
    ctx["consent"] = e->consent;
    ctx["legal_ground"] = e->legal_ground;
    ctx["concern"] = e->concern;
    ctx["at"] = FormatAmsterdam(e->created_ms);
    ctx["recipients"] = std::to_string(e->recipients);
    if (e->vt_report_id) ctx["vt_report"] = std::to_string(*e->vt_report_id);
    if (e->meldcode_record_id) {
      ctx["meldcode_record"] = std::to_string(*e->meldcode_record_id);
      ctx["can_meldcode"] = RoleMay(who.user.role, Action::kUseMeldcode);
    } else if (e->target == "school_contact" && who.user.role == Role::kSchoolContact &&
               RoleMay(who.user.role, Action::kUseMeldcode)) {
      // Sent without a person: the school's contact, who knows the pupils, starts the record.
      ctx["start_meldcode"] = true;
      ctx["csrf"] = who.csrf_token;
    }
    ctx["words"] = nlohmann::json::array();
    for (const auto& m : e->words) {
      nlohmann::json j = {
          {"text", m.text}, {"has_text", !m.text.empty()}, {"at", FormatAmsterdam(m.created_ms)}};
      if (m.kind == "talk") {
        j["talk"] = true;
        j["when"] = t.Translate(lang, "voice.when." + m.talk_when);
        j["where"] = t.Translate(lang, "voice.where." + m.talk_where);
      }
      if (m.kind == "mood") {
        j["mood"] = true;
        j["mood_label"] = t.Translate(lang, "voice.mood." + std::to_string(m.mood));
      }
      ctx["words"].push_back(std::move(j));
    }
    return s->RenderPage(req, &who, "voice_escalation", ctx, status);
  };

  router.Add("GET", "/kindstem/doorgezet/{id}",
             shell.Page(Action::kReadVoiceEscalations,
                        [s, escalation_page](Request& req, const Principal& who) {
                          auto id = ParseId(req.PathParam("id"));
                          if (!id)
                            return s->ErrorPage(
                                req, &who, 404,
                                s->templates().Translate(WebShell::Lang(req), "error.not_found"));
                          return escalation_page(req, who, *id, nlohmann::json::object(), 200);
                        }));

  router.Add(
      "POST", "/kindstem/doorgezet/{id}/meldcode",
      shell.Page(
          Action::kUseMeldcode, [s, svc, escalation_page](Request& req, const Principal& who) {
            auto id = ParseId(req.PathParam("id"));
            if (!id)
              return s->ErrorPage(req, &who, 404,
                                  s->templates().Translate(WebShell::Lang(req), "error.not_found"));
            auto form = ParseUrlEncoded(req.body);
            auto person = ParseId(FormValue(form, "persoon"));
            auto e = person ? svc->StartMeldcode(who, *id, *person)
                            : Result<VoiceEscalationView>(Status::Invalid(
                                  "geef het registernummer van het kind", "person_id"));
            if (!e.ok()) {
              if (e.status().code() == StatusCode::kInvalidArgument) {
                nlohmann::json ctx = {{"meldcode_error", e.status().message()},
                                      {"persoon", FormValue(form, "persoon")}};
                return escalation_page(req, who, *id, ctx, 422);
              }
              return s->ErrorPage(req, &who, HttpStatusFor(e.status()), e.status().message());
            }
            return Response::Redirect("/meldcode/" + std::to_string(*e->meldcode_record_id));
          }));

  auto adults_page = [s, svc](Request& req, const Principal& who, nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["title"] = t.Translate(lang, "voice.adults.title");
    ctx["csrf"] = who.csrf_token;
    // JIM mentors: every professional of the child may invite one.
    auto invitations = svc->JimInvitations(who);
    if (!invitations.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(invitations.status()),
                          invitations.status().message());
    ctx["invitations"] = nlohmann::json::array();
    for (const auto& v : *invitations) {
      ctx["invitations"].push_back(
          {{"id", std::to_string(v.id)},
           {"name", v.name},
           {"email", v.email},
           {"for", v.child_id
                       ? (v.child_nickname.empty() ? t.Translate(lang, "voice.inbox.no_nickname")
                                                   : v.child_nickname)
                       : t.Translate(lang, "voice.jim.for_org")},
           {"state", t.Translate(lang, "voice.jim.state." + v.state)},
           {"expires", FormatAmsterdam(v.expires_ms)},
           {"can_withdraw", v.state == "open" || v.state == "accepted"},
           {"csrf", who.csrf_token}});
    }
    ctx["no_invitations"] = invitations->empty();
    ctx["jim_children"] = nlohmann::json::array();
    if (auto mine = svc->Inbox(who); mine.ok()) {
      for (const auto& th : *mine) {
        ctx["jim_children"].push_back(
            {{"id", std::to_string(th.child_id)},
             {"nickname",
              th.nickname.empty() ? t.Translate(lang, "voice.inbox.no_nickname") : th.nickname}});
      }
    }
    ctx["can_manage"] = RoleMay(who.user.role, Action::kManageVoiceAdults);
    if (!ctx["can_manage"].get<bool>())
      return s->RenderPage(req, &who, "voice_adults", ctx, status);
    auto adults = svc->Adults(who);
    if (!adults.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(adults.status()), adults.status().message());
    ctx["adults"] = nlohmann::json::array();
    for (const auto& a : *adults) {
      ctx["adults"].push_back(
          {{"id", std::to_string(a.id)},
           {"name", a.display_name},
           {"user", a.user_name},
           {"org", a.org_name},
           {"kind", t.Translate(lang, "voice.kind." + a.kind)},
           {"state", t.Translate(lang, a.left_ms       ? "voice.adults.state_left"
                                       : a.accepted_ms ? "voice.adults.state_active"
                                                       : "voice.adults.state_invited")},
           {"can_leave", !a.left_ms.has_value()},
           {"csrf", who.csrf_token}});
    }
    ctx["none"] = adults->empty();
    auto candidates = svc->Candidates(who);
    if (!candidates.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(candidates.status()),
                          candidates.status().message());
    ctx["candidates"] = nlohmann::json::array();
    for (const auto& [id, name] : *candidates)
      ctx["candidates"].push_back({{"id", std::to_string(id)}, {"name", name}});
    ctx["kinds"] = nlohmann::json::array();
    for (const char* k : {"trusted_person", "jim_mentor", "hwc_contact"}) {
      ctx["kinds"].push_back(
          {{"value", k}, {"label", t.Translate(lang, std::string("voice.kind.") + k)}});
    }
    return s->RenderPage(req, &who, "voice_adults", ctx, status);
  };

  router.Add(
      "GET", "/kindstem/volwassenen",
      shell.Page(Action::kInviteJimMentors, [adults_page](Request& req, const Principal& who) {
        return adults_page(req, who, nlohmann::json::object(), 200);
      }));

  router.Add("POST", "/kindstem/volwassenen",
             shell.Page(Action::kManageVoiceAdults, [svc, adults_page, wake](Request& req,
                                                                             const Principal& who) {
               auto form = ParseUrlEncoded(req.body);
               auto a = svc->RegisterAdult(who, ParseId(FormValue(form, "gebruiker")).value_or(0),
                                           FormValue(form, "soort"), FormValue(form, "naam"));
               if (!a.ok()) {
                 nlohmann::json ctx = {{"errors", nlohmann::json::array()},
                                       {"has_errors", true},
                                       {"naam", FormValue(form, "naam")}};
                 for (const auto& fe : a.status().errors())
                   ctx["errors"].push_back({{"message", fe.message}});
                 if (ctx["errors"].empty())
                   ctx["errors"].push_back({{"message", a.status().message()}});
                 return adults_page(req, who, ctx, HttpStatusFor(a.status()));
               }
               wake();
               return Response::Redirect("/kindstem/volwassenen");
             }));

  router.Add("POST", "/kindstem/volwassenen/{id}/weg",
             shell.Page(Action::kManageVoiceAdults, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto a = id ? svc->MarkLeft(who, *id)
                           : Result<VoiceAdultView>(Status::NotFound("onbekende volwassene"));
               if (!a.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(a.status()), a.status().message());
               return Response::Redirect("/kindstem/volwassenen");
             }));

  router.Add("POST", "/kindstem/volwassenen/jim",
             shell.Page(Action::kInviteJimMentors,
                        [svc, adults_page, wake](Request& req, const Principal& who) {
                          auto form = ParseUrlEncoded(req.body);
                          JimInvitationInput in;
                          in.name = FormValue(form, "jim_naam");
                          in.email = FormValue(form, "jim_email");
                          const std::string child = FormValue(form, "jim_kind");
                          if (!child.empty()) in.child_id = ParseId(child).value_or(-1);
                          auto v = svc->InviteJim(who, in);
                          if (!v.ok()) {
                            nlohmann::json ctx = {{"jim_errors", nlohmann::json::array()},
                                                  {"has_jim_errors", true},
                                                  {"jim_naam", in.name},
                                                  {"jim_email", in.email}};
                            for (const auto& fe : v.status().errors())
                              ctx["jim_errors"].push_back({{"message", fe.message}});
                            return adults_page(req, who, ctx, HttpStatusFor(v.status()));
                          }
                          wake();
                          return Response::Redirect("/kindstem/volwassenen?uitgenodigd=1#jim");
                        }));

  router.Add("POST", "/kindstem/volwassenen/jim/{id}/intrekken",
             shell.Page(Action::kInviteJimMentors, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto v = id ? svc->WithdrawJim(who, *id)
                           : Result<JimInvitationView>(Status::NotFound("onbekende uitnodiging"));
               if (!v.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(v.status()), v.status().message());
               return Response::Redirect("/kindstem/volwassenen#jim");
             }));

  // The mentor's confirmation page: public, reached by the e-mailed link.
  // GET only shows (link scanners that fetch it change nothing); POST accepts.
  auto jim_page = [s](const Request& req, nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    ctx["title"] = s->templates().Translate(lang, "voice.jim.accept_title");
    Response r = s->RenderPage(req, nullptr, "voice_jim_accept", std::move(ctx), status);
    r.SetHeader("Cache-Control", "no-store, max-age=0");
    r.SetHeader("Referrer-Policy", "no-referrer");
    r.SetHeader("X-Robots-Tag", "noindex, nofollow");
    return r;
  };
  auto jim_refused = [jim_page](const Request& req, const Status& st) {
    // One clear message per reason; nothing changed.
    std::string key = "voice.jim.err_unknown";
    if (st.code() == StatusCode::kConflict) {
      if (st.message() == "expired") key = "voice.jim.err_expired";
      if (st.message() == "accepted") key = "voice.jim.err_used";
      if (st.message() == "withdrawn") key = "voice.jim.err_withdrawn";
    }
    nlohmann::json ctx = {{"refused", true}, {"refused_" + key.substr(key.rfind('.') + 1), true}};
    return jim_page(req, ctx, st.code() == StatusCode::kNotFound ? 404 : 410);
  };
  auto jim_form = [svc, jim_page, jim_refused](const Request& req, const std::string& token,
                                               nlohmann::json ctx, int status) {
    auto v = svc->InvitationByToken(token);
    if (!v.ok()) {
      if (v.status().code() == StatusCode::kNotFound || v.status().code() == StatusCode::kConflict)
        return jim_refused(req, v.status());
      return jim_page(req, {{"refused", true}, {"refused_err_unknown", true}},
                      HttpStatusFor(v.status()));
    }
    ctx["form"] = true;
    ctx["token"] = token;
    ctx["name"] = v->name;
    ctx["email"] = v->email;
    ctx["org"] = v->org_name;
    ctx["by"] = v->invited_by_name;
    ctx["for_child"] = v->child_id.has_value();
    ctx["expires"] = FormatAmsterdam(v->expires_ms);
    return jim_page(req, ctx, status);
  };
  router.Add("GET", "/kindstem/uitnodiging/{token}", [jim_form](Request& req) {
    return jim_form(req, req.PathParam("token"), nlohmann::json::object(), 200);
  });
  router.Add("POST", "/kindstem/uitnodiging/{token}", [svc, jim_form, jim_page](Request& req) {
    const std::string token = req.PathParam("token");
    auto form = ParseUrlEncoded(req.body);
    const std::string password = FormValue(form, "wachtwoord");
    if (password != FormValue(form, "wachtwoord2")) {
      return jim_form(req, token, {{"has_errors", true}, {"err_repeat", true}}, 422);
    }
    auto before = svc->InvitationByToken(token);
    auto a = svc->AcceptJimInvitation(token, password, FormValue(form, "plichten") == "ja");
    if (!a.ok()) {
      // Still open, yet refused: the address has an account in use by now.
      if (a.status().code() == StatusCode::kConflict && svc->InvitationByToken(token).ok()) {
        nlohmann::json ctx = {{"has_errors", true}, {"errors", nlohmann::json::array()}};
        ctx["errors"].push_back({{"message", a.status().message()}});
        return jim_form(req, token, ctx, 409);
      }
      if (a.status().code() != StatusCode::kInvalidArgument) {
        return jim_form(req, token, nlohmann::json::object(), HttpStatusFor(a.status()));
      }
      nlohmann::json ctx = {{"has_errors", true}, {"errors", nlohmann::json::array()}};
      for (const auto& fe : a.status().errors()) ctx["errors"].push_back({{"message", fe.message}});
      return jim_form(req, token, ctx, 422);
    }
    // The username is the e-mail address the invitation went to.
    return jim_page(
        req, {{"accepted", true}, {"username", before.ok() ? before->email : std::string()}}, 200);
  });

  // --- API ---------------------------------------------------------------------------
  router.Add("GET", "/api/v1/voice/jim-invitations",
             shell.Api(Action::kInviteJimMentors, [svc](Request& req, const Principal& who) {
               auto items = svc->JimInvitations(who);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(InvitationJson(v));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/voice/jim-invitations",
             shell.Api(Action::kInviteJimMentors, [svc, wake](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"name", "email", "child_id"});
               JimInvitationInput in;
               in.name = f.String("name", true, 400).value_or("");
               in.email = f.String("email", true, 400).value_or("");
               in.child_id = f.Int("child_id", false);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v = svc->InviteJim(who, in);
               if (!v.ok()) return Problem(v.status(), req.path);
               wake();
               return Response::Json(201, InvitationJson(*v).dump());
             }));

  router.Add("POST", "/api/v1/voice/jim-invitations/{id}/withdraw",
             shell.Api(Action::kInviteJimMentors, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende uitnodiging"), req.path);
               auto v = svc->WithdrawJim(who, *id);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, InvitationJson(*v).dump());
             }));

  router.Add("GET", "/api/v1/voice/adults",
             shell.Api(Action::kManageVoiceAdults, [svc](Request& req, const Principal& who) {
               auto items = svc->Adults(who);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& a : *items) out["items"].push_back(AdultJson(a));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/voice/adults",
             shell.Api(Action::kManageVoiceAdults, [svc, wake](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"user_id", "kind", "display_name"});
               auto user = f.Int("user_id", true);
               auto kind = f.String("kind", true, 40);
               auto name = f.String("display_name", true, 200);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto a = svc->RegisterAdult(who, *user, *kind, *name);
               if (!a.ok()) return Problem(a.status(), req.path);
               wake();
               return Response::Json(201, AdultJson(*a).dump());
             }));

  router.Add("POST", "/api/v1/voice/adults/{id}/left",
             shell.Api(Action::kManageVoiceAdults, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende volwassene"), req.path);
               auto a = svc->MarkLeft(who, *id);
               if (!a.ok()) return Problem(a.status(), req.path);
               return Response::Json(200, AdultJson(*a).dump());
             }));

  router.Add("GET", "/api/v1/voice/me",
             shell.Api(Action::kVoiceAdult, [svc](Request& req, const Principal& who) {
               auto a = svc->Me(who);
               if (!a.ok()) return Problem(a.status(), req.path);
               return Response::Json(200, AdultJson(*a).dump());
             }));

  router.Add("POST", "/api/v1/voice/me/accept",
             shell.Api(Action::kVoiceAdult, [svc](Request& req, const Principal& who) {
               auto a = svc->Accept(who);
               if (!a.ok()) return Problem(a.status(), req.path);
               return Response::Json(200, AdultJson(*a).dump());
             }));

  router.Add("POST", "/api/v1/voice/codes",
             shell.Api(Action::kIssueVoiceCodes, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"kind", "hwc_notice_id"});
               auto kind_text = f.String("kind", true, 20);
               auto notice = f.Int("hwc_notice_id", false);
               std::optional<VoiceCodeKind> kind;
               if (kind_text) {
                 kind = ParseVoiceCodeKind(*kind_text);
                 if (!kind) f.AddError("kind", "\"code\" of \"passphrase\"");
               }
               if (!f.ok()) return Problem(f.status(), req.path);
               auto issued = svc->IssueCode(who, *kind, notice);
               if (!issued.ok()) return Problem(issued.status(), req.path);
               Response r = Response::Json(
                   201, nlohmann::json{{"child_id", issued->child_id},
                                       {"kind", std::string(VoiceCodeKindName(issued->kind))},
                                       {"code", issued->code}}
                            .dump());
               return r;
             }));

  router.Add("GET", "/api/v1/voice/threads",
             shell.Api(Action::kVoiceAdult, [svc](Request& req, const Principal& who) {
               auto items = svc->Inbox(who);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& th : *items) {
                 out["items"].push_back({{"child_id", th.child_id},
                                         {"nickname", th.nickname},
                                         {"last_ms", th.last_ms},
                                         {"open", th.open},
                                         {"oldest_due_ms", Opt(th.oldest_due_ms)},
                                         {"overdue", th.overdue}});
               }
               return Response::Json(200, out.dump());
             }));

  router.Add("GET", "/api/v1/voice/threads/{id}",
             shell.Api(Action::kVoiceAdult, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend kind"), req.path);
               auto thread = svc->Thread(who, *id);
               if (!thread.ok()) return Problem(thread.status(), req.path);
               nlohmann::json out = {{"child_id", *id}, {"messages", nlohmann::json::array()}};
               for (const auto& m : *thread) out["messages"].push_back(MessageJson(m));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/voice/threads/{id}/replies",
             shell.Api(Action::kVoiceAdult, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend kind"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"text"});
               auto text = f.String("text", true, 4 * kVoiceMaxMessageChars);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto m = svc->Reply(who, *id, *text);
               if (!m.ok()) return Problem(m.status(), req.path);
               return Response::Json(201, MessageJson(*m).dump());
             }));

  router.Add("POST", "/api/v1/voice/threads/{id}/escalations",
             shell.Api(Action::kVoiceAdult, [svc, wake](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend kind"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown(
                   {"target", "consent", "legal_ground", "concern", "message_ids", "person_id"});
               VoiceEscalationInput in;
               in.target = f.String("target", true, 40).value_or("");
               in.consent = f.Bool("consent", true).value_or(false);
               in.legal_ground = f.String("legal_ground", false, 1000).value_or("");
               in.concern = f.String("concern", true, 2000).value_or("");
               in.person_id = f.Int("person_id", false);
               if (!body.contains("message_ids") || !body["message_ids"].is_array()) {
                 f.AddError("message_ids", "een lijst met ids van berichten van het kind");
               } else {
                 for (const auto& v : body["message_ids"]) {
                   if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
                     f.AddError("message_ids", "alleen ids van berichten");
                     break;
                   }
                   in.message_ids.push_back(v.get<int64_t>());
                 }
               }
               if (!f.ok()) return Problem(f.status(), req.path);
               auto e = svc->Escalate(who, *id, in);
               if (!e.ok()) return Problem(e.status(), req.path);
               wake();
               return Response::Json(201, EscalationJson(*e, true).dump());
             }));

  router.Add("GET", "/api/v1/voice/escalations",
             shell.Api(Action::kReadVoiceEscalations, [svc](Request& req, const Principal& who) {
               auto items = svc->Escalations(who);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& e : *items) out["items"].push_back(EscalationJson(e, false));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/voice/escalations/{id}/meldcode",
             shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende doorzetting"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"person_id"});
               auto person = f.Int("person_id", true);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto e = svc->StartMeldcode(who, *id, *person);
               if (!e.ok()) return Problem(e.status(), req.path);
               return Response::Json(201, EscalationJson(*e, false).dump());
             }));

  router.Add("GET", "/api/v1/voice/escalations/{id}",
             shell.Api(Action::kReadVoiceEscalations, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende doorzetting"), req.path);
               auto e = svc->Escalation(who, *id);
               if (!e.ok()) return Problem(e.status(), req.path);
               return Response::Json(200, EscalationJson(*e, true).dump());
             }));
}

}  // namespace inbeeld
