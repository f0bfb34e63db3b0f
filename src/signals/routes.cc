#include "signals/routes.h"

#include <algorithm>
#include <map>
#include <set>

#include "http/json_body.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

nlohmann::json Opt(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json SignalJson(const SignalView& v) {
  nlohmann::json j = {
      {"id", v.id},
      {"child",
       {{"id", v.person_id ? nlohmann::json(*v.person_id) : nlohmann::json(nullptr)},
        {"name", v.child_name},
        {"birth_date", v.child_birth_date},
        {"linked", v.person_id.has_value()}}},
      {"organisation", {{"id", v.org_id}, {"name", v.org_name}}},
      {"contact",
       {{"name", v.contact_name}, {"phone", v.contact_phone}, {"email", v.contact_email}}},
      {"category", v.category},
      {"level", v.level},
      {"signal_date", v.signal_date},
      {"state", v.state},
      {"active_until", v.active_until},
      {"archive_until", v.archive_until},
      {"created_ms", v.created_ms},
      {"updated_ms", v.updated_ms}};
  if (v.note_visible) j["note"] = v.note;
  return j;
}

nlohmann::json MatchJson(const SignalMatchView& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"state", m.state},
          {"my_signal_id", m.my_signal_id},
          {"child",
           {{"id", m.child_id ? nlohmann::json(*m.child_id) : nlohmann::json(nullptr)},
            {"name", m.child_name},
            {"birth_date", m.child_birth_date}}},
          {"other",
           {{"organisation", m.other_org_name},
            {"name", m.other_contact_name},
            {"phone", m.other_contact_phone},
            {"email", m.other_contact_email}}},
          {"created_ms", m.created_ms},
          {"due_date", m.due_date},
          {"coordinator",
           m.coordinator.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.coordinator)},
          {"coordinator_organisation", m.coordinator_org_name},
          {"followed_up_ms", Opt(m.followed_up_ms)},
          {"overdue_ms", Opt(m.overdue_ms)}};
}

nlohmann::json ResultJson(const SignalResult& r) {
  return {{"signal", SignalJson(r.signal)},
          {"created", r.created},
          {"new_matches", r.new_matches},
          {"reviews", r.reviews}};
}

nlohmann::json RuleJson(const SignalRule& r) {
  return {{"code", r.code},
          {"kind", SignalRuleKindName(r.kind)},
          {"scope", SignalRuleScopeName(r.scope)},
          {"min_signals", r.min_signals},
          {"min_orgs", r.min_orgs},
          {"window_days", r.window_days},
          {"active", r.active},
          {"version", r.version}};
}

nlohmann::json ReviewJson(const SignalReviewView& v) {
  return {
      {"id", v.id},
      {"rule", {{"code", v.rule_code}, {"version", v.rule_version}}},
      {"child", {{"id", v.person_id}, {"name", v.child_name}, {"birth_date", v.child_birth_date}}},
      {"fired_ms", v.fired_ms},
      {"explanation", v.explanation},
      {"signal_event_ids", v.event_ids},
      {"hwc_notice_ids", v.hwc_notice_ids},
      {"state", v.state},
      {"outcome", v.outcome},
      {"closed_ms", Opt(v.closed_ms)}};
}

nlohmann::json RadarJson(const Radar& r) {
  nlohmann::json j = {
      {"subject", r.subject}, {"persons", r.persons}, {"entries", nlohmann::json::array()}};
  for (const auto& e : r.entries) {
    j["entries"].push_back({{"date", e.date},
                            {"at_ms", e.at_ms},
                            {"kind", e.kind},
                            {"person", {{"id", e.person_id}, {"name", e.person_name}}},
                            {"organisation", e.org_name},
                            {"title", e.title},
                            {"detail", e.detail}});
  }
  return j;
}

// Reads the radar filter from query or form fields (van/from, tot/to, soort/kind).
Result<RadarFilter> FilterFrom(const std::string& from, const std::string& to,
                               const std::vector<std::string>& kinds) {
  RadarFilter f;
  std::vector<FieldError> errors;
  if (!from.empty()) {
    auto d = ParseIsoDate(from, "from");
    if (!d.ok())
      errors.push_back({"from", "datum als JJJJ-MM-DD"});
    else
      f.from = *d;
  }
  if (!to.empty()) {
    auto d = ParseIsoDate(to, "to");
    if (!d.ok())
      errors.push_back({"to", "datum als JJJJ-MM-DD"});
    else
      f.to = *d;
  }
  for (const auto& k : kinds) {
    if (!k.empty()) f.kinds.insert(k);
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  return f;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Result<SignalInput> InputFromJson(const nlohmann::json& body) {
  JsonFields f(body);
  f.RejectUnknown({"child", "category", "level", "note", "signal_date", "contact"});
  SignalInput in;
  in.category = f.String("category", true, 40).value_or("");
  in.level = f.Int("level", true).value_or(0);
  in.note = f.String("note", false, 1000).value_or("");
  in.signal_date = f.String("signal_date", false, 10).value_or("");
  if (!body.contains("child") || !body["child"].is_object()) {
    f.AddError("child", "een object met person_id, bsn, of naam en geboortedatum");
  } else {
    JsonFields c(body["child"]);
    c.RejectUnknown(
        {"person_id", "bsn", "first_name", "last_name", "birth_date", "postcode", "house_number"});
    if (auto id = c.Int("person_id", false)) in.person_id = *id;
    in.bsn = c.String("bsn", false, 20).value_or("");
    in.first_name = c.String("first_name", false, 100).value_or("");
    in.last_name = c.String("last_name", false, 100).value_or("");
    in.birth_date = c.String("birth_date", false, 10).value_or("");
    in.postcode = c.String("postcode", false, 8).value_or("");
    in.house_number = c.String("house_number", false, 12).value_or("");
    if (!c.ok()) {
      for (const auto& e : c.status().errors()) f.AddError("child." + e.field, e.message);
    }
  }
  if (body.contains("contact")) {
    if (!body["contact"].is_object()) {
      f.AddError("contact", "een object met phone en/of email");
    } else {
      JsonFields c(body["contact"]);
      c.RejectUnknown({"phone", "email"});
      in.contact_phone = c.String("phone", false, 30).value_or("");
      in.contact_email = c.String("email", false, 200).value_or("");
      if (!c.ok()) {
        for (const auto& e : c.status().errors()) f.AddError("contact." + e.field, e.message);
      }
    }
  }
  if (!f.ok()) return f.status();
  return in;
}

std::string LevelKey(int level) {
  return "signals.level." + std::to_string(level);
}

}  // namespace

void AddSignalRoutes(Router& router, const WebShell& shell, SignalService& signals,
                     const Clock& clock, OutboxWorker* worker, SignalRouteOptions options) {
  SignalService* svc = &signals;
  const Clock* clk = &clock;
  const WebShell* s = &shell;

  // --- API -----------------------------------------------------------------
  router.Add("GET", "/api/v1/signal-categories",
             shell.Api(Action::kReadSignalCategories, [svc](Request& req, const Principal&) {
               auto cats = svc->Categories();
               if (!cats.ok()) return Problem(cats.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& c : *cats) {
                 if (c.active)
                   out["items"].push_back(
                       {{"code", c.code}, {"label_nl", c.label_nl}, {"label_en", c.label_en}});
               }
               return Response::Json(200, out.dump());
             }));

  router.Add("PUT", "/api/v1/signal-categories/{code}",
             shell.Api(Action::kManageSignalRules, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"label_nl", "label_en", "active"});
               SignalCategory c;
               c.code = req.PathParam("code");
               c.label_nl = f.String("label_nl", true, 100).value_or("");
               c.label_en = f.String("label_en", true, 100).value_or("");
               c.active = f.Bool("active", true).value_or(true);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->PutCategory(who, c);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, nlohmann::json{{"code", r->code},
                                                         {"label_nl", r->label_nl},
                                                         {"label_en", r->label_en},
                                                         {"active", r->active}}
                                              .dump());
             }));

  router.Add("POST", "/api/v1/signals",
             shell.Api(Action::kRegisterSignal, [svc, worker](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               auto in = InputFromJson(body);
               if (!in.ok()) return Problem(in.status(), req.path);
               auto r = svc->Register(who, *in);
               if (!r.ok()) return Problem(r.status(), req.path);
               if (worker && !r->new_matches.empty()) worker->Wake();
               return Response::Json(r->created ? 201 : 200, ResultJson(*r).dump());
             }));

  router.Add("GET", "/api/v1/signals",
             shell.Api(Action::kRegisterSignal, [svc](Request& req, const Principal& who) {
               auto items = svc->OwnSignals(who, 500);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(SignalJson(v));
               return Response::Json(200, out.dump());
             }));

  router.Add("GET", "/api/v1/signals/unlinked",
             shell.Api(Action::kReadRadar, [svc](Request& req, const Principal& who) {
               auto items = svc->Unlinked(who, 200);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(SignalJson(v));
               return Response::Json(200, out.dump());
             }));

  // Own organisation or Veilig Thuis (the service decides and logs a refusal).
  router.Add("GET", "/api/v1/signals/{id}",
             shell.Api(Action::kReadSignalCategories, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend signaal"), req.path);
               auto v = svc->Get(who, *id);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, SignalJson(*v).dump());
             }));

  router.Add("POST", "/api/v1/signals/{id}/link",
             shell.Api(Action::kReadRadar, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend signaal"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"person_id"});
               auto person = f.Int("person_id", true);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->Link(who, *id, *person);
               if (!r.ok()) return Problem(r.status(), req.path);
               if (worker && !r->new_matches.empty()) worker->Wake();
               return Response::Json(200, ResultJson(*r).dump());
             }));

  router.Add("GET", "/api/v1/signal-matches",
             shell.Api(Action::kRegisterSignal, [svc](Request& req, const Principal& who) {
               auto items = svc->Matches(who, 500);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& m : *items) out["items"].push_back(MatchJson(m));
               return Response::Json(200, out.dump());
             }));

  router.Add("GET", "/api/v1/signal-matches/stats",
             shell.Api(Action::kReadRadar, [svc](Request& req, const Principal&) {
               auto st = svc->MatchStats();
               if (!st.ok()) return Problem(st.status(), req.path);
               return Response::Json(
                   200, nlohmann::json{{"total", st->total},
                                       {"followed_up", st->followed_up},
                                       {"open", st->open},
                                       {"overdue", st->overdue},
                                       {"overdue_then_followed_up", st->overdue_then_followed_up}}
                            .dump());
             }));

  router.Add("POST", "/api/v1/signal-matches/{id}/coordinator",
             shell.Api(Action::kRegisterSignal, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende match"), req.path);
               auto m = svc->TakeCoordination(who, *id);
               if (!m.ok()) return Problem(m.status(), req.path);
               if (worker) worker->Wake();
               return Response::Json(200, MatchJson(*m).dump());
             }));

  router.Add("POST", "/api/v1/signal-matches/{id}/follow-up",
             shell.Api(Action::kRegisterSignal, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende match"), req.path);
               auto m = svc->MarkFollowedUp(who, *id);
               if (!m.ok()) return Problem(m.status(), req.path);
               return Response::Json(200, MatchJson(*m).dump());
             }));

  router.Add("GET", "/api/v1/signal-rules",
             shell.Api(Action::kReadSignalRules, [svc](Request& req, const Principal&) {
               auto rules = svc->Rules();
               if (!rules.ok()) return Problem(rules.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& r : *rules) out["items"].push_back(RuleJson(r));
               return Response::Json(200, out.dump());
             }));

  router.Add("PUT", "/api/v1/signal-rules/{code}",
             shell.Api(Action::kManageSignalRules, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"min_signals", "min_orgs", "window_days", "active"});
               SignalRule rule;
               rule.min_signals = static_cast<int>(
                   std::clamp<int64_t>(f.Int("min_signals", true).value_or(0), -1, 1000000));
               rule.min_orgs = static_cast<int>(
                   std::clamp<int64_t>(f.Int("min_orgs", true).value_or(0), -1, 1000000));
               rule.window_days = static_cast<int>(
                   std::clamp<int64_t>(f.Int("window_days", true).value_or(0), -1, 1000000));
               rule.active = f.Bool("active", true).value_or(true);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->UpdateRule(who, req.PathParam("code"), rule);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, RuleJson(*r).dump());
             }));

  router.Add("GET", "/api/v1/signal-reviews",
             shell.Api(Action::kReadRadar, [svc](Request& req, const Principal& who) {
               auto items = svc->Reviews(who, req.Query("state"), 500);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(ReviewJson(v));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/signal-reviews/{id}/close",
             shell.Api(Action::kReadRadar, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende radartaak"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"outcome"});
               auto outcome = f.String("outcome", true, 500);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v = svc->CloseReview(who, *id, *outcome);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, ReviewJson(*v).dump());
             }));

  auto radar_api = [svc](Request& req, const Principal& who, bool household) {
    auto id = ParseId(req.PathParam("id"));
    if (!id)
      return Problem(Status::NotFound(household ? "onbekend huishouden" : "onbekende persoon"),
                     req.path);
    auto f = FilterFrom(req.Query("from"), req.Query("to"), SplitComma(req.Query("kinds")));
    if (!f.ok()) return Problem(f.status(), req.path);
    auto r = household ? svc->HouseholdRadar(who, *id, req.Query("reason"), *f)
                       : svc->PersonRadar(who, *id, req.Query("reason"), *f);
    if (!r.ok()) return Problem(r.status(), req.path);
    return Response::Json(200, RadarJson(*r).dump());
  };
  router.Add("GET", "/api/v1/radar/persons/{id}",
             shell.Api(Action::kReadRadar, [radar_api](Request& req, const Principal& who) {
               return radar_api(req, who, false);
             }));
  router.Add("GET", "/api/v1/radar/households/{id}",
             shell.Api(Action::kReadRadar, [radar_api](Request& req, const Principal& who) {
               return radar_api(req, who, true);
             }));

  router.Add(
      "POST", "/api/v1/signals/jobs/run",
      shell.Api(Action::kRunSignalJobs, [svc, clk, worker, options](Request& req,
                                                                    const Principal&) {
        nlohmann::json body;
        Response err;
        if (!ParseJsonObject(req, &body, &err)) return err;
        JsonFields f(body);
        f.RejectUnknown({"now_ms"});
        auto now = f.Int("now_ms", false);
        if (!f.ok()) return Problem(f.status(), req.path);
        if (now && !options.allow_jobs_at) {
          return Problem(
              Status::Conflict(
                  "een eigen tijdstip kan alleen in een testinstallatie (INBEELD_TEST_CLOCK=1)"),
              req.path);
        }
        auto st = svc->RunJobs(now.value_or(0) > 0 ? *now : clk->NowMs());
        if (!st.ok()) return Problem(st.status(), req.path);
        if (worker && st->overdue_matches > 0) worker->Wake();
        return Response::Json(200, nlohmann::json{{"archived", st->archived},
                                                  {"deleted", st->deleted},
                                                  {"overdue_matches", st->overdue_matches}}
                                       .dump());
      }));

  // --- pages ---------------------------------------------------------------
  auto categories_ctx = [svc](const std::string& lang, const std::string& selected) {
    nlohmann::json out = nlohmann::json::array();
    auto cats = svc->Categories();
    if (!cats.ok()) return out;
    for (const auto& c : *cats) {
      if (!c.active) continue;
      out.push_back({{"code", c.code},
                     {"label", lang == "en" ? c.label_en : c.label_nl},
                     {"selected", c.code == selected}});
    }
    return out;
  };
  auto label_of = [svc](const std::string& lang, const std::string& code) {
    auto cats = svc->Categories();
    if (cats.ok()) {
      for (const auto& c : *cats) {
        if (c.code == code) return lang == "en" ? c.label_en : c.label_nl;
      }
    }
    return code;
  };

  router.Add(
      "GET", "/signalen",
      shell.Page(Action::kRegisterSignal, [s, svc, label_of](Request& req, const Principal& who) {
        std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "signals.list.title");
        ctx["csrf"] = who.csrf_token;
        auto mine = svc->OwnSignals(who, 200);
        if (!mine.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(mine.status()), mine.status().message());
        ctx["signals"] = nlohmann::json::array();
        for (const auto& v : *mine) {
          auto bd = ParseIsoDate(v.child_birth_date);
          ctx["signals"].push_back(
              {{"id", std::to_string(v.id)},
               {"child", v.child_name},
               {"birth_date", bd.ok() ? FormatLongDate(*bd, lang) : v.child_birth_date},
               {"linked", v.person_id.has_value()},
               {"person_id", v.person_id ? std::to_string(*v.person_id) : std::string()},
               {"category", label_of(lang, v.category)},
               {"level", t.Translate(lang, LevelKey(v.level))},
               {"date", v.signal_date},
               {"note", v.note},
               {"active", v.state == "active"},
               {"active_until", v.active_until}});
        }
        ctx["no_signals"] = mine->empty();
        auto matches = svc->Matches(who, 200);
        if (!matches.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(matches.status()),
                              matches.status().message());
        ctx["matches"] = nlohmann::json::array();
        for (const auto& m : *matches) {
          ctx["matches"].push_back({{"id", std::to_string(m.id)},
                                    {"child", m.child_name},
                                    {"household", m.kind == "household"},
                                    {"other_org", m.other_org_name},
                                    {"other_name", m.other_contact_name},
                                    {"other_phone", m.other_contact_phone},
                                    {"other_email", m.other_contact_email},
                                    {"due", m.due_date},
                                    {"state", t.Translate(lang, "signals.match_state." + m.state)},
                                    {"open", !m.followed_up_ms.has_value()},
                                    {"coordinator_me", m.coordinator == "me"},
                                    {"coordinator_other", m.coordinator == "other"},
                                    {"no_coordinator", m.coordinator.empty()},
                                    {"coordinator_org", m.coordinator_org_name},
                                    {"csrf", who.csrf_token}});
        }
        ctx["no_matches"] = matches->empty();
        if (auto n = req.Query("nieuw"); !n.empty()) {
          ctx["saved"] = true;
          ctx["saved_matches"] = req.Query("matches");
          ctx["has_saved_matches"] = !req.Query("matches").empty() && req.Query("matches") != "0";
        }
        return s->RenderPage(req, &who, "signals_list", ctx);
      }));

  auto form_page = [s, categories_ctx](Request& req, const Principal& who, nlohmann::json ctx,
                                       int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["title"] = t.Translate(lang, "signals.form.title");
    ctx["csrf"] = who.csrf_token;
    ctx["categories"] = categories_ctx(lang, ctx.value("category", std::string()));
    std::string level = ctx.value("level", std::string("1"));
    ctx["levels"] = nlohmann::json::array();
    for (int l = 1; l <= 3; ++l) {
      ctx["levels"].push_back({{"value", std::to_string(l)},
                               {"label", t.Translate(lang, LevelKey(l))},
                               {"checked", level == std::to_string(l)}});
    }
    if (!ctx.contains("phone")) ctx["phone"] = "";
    if (!ctx.contains("email")) ctx["email"] = who.user.email;
    return s->RenderPage(req, &who, "signal_form", ctx, status);
  };

  router.Add("GET", "/signalen/nieuw",
             shell.Page(Action::kRegisterSignal, [form_page](Request& req, const Principal& who) {
               return form_page(req, who, nlohmann::json::object(), 200);
             }));

  router.Add("POST", "/signalen/nieuw",
             shell.Page(Action::kRegisterSignal, [svc, worker, form_page](Request& req,
                                                                          const Principal& who) {
               auto form = ParseUrlEncoded(req.body);
               auto get = [&](const char* k) {
                 auto it = form.find(k);
                 return it == form.end() ? std::string() : it->second;
               };
               SignalInput in;
               in.bsn = get("bsn");
               in.first_name = get("voornaam");
               in.last_name = get("achternaam");
               in.birth_date = get("geboortedatum");
               in.postcode = get("postcode");
               in.house_number = get("huisnummer");
               in.category = get("categorie");
               in.level = ParseId(get("niveau")).value_or(0);
               in.note = get("notitie");
               in.signal_date = get("datum");
               in.contact_phone = get("telefoon");
               in.contact_email = get("email");
               auto r = svc->Register(who, in);
               if (!r.ok()) {
                 nlohmann::json ctx = {{"bsn", in.bsn},
                                       {"voornaam", in.first_name},
                                       {"achternaam", in.last_name},
                                       {"geboortedatum", in.birth_date},
                                       {"postcode", in.postcode},
                                       {"huisnummer", in.house_number},
                                       {"category", in.category},
                                       {"level", get("niveau")},
                                       {"notitie", in.note},
                                       {"datum", in.signal_date},
                                       {"phone", in.contact_phone},
                                       {"email", in.contact_email}};
                 ctx["errors"] = nlohmann::json::array();
                 for (const auto& e : r.status().errors())
                   ctx["errors"].push_back({{"message", e.message}, {"field", e.field}});
                 if (ctx["errors"].empty())
                   ctx["errors"].push_back({{"message", r.status().message()}, {"field", ""}});
                 ctx["has_errors"] = true;
                 return form_page(req, who, ctx, HttpStatusFor(r.status()));
               }
               if (worker && !r->new_matches.empty()) worker->Wake();
               return Response::Redirect("/signalen?nieuw=" + std::to_string(r->signal.id) +
                                         "&matches=" + std::to_string(r->new_matches.size()));
             }));

  router.Add(
      "POST", "/signalen/matches/{id}/regie",
      shell.Page(Action::kRegisterSignal, [s, svc, worker](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        auto m = id ? svc->TakeCoordination(who, *id)
                    : Result<SignalMatchView>(Status::NotFound("onbekende match"));
        if (!m.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(m.status()), m.status().message());
        if (worker) worker->Wake();
        return Response::Redirect("/signalen#match-" + std::to_string(*id));
      }));

  router.Add("POST", "/signalen/matches/{id}/opgevolgd",
             shell.Page(Action::kRegisterSignal, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto m = id ? svc->MarkFollowedUp(who, *id)
                           : Result<SignalMatchView>(Status::NotFound("onbekende match"));
               if (!m.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(m.status()), m.status().message());
               return Response::Redirect("/signalen#match-" + std::to_string(*id));
             }));

  router.Add("GET", "/radar",
             shell.Page(Action::kReadRadar, [s, svc](Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "radar.home.title");
               ctx["csrf"] = who.csrf_token;
               auto reviews = svc->Reviews(who, "open", 200);
               if (!reviews.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(reviews.status()),
                                     reviews.status().message());
               ctx["reviews"] = nlohmann::json::array();
               for (const auto& v : *reviews) {
                 ctx["reviews"].push_back({{"id", std::to_string(v.id)},
                                           {"child", v.child_name},
                                           {"person_id", std::to_string(v.person_id)},
                                           {"fired", FormatAmsterdam(v.fired_ms)},
                                           {"explanation", v.explanation},
                                           {"rule", v.rule_code},
                                           {"csrf", who.csrf_token}});
               }
               ctx["no_reviews"] = reviews->empty();
               auto unlinked = svc->Unlinked(who, 100);
               if (!unlinked.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(unlinked.status()),
                                     unlinked.status().message());
               ctx["unlinked"] = nlohmann::json::array();
               for (const auto& v : *unlinked) {
                 ctx["unlinked"].push_back({{"id", std::to_string(v.id)},
                                            {"child", v.child_name},
                                            {"birth_date", v.child_birth_date},
                                            {"org", v.org_name},
                                            {"date", v.signal_date}});
               }
               ctx["has_unlinked"] = !unlinked->empty();
               auto st = svc->MatchStats();
               if (st.ok()) {
                 ctx["stats"] = {{"total", std::to_string(st->total)},
                                 {"followed_up", std::to_string(st->followed_up)},
                                 {"open", std::to_string(st->open)},
                                 {"overdue", std::to_string(st->overdue)}};
               }
               return s->RenderPage(req, &who, "radar_home", ctx);
             }));

  router.Add("POST", "/radar/taken/{id}/afsluiten",
             shell.Page(Action::kReadRadar, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto form = ParseUrlEncoded(req.body);
               auto it = form.find("uitkomst");
               auto v = id ? svc->CloseReview(who, *id, it == form.end() ? "" : it->second)
                           : Result<SignalReviewView>(Status::NotFound("onbekende radartaak"));
               if (!v.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(v.status()), v.status().message());
               return Response::Redirect("/radar");
             }));

  // The chronology: GET shows the reason form; POST (with reason and filters) the radar.
  auto radar_page = [s, svc](Request& req, const Principal& who, bool household, bool submitted) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    auto id = ParseId(req.PathParam("id"));
    if (!id) return s->ErrorPage(req, &who, 404, t.Translate(lang, "error.not_found"));
    std::multimap<std::string, std::string> form;
    if (submitted) form = ParseUrlEncoded(req.body);
    auto get = [&](const char* k) {
      auto it = form.find(k);
      return it == form.end() ? std::string() : it->second;
    };
    std::vector<std::string> kinds;
    for (auto [it, end] = form.equal_range("soort"); it != end; ++it) kinds.push_back(it->second);
    nlohmann::json ctx;
    ctx["title"] = t.Translate(lang, "radar.view.title");
    ctx["csrf"] = who.csrf_token;
    ctx["action"] =
        std::string(household ? "/radar/huishoudens/" : "/radar/personen/") + std::to_string(*id);
    ctx["reden"] = get("reden");
    ctx["van"] = get("van");
    ctx["tot"] = get("tot");
    ctx["kinds"] = nlohmann::json::array();
    for (const char* k : {"signal", "match", "hwc", "review", "vt"}) {
      bool on = kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
      ctx["kinds"].push_back({{"value", k},
                              {"label", t.Translate(lang, std::string("radar.kind.") + k)},
                              {"checked", on}});
    }
    int status = 200;
    if (submitted) {
      auto f = FilterFrom(get("van"), get("tot"), kinds);
      Result<Radar> r = f.ok() ? (household ? svc->HouseholdRadar(who, *id, get("reden"), *f)
                                            : svc->PersonRadar(who, *id, get("reden"), *f))
                               : Result<Radar>(f.status());
      if (!r.ok()) {
        status = HttpStatusFor(r.status());
        ctx["errors"] = nlohmann::json::array();
        for (const auto& e : r.status().errors()) ctx["errors"].push_back({{"message", e.message}});
        if (ctx["errors"].empty()) ctx["errors"].push_back({{"message", r.status().message()}});
        ctx["has_errors"] = true;
      } else {
        ctx["shown"] = true;
        ctx["subject"] = r->subject;
        ctx["entries"] = nlohmann::json::array();
        for (const auto& e : r->entries) {
          auto d = ParseIsoDate(e.date);
          ctx["entries"].push_back({{"date", d.ok() ? FormatLongDate(*d, lang) : e.date},
                                    {"kind", e.kind},
                                    {"kind_label", t.Translate(lang, "radar.kind." + e.kind)},
                                    {"person", e.person_name},
                                    {"org", e.org_name},
                                    {"title", e.title},
                                    {"detail", e.detail}});
        }
        ctx["none"] = r->entries.empty();
        ctx["count"] = std::to_string(r->entries.size());
      }
    }
    return s->RenderPage(req, &who, "radar_view", ctx, status);
  };
  router.Add("GET", "/radar/personen/{id}",
             shell.Page(Action::kReadRadar, [radar_page](Request& req, const Principal& who) {
               return radar_page(req, who, false, false);
             }));
  router.Add("POST", "/radar/personen/{id}",
             shell.Page(Action::kReadRadar, [radar_page](Request& req, const Principal& who) {
               return radar_page(req, who, false, true);
             }));
  router.Add("GET", "/radar/huishoudens/{id}",
             shell.Page(Action::kReadRadar, [radar_page](Request& req, const Principal& who) {
               return radar_page(req, who, true, false);
             }));
  router.Add("POST", "/radar/huishoudens/{id}",
             shell.Page(Action::kReadRadar, [radar_page](Request& req, const Principal& who) {
               return radar_page(req, who, true, true);
             }));
}

}  // namespace inbeeld
