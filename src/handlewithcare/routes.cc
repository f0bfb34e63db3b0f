#include "handlewithcare/routes.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "handlewithcare/input.h"
#include "http/json_body.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

nlohmann::json Opt(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json Opt(const std::optional<bool>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json NoticeJson(const HwcNoticeView& v, bool for_school) {
  nlohmann::json j = {
      {"id", v.id},
      {"child", {{"id", v.person_id}, {"name", v.child_name}, {"birth_date", v.birth_date}}},
      {"recipient", {{"id", v.org_id}, {"name", v.recipient_name}, {"kind", v.recipient_kind}}},
      {"school_day", v.school_day},
      {"due_ms", v.due_ms},
      {"due_at", FormatAmsterdam(v.due_ms)},
      {"state", v.state},
      {"created_ms", v.created_ms},
      {"delivered_ms", Opt(v.delivered_ms)},
      {"acknowledged_ms", Opt(v.acknowledged_ms)},
      {"support_offered", Opt(v.support_offered)},
      {"talk_accepted", Opt(v.talk_accepted)}};
  if (v.present) j["present"] = *v.present;
  if (!for_school) {
    j["reason"] = v.reason;
    j["due_explanation"] = v.due_explanation;
    j["contacts"] = v.contacts;
    j["deliveries_queued"] = v.deliveries_queued;
    j["last_error"] = v.last_error;
    j["deputy_escalated_ms"] = Opt(v.deputy_escalated_ms);
    j["late_alerted_ms"] = Opt(v.late_alerted_ms);
  }
  return j;
}

nlohmann::json IncidentResultJson(const HwcIncidentResult& r) {
  nlohmann::json j = {{"incident_id", r.incident_id},
                      {"created", r.created},
                      {"notices", nlohmann::json::array()},
                      {"skipped", r.skipped}};
  for (const auto& n : r.notices) {
    j["notices"].push_back({{"id", n.id},
                            {"child_id", n.person_id},
                            {"recipient_id", n.org_id},
                            {"recipient_kind", n.recipient_kind},
                            {"school_day", n.school_day},
                            {"due_ms", n.due_ms},
                            {"due_at", FormatAmsterdam(n.due_ms)},
                            {"merged", n.merged}});
  }
  return j;
}

const char* const kStates[] = {"queued",    "delivered", "acknowledged",
                               "escalated", "late",      "no_contact"};

nlohmann::json PageNotice(const HwcNoticeView& v, const Templates& t, const std::string& lang,
                          const std::string& csrf) {
  auto bd = ParseIsoDate(v.birth_date);
  nlohmann::json j = {
      {"id", std::to_string(v.id)},
      {"child", v.child_name},
      {"birth_date", bd.ok() ? FormatLongDate(*bd, lang) : v.birth_date},
      {"recipient", v.recipient_name},
      {"due", FormatAmsterdam(v.due_ms)},
      {"created", FormatAmsterdam(v.created_ms)},
      {"delivered", v.delivered_ms ? FormatAmsterdam(*v.delivered_ms) : "—"},
      {"acknowledged", v.acknowledged_ms ? FormatAmsterdam(*v.acknowledged_ms) : ""},
      {"escalated", v.deputy_escalated_ms ? FormatAmsterdam(*v.deputy_escalated_ms) : ""},
      {"state", v.state},
      {"state_label", t.Translate(lang, "hwc.state." + v.state)},
      {"is_acknowledged", v.acknowledged_ms.has_value()},
      {"support_recorded", v.support_offered.has_value()},
      {"support_offered", v.support_offered.value_or(false)},
      {"talk_accepted", v.talk_accepted.value_or(false)},
      {"reason", v.reason},
      {"last_error", v.last_error},
      {"csrf", csrf}};
  if (v.present) j["present"] = t.Translate(lang, *v.present ? "hwc.yes" : "hwc.no");
  return j;
}

nlohmann::json RegionJson(const HwcRegionSettings& r) {
  nlohmann::json roles = nlohmann::json::array();
  for (Role role : r.config.registrant_roles) roles.push_back(std::string(RoleName(role)));
  return {{"id", r.org_id},
          {"name", r.name},
          {"configured", r.configured},
          {"min_age", r.config.min_age},
          {"max_age", r.config.max_age},
          {"include_present", r.config.include_present},
          {"registrant_roles", roles},
          {"municipalities", r.municipalities},
          {"updated_ms", Opt(r.updated_ms)}};
}

nlohmann::json SchoolSettingsJson(const HwcSchoolSettings& st) {
  nlohmann::json out = {{"webhook_url", st.webhook_url},
                        {"days_off", nlohmann::json::array()},
                        {"school_days", nlohmann::json::array()}};
  for (const auto& r : st.days.days_off)
    out["days_off"].push_back({{"from", FormatIsoDate(r.first)}, {"to", FormatIsoDate(r.last)}});
  for (const auto& r : st.days.school_days)
    out["school_days"].push_back({{"from", FormatIsoDate(r.first)}, {"to", FormatIsoDate(r.last)}});
  return out;
}

}  // namespace

void AddHwcRoutes(Router& router, const WebShell& shell, HwcService& hwc, const Clock& clock,
                  OutboxWorker* worker, HwcRouteOptions options) {
  HwcService* svc = &hwc;
  const WebShell* s = &shell;
  const Clock* clk = &clock;

  // --- API -----------------------------------------------------------------
  router.Add(
      "POST", "/api/v1/hwc/incidents",
      shell.Api(Action::kRegisterHwcIncident, [svc, worker](Request& req, const Principal& who) {
        nlohmann::json body;
        Response err;
        if (!ParseJsonObject(req, &body, &err)) return err;
        auto in = ParseHwcIncidentJson(body, req.Header("idempotency-key"));
        if (!in.ok()) return Problem(in.status(), req.path);
        auto r = svc->RegisterIncident(who, *in);
        if (!r.ok()) return Problem(r.status(), req.path);
        if (worker && r->created) worker->Wake();
        return Response::Json(r->created ? 201 : 200, IncidentResultJson(*r).dump());
      }));

  router.Add(
      "GET", "/api/v1/hwc/addresses/children",
      shell.Api(Action::kRegisterHwcIncident, [svc](Request& req, const Principal& who) {
        auto found = svc->ProposeChildren(who, req.Query("postcode"), req.Query("house_number"));
        if (!found.ok()) return Problem(found.status(), req.path);
        nlohmann::json out = {{"items", nlohmann::json::array()}};
        for (const auto& p : *found) {
          out["items"].push_back(
              {{"id", p.id}, {"name", p.name}, {"birth_date", p.birth_date}, {"age", p.age}});
        }
        return Response::Json(200, out.dump());
      }));

  auto dashboard_json = [svc, clk](Request& req, const Principal& who, bool review) {
    HwcNoticeFilter f;
    f.state = req.Query("state");
    f.school_day = req.Query("date");
    if (review && f.school_day.empty()) f.school_day = FormatIsoDate(clk->Today());
    auto items = svc->Dashboard(who, f);
    if (!items.ok()) return Problem(items.status(), req.path);
    nlohmann::json out = {{"items", nlohmann::json::array()}, {"counts", nlohmann::json::object()}};
    for (const char* st : kStates) out["counts"][st] = 0;
    for (const auto& v : *items) {
      out["items"].push_back(NoticeJson(v, false));
      out["counts"][v.state] = out["counts"][v.state].get<int>() + 1;
    }
    if (review) out["date"] = f.school_day;
    return Response::Json(200, out.dump());
  };
  router.Add(
      "GET", "/api/v1/hwc/notices",
      shell.Api(Action::kReadHwcDashboard, [dashboard_json](Request& req, const Principal& who) {
        return dashboard_json(req, who, false);
      }));
  router.Add(
      "GET", "/api/v1/hwc/review",
      shell.Api(Action::kReadHwcDashboard, [dashboard_json](Request& req, const Principal& who) {
        return dashboard_json(req, who, true);
      }));

  router.Add("GET", "/api/v1/hwc/inbox",
             shell.Api(Action::kReadHwcInbox, [svc](Request& req, const Principal& who) {
               auto items = svc->Inbox(who, 200);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(NoticeJson(v, true));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/hwc/notices/{id}/acknowledge",
             shell.Api(Action::kReadHwcInbox, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend signaal"), req.path);
               auto v = svc->Acknowledge(who, *id);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, NoticeJson(*v, true).dump());
             }));

  router.Add("POST", "/api/v1/hwc/notices/{id}/support",
             shell.Api(Action::kReadHwcInbox, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend signaal"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"support_offered", "talk_accepted"});
               auto offered = f.Bool("support_offered", true);
               std::optional<bool> talk;
               if (body.contains("talk_accepted") && !body["talk_accepted"].is_null())
                 talk = f.Bool("talk_accepted", true);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v = svc->RecordSupport(who, *id, *offered, talk);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, NoticeJson(*v, true).dump());
             }));

  router.Add("GET", "/api/v1/hwc/schools/{id}/settings",
             shell.Api(Action::kManageHwcSchools, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende school"), req.path);
               auto st = svc->SchoolSettings(who, *id);
               if (!st.ok()) return Problem(st.status(), req.path);
               return Response::Json(200, SchoolSettingsJson(*st).dump());
             }));

  router.Add("PUT", "/api/v1/hwc/schools/{id}/settings",
             shell.Api(Action::kManageHwcSchools, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende school"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"webhook_url", "days_off", "school_days"});
               auto webhook = f.String("webhook_url", false, 500);
               std::vector<FieldError> errors;
               SchoolDaysOff days = HwcDaysFromJson(body, &errors);
               for (const auto& e : errors) f.AddError(e.field, e.message);
               if (!f.ok()) return Problem(f.status(), req.path);
               HwcSchoolSettings st;
               st.webhook_url = webhook.value_or("");
               st.days = days;
               // Omitted: the webhook stays as it is (a school contact sends only the days).
               Status s2 = svc->SetSchoolSettings(who, *id, st, !webhook.has_value());
               if (!s2.ok()) return Problem(s2, req.path);
               Response r;
               r.status = 204;
               return r;
             }));

  router.Add("GET", "/api/v1/hwc/regions",
             shell.Api(Action::kManageHwcRegions, [svc](Request& req, const Principal&) {
               auto regions = svc->ListRegions();
               if (!regions.ok()) return Problem(regions.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& r : *regions) out["items"].push_back(RegionJson(r));
               return Response::Json(200, out.dump());
             }));

  router.Add("GET", "/api/v1/hwc/regions/{id}",
             shell.Api(Action::kManageHwcRegions, [svc](Request& req, const Principal&) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende Veilig Thuis-regio"), req.path);
               auto r = svc->GetRegion(*id);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, RegionJson(*r).dump());
             }));

  router.Add(
      "PUT", "/api/v1/hwc/regions/{id}",
      shell.Api(Action::kManageHwcRegions, [svc](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        if (!id) return Problem(Status::NotFound("onbekende Veilig Thuis-regio"), req.path);
        nlohmann::json body;
        Response err;
        if (!ParseJsonObject(req, &body, &err)) return err;
        JsonFields f(body);
        f.RejectUnknown(
            {"min_age", "max_age", "include_present", "registrant_roles", "municipalities"});
        // A full replacement: an omitted field takes the default.
        HwcRegionConfig config;
        if (auto v = f.Int("min_age", false))
          config.min_age = static_cast<int>(std::clamp<int64_t>(*v, -1, 99));
        if (auto v = f.Int("max_age", false))
          config.max_age = static_cast<int>(std::clamp<int64_t>(*v, -1, 99));
        if (auto v = f.Bool("include_present", false)) config.include_present = *v;
        std::vector<std::string> municipalities;
        if (body.contains("registrant_roles")) {
          const auto& arr = body["registrant_roles"];
          if (!arr.is_array() || arr.size() > 10) {
            f.AddError("registrant_roles",
                       "een lijst van rollen: police, vt_triage, vt_case_worker, vt_supervisor");
          } else {
            config.registrant_roles.clear();
            for (const auto& e : arr) {
              auto role = e.is_string() ? ParseRole(e.get<std::string>()) : std::nullopt;
              if (!role) {
                f.AddError("registrant_roles",
                           "onbekende rol: " + (e.is_string() ? e.get<std::string>() : e.dump()));
              } else if (std::find(config.registrant_roles.begin(), config.registrant_roles.end(),
                                   *role) == config.registrant_roles.end()) {
                config.registrant_roles.push_back(*role);
              }
            }
          }
        }
        if (body.contains("municipalities")) {
          const auto& arr = body["municipalities"];
          if (!arr.is_array() || arr.size() > 500) {
            f.AddError("municipalities", "een lijst van gemeentecodes (hoogstens 500)");
          } else {
            for (size_t i = 0; i < arr.size(); ++i) {
              if (!arr[i].is_string() || arr[i].get<std::string>().size() > 10) {
                f.AddError("municipalities[" + std::to_string(i) + "]", "gemeentecode als GM0363");
              } else {
                municipalities.push_back(arr[i].get<std::string>());
              }
            }
          }
        }
        if (!f.ok()) return Problem(f.status(), req.path);
        Status st = svc->SetRegion(who, *id, config, municipalities);
        if (!st.ok()) return Problem(st, req.path);
        auto r = svc->GetRegion(*id);
        if (!r.ok()) return Problem(r.status(), req.path);
        return Response::Json(200, RegionJson(*r).dump());
      }));

  router.Add("POST", "/api/v1/hwc/escalation/run",
             shell.Api(Action::kRunHwcEscalation, [svc, clk, worker, options](Request& req,
                                                                              const Principal&) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"now_ms"});
               auto now = f.Int("now_ms", false);
               if (!f.ok()) return Problem(f.status(), req.path);
               if (now && !options.allow_escalation_at) {
                 return Problem(Status::Conflict("een eigen tijdstip kan alleen in een "
                                                 "testinstallatie (INBEELD_TEST_HWC_CLOCK=1)"),
                                req.path);
               }
               auto stats = svc->RunEscalation(now.value_or(clk->NowMs()));
               if (!stats.ok()) return Problem(stats.status(), req.path);
               if (worker) worker->Wake();
               return Response::Json(
                   200, nlohmann::json{{"deputy", stats->deputy}, {"late", stats->late}}.dump());
             }));

  // --- pages ---------------------------------------------------------------
  auto form_page = [s, svc, clk](Request& req, const Principal& who, nlohmann::json ctx,
                                 int status) {
    std::string lang = WebShell::Lang(req);
    ctx["title"] = s->templates().Translate(lang, "hwc.form.title");
    ctx["csrf"] = who.csrf_token;
    if (!ctx.contains("occurred_at")) ctx["occurred_at"] = HwcLocalDateTimeText(clk->NowMs());
    std::string pc = ctx.value("postcode", std::string());
    std::string hn = ctx.value("huisnummer", std::string());
    if (!pc.empty() && !hn.empty()) {
      auto found = svc->ProposeChildren(who, pc, hn);
      if (!found.ok()) {
        ctx["lookup_error"] = found.status().message();
      } else {
        ctx["looked_up"] = true;
        ctx["children"] = nlohmann::json::array();
        for (const auto& p : *found) {
          auto bd = ParseIsoDate(p.birth_date);
          ctx["children"].push_back(
              {{"id", std::to_string(p.id)},
               {"name", p.name},
               {"birth_date", bd.ok() ? FormatLongDate(*bd, lang) : p.birth_date},
               {"age", std::to_string(p.age)}});
        }
        ctx["none"] = found->empty();
      }
    }
    return s->RenderPage(req, &who, "hwc_form", ctx, status);
  };

  router.Add(
      "GET", "/hwc/melden",
      shell.Page(Action::kRegisterHwcIncident, [form_page](Request& req, const Principal& who) {
        nlohmann::json ctx;
        ctx["postcode"] = req.Query("postcode");
        ctx["huisnummer"] = req.Query("huisnummer");
        if (!req.Query("tijdstip").empty()) ctx["occurred_at"] = req.Query("tijdstip");
        return form_page(req, who, ctx, 200);
      }));

  router.Add("POST", "/hwc/melden",
             shell.Page(Action::kRegisterHwcIncident, [s, svc, worker, form_page](
                                                          Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               auto form = ParseUrlEncoded(req.body);
               auto get = [&](const char* k) {
                 auto it = form.find(k);
                 return it == form.end() ? std::string() : it->second;
               };
               HwcIncidentInput in = ParseHwcIncidentForm(form);
               auto r = svc->RegisterIncident(who, in);
               if (!r.ok()) {
                 nlohmann::json ctx;
                 ctx["postcode"] = in.postcode;
                 ctx["huisnummer"] = in.house_number;
                 ctx["occurred_at"] = get("tijdstip");
                 ctx["pv"] = in.police_ref;
                 ctx["errors"] = nlohmann::json::array();
                 for (const auto& e : r.status().errors())
                   ctx["errors"].push_back({{"message", e.message}, {"field", e.field}});
                 if (ctx["errors"].empty())
                   ctx["errors"].push_back({{"message", r.status().message()}, {"field", ""}});
                 ctx["has_errors"] = true;
                 return form_page(req, who, ctx, HttpStatusFor(r.status()));
               }
               if (worker && r->created) worker->Wake();
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "hwc.done.title");
               ctx["created"] = r->created;
               ctx["count"] = std::to_string(r->notices.size());
               ctx["notices"] = nlohmann::json::array();
               for (const auto& n : r->notices) {
                 ctx["notices"].push_back(
                     {{"due", FormatAmsterdam(n.due_ms)},
                      {"kind", s->templates().Translate(lang, "hwc.kind." + n.recipient_kind)},
                      {"merged", n.merged}});
               }
               ctx["skipped"] = r->skipped;
               ctx["has_skipped"] = !r->skipped.empty();
               return s->RenderPage(req, &who, "hwc_done", ctx, r->created ? 201 : 200);
             }));

  router.Add("GET", "/hwc/postvak",
             shell.Page(Action::kReadHwcInbox, [s, svc](Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               auto items = svc->Inbox(who, 100);
               if (!items.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(items.status()),
                                     items.status().message());
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "hwc.inbox.title");
               ctx["items"] = nlohmann::json::array();
               for (const auto& v : *items)
                 ctx["items"].push_back(PageNotice(v, s->templates(), lang, who.csrf_token));
               ctx["none"] = items->empty();
               return s->RenderPage(req, &who, "hwc_inbox", ctx);
             }));

  router.Add("POST", "/hwc/postvak/{id}/gezien",
             shell.Page(Action::kReadHwcInbox, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto v = id ? svc->Acknowledge(who, *id)
                           : Result<HwcNoticeView>(Status::NotFound("onbekend signaal"));
               if (!v.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(v.status()), v.status().message());
               return Response::Redirect("/hwc/postvak#signaal-" + std::to_string(*id));
             }));

  router.Add("POST", "/hwc/postvak/{id}/steun",
             shell.Page(Action::kReadHwcInbox, [s, svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto form = ParseUrlEncoded(req.body);
               auto get = [&](const char* k) {
                 auto it = form.find(k);
                 return it == form.end() ? std::string() : it->second;
               };
               std::optional<bool> talk;
               if (get("gesprek") == "ja") talk = true;
               if (get("gesprek") == "nee") talk = false;
               auto v = id ? svc->RecordSupport(who, *id, get("steun") == "ja", talk)
                           : Result<HwcNoticeView>(Status::NotFound("onbekend signaal"));
               if (!v.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(v.status()), v.status().message());
               return Response::Redirect("/hwc/postvak#signaal-" + std::to_string(*id));
             }));

  router.Add(
      "GET", "/hwc/overzicht",
      shell.Page(Action::kReadHwcDashboard, [s, svc, clk](Request& req, const Principal& who) {
        std::string lang = WebShell::Lang(req);
        HwcNoticeFilter f;
        f.state = req.Query("status");
        f.school_day = req.Query("datum");
        nlohmann::json ctx;
        ctx["title"] = s->templates().Translate(lang, "hwc.dashboard.title");
        ctx["datum"] = f.school_day;
        ctx["states"] = nlohmann::json::array();
        for (const char* st : kStates) {
          ctx["states"].push_back(
              {{"value", st},
               {"label", s->templates().Translate(lang, std::string("hwc.state.") + st)},
               {"selected", f.state == st}});
        }
        auto items = svc->Dashboard(who, f);
        int status = 200;
        if (!items.ok()) {
          status = HttpStatusFor(items.status());
          ctx["error"] = items.status().message();
        } else {
          std::map<std::string, int> counts;
          ctx["items"] = nlohmann::json::array();
          for (const auto& v : *items) {
            ctx["items"].push_back(PageNotice(v, s->templates(), lang, ""));
            ++counts[v.state];
          }
          ctx["counts"] = nlohmann::json::array();
          for (const char* st : kStates) {
            ctx["counts"].push_back(
                {{"label", s->templates().Translate(lang, std::string("hwc.state.") + st)},
                 {"n", std::to_string(counts[st])},
                 {"state", st}});
          }
          ctx["none"] = items->empty();
          ctx["has_items"] = !items->empty();
          ctx["has_counts"] = true;
        }
        ctx["today"] = FormatIsoDate(clk->Today());
        return s->RenderPage(req, &who, "hwc_dashboard", ctx, status);
      }));

  // A school's own days off: its school contact (own school only) and administrators.
  auto school_page = [s](Request& req, const Principal& who, OrgId school, nlohmann::json ctx,
                         int status) {
    std::string lang = WebShell::Lang(req);
    ctx["title"] = s->templates().Translate(lang, "hwc.school_settings.title");
    ctx["school_id"] = std::to_string(school);
    ctx["admin"] = who.user.role == Role::kAdmin;
    return s->RenderPage(req, &who, "hwc_school_settings", ctx, status);
  };

  router.Add("GET", "/hwc/scholen/{id}/instellingen",
             shell.Page(Action::kManageHwcSchools, [s, svc, school_page](Request& req,
                                                                         const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto st = id ? svc->SchoolSettings(who, *id)
                            : Result<HwcSchoolSettings>(Status::NotFound("onbekende school"));
               if (!st.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(st.status()), st.status().message());
               nlohmann::json ctx;
               ctx["school"] = st->school_name;
               ctx["days_off"] = HwcPeriodsText(st->days.days_off);
               ctx["school_days"] = HwcPeriodsText(st->days.school_days);
               ctx["webhook_url"] = st->webhook_url;
               ctx["saved"] = req.Query("opgeslagen") == "1";
               return school_page(req, who, *id, ctx, 200);
             }));

  router.Add("POST", "/hwc/scholen/{id}/instellingen",
             shell.Page(Action::kManageHwcSchools, [s, svc, school_page](Request& req,
                                                                         const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return s->ErrorPage(req, &who, 404, "onbekende school");
               auto form = ParseUrlEncoded(req.body);
               auto get = [&](const char* k) {
                 auto it = form.find(k);
                 return it == form.end() ? std::string() : it->second;
               };
               std::vector<FieldError> errors;
               HwcSchoolSettings st;
               st.days.days_off = ParseHwcPeriods(get("vrije_dagen"), "vrije_dagen", &errors);
               st.days.school_days = ParseHwcPeriods(get("schooldagen"), "schooldagen", &errors);
               const bool admin = who.user.role == Role::kAdmin;
               st.webhook_url = get("webhook");
               Status saved = errors.empty() ? svc->SetSchoolSettings(who, *id, st, !admin)
                                             : Status::InvalidFields(errors);
               if (saved.ok())
                 return Response::Redirect("/hwc/scholen/" + std::to_string(*id) +
                                           "/instellingen?opgeslagen=1");
               if (saved.code() != StatusCode::kInvalidArgument) {
                 return s->ErrorPage(req, &who, HttpStatusFor(saved), saved.message());
               }
               auto current = svc->SchoolSettings(who, *id);
               if (!current.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(current.status()),
                                     current.status().message());
               nlohmann::json ctx;
               ctx["school"] = current->school_name;
               ctx["days_off"] = get("vrije_dagen");
               ctx["school_days"] = get("schooldagen");
               ctx["webhook_url"] = admin ? st.webhook_url : current->webhook_url;
               ctx["has_errors"] = true;
               ctx["errors"] = nlohmann::json::array();
               for (const auto& e : saved.errors()) {
                 ctx["errors"].push_back({{"message", e.message}, {"field", e.field}});
                 if (e.field == "vrije_dagen" || e.field == "days_off")
                   ctx["days_off_invalid"] = true;
                 if (e.field == "schooldagen") ctx["school_days_invalid"] = true;
               }
               if (ctx["errors"].empty())
                 ctx["errors"].push_back({{"message", saved.message()}, {"field", ""}});
               return school_page(req, who, *id, ctx, 422);
             }));

  // Region settings (administrators).
  router.Add("GET", "/hwc/regios",
             shell.Page(Action::kManageHwcRegions, [s, svc](Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "hwc.regions.title");
               auto regions = svc->ListRegions();
               if (!regions.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(regions.status()),
                                     regions.status().message());
               ctx["regions"] = nlohmann::json::array();
               for (const auto& r : *regions) {
                 std::string roles;
                 for (Role role : r.config.registrant_roles) {
                   roles += (roles.empty() ? "" : ", ") +
                            s->templates().Translate(lang, "role." + std::string(RoleName(role)));
                 }
                 ctx["regions"].push_back(
                     {{"id", std::to_string(r.org_id)},
                      {"name", r.name},
                      {"configured", r.configured},
                      {"min_age", std::to_string(r.config.min_age)},
                      {"max_age", std::to_string(r.config.max_age)},
                      {"present", s->templates().Translate(
                                      lang, r.config.include_present ? "hwc.yes" : "hwc.no")},
                      {"registrants", roles},
                      {"municipality_count", std::to_string(r.municipalities.size())}});
               }
               return s->RenderPage(req, &who, "hwc_regions", ctx);
             }));

  auto region_page = [s](Request& req, const Principal& who, const HwcRegionSettings& r,
                         const HwcRegionConfig& shown, const std::string& municipalities,
                         nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    ctx["title"] = s->templates().Translate(lang, "hwc.regions.title");
    ctx["id"] = std::to_string(r.org_id);
    ctx["name"] = r.name;
    ctx["configured"] = r.configured;
    ctx["min_age"] = std::to_string(shown.min_age);
    ctx["max_age"] = std::to_string(shown.max_age);
    ctx["include_present"] = shown.include_present;
    ctx["roles"] = nlohmann::json::array();
    for (Role role : HwcRegistrantRoles()) {
      ctx["roles"].push_back(
          {{"value", std::string(RoleName(role))},
           {"label", s->templates().Translate(lang, "role." + std::string(RoleName(role)))},
           {"checked", HwcMayRegister(shown, role)}});
    }
    ctx["municipalities"] = municipalities;
    return s->RenderPage(req, &who, "hwc_region", ctx, status);
  };

  router.Add("GET", "/hwc/regios/{id}",
             shell.Page(Action::kManageHwcRegions, [s, svc, region_page](Request& req,
                                                                         const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               auto r =
                   id ? svc->GetRegion(*id)
                      : Result<HwcRegionSettings>(Status::NotFound("onbekende Veilig Thuis-regio"));
               if (!r.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(r.status()), r.status().message());
               std::string munis;
               for (const auto& m : r->municipalities) munis += (munis.empty() ? "" : " ") + m;
               nlohmann::json ctx;
               ctx["saved"] = req.Query("opgeslagen") == "1";
               return region_page(req, who, *r, r->config, munis, ctx, 200);
             }));

  router.Add(
      "POST", "/hwc/regios/{id}",
      shell.Page(Action::kManageHwcRegions, [s, svc, region_page](Request& req,
                                                                  const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        auto r = id ? svc->GetRegion(*id)
                    : Result<HwcRegionSettings>(Status::NotFound("onbekende Veilig Thuis-regio"));
        if (!r.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(r.status()), r.status().message());
        auto form = ParseUrlEncoded(req.body);
        auto get = [&](const char* k) {
          auto it = form.find(k);
          return it == form.end() ? std::string() : it->second;
        };
        std::vector<FieldError> errors;
        HwcRegionConfig config;
        auto age = [&](const char* name, const char* field, int* out) {
          std::string v = get(name);
          if (v.empty() || v.size() > 2 ||
              !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
            errors.push_back({field, std::string(field) == "min_age"
                                         ? "minimumleeftijd: een getal van 0 tot en met 23"
                                         : "maximumleeftijd: een getal van 0 tot en met 23"});
            return;
          }
          *out = std::stoi(v);
        };
        age("min_leeftijd", "min_age", &config.min_age);
        age("max_leeftijd", "max_age", &config.max_age);
        config.include_present = !get("aanwezigheid").empty();
        config.registrant_roles.clear();
        for (auto [it, end] = form.equal_range("melders"); it != end; ++it) {
          auto role = ParseRole(it->second);
          if (!role)
            errors.push_back({"registrant_roles", "onbekende rol: " + it->second});
          else if (!HwcMayRegister(config, *role))
            config.registrant_roles.push_back(*role);
        }
        std::vector<std::string> municipalities;
        std::string munis_text = get("gemeenten");
        std::string token;
        for (char ch : munis_text + " ") {
          if (std::isspace(static_cast<unsigned char>(ch)) || ch == ',' || ch == ';') {
            if (!token.empty()) municipalities.push_back(token);
            token.clear();
          } else {
            token += ch;
          }
        }
        Status saved = errors.empty() ? svc->SetRegion(who, *id, config, municipalities)
                                      : Status::InvalidFields(errors);
        if (saved.ok())
          return Response::Redirect("/hwc/regios/" + std::to_string(*id) + "?opgeslagen=1");
        if (saved.code() != StatusCode::kInvalidArgument)
          return s->ErrorPage(req, &who, HttpStatusFor(saved), saved.message());
        nlohmann::json ctx;
        ctx["has_errors"] = true;
        ctx["errors"] = nlohmann::json::array();
        for (const auto& e : saved.errors())
          ctx["errors"].push_back({{"message", e.message}, {"field", e.field}});
        if (ctx["errors"].empty())
          ctx["errors"].push_back({{"message", saved.message()}, {"field", ""}});
        return region_page(req, who, *r, config, munis_text, ctx, 422);
      }));

  // The leerplicht office's acknowledgement link (no login: the token in the
  // link is the office's key; GET only shows, so a mail scanner that follows
  // links acknowledges nothing).
  router.Add("GET", "/hwc/ontvangst/{token}", [s, svc](Request& req) {
    std::string lang = WebShell::Lang(req);
    auto r = svc->Receipt(req.PathParam("token"));
    if (!r.ok()) return s->ErrorPage(req, nullptr, HttpStatusFor(r.status()), r.status().message());
    nlohmann::json ctx = {{"title", s->templates().Translate(lang, "hwc.receipt.title")},
                          {"recipient", r->recipient_name},
                          {"notice_id", std::to_string(r->notice_id)},
                          {"due", FormatAmsterdam(r->due_ms)},
                          {"token", req.PathParam("token")}};
    if (r->acknowledged_ms) ctx["acknowledged"] = FormatAmsterdam(*r->acknowledged_ms);
    Response resp = s->RenderPage(req, nullptr, "hwc_receipt", ctx);
    resp.SetHeader("Cache-Control", "no-store");
    return resp;
  });

  router.Add("POST", "/hwc/ontvangst/{token}", [s, svc](Request& req) {
    auto r = svc->AcknowledgeByToken(req.PathParam("token"));
    if (!r.ok()) return s->ErrorPage(req, nullptr, HttpStatusFor(r.status()), r.status().message());
    return Response::Redirect("/hwc/ontvangst/" + req.PathParam("token"));
  });
}

}  // namespace inbeeld
