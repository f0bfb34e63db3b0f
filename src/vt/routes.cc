#include "vt/routes.h"

#include <algorithm>

#include "http/json_body.h"
#include "http/problem.h"
#include "vt/pages.h"

namespace inbeeld {
namespace {

nlohmann::json Opt(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json ReportJson(const VtReport& r) {
  nlohmann::json persons = nlohmann::json::array();
  for (const auto& p : r.persons) {
    persons.push_back(
        {{"id", p.id}, {"name", p.name}, {"birth_date", p.birth_date}, {"role", p.role}});
  }
  nlohmann::json reporter = {{"type", r.reporter.type},
                             {"stay_unknown", r.reporter.stay_unknown},
                             {"visible", r.reporter.visible}};
  if (r.reporter.visible) {
    reporter["name"] = r.reporter.name;
    reporter["organisation"] = r.reporter.organisation;
    reporter["phone"] = r.reporter.phone;
    reporter["email"] = r.reporter.email;
  }
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& c : r.conditions) {
    conditions.push_back({{"id", c.id},
                          {"text", c.text},
                          {"partner", c.partner},
                          {"monitor_date", c.monitor_date},
                          {"state", c.state},
                          {"note", c.note},
                          {"checked_ms", Opt(c.checked_ms)},
                          {"monitor_due", c.monitor_due}});
  }
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) findings.push_back({{"code", f.code}, {"finding", f.finding}});
  nlohmann::json hearings = nlohmann::json::array();
  for (const auto& h : r.hearings)
    hearings.push_back({{"id", h.id}, {"who", h.who}, {"date", h.heard_date}, {"kind", h.kind}});
  return {
      {"id", r.id},
      {"region", {{"id", r.vt_org_id}, {"name", r.vt_org_name}}},
      {"kind", r.kind},
      {"channel", r.channel},
      {"reporter", reporter},
      {"household_id", Opt(r.household_id)},
      {"persons", persons},
      {"codes", r.codes},
      {"urgency", r.urgency},
      {"summary", r.summary},
      {"advice_given", r.advice_given},
      {"classification",
       r.classification.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.classification)},
      {"classification_reason", r.classification_reason},
      {"received_ms", r.received_ms},
      {"acute_due_ms", Opt(r.acute_due_ms)},
      {"assessment_due_ms", Opt(r.assessment_due_ms)},
      {"assessment_due_date", r.assessment_due_date},
      {"investigation_due_ms", Opt(r.investigation_due_ms)},
      {"due_ms", Opt(r.due_ms)},
      {"deadline_explanation", r.deadline_explanation},
      {"band", r.band.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.band)},
      {"time_left_ms", r.band.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.time_left_ms)},
      {"state", r.state},
      {"outcome", r.outcome.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.outcome)},
      {"outcome_reasons", r.outcome_reasons},
      {"assessed_ms", Opt(r.assessed_ms)},
      {"assessment_late", r.assessment_late},
      {"escalated_ms", Opt(r.escalated_ms)},
      {"closed_ms", Opt(r.closed_ms)},
      {"contact", {{"user_id", Opt(r.contact_user_id)}, {"name", r.contact_name}}},
      {"family_profile",
       r.family_profile.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.family_profile)},
      {"plan",
       {{"phase", r.plan_phase.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.plan_phase)},
        {"text", r.plan_text}}},
      {"conditions", conditions},
      {"findings", findings},
      {"hearings", hearings},
      {"investigation_done_ms", Opt(r.investigation_done_ms)},
      {"investigation_late", r.investigation_late},
      {"version", r.version},
      {"updated_ms", r.updated_ms}};
}

// Reads {type, name, organisation, phone, email, stay_unknown} into `out`.
void ReporterFromJson(const nlohmann::json& body, JsonFields& f, VtReporterInput* out) {
  if (!body.contains("reporter") || !body["reporter"].is_object()) {
    f.AddError("reporter", "een object met ten minste type");
    return;
  }
  JsonFields r(body["reporter"]);
  r.RejectUnknown({"type", "name", "organisation", "phone", "email", "stay_unknown"});
  out->type = r.String("type", true, 20).value_or("");
  out->name = r.String("name", false, 200).value_or("");
  out->organisation = r.String("organisation", false, 200).value_or("");
  out->phone = r.String("phone", false, 30).value_or("");
  out->email = r.String("email", false, 200).value_or("");
  out->stay_unknown = r.Bool("stay_unknown", false).value_or(false);
  if (!r.ok()) {
    for (const auto& e : r.status().errors()) f.AddError("reporter." + e.field, e.message);
  }
}

std::vector<std::string> CodesFromJson(const nlohmann::json& body, JsonFields& f) {
  std::vector<std::string> out;
  if (!body.contains("codes")) return out;
  if (!body["codes"].is_array() || body["codes"].size() > 20) {
    f.AddError("codes", "een lijst van hoogstens 20 codes");
    return out;
  }
  for (const auto& c : body["codes"]) {
    if (!c.is_string() || c.get<std::string>().size() > 40) {
      f.AddError("codes", "elke code is een tekst");
      return {};
    }
    out.push_back(c.get<std::string>());
  }
  return out;
}

Result<VtReportInput> ReportFromJson(const nlohmann::json& body) {
  JsonFields f(body);
  f.RejectUnknown(
      {"reporter", "persons", "codes", "urgency", "summary", "region_org_id", "hwc_incident_id"});
  VtReportInput in;
  ReporterFromJson(body, f, &in.reporter);
  in.codes = CodesFromJson(body, f);
  in.urgency = f.String("urgency", false, 10).value_or("regular");
  in.summary = f.String("summary", true, 4000).value_or("");
  if (auto id = f.Int("region_org_id", false)) in.region_org_id = *id;
  if (auto id = f.Int("hwc_incident_id", false)) in.hwc_incident_id = *id;
  if (!body.contains("persons") || !body["persons"].is_array() || body["persons"].size() > 30) {
    f.AddError("persons", "een lijst van personen (hoogstens 30) met person_id of bsn");
  } else {
    for (size_t i = 0; i < body["persons"].size(); ++i) {
      const auto& p = body["persons"][i];
      const std::string field = "persons[" + std::to_string(i) + "]";
      if (!p.is_object()) {
        f.AddError(field, "een object met person_id of bsn");
        continue;
      }
      JsonFields pf(p);
      pf.RejectUnknown({"person_id", "bsn", "role"});
      VtPersonInput person;
      if (auto id = pf.Int("person_id", false)) person.person_id = *id;
      person.bsn = pf.String("bsn", false, 20).value_or("");
      person.role = pf.String("role", false, 10).value_or("child");
      if (!pf.ok()) {
        for (const auto& e : pf.status().errors()) f.AddError(field + "." + e.field, e.message);
      }
      in.persons.push_back(std::move(person));
    }
  }
  in.channel = "api";
  if (!f.ok()) return f.status();
  return in;
}

Result<VtAdviceInput> AdviceFromJson(const nlohmann::json& body) {
  JsonFields f(body);
  f.RejectUnknown({"reporter", "codes", "question", "advice", "region_org_id"});
  VtAdviceInput in;
  ReporterFromJson(body, f, &in.reporter);
  in.codes = CodesFromJson(body, f);
  in.question = f.String("question", true, 4000).value_or("");
  in.advice = f.String("advice", false, 4000).value_or("");
  if (auto id = f.Int("region_org_id", false)) in.region_org_id = *id;
  in.channel = "api";
  if (!f.ok()) return f.status();
  return in;
}

nlohmann::json DashboardJson(const VtDashboard& d) {
  nlohmann::json counts = nlohmann::json::array();
  for (const auto& [state, band, n] : d.counts)
    counts.push_back({{"state", state}, {"band", band}, {"count", n}});
  nlohmann::json months = nlohmann::json::array();
  for (const auto& m : d.months) {
    months.push_back({{"month", m.month},
                      {"assessed", m.assessed},
                      {"in_time", m.in_time},
                      {"share_in_time", m.share_in_time}});
  }
  return {{"region", {{"id", d.vt_org_id}, {"name", d.vt_org_name}}},
          {"counts", counts},
          {"months", months},
          {"escalated_open", d.escalated_open}};
}

}  // namespace

void AddVtRoutes(Router& router, const WebShell& shell, VtService& vt, const Clock& clock,
                 OutboxWorker* worker, VtRouteOptions options) {
  VtService* svc = &vt;
  const Clock* clk = &clock;

  router.Add("GET", "/api/v1/vt/codes",
             shell.Api(Action::kReadVtCodes, [svc](Request& req, const Principal&) {
               auto codes = svc->Codes();
               if (!codes.ok()) return Problem(codes.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& c : *codes) {
                 if (c.active) {
                   out["items"].push_back({{"code", c.code},
                                           {"kind", c.kind},
                                           {"label_nl", c.label_nl},
                                           {"label_en", c.label_en}});
                 }
               }
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/vt/reports",
             shell.Api(Action::kRegisterVtReport, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               auto in = ReportFromJson(body);
               if (!in.ok()) return Problem(in.status(), req.path);
               auto r = svc->RegisterReport(who, *in);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(201, ReportJson(*r).dump());
             }));

  router.Add("POST", "/api/v1/vt/advice",
             shell.Api(Action::kRegisterVtReport, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               auto in = AdviceFromJson(body);
               if (!in.ok()) return Problem(in.status(), req.path);
               auto r = svc->RegisterAdvice(who, *in);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(201, ReportJson(*r).dump());
             }));

  router.Add("GET", "/api/v1/vt/reports",
             shell.Api(Action::kReadVtCases, [svc](Request& req, const Principal& who) {
               VtQueueFilter f;
               if (auto s = req.Query("state"); !s.empty()) f.state = s;
               auto items = svc->Queue(who, f);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& r : *items) out["items"].push_back(ReportJson(r));
               return Response::Json(200, out.dump());
             }));

  router.Add("GET", "/api/v1/vt/reports/{id}",
             shell.Api(Action::kReadVtCases, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               auto r = svc->Get(who, *id);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, ReportJson(*r).dump());
             }));

  router.Add("POST", "/api/v1/vt/reports/{id}/assessment",
             shell.Api(Action::kWorkVtCases, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"version", "outcome", "reasons"});
               VtAssessmentInput in;
               in.version = static_cast<int>(
                   std::clamp<int64_t>(f.Int("version", true).value_or(0), 0, 1 << 30));
               in.outcome = f.String("outcome", true, 20).value_or("");
               in.reasons = f.String("reasons", true, 4000).value_or("");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->Assess(who, *id, in);
               if (!r.ok()) return Problem(r.status(), req.path);
               if (worker) worker->Wake();
               return Response::Json(200, ReportJson(*r).dump());
             }));

  // Reads the JSON body and its fields; answers 4xx itself through `err`.
  auto body_of = [](Request& req, nlohmann::json* body, Response* err) {
    return ParseJsonObject(req, body, err);
  };

  router.Add("PUT", "/api/v1/vt/reports/{id}/case",
             shell.Api(Action::kWorkVtCases, [svc, body_of](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               nlohmann::json body;
               Response err;
               if (!body_of(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown(
                   {"version", "contact_user_id", "family_profile", "plan_phase", "plan_text"});
               VtCaseInput in;
               in.version = static_cast<int>(
                   std::clamp<int64_t>(f.Int("version", true).value_or(0), 0, 1 << 30));
               if (auto u = f.Int("contact_user_id", false)) in.contact_user_id = *u;
               in.family_profile = f.String("family_profile", false, 40).value_or("");
               in.plan_phase = f.String("plan_phase", false, 20).value_or("");
               in.plan_text = f.String("plan_text", false, 4000).value_or("");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->UpdateCase(who, *id, in);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, ReportJson(*r).dump());
             }));

  router.Add("POST", "/api/v1/vt/reports/{id}/conditions",
             shell.Api(Action::kWorkVtCases, [svc, body_of](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               nlohmann::json body;
               Response err;
               if (!body_of(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"text", "partner", "monitor_date"});
               auto text = f.String("text", true, 1000);
               auto partner = f.String("partner", true, 200);
               auto date = f.String("monitor_date", true, 10);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->AddCondition(who, *id, *text, *partner, *date);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(201, ReportJson(*r).dump());
             }));

  router.Add(
      "POST", "/api/v1/vt/reports/{id}/conditions/{condition}/check",
      shell.Api(Action::kWorkVtCases, [svc, worker, body_of](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        auto condition = ParseId(req.PathParam("condition"));
        if (!id || !condition) return Problem(Status::NotFound("onbekende voorwaarde"), req.path);
        nlohmann::json body;
        Response err;
        if (!body_of(req, &body, &err)) return err;
        JsonFields f(body);
        f.RejectUnknown({"state", "note"});
        auto state = f.String("state", true, 10);
        auto note = f.String("note", false, 1000);
        if (!f.ok()) return Problem(f.status(), req.path);
        auto r = svc->CheckCondition(who, *id, *condition, *state, note.value_or(""));
        if (!r.ok()) return Problem(r.status(), req.path);
        if (worker && *state == "not_met") worker->Wake();
        return Response::Json(200, ReportJson(*r).dump());
      }));

  router.Add("POST", "/api/v1/vt/reports/{id}/findings",
             shell.Api(Action::kWorkVtCases, [svc, body_of](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               nlohmann::json body;
               Response err;
               if (!body_of(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"code", "finding"});
               auto code = f.String("code", true, 40);
               auto finding = f.String("finding", true, 20);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->RecordFinding(who, *id, *code, *finding);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(200, ReportJson(*r).dump());
             }));

  router.Add("POST", "/api/v1/vt/reports/{id}/hearings",
             shell.Api(Action::kWorkVtCases, [svc, body_of](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
               nlohmann::json body;
               Response err;
               if (!body_of(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"who", "date", "kind"});
               auto heard = f.String("who", true, 200);
               auto date = f.String("date", true, 10);
               auto kind = f.String("kind", true, 10);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->RecordHearing(who, *id, *heard, *date, *kind);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(201, ReportJson(*r).dump());
             }));

  router.Add(
      "POST", "/api/v1/vt/reports/{id}/investigation/end",
      shell.Api(Action::kWorkVtCases, [svc, worker, body_of](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        if (!id) return Problem(Status::NotFound("onbekende melding"), req.path);
        nlohmann::json body;
        Response err;
        if (!body_of(req, &body, &err)) return err;
        JsonFields f(body);
        f.RejectUnknown({"version", "outcome", "reasons"});
        VtInvestigationEnd in;
        in.version =
            static_cast<int>(std::clamp<int64_t>(f.Int("version", true).value_or(0), 0, 1 << 30));
        in.outcome = f.String("outcome", true, 20).value_or("");
        in.reasons = f.String("reasons", true, 4000).value_or("");
        if (!f.ok()) return Problem(f.status(), req.path);
        auto r = svc->EndInvestigation(who, *id, in);
        if (!r.ok()) return Problem(r.status(), req.path);
        if (worker) worker->Wake();
        return Response::Json(200, ReportJson(*r).dump());
      }));

  auto figures_of = [svc](Request& req) -> Result<VtFigures> {
    auto year = ParseId(req.Query("year"));
    auto half = ParseId(req.Query("half"));
    std::vector<FieldError> errors;
    if (!year) errors.push_back({"year", "jaar, bijvoorbeeld 2026"});
    if (!half) errors.push_back({"half", "halfjaar: 1 of 2"});
    if (!errors.empty()) return Status::InvalidFields(errors);
    return svc->Figures(static_cast<int>(std::min<int64_t>(*year, 9999)),
                        static_cast<int>(std::min<int64_t>(*half, 9)));
  };

  router.Add(
      "GET", "/api/v1/vt/figures",
      shell.Api(Action::kReadVtFigures, [figures_of](Request& req, const Principal&) {
        auto f = figures_of(req);
        if (!f.ok()) return Problem(f.status(), req.path);
        nlohmann::json regions = nlohmann::json::array();
        for (const auto& r : f->regions) {
          nlohmann::json cells = nlohmann::json::array();
          for (const auto& c : r.cells)
            cells.push_back({{"measure", c.measure}, {"category", c.category}, {"count", c.shown}});
          regions.push_back({{"id", r.id}, {"name", r.name}, {"cells", cells}});
        }
        return Response::Json(200, nlohmann::json{{"year", f->year},
                                                  {"half", f->half},
                                                  {"from", f->first_day},
                                                  {"to", f->last_day},
                                                  {"suppressed_below", kVtSmallCell},
                                                  {"regions", regions}}
                                       .dump());
      }));

  router.Add("GET", "/api/v1/vt/figures.csv",
             shell.Api(Action::kReadVtFigures, [figures_of](Request& req, const Principal&) {
               auto f = figures_of(req);
               if (!f.ok()) return Problem(f.status(), req.path);
               Response resp;
               resp.status = 200;
               resp.content_type = "text/csv; charset=utf-8";
               resp.body = VtService::FiguresCsv(*f);
               resp.SetHeader("Content-Disposition", "attachment; filename=\"veilig-thuis-" +
                                                         std::to_string(f->year) + "-h" +
                                                         std::to_string(f->half) + ".csv\"");
               return resp;
             }));

  router.Add("GET", "/api/v1/vt/dashboard",
             shell.Api(Action::kReadVtDashboard, [svc](Request& req, const Principal& who) {
               auto d = svc->Dashboard(who);
               if (!d.ok()) return Problem(d.status(), req.path);
               return Response::Json(200, DashboardJson(*d).dump());
             }));

  router.Add(
      "POST", "/api/v1/vt/jobs/run",
      shell.Api(Action::kRunVtJobs, [svc, clk, worker, options](Request& req, const Principal&) {
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
        if (worker && st->warned + st->escalated + st->monitor_reminders > 0) worker->Wake();
        return Response::Json(200, nlohmann::json{{"warned", st->warned},
                                                  {"escalated", st->escalated},
                                                  {"monitor_reminders", st->monitor_reminders}}
                                       .dump());
      }));

  AddVtPages(router, shell, vt, clock);
}

}  // namespace inbeeld
