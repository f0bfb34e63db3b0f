// The Veilig Thuis pages: /vt (the region's triage queue), /vt/melden (the
// intake form: a report by a professional, or Veilig Thuis recording a call),
// /vt/advies (an advice request), /vt/meldingen/{id} (the case with the safety
// assessment; a stale version shows the conflict), /vt/dashboard (supervisor).
#include "vt/pages.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "http/problem.h"

namespace inbeeld {
namespace {

std::optional<int64_t> PageId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional(v) : std::nullopt;
}

std::string FormGet(const std::multimap<std::string, std::string>& form, const char* k) {
  auto it = form.find(k);
  return it == form.end() ? std::string() : it->second;
}

std::string Moment(int64_t ms) {
  return FormatAmsterdam(ms);
}

// "2 werkdagen, 4 uur" style is for the API; the page shows hours or days left.
std::string TimeLeft(int64_t ms, const std::string& lang) {
  const bool nl = lang != "en";
  if (ms < 0) {
    int64_t h = -ms / 3'600'000;
    return nl ? (h < 48 ? std::to_string(h) + " uur te laat"
                        : std::to_string(h / 24) + " dagen te laat")
              : (h < 48 ? std::to_string(h) + " hours late"
                        : std::to_string(h / 24) + " days late");
  }
  int64_t h = ms / 3'600'000;
  return nl ? (h < 48 ? "nog " + std::to_string(h) + " uur"
                      : "nog " + std::to_string(h / 24) + " dagen")
            : (h < 48 ? std::to_string(h) + " hours left" : std::to_string(h / 24) + " days left");
}

nlohmann::json ErrorsJson(const Status& s) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : s.errors()) out.push_back({{"message", e.message}, {"field", e.field}});
  if (out.empty()) out.push_back({{"message", s.message()}, {"field", ""}});
  return out;
}

}  // namespace

void AddVtPages(Router& router, const WebShell& shell, VtService& vt, const Clock& clock) {
  VtService* svc = &vt;
  const Clock* clk = &clock;
  const WebShell* s = &shell;

  auto code_label = [svc](const std::string& lang) {
    std::map<std::string, std::string> out;
    auto codes = svc->Codes();
    if (codes.ok()) {
      for (const auto& c : *codes) out[c.code] = lang == "en" ? c.label_en : c.label_nl;
    }
    return out;
  };
  auto labels = [](const std::map<std::string, std::string>& names,
                   const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& c : codes) {
      auto it = names.find(c);
      out += (out.empty() ? "" : ", ") + (it == names.end() ? c : it->second);
    }
    return out;
  };

  // --- the queue -------------------------------------------------------------
  router.Add(
      "GET", "/vt",
      shell.Page(Action::kReadVtCases, [s, svc, code_label, labels](Request& req,
                                                                    const Principal& who) {
        const std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        VtQueueFilter f;
        const std::string state = req.Query("status");
        if (!state.empty()) f.state = state;
        auto items = svc->Queue(who, f);
        if (!items.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(items.status()), items.status().message());
        auto names = code_label(lang);
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "vt.queue.title");
        ctx["region"] = who.org.name;
        ctx["can_dashboard"] = RoleMay(who.user.role, Action::kReadVtDashboard);
        ctx["states"] = nlohmann::json::array();
        for (const char* st : {"triage", "investigation", "vv", "open", "closed", "advice"}) {
          ctx["states"].push_back({{"value", st},
                                   {"label", t.Translate(lang, std::string("vt.state.") + st)},
                                   {"selected", f.state == st}});
        }
        ctx["items"] = nlohmann::json::array();
        for (const auto& r : *items) {
          ctx["items"].push_back(
              {{"id", std::to_string(r.id)},
               {"received", Moment(r.received_ms)},
               {"acute", r.urgency == "acute"},
               {"classification",
                r.classification.empty() ? "" : t.Translate(lang, "vt.class." + r.classification)},
               {"codes", labels(names, r.codes)},
               {"state", t.Translate(lang, "vt.state." + r.state)},
               {"due", r.due_ms ? Moment(*r.due_ms) : ""},
               {"band", r.band},
               {"band_label", r.band.empty() ? "" : t.Translate(lang, "vt.band." + r.band)},
               {"left", r.band.empty() ? "" : TimeLeft(r.time_left_ms, lang)},
               {"escalated", r.escalated_ms.has_value()}});
        }
        ctx["none"] = items->empty();
        ctx["count"] = std::to_string(items->size());
        return s->RenderPage(req, &who, "vt_queue", ctx);
      }));

  // --- intake ------------------------------------------------------------------
  auto form_page = [s, svc](Request& req, const Principal& who, nlohmann::json ctx, int status) {
    const std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    ctx["title"] = t.Translate(lang, "vt.form.title");
    ctx["csrf"] = who.csrf_token;
    const bool is_vt = who.org.kind == OrgKind::kVeiligThuis;
    ctx["is_vt"] = is_vt;
    std::string type =
        ctx.value("type", std::string(who.user.role == Role::kPolice ? "police" : "professional"));
    ctx["types"] = nlohmann::json::array();
    for (const char* ty : {"professional", "bystander", "self", "police"}) {
      if (!is_vt && std::string(ty) != "professional" && std::string(ty) != "police") continue;
      ctx["types"].push_back({{"value", ty},
                              {"label", t.Translate(lang, std::string("vt.reporter_type.") + ty)},
                              {"checked", type == ty}});
    }
    std::vector<std::string> chosen = ctx.value("codes", std::vector<std::string>());
    ctx["code_list"] = nlohmann::json::array();
    auto codes = svc->Codes();
    if (codes.ok()) {
      for (const auto& c : *codes) {
        if (!c.active) continue;
        ctx["code_list"].push_back(
            {{"code", c.code},
             {"label", lang == "en" ? c.label_en : c.label_nl},
             {"checked", std::find(chosen.begin(), chosen.end(), c.code) != chosen.end()}});
      }
    }
    ctx["acute"] = ctx.value("urgency", std::string()) == "acute";
    std::string region = ctx.value("region", std::string());
    ctx["regions"] = nlohmann::json::array();
    auto regions = svc->Regions();
    if (regions.ok()) {
      for (const auto& [id, name] : *regions) {
        ctx["regions"].push_back({{"id", std::to_string(id)},
                                  {"name", name},
                                  {"selected", region == std::to_string(id)}});
      }
    }
    return s->RenderPage(req, &who, "vt_form", ctx, status);
  };

  router.Add("GET", "/vt/melden",
             shell.Page(Action::kRegisterVtReport, [form_page](Request& req, const Principal& who) {
               nlohmann::json ctx = nlohmann::json::object();
               ctx["persoon"] = req.Query("persoon");
               if (auto saved = req.Query("nieuw"); !saved.empty()) {
                 ctx["saved"] = true;
                 ctx["saved_id"] = saved;
               }
               return form_page(req, who, ctx, 200);
             }));

  router.Add(
      "POST", "/vt/melden",
      shell.Page(Action::kRegisterVtReport, [svc, form_page](Request& req, const Principal& who) {
        auto form = ParseUrlEncoded(req.body);
        VtReportInput in;
        in.channel = "web";
        in.reporter.type = FormGet(form, "soort");
        in.reporter.name = FormGet(form, "naam");
        in.reporter.organisation = FormGet(form, "organisatie");
        in.reporter.phone = FormGet(form, "telefoon");
        in.reporter.email = FormGet(form, "email");
        in.reporter.stay_unknown = FormGet(form, "onbekend") == "1";
        std::vector<std::string> codes;
        for (auto [it, end] = form.equal_range("code"); it != end; ++it)
          codes.push_back(it->second);
        in.codes = codes;
        in.urgency = FormGet(form, "urgentie") == "acute" ? "acute" : "regular";
        in.summary = FormGet(form, "samenvatting");
        if (auto region = PageId(FormGet(form, "regio"))) in.region_org_id = *region;
        const std::string bsn1 = FormGet(form, "bsn_kind"), bsn2 = FormGet(form, "bsn_kind2"),
                          bsn_parent = FormGet(form, "bsn_ouder");
        const std::string child_id = FormGet(form, "persoon");
        if (auto pid = PageId(child_id)) {
          in.persons.push_back({*pid, "", "child"});
        } else if (!bsn1.empty()) {
          in.persons.push_back({std::nullopt, bsn1, "child"});
        }
        if (!bsn2.empty()) in.persons.push_back({std::nullopt, bsn2, "child"});
        if (!bsn_parent.empty()) in.persons.push_back({std::nullopt, bsn_parent, "parent"});
        auto r = svc->RegisterReport(who, in);
        if (!r.ok()) {
          nlohmann::json ctx = {{"type", in.reporter.type},
                                {"naam", in.reporter.name},
                                {"organisatie", in.reporter.organisation},
                                {"telefoon", in.reporter.phone},
                                {"email", in.reporter.email},
                                {"onbekend", in.reporter.stay_unknown},
                                {"codes", codes},
                                {"urgency", in.urgency},
                                {"samenvatting", in.summary},
                                {"region", FormGet(form, "regio")},
                                {"bsn_kind", bsn1},
                                {"bsn_kind2", bsn2},
                                {"bsn_ouder", bsn_parent},
                                {"persoon", child_id}};
          ctx["errors"] = ErrorsJson(r.status());
          ctx["has_errors"] = true;
          return form_page(req, who, ctx, HttpStatusFor(r.status()));
        }
        if (RoleMay(who.user.role, Action::kReadVtCases) && r->vt_org_id == who.org.id) {
          return Response::Redirect("/vt/meldingen/" + std::to_string(r->id));
        }
        return Response::Redirect("/vt/melden?nieuw=" + std::to_string(r->id));
      }));

  // --- the case ------------------------------------------------------------------
  auto case_page = [s, svc, code_label, labels](Request& req, const Principal& who, int64_t id,
                                                nlohmann::json ctx, int status) {
    const std::string lang = WebShell::Lang(req);
    const Templates& t = s->templates();
    auto r = svc->Get(who, id);
    if (!r.ok()) return s->ErrorPage(req, &who, HttpStatusFor(r.status()), r.status().message());
    auto names = code_label(lang);
    ctx["title"] = t.Translate(lang, "vt.case.title") + " " + std::to_string(r->id);
    ctx["csrf"] = who.csrf_token;
    ctx["id"] = std::to_string(r->id);
    ctx["version"] = std::to_string(r->version);
    ctx["kind_label"] = t.Translate(lang, "vt.kind." + r->kind);
    ctx["region"] = r->vt_org_name;
    ctx["received"] = Moment(r->received_ms);
    ctx["acute"] = r->urgency == "acute";
    ctx["classification"] =
        r->classification.empty() ? "" : t.Translate(lang, "vt.class." + r->classification);
    ctx["classification_reason"] = r->classification_reason;
    ctx["codes"] = labels(names, r->codes);
    ctx["summary"] = r->summary;
    ctx["advice_given"] = r->advice_given;
    ctx["state"] = t.Translate(lang, "vt.state." + r->state);
    ctx["deadline_explanation"] = r->deadline_explanation;
    ctx["assessment_due"] = r->assessment_due_ms ? Moment(*r->assessment_due_ms) : "";
    ctx["acute_due"] = r->acute_due_ms ? Moment(*r->acute_due_ms) : "";
    ctx["investigation_due"] = r->investigation_due_ms ? Moment(*r->investigation_due_ms) : "";
    ctx["band"] = r->band;
    ctx["band_label"] = r->band.empty() ? "" : t.Translate(lang, "vt.band." + r->band);
    ctx["left"] = r->band.empty() ? "" : TimeLeft(r->time_left_ms, lang);
    ctx["escalated"] = r->escalated_ms.has_value();
    ctx["persons"] = nlohmann::json::array();
    for (const auto& p : r->persons) {
      auto bd = ParseIsoDate(p.birth_date);
      ctx["persons"].push_back({{"id", std::to_string(p.id)},
                                {"name", p.name},
                                {"birth_date", bd.ok() ? FormatLongDate(*bd, lang) : p.birth_date},
                                {"role", t.Translate(lang, "vt.role." + p.role)}});
    }
    ctx["reporter_type"] = t.Translate(lang, "vt.reporter_type." + r->reporter.type);
    ctx["reporter_visible"] = r->reporter.visible;
    ctx["reporter_protected"] = r->reporter.stay_unknown;
    ctx["reporter_name"] = r->reporter.name;
    ctx["reporter_organisation"] = r->reporter.organisation;
    ctx["reporter_phone"] = r->reporter.phone;
    ctx["reporter_email"] = r->reporter.email;
    ctx["has_persons"] = !r->persons.empty();
    ctx["contact"] = r->contact_name;
    ctx["can_assess"] = r->state == "triage" && RoleMay(who.user.role, Action::kWorkVtCases);
    ctx["assessed"] = r->assessed_ms.has_value();
    if (r->assessed_ms) {
      ctx["outcome"] = t.Translate(lang, "vt.outcome." + r->outcome);
      ctx["outcome_reasons"] = r->outcome_reasons;
      ctx["assessed_at"] = Moment(*r->assessed_ms);
      ctx["late"] = r->assessment_late;
    }
    // The case: plan, profile, vast aanspreekpunt; V&V conditions; the investigation.
    const bool open_case = r->state == "triage" || r->state == "investigation" || r->state == "vv";
    ctx["can_work"] = open_case && RoleMay(who.user.role, Action::kWorkVtCases);
    ctx["is_vv"] = r->state == "vv";
    ctx["is_investigation"] = r->state == "investigation";
    ctx["plan_text"] = r->plan_text;
    ctx["plan_phase"] = r->plan_phase.empty() ? "" : t.Translate(lang, "vt.phase." + r->plan_phase);
    ctx["family_profile"] =
        r->family_profile.empty() ? "" : t.Translate(lang, "vt.profile." + r->family_profile);
    ctx["staff"] = nlohmann::json::array();
    if (auto staff = svc->RegionStaff(who); staff.ok()) {
      for (const auto& [uid, name] : *staff) {
        ctx["staff"].push_back({{"id", std::to_string(uid)},
                                {"name", name},
                                {"selected", r->contact_user_id && *r->contact_user_id == uid}});
      }
    }
    ctx["profiles"] = nlohmann::json::array();
    for (auto code : VtFamilyProfiles()) {
      ctx["profiles"].push_back({{"value", std::string(code)},
                                 {"label", t.Translate(lang, "vt.profile." + std::string(code))},
                                 {"selected", r->family_profile == code}});
    }
    ctx["phases"] = nlohmann::json::array();
    for (const char* ph : {"direct_safety", "stable_safety", "recovery"}) {
      ctx["phases"].push_back({{"value", ph},
                               {"label", t.Translate(lang, std::string("vt.phase.") + ph)},
                               {"selected", r->plan_phase == ph}});
    }
    ctx["conditions"] = nlohmann::json::array();
    for (const auto& k : r->conditions) {
      ctx["conditions"].push_back({{"id", std::to_string(k.id)},
                                   {"text", k.text},
                                   {"partner", k.partner},
                                   {"monitor_date", k.monitor_date},
                                   {"open", k.state == "open"},
                                   {"state", t.Translate(lang, "vt.condition." + k.state)},
                                   {"note", k.note},
                                   {"due", k.monitor_due},
                                   {"csrf", who.csrf_token},
                                   {"report", std::to_string(r->id)}});
    }
    ctx["has_conditions"] = !r->conditions.empty();
    ctx["findings"] = nlohmann::json::array();
    for (const auto& fi : r->findings) {
      ctx["findings"].push_back({{"code", names.count(fi.code) ? names[fi.code] : fi.code},
                                 {"finding", t.Translate(lang, "vt.finding." + fi.finding)}});
    }
    ctx["report_codes"] = nlohmann::json::array();
    for (const auto& c : r->codes)
      ctx["report_codes"].push_back({{"code", c}, {"label", names.count(c) ? names[c] : c}});
    ctx["finding_values"] = nlohmann::json::array();
    for (const char* fv : {"bevestigd", "niet_bevestigd", "weerlegd"}) {
      ctx["finding_values"].push_back(
          {{"value", fv}, {"label", t.Translate(lang, std::string("vt.finding.") + fv)}});
    }
    ctx["hearings"] = nlohmann::json::array();
    for (const auto& h : r->hearings) {
      ctx["hearings"].push_back({{"who", h.who},
                                 {"date", h.heard_date},
                                 {"kind", t.Translate(lang, "vt.hearing." + h.kind)}});
    }
    ctx["investigation_done"] = r->investigation_done_ms ? Moment(*r->investigation_done_ms) : "";
    ctx["investigation_late"] = r->investigation_late;
    ctx["end_outcomes"] = nlohmann::json::array();
    for (const char* o : {"rvdk", "vv", "handover", "close"}) {
      ctx["end_outcomes"].push_back(
          {{"value", o}, {"label", t.Translate(lang, std::string("vt.outcome.") + o)}});
    }
    std::string chosen = ctx.value("chosen", std::string());
    ctx["outcomes"] = nlohmann::json::array();
    for (const char* o : {"investigation", "rvdk", "vv", "handover", "close"}) {
      ctx["outcomes"].push_back({{"value", o},
                                 {"label", t.Translate(lang, std::string("vt.outcome.") + o)},
                                 {"checked", chosen == o}});
    }
    return s->RenderPage(req, &who, "vt_case", ctx, status);
  };

  router.Add("GET", "/vt/meldingen/{id}",
             shell.Page(Action::kReadVtCases, [s, case_page](Request& req, const Principal& who) {
               auto id = PageId(req.PathParam("id"));
               if (!id)
                 return s->ErrorPage(
                     req, &who, 404,
                     s->templates().Translate(WebShell::Lang(req), "error.not_found"));
               nlohmann::json ctx = nlohmann::json::object();
               if (!req.Query("opgeslagen").empty()) ctx["saved"] = true;
               return case_page(req, who, *id, ctx, 200);
             }));

  router.Add(
      "POST", "/vt/meldingen/{id}/beoordeling",
      shell.Page(Action::kWorkVtCases, [s, svc, case_page](Request& req, const Principal& who) {
        auto id = PageId(req.PathParam("id"));
        if (!id)
          return s->ErrorPage(req, &who, 404,
                              s->templates().Translate(WebShell::Lang(req), "error.not_found"));
        auto form = ParseUrlEncoded(req.body);
        VtAssessmentInput in;
        in.version = static_cast<int>(PageId(FormGet(form, "versie")).value_or(0));
        in.outcome = FormGet(form, "uitkomst");
        in.reasons = FormGet(form, "redenen");
        auto r = svc->Assess(who, *id, in);
        if (!r.ok()) {
          nlohmann::json ctx = {{"chosen", in.outcome},
                                {"redenen", in.reasons},
                                {"has_errors", true},
                                {"conflict", r.status().code() == StatusCode::kConflict}};
          ctx["errors"] = ErrorsJson(r.status());
          return case_page(req, who, *id, ctx, HttpStatusFor(r.status()));
        }
        return Response::Redirect("/vt/meldingen/" + std::to_string(*id) + "?opgeslagen=1");
      }));

  // Case work forms: each posts, then returns to the case (or shows its errors there).
  auto act = [s, case_page](Request& req, const Principal& who,
                            const std::function<Result<VtReport>(
                                int64_t, const std::multimap<std::string, std::string>&)>& fn) {
    auto id = PageId(req.PathParam("id"));
    if (!id)
      return s->ErrorPage(req, &who, 404,
                          s->templates().Translate(WebShell::Lang(req), "error.not_found"));
    auto form = ParseUrlEncoded(req.body);
    auto r = fn(*id, form);
    if (!r.ok()) {
      nlohmann::json ctx = {{"has_errors", true},
                            {"conflict", r.status().code() == StatusCode::kConflict}};
      ctx["errors"] = ErrorsJson(r.status());
      return case_page(req, who, *id, ctx, HttpStatusFor(r.status()));
    }
    return Response::Redirect("/vt/meldingen/" + std::to_string(*id) + "?opgeslagen=1");
  };
  router.Add("POST", "/vt/meldingen/{id}/zaak",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               return act(req, who, [&](int64_t id, const auto& form) {
                 VtCaseInput in;
                 in.version = static_cast<int>(PageId(FormGet(form, "versie")).value_or(0));
                 if (auto u = PageId(FormGet(form, "aanspreekpunt"))) in.contact_user_id = *u;
                 in.family_profile = FormGet(form, "profiel");
                 in.plan_phase = FormGet(form, "fase");
                 in.plan_text = FormGet(form, "plan");
                 return svc->UpdateCase(who, id, in);
               });
             }));
  router.Add("POST", "/vt/meldingen/{id}/voorwaarden",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               return act(req, who, [&](int64_t id, const auto& form) {
                 return svc->AddCondition(who, id, FormGet(form, "voorwaarde"),
                                          FormGet(form, "partner"), FormGet(form, "monitordatum"));
               });
             }));
  router.Add("POST", "/vt/meldingen/{id}/voorwaarden/{condition}",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               const auto condition = PageId(req.PathParam("condition")).value_or(0);
               return act(req, who, [&](int64_t id, const auto& form) {
                 return svc->CheckCondition(who, id, condition, FormGet(form, "stand"),
                                            FormGet(form, "toelichting"));
               });
             }));
  router.Add("POST", "/vt/meldingen/{id}/bevindingen",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               return act(req, who, [&](int64_t id, const auto& form) {
                 return svc->RecordFinding(who, id, FormGet(form, "code"),
                                           FormGet(form, "bevinding"));
               });
             }));
  router.Add("POST", "/vt/meldingen/{id}/gehoord",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               return act(req, who, [&](int64_t id, const auto& form) {
                 return svc->RecordHearing(who, id, FormGet(form, "wie"), FormGet(form, "datum"),
                                           FormGet(form, "soort"));
               });
             }));
  router.Add("POST", "/vt/meldingen/{id}/onderzoek-afronden",
             shell.Page(Action::kWorkVtCases, [svc, act](Request& req, const Principal& who) {
               return act(req, who, [&](int64_t id, const auto& form) {
                 VtInvestigationEnd in;
                 in.version = static_cast<int>(PageId(FormGet(form, "versie")).value_or(0));
                 in.outcome = FormGet(form, "vervolg");
                 in.reasons = FormGet(form, "redenen");
                 return svc->EndInvestigation(who, id, in);
               });
             }));

  // --- half-year figures (CBS shape) ---------------------------------------------
  router.Add(
      "GET", "/vt/cijfers",
      shell.Page(Action::kReadVtFigures, [s, svc, clk](Request& req, const Principal& who) {
        const std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        const Date today = ToAmsterdam(clk->NowMs()).date;
        int year =
            static_cast<int>(PageId(req.Query("jaar")).value_or(static_cast<int>(today.year())));
        int half =
            static_cast<int>(PageId(req.Query("halfjaar"))
                                 .value_or(static_cast<unsigned>(today.month()) <= 6 ? 1 : 2));
        auto f = svc->Figures(std::min(year, 9999), std::min(half, 9));
        if (!f.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(f.status()), f.status().message());
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "vt.figures.title");
        ctx["year"] = std::to_string(f->year);
        ctx["half"] = std::to_string(f->half);
        ctx["from"] = f->first_day;
        ctx["to"] = f->last_day;
        ctx["regions"] = nlohmann::json::array();
        for (const auto& r : f->regions) {
          nlohmann::json cells = nlohmann::json::array();
          for (const auto& c : r.cells) {
            cells.push_back({{"measure", t.Translate(lang, "vt.figures.measure." + c.measure)},
                             {"category", c.category},
                             {"count", c.shown}});
          }
          ctx["regions"].push_back({{"name", r.name}, {"cells", cells}});
        }
        return s->RenderPage(req, &who, "vt_figures", ctx);
      }));

  // --- the dashboard ------------------------------------------------------------
  router.Add(
      "GET", "/vt/dashboard",
      shell.Page(Action::kReadVtDashboard, [s, svc](Request& req, const Principal& who) {
        const std::string lang = WebShell::Lang(req);
        const Templates& t = s->templates();
        auto d = svc->Dashboard(who);
        if (!d.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(d.status()), d.status().message());
        nlohmann::json ctx;
        ctx["title"] = t.Translate(lang, "vt.dashboard.title");
        ctx["region"] = d->vt_org_name;
        // One row per state, one column per band.
        std::map<std::string, std::map<std::string, int64_t>> grid;
        for (const auto& [state, band, n] : d->counts) grid[state][band] += n;
        ctx["rows"] = nlohmann::json::array();
        for (const char* st : {"triage", "investigation", "vv"}) {
          auto& row = grid[st];
          int64_t total = row["on_track"] + row["warning"] + row["overdue"] + row["none"];
          ctx["rows"].push_back({{"state", t.Translate(lang, std::string("vt.state.") + st)},
                                 {"on_track", std::to_string(row["on_track"])},
                                 {"warning", std::to_string(row["warning"])},
                                 {"overdue", std::to_string(row["overdue"])},
                                 {"total", std::to_string(total)}});
        }
        ctx["escalated"] = std::to_string(d->escalated_open);
        ctx["months"] = nlohmann::json::array();
        for (const auto& m : d->months) {
          ctx["months"].push_back(
              {{"month", m.month},
               {"assessed", std::to_string(m.assessed)},
               {"in_time", std::to_string(m.in_time)},
               {"share",
                m.assessed ? std::to_string(std::lround(m.share_in_time * 100)) + "%" : "—"}});
        }
        return s->RenderPage(req, &who, "vt_dashboard", ctx);
      }));
}

}  // namespace inbeeld
