#include "meldcode/routes.h"

#include <algorithm>
#include <map>

#include "http/json_body.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

constexpr const char* kQuestionKey[kMeldcodeQuestions] = {
    "meldcode.q.1", "meldcode.q.2", "meldcode.q.3", "meldcode.q.4", "meldcode.q.5"};

nlohmann::json Opt(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json VtRequestJson(const MeldcodeVtRequestView& q) {
  nlohmann::json content = nlohmann::json::parse(q.content, nullptr, false);
  return {{"id", q.id},
          {"kind", q.kind},
          {"state", q.state},
          {"person_id", Opt(q.person_id)},
          {"organisation", q.org_name},
          {"professional", {{"name", q.professional_name}, {"email", q.professional_email}}},
          {"content", content.is_discarded() ? nlohmann::json(nullptr) : content},
          {"created_ms", q.created_ms},
          {"vt_report_id", Opt(q.vt_report_id)}};
}

nlohmann::json RecordJson(const MeldcodeRecordView& v) {
  nlohmann::json answers = nlohmann::json::array();
  for (int q = 0; q < kMeldcodeQuestions; ++q) {
    answers.push_back(
        {{"question", q + 1},
         {"answer", v.answers[q] ? nlohmann::json(*v.answers[q]) : nlohmann::json(nullptr)},
         {"reasons", v.reasons[q]}});
  }
  nlohmann::json j = {
      {"id", v.id},
      {"version", v.version},
      {"state", v.state},
      {"organisation", {{"id", v.org_id}, {"name", v.org_name}}},
      {"owner", {{"id", v.user_id}, {"name", v.owner_name}}},
      {"person",
       {{"id", v.person_id}, {"name", v.person_name}, {"birth_date", v.person_birth_date}}},
      {"client_kind", v.client_kind},
      {"signal_id", Opt(v.signal_id)},
      {"voice_escalation_id", Opt(v.voice_escalation_id)},
      {"steps",
       {{"1",
         {{"signals", v.steps.signals},
          {"kindcheck",
           v.steps.kindcheck.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.steps.kindcheck)},
          {"kindcheck_children", v.steps.kindcheck_children},
          {"saved_ms", Opt(v.step_ms[0])}}},
        {"2",
         {{"colleague", v.steps.colleague},
          {"colleague_advice", v.steps.colleague_advice},
          {"consulted_vt", v.steps.consulted_vt},
          {"consulted_forensic", v.steps.consulted_forensic},
          {"consultation_notes", v.steps.consultation_notes},
          {"saved_ms", Opt(v.step_ms[1])}}},
        {"3",
         {{"talk_parents", v.steps.talk_parents},
          {"talk_child", v.steps.talk_child},
          {"saved_ms", Opt(v.step_ms[2])}}}}},
      {"afwegingskader",
       {{"answers", answers},
        {"next_question", v.afweging.next_question ? nlohmann::json(v.afweging.next_question)
                                                   : nlohmann::json(nullptr)},
        {"outcome", MeldcodeOutcomeName(v.afweging.outcome)},
        {"decided_by",
         v.afweging.decided_by ? nlohmann::json(v.afweging.decided_by) : nlohmann::json(nullptr)},
        {"explanation", v.afweging.explanation}}},
      {"decision", v.decision.empty() ? nlohmann::json(nullptr)
                                      : nlohmann::json{{"action", v.decision},
                                                       {"reasons", v.decision_reasons},
                                                       {"decided_ms", Opt(v.decided_ms)}}},
      {"agreements", nlohmann::json::array()},
      {"created_ms", v.created_ms},
      {"updated_ms", v.updated_ms}};
  for (const auto& a : v.agreements) {
    j["agreements"].push_back({{"id", a.id},
                               {"agreements", a.agreements},
                               {"review_date", a.review_date},
                               {"created_ms", a.created_ms},
                               {"reminded_ms", Opt(a.reminded_ms)}});
  }
  j["events"] = nlohmann::json::array();
  for (const auto& e : v.events) {
    j["events"].push_back({{"at_ms", e.at_ms},
                           {"user", e.user_name},
                           {"kind", e.kind},
                           {"step", e.step},
                           {"summary", e.summary}});
  }
  j["vt_requests"] = nlohmann::json::array();
  for (const auto& q : v.vt_requests) j["vt_requests"].push_back(VtRequestJson(q));
  return j;
}

using Form = std::multimap<std::string, std::string>;

std::string Field(const Form& form, const char* k) {
  auto it = form.find(k);
  return it == form.end() ? std::string() : it->second;
}

std::string DateText(const std::string& iso, const std::string& lang) {
  auto d = ParseIsoDate(iso);
  return d.ok() ? FormatLongDate(*d, lang) : iso;
}

}  // namespace

void AddMeldcodeRoutes(Router& router, const WebShell& shell, MeldcodeService& meldcode,
                       const Clock& clock, OutboxWorker* worker, MeldcodeRouteOptions options) {
  MeldcodeService* svc = &meldcode;
  const Clock* clk = &clock;
  const WebShell* s = &shell;

  // --- API -----------------------------------------------------------------
  router.Add("GET", "/api/v1/meldcode",
             shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
               auto items = svc->List(who, 500);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& v : *items) out["items"].push_back(RecordJson(v));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/meldcode",
             shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"person_id", "bsn", "client_kind", "signal_id", "reason"});
               MeldcodeNewRecord in;
               if (auto id = f.Int("person_id", false)) in.person_id = *id;
               in.bsn = f.String("bsn", false, 20).value_or("");
               in.client_kind = f.String("client_kind", true, 10).value_or("");
               if (auto id = f.Int("signal_id", false)) in.signal_id = *id;
               in.reason = f.String("reason", false, 500).value_or("");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto r = svc->Create(who, in);
               if (!r.ok()) return Problem(r.status(), req.path);
               return Response::Json(201, RecordJson(*r).dump());
             }));

  router.Add("GET", "/api/v1/meldcode/{id}",
             shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend meldcode-dossier"), req.path);
               auto v = svc->Get(who, *id);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, RecordJson(*v).dump());
             }));

  router.Add(
      "POST", "/api/v1/meldcode/{id}/steps",
      shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        if (!id) return Problem(Status::NotFound("onbekend meldcode-dossier"), req.path);
        nlohmann::json body;
        Response err;
        if (!ParseJsonObject(req, &body, &err)) return err;
        JsonFields f(body);
        f.RejectUnknown({"version", "step", "signals", "kindcheck", "kindcheck_children",
                         "colleague", "colleague_advice", "consulted_vt", "consulted_forensic",
                         "consultation_notes", "talk_parents", "talk_child"});
        auto version = f.Int("version", true);
        auto step = f.Int("step", true);
        MeldcodeStepInput in;
        in.signals = f.String("signals", false, kMeldcodeTextMax + 100).value_or("");
        in.kindcheck = f.String("kindcheck", false, 10).value_or("");
        in.kindcheck_children =
            f.String("kindcheck_children", false, kMeldcodeTextMax + 100).value_or("");
        in.colleague = f.String("colleague", false, 300).value_or("");
        in.colleague_advice =
            f.String("colleague_advice", false, kMeldcodeTextMax + 100).value_or("");
        in.consulted_vt = f.Bool("consulted_vt", false).value_or(false);
        in.consulted_forensic = f.Bool("consulted_forensic", false).value_or(false);
        in.consultation_notes =
            f.String("consultation_notes", false, kMeldcodeTextMax + 100).value_or("");
        in.talk_parents = f.String("talk_parents", false, kMeldcodeTextMax + 100).value_or("");
        in.talk_child = f.String("talk_child", false, kMeldcodeTextMax + 100).value_or("");
        if (step && (*step < 1 || *step > 3))
          f.AddError("step", "stap 1, 2 of 3 (stap 4 is het afwegingskader, stap 5 het besluit)");
        if (!f.ok()) return Problem(f.status(), req.path);
        auto v = svc->SaveStep(who, *id, *version, static_cast<int>(*step), in);
        if (!v.ok()) return Problem(v.status(), req.path);
        return Response::Json(200, RecordJson(*v).dump());
      }));

  router.Add("POST", "/api/v1/meldcode/{id}/answers",
             shell.Api(Action::kUseMeldcode, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend meldcode-dossier"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"version", "question", "answer", "reasons"});
               auto version = f.Int("version", true);
               auto question = f.Int("question", true);
               auto answer = f.Bool("answer", true);
               auto reasons = f.String("reasons", true, kMeldcodeTextMax + 100);
               if (question && (*question < 1 || *question > kMeldcodeQuestions))
                 f.AddError("question", "vraag 1 tot en met 5");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v =
                   svc->Answer(who, *id, *version, static_cast<int>(*question), *answer, *reasons);
               if (!v.ok()) return Problem(v.status(), req.path);
               return Response::Json(200, RecordJson(*v).dump());
             }));

  router.Add("POST", "/api/v1/meldcode/{id}/consultation",
             shell.Api(Action::kUseMeldcode, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend meldcode-dossier"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"version", "question"});
               auto version = f.Int("version", true);
               auto question = f.String("question", true, kMeldcodeTextMax + 100);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v = svc->Consult(who, *id, *version, *question);
               if (!v.ok()) return Problem(v.status(), req.path);
               if (worker) worker->Wake();
               return Response::Json(200, RecordJson(*v).dump());
             }));

  router.Add("POST", "/api/v1/meldcode/{id}/decision",
             shell.Api(Action::kUseMeldcode, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend meldcode-dossier"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown(
                   {"version", "action", "reasons", "agreements", "review_date", "codes", "acute"});
               auto version = f.Int("version", true);
               MeldcodeDecisionInput in;
               in.action = f.String("action", true, 10).value_or("");
               in.reasons = f.String("reasons", false, kMeldcodeTextMax + 100).value_or("");
               in.agreements = f.String("agreements", false, kMeldcodeTextMax + 100).value_or("");
               in.review_date = f.String("review_date", false, 10).value_or("");
               in.acute = f.Bool("acute", false).value_or(false);
               if (body.contains("codes")) {
                 const auto& codes = body["codes"];
                 if (!codes.is_array() || codes.size() > 20) {
                   f.AddError("codes", "een lijst van codes (hoogstens 20)");
                 } else {
                   for (const auto& c : codes) {
                     if (!c.is_string() || c.get<std::string>().size() > 40) {
                       f.AddError("codes", "een lijst van codes (hoogstens 20)");
                       break;
                     }
                     in.codes.push_back(c.get<std::string>());
                   }
                 }
               }
               if (!in.action.empty() && !ParseMeldcodeAction(in.action))
                 f.AddError("action", "report, help of close");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto v = svc->Decide(who, *id, *version, in);
               if (!v.ok()) return Problem(v.status(), req.path);
               if (worker && in.action == "report") worker->Wake();
               return Response::Json(200, RecordJson(*v).dump());
             }));

  router.Add("GET", "/api/v1/meldcode-vt",
             shell.Api(Action::kReadMeldcodeVt, [svc](Request& req, const Principal& who) {
               auto items = svc->VtRequests(who, 500);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& q : *items) out["items"].push_back(VtRequestJson(q));
               return Response::Json(200, out.dump());
             }));

  router.Add(
      "POST", "/api/v1/meldcode/jobs/run",
      shell.Api(Action::kRunMeldcodeJobs, [svc, clk, worker, options](Request& req,
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
        auto n = svc->RunReminders(now.value_or(0) > 0 ? *now : clk->NowMs());
        if (!n.ok()) return Problem(n.status(), req.path);
        if (worker && *n > 0) worker->Wake();
        return Response::Json(200, nlohmann::json{{"reminded", *n}}.dump());
      }));

  // --- pages ---------------------------------------------------------------
  auto list_page = [s, svc](Request& req, const Principal& who, nlohmann::json ctx, int status) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["title"] = t.Translate(lang, "meldcode.list.title");
    ctx["csrf"] = who.csrf_token;
    auto items = svc->List(who, 200);
    if (!items.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(items.status()), items.status().message());
    ctx["records"] = nlohmann::json::array();
    for (const auto& v : *items) {
      ctx["records"].push_back({{"id", std::to_string(v.id)},
                                {"person", v.person_name},
                                {"birth_date", DateText(v.person_birth_date, lang)},
                                {"adult", v.client_kind == "adult"},
                                {"owner", v.owner_name},
                                {"state", t.Translate(lang, "meldcode.state." + v.state)},
                                {"updated", FormatAmsterdam(v.updated_ms)}});
    }
    ctx["none"] = items->empty();
    if (!ctx.contains("client_kind")) ctx["client_kind"] = "child";
    ctx["kind_child"] = ctx["client_kind"] == "child";
    ctx["kind_adult"] = ctx["client_kind"] == "adult";
    return s->RenderPage(req, &who, "meldcode_list", ctx, status);
  };

  router.Add(
      "GET", "/meldcode",
      shell.Page(Action::kUseMeldcode, [list_page](Request& req, const Principal& who) {
        nlohmann::json ctx = {{"persoon", req.Query("persoon")}, {"signaal", req.Query("signaal")}};
        return list_page(req, who, ctx, 200);
      }));

  router.Add("POST", "/meldcode",
             shell.Page(Action::kUseMeldcode, [svc, list_page](Request& req, const Principal& who) {
               Form form = ParseUrlEncoded(req.body);
               MeldcodeNewRecord in;
               const std::string person = Field(form, "persoon"), signal = Field(form, "signaal");
               if (!person.empty()) in.person_id = ParseId(person).value_or(-1);
               in.bsn = Field(form, "bsn");
               in.client_kind = Field(form, "soort");
               if (!signal.empty()) in.signal_id = ParseId(signal).value_or(-1);
               in.reason = Field(form, "reden");
               auto r = svc->Create(who, in);
               if (!r.ok()) {
                 nlohmann::json ctx = {
                     {"persoon", person},
                     {"signaal", signal},
                     {"bsn", in.bsn},
                     {"reden", in.reason},
                     {"client_kind", in.client_kind == "adult" ? "adult" : "child"},
                     {"has_errors", true}};
                 ctx["errors"] = nlohmann::json::array();
                 for (const auto& e : r.status().errors())
                   ctx["errors"].push_back({{"message", e.message}});
                 if (ctx["errors"].empty())
                   ctx["errors"].push_back({{"message", r.status().message()}});
                 return list_page(req, who, ctx, HttpStatusFor(r.status()));
               }
               return Response::Redirect("/meldcode/" + std::to_string(r->id));
             }));

  // The record page. `posted` (after a refused form) keeps what was typed.
  auto record_page = [s, svc](Request& req, const Principal& who, int64_t id, const Status& error,
                              const std::string& form_name, const Form& posted) {
    std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    auto rec = svc->Get(who, id);
    if (!rec.ok())
      return s->ErrorPage(req, &who, HttpStatusFor(rec.status()), rec.status().message());
    const MeldcodeRecordView& v = *rec;
    const bool refill = !error.ok();
    auto val = [&](const char* form, const char* field, const std::string& stored) {
      return refill && form_name == form ? Field(posted, field) : stored;
    };
    nlohmann::json ctx;
    ctx["title"] = t.Translate(lang, "meldcode.record.title") + " " + std::to_string(v.id);
    ctx["csrf"] = who.csrf_token;
    ctx["id"] = std::to_string(v.id);
    ctx["version"] = std::to_string(v.version);
    ctx["person"] = v.person_name;
    ctx["birth_date"] = DateText(v.person_birth_date, lang);
    ctx["adult"] = v.client_kind == "adult";
    ctx["org"] = v.org_name;
    ctx["owner"] = v.owner_name;
    ctx["state"] = t.Translate(lang, "meldcode.state." + v.state);
    ctx["editable"] = !v.final();
    if (v.signal_id) ctx["signal_id"] = std::to_string(*v.signal_id);
    if (v.voice_escalation_id) ctx["voice_escalation_id"] = std::to_string(*v.voice_escalation_id);
    auto saved = [&](int i) {
      return v.step_ms[i] ? FormatAmsterdam(*v.step_ms[i]) : std::string();
    };
    std::string kc = val("stap1", "kindcheck",
                         v.steps.kindcheck == "yes"  ? "ja"
                         : v.steps.kindcheck == "no" ? "nee"
                                                     : "");
    ctx["step1"] = {{"signals", val("stap1", "signalen", v.steps.signals)},
                    {"kind_yes", kc == "ja"},
                    {"kind_no", kc == "nee"},
                    {"children", val("stap1", "kinderen", v.steps.kindcheck_children)},
                    {"saved", saved(0)},
                    {"done", v.step_ms[0].has_value()}};
    const bool s2_refill = refill && form_name == "stap2";
    ctx["step2"] = {
        {"colleague", val("stap2", "collega", v.steps.colleague)},
        {"advice", val("stap2", "advies", v.steps.colleague_advice)},
        {"vt", s2_refill ? !Field(posted, "vt").empty() : v.steps.consulted_vt},
        {"forensic", s2_refill ? !Field(posted, "forensisch").empty() : v.steps.consulted_forensic},
        {"notes", val("stap2", "toelichting", v.steps.consultation_notes)},
        {"saved", saved(1)},
        {"done", v.step_ms[1].has_value()}};
    ctx["consult_question"] = val("consult", "vraag", "");
    ctx["step3"] = {{"parents", val("stap3", "ouders", v.steps.talk_parents)},
                    {"child", val("stap3", "kind", v.steps.talk_child)},
                    {"saved", saved(2)},
                    {"done", v.step_ms[2].has_value()}};
    ctx["steps_done"] = v.steps_1_to_3_recorded();
    // Step 4: the answered questions (which can be changed) and the next one only.
    ctx["questions"] = nlohmann::json::array();
    for (int q = 1; q <= kMeldcodeQuestions; ++q) {
      const bool answered = v.answers[q - 1].has_value();
      const bool next = v.afweging.next_question == q && (q < 5 || v.state == "help");
      if (!answered && !next) continue;
      std::string form = "vraag" + std::to_string(q);
      std::string ans =
          val(form.c_str(), "antwoord", answered ? (*v.answers[q - 1] ? "ja" : "nee") : "");
      ctx["questions"].push_back({{"n", std::to_string(q)},
                                  {"text", t.Translate(lang, kQuestionKey[q - 1])},
                                  {"answered", answered},
                                  {"yes", ans == "ja"},
                                  {"no", ans == "nee"},
                                  {"reasons", val(form.c_str(), "redenen", v.reasons[q - 1])},
                                  {"csrf", who.csrf_token},
                                  {"version", std::to_string(v.version)},
                                  {"id", std::to_string(v.id)},
                                  {"editable", !v.final()}});
    }
    ctx["q5_later"] = v.afweging.next_question == 5 && v.state != "help";
    ctx["outcome"] = v.afweging.explanation;
    ctx["has_outcome"] = !v.afweging.explanation.empty();
    // Step 5: the decisions that fit the afwegingskader.
    const MeldcodeOutcome o = v.afweging.outcome;
    const bool can_decide = !v.final() && o != MeldcodeOutcome::kOpen &&
                            !(o == MeldcodeOutcome::kHelp && v.state == "help") &&
                            v.steps_1_to_3_recorded();
    ctx["can_decide"] = can_decide;
    ctx["can_report"] = o == MeldcodeOutcome::kReport;
    ctx["can_help"] = o == MeldcodeOutcome::kHelp;
    ctx["can_close"] =
        o == MeldcodeOutcome::kCloseNoSuspicion || o == MeldcodeOutcome::kCloseWithAgreements;
    ctx["needs_agreements"] =
        o == MeldcodeOutcome::kHelp || o == MeldcodeOutcome::kCloseWithAgreements;
    ctx["decision_action"] = o == MeldcodeOutcome::kReport ? "report"
                             : o == MeldcodeOutcome::kHelp ? "help"
                                                           : "close";
    ctx["decision_reasons"] = val("besluit", "redenen", "");
    ctx["decision_agreements"] = val("besluit", "afspraken", "");
    ctx["decision_review_date"] = val("besluit", "evaluatiedatum", "");
    if (o == MeldcodeOutcome::kReport && can_decide) {
      std::vector<std::string> chosen;
      if (refill && form_name == "besluit") {
        for (auto [it, end] = posted.equal_range("vorm"); it != end; ++it)
          chosen.push_back(it->second);
      }
      ctx["codes"] = nlohmann::json::array();
      auto codes = svc->VtCodes();
      if (codes.ok()) {
        for (const auto& c : *codes) {
          ctx["codes"].push_back(
              {{"code", c.code},
               {"label", lang == "en" ? c.label_en : c.label_nl},
               {"checked", std::find(chosen.begin(), chosen.end(), c.code) != chosen.end()}});
        }
      }
      ctx["has_codes"] = !ctx["codes"].empty();
      ctx["acute"] = refill && form_name == "besluit" && !Field(posted, "acuut").empty();
    }
    ctx["help_running"] = v.state == "help";
    if (!v.decision.empty()) {
      ctx["decided"] = {{"action", t.Translate(lang, "meldcode.action." + v.decision)},
                        {"reasons", v.decision_reasons},
                        {"at", v.decided_ms ? FormatAmsterdam(*v.decided_ms) : std::string()}};
    }
    ctx["agreements"] = nlohmann::json::array();
    for (const auto& a : v.agreements) {
      ctx["agreements"].push_back({{"text", a.agreements},
                                   {"review_date", DateText(a.review_date, lang)},
                                   {"reminded", a.reminded_ms.has_value()}});
    }
    ctx["has_agreements"] = !v.agreements.empty();
    ctx["vt_requests"] = nlohmann::json::array();
    for (const auto& q : v.vt_requests) {
      ctx["vt_requests"].push_back({{"id", std::to_string(q.id)},
                                    {"kind", t.Translate(lang, "meldcode.vt_kind." + q.kind)},
                                    {"state", t.Translate(lang, "meldcode.vt_state." + q.state)},
                                    {"at", FormatAmsterdam(q.created_ms)}});
    }
    ctx["has_vt_requests"] = !v.vt_requests.empty();
    ctx["events"] = nlohmann::json::array();
    for (const auto& e : v.events) {
      ctx["events"].push_back(
          {{"at", FormatAmsterdam(e.at_ms)}, {"user", e.user_name}, {"summary", e.summary}});
    }
    int status = 200;
    if (refill) {
      status = HttpStatusFor(error);
      ctx["has_errors"] = true;
      ctx["error_form"] = form_name;
      ctx["errors"] = nlohmann::json::array();
      for (const auto& e : error.errors()) ctx["errors"].push_back({{"message", e.message}});
      if (ctx["errors"].empty()) ctx["errors"].push_back({{"message", error.message()}});
      ctx["conflict"] = error.code() == StatusCode::kConflict;
    }
    if (!req.Query("opgeslagen").empty() && !refill) ctx["saved"] = true;
    return s->RenderPage(req, &who, "meldcode_record", ctx, status);
  };

  // Before /meldcode/{id}: the router takes the first route that matches.
  router.Add(
      "GET", "/meldcode/veilig-thuis",
      shell.Page(Action::kReadMeldcodeVt, [s, svc](Request& req, const Principal& who) {
        std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "meldcode.vt.title");
        auto items = svc->VtRequests(who, 200);
        if (!items.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(items.status()), items.status().message());
        ctx["requests"] = nlohmann::json::array();
        for (const auto& q : *items) {
          nlohmann::json c = nlohmann::json::parse(q.content, nullptr, false);
          nlohmann::json item = {{"id", std::to_string(q.id)},
                                 {"kind", t.Translate(lang, "meldcode.vt_kind." + q.kind)},
                                 {"report", q.kind == "report"},
                                 {"state", t.Translate(lang, "meldcode.vt_state." + q.state)},
                                 {"org", q.org_name},
                                 {"professional", q.professional_name},
                                 {"email", q.professional_email},
                                 {"at", FormatAmsterdam(q.created_ms)}};
          if (!c.is_discarded()) {
            item["question"] = c.value("question", std::string());
            if (c.contains("person")) {
              item["person"] = c["person"].value("name", std::string());
              item["birth_date"] = DateText(c["person"].value("birth_date", std::string()), lang);
            }
            item["signals"] = c.value("signals", std::string());
            item["explanation"] = c.value("explanation", std::string());
            item["reasons"] = c.value("reasons", std::string());
            item["answers"] = nlohmann::json::array();
            if (c.contains("afwegingskader")) {
              for (const auto& a : c["afwegingskader"]) {
                item["answers"].push_back({{"n", std::to_string(a.value("question", 0))},
                                           {"text", a.value("text", std::string())},
                                           {"answer", a.value("answer", std::string())},
                                           {"reasons", a.value("reasons", std::string())}});
              }
            }
            if (c.contains("kindcheck"))
              item["kindcheck"] = c["kindcheck"].value("children", std::string());
          }
          ctx["requests"].push_back(item);
        }
        ctx["none"] = items->empty();
        return s->RenderPage(req, &who, "meldcode_vt", ctx);
      }));

  router.Add("GET", "/meldcode/{id}",
             shell.Page(Action::kUseMeldcode, [s, record_page](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id)
                 return s->ErrorPage(
                     req, &who, 404,
                     s->templates().Translate(WebShell::Lang(req), "error.not_found"));
               return record_page(req, who, *id, Status::Ok(), "", Form{});
             }));

  // One handler for every form of the record page: `what` names the form.
  auto post = [s, svc, worker, record_page](Request& req, const Principal& who,
                                            const std::string& what) {
    auto id = ParseId(req.PathParam("id"));
    if (!id)
      return s->ErrorPage(req, &who, 404,
                          s->templates().Translate(WebShell::Lang(req), "error.not_found"));
    Form form = ParseUrlEncoded(req.body);
    const int64_t version = ParseId(Field(form, "versie")).value_or(0);
    Result<MeldcodeRecordView> r = Status::NotFound("");
    std::string anchor;
    if (what.rfind("stap", 0) == 0) {
      MeldcodeStepInput in;
      in.signals = Field(form, "signalen");
      const std::string kc = Field(form, "kindcheck");
      in.kindcheck = kc == "ja" ? "yes" : kc == "nee" ? "no" : kc;
      in.kindcheck_children = Field(form, "kinderen");
      in.colleague = Field(form, "collega");
      in.colleague_advice = Field(form, "advies");
      in.consulted_vt = !Field(form, "vt").empty();
      in.consulted_forensic = !Field(form, "forensisch").empty();
      in.consultation_notes = Field(form, "toelichting");
      in.talk_parents = Field(form, "ouders");
      in.talk_child = Field(form, "kind");
      r = svc->SaveStep(who, *id, version, what[4] - '0', in);
      anchor = "stap-" + what.substr(4);
    } else if (what.rfind("vraag", 0) == 0) {
      const std::string a = Field(form, "antwoord");
      const int q = what[5] - '0';
      if (a != "ja" && a != "nee") {
        r = Status::Invalid("kies ja of nee", "answer");
      } else {
        r = svc->Answer(who, *id, version, q, a == "ja", Field(form, "redenen"));
      }
      anchor = "stap-4";
    } else if (what == "consult") {
      r = svc->Consult(who, *id, version, Field(form, "vraag"));
      anchor = "stap-2";
    } else {
      MeldcodeDecisionInput in;
      in.action = Field(form, "besluit");
      in.reasons = Field(form, "redenen");
      in.agreements = Field(form, "afspraken");
      in.review_date = Field(form, "evaluatiedatum");
      for (auto [it, end] = form.equal_range("vorm"); it != end; ++it)
        in.codes.push_back(it->second);
      in.acute = !Field(form, "acuut").empty();
      r = svc->Decide(who, *id, version, in);
      anchor = "stap-5";
    }
    if (!r.ok()) {
      if (r.status().code() == StatusCode::kPermissionDenied ||
          r.status().code() == StatusCode::kNotFound) {
        return s->ErrorPage(req, &who, HttpStatusFor(r.status()), r.status().message());
      }
      return record_page(req, who, *id, r.status(), what, form);
    }
    if (worker && (what == "consult" || what == "besluit")) worker->Wake();
    return Response::Redirect("/meldcode/" + std::to_string(*id) + "?opgeslagen=1#" + anchor);
  };
  for (const char* step : {"1", "2", "3"}) {
    const std::string what = std::string("stap") + step;
    router.Add("POST", "/meldcode/{id}/stap/" + std::string(step),
               shell.Page(Action::kUseMeldcode, [post, what](Request& req, const Principal& who) {
                 return post(req, who, what);
               }));
  }
  for (const char* q : {"1", "2", "3", "4", "5"}) {
    const std::string what = std::string("vraag") + q;
    router.Add("POST", "/meldcode/{id}/vraag/" + std::string(q),
               shell.Page(Action::kUseMeldcode, [post, what](Request& req, const Principal& who) {
                 return post(req, who, what);
               }));
  }
  router.Add("POST", "/meldcode/{id}/consult",
             shell.Page(Action::kUseMeldcode, [post](Request& req, const Principal& who) {
               return post(req, who, "consult");
             }));
  router.Add("POST", "/meldcode/{id}/besluit",
             shell.Page(Action::kUseMeldcode, [post](Request& req, const Principal& who) {
               return post(req, who, "besluit");
             }));
}

}  // namespace inbeeld
