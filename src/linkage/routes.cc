#include "linkage/routes.h"

#include <algorithm>

#include "http/json_body.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

nlohmann::json SideJson(const LinkageSide& s) {
  return {{"first_name", s.first_name},
          {"last_name", s.last_name},
          {"birth_date", s.birth_date},
          {"street", s.street},
          {"house_number", s.house_number},
          {"postcode", s.postcode},
          {"city", s.city}};
}

nlohmann::json ItemJson(const LinkageReviewItem& item) {
  nlohmann::json j = {{"signal",
                       {{"id", item.signal_id},
                        {"organisation", item.org_name},
                        {"signal_date", item.signal_date},
                        {"subject", SideJson(item.subject)}}},
                      {"candidates", nlohmann::json::array()}};
  for (const auto& c : item.candidates) {
    j["candidates"].push_back({{"review_id", c.review_id},
                               {"person_id", c.person_id},
                               {"position", c.position},
                               {"score", c.score},
                               {"reason", c.reason},
                               {"state", c.state},
                               {"person", SideJson(c.person)}});
  }
  return j;
}

std::string Percent(double score) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", score * 100);
  return buf;
}

}  // namespace

void AddLinkageRoutes(Router& router, const WebShell& shell, LinkageService& linkage,
                      OutboxWorker* worker) {
  LinkageService* svc = &linkage;
  const WebShell* s = &shell;

  // --- API -----------------------------------------------------------------
  router.Add("GET", "/api/v1/linkage/reviews",
             shell.Api(Action::kReviewLinkage, [svc](Request& req, const Principal& who) {
               auto items = svc->Reviews(who, 100);
               if (!items.ok()) return Problem(items.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& item : *items) out["items"].push_back(ItemJson(item));
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/linkage/reviews/{id}/decision",
             shell.Api(Action::kReviewLinkage, [svc, worker](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend koppelvoorstel"), req.path);
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"decision"});
               auto text = f.String("decision", true, 20);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto decision = ParseReviewDecision(text.value_or(""));
               if (!decision)
                 return Problem(Status::Invalid("confirm of reject", "decision"), req.path);
               auto item = svc->Decide(who, *id, *decision);
               if (!item.ok()) return Problem(item.status(), req.path);
               if (worker && *decision == ReviewDecision::kConfirm) worker->Wake();
               return Response::Json(200, ItemJson(*item).dump());
             }));

  router.Add("POST", "/api/v1/linkage/partial",
             shell.Api(Action::kReviewLinkage, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown(
                   {"first_name", "estimated_age", "street", "house_number", "postcode", "city"});
               LinkageRecord r;
               r.first_name = f.String("first_name", true, 100).value_or("");
               if (auto age = f.Int("estimated_age", false))
                 r.estimated_age = static_cast<int>(std::clamp<int64_t>(*age, -1, 1000));
               r.street = f.String("street", false, 200).value_or("");
               r.house_number = f.String("house_number", false, 12).value_or("");
               r.postcode = f.String("postcode", false, 8).value_or("");
               r.city = f.String("city", false, 100).value_or("");
               if (!f.ok()) return Problem(f.status(), req.path);
               auto found = svc->PartialCandidates(who, r);
               if (!found.ok()) return Problem(found.status(), req.path);
               nlohmann::json out = {{"households", nlohmann::json::array()}};
               for (const auto& h : *found) {
                 nlohmann::json j = {{"household_id", h.household_id},
                                     {"score", h.score},
                                     {"address",
                                      {{"street", h.street},
                                       {"house_number", h.house_number},
                                       {"postcode", h.postcode},
                                       {"city", h.city}}},
                                     {"members", nlohmann::json::array()}};
                 for (const auto& m : h.members) {
                   j["members"].push_back({{"person_id", m.person_id},
                                           {"first_name", m.first_name},
                                           {"last_name", m.last_name},
                                           {"birth_date", m.birth_date},
                                           {"score", m.score}});
                 }
                 out["households"].push_back(std::move(j));
               }
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/linkage/run",
             shell.Api(Action::kRunLinkage, [svc, worker](Request& req, const Principal&) {
               auto st = svc->Run();
               if (!st.ok()) return Problem(st.status(), req.path);
               if (worker && st->auto_linked > 0) worker->Wake();
               return Response::Json(200, nlohmann::json{{"indexed", st->indexed},
                                                         {"rebuilt", st->rebuilt},
                                                         {"checked", st->checked},
                                                         {"auto_linked", st->auto_linked},
                                                         {"review", st->review},
                                                         {"no_candidate", st->no_candidate}}
                                              .dump());
             }));

  // --- pages ---------------------------------------------------------------
  router.Add("GET", "/koppelen",
             shell.Page(Action::kReviewLinkage, [s, svc](Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               auto items = svc->Reviews(who, 50);
               if (!items.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(items.status()),
                                     items.status().message());
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "linkage.title");
               ctx["items"] = nlohmann::json::array();
               for (const auto& item : *items) {
                 nlohmann::json it = {{"signal_id", std::to_string(item.signal_id)},
                                      {"org", item.org_name},
                                      {"date", item.signal_date},
                                      {"subject", SideJson(item.subject)},
                                      {"candidates", nlohmann::json::array()}};
                 for (const auto& c : item.candidates) {
                   it["candidates"].push_back({{"review_id", std::to_string(c.review_id)},
                                               {"person_id", std::to_string(c.person_id)},
                                               {"position", std::to_string(c.position)},
                                               {"score", Percent(c.score)},
                                               {"reason", c.reason},
                                               {"person", SideJson(c.person)},
                                               {"subject", SideJson(item.subject)},
                                               {"csrf", who.csrf_token}});
                 }
                 ctx["items"].push_back(std::move(it));
               }
               ctx["none"] = items->empty();
               ctx["can_run"] = RoleMay(who.user.role, Action::kRunLinkage);
               auto q = req.Query("besluit");
               if (q == "bevestigd")
                 ctx["notice"] = s->templates().Translate(lang, "linkage.confirmed");
               if (q == "afgewezen")
                 ctx["notice"] = s->templates().Translate(lang, "linkage.rejected");
               if (!req.Query("gekoppeld").empty()) {
                 ctx["notice"] = s->templates().Translate(lang, "linkage.ran") + " " +
                                 req.Query("gekoppeld") + " / " + req.Query("voorstellen");
               }
               return s->RenderPage(req, &who, "linkage_reviews", ctx);
             }));

  // A supervisor looks at new unlinked signals now instead of within the minute.
  router.Add("POST", "/koppelen/nu",
             shell.Page(Action::kRunLinkage, [s, svc, worker](Request& req, const Principal& who) {
               auto st = svc->Run();
               if (!st.ok())
                 return s->ErrorPage(req, &who, HttpStatusFor(st.status()), st.status().message());
               if (worker && st->auto_linked > 0) worker->Wake();
               return Response::Redirect("/koppelen?gekoppeld=" + std::to_string(st->auto_linked) +
                                         "&voorstellen=" + std::to_string(st->review));
             }));

  router.Add(
      "POST", "/koppelen/{id}",
      shell.Page(Action::kReviewLinkage, [s, svc, worker](Request& req, const Principal& who) {
        auto id = ParseId(req.PathParam("id"));
        auto form = ParseUrlEncoded(req.body);
        auto it = form.find("besluit");
        auto decision = ParseReviewDecision(it == form.end() ? "" : it->second);
        if (!id || !decision)
          return s->ErrorPage(req, &who, 404, "onbekend koppelvoorstel of besluit");
        auto item = svc->Decide(who, *id, *decision);
        if (!item.ok())
          return s->ErrorPage(req, &who, HttpStatusFor(item.status()), item.status().message());
        if (worker && *decision == ReviewDecision::kConfirm) worker->Wake();
        return Response::Redirect(
            std::string("/koppelen?besluit=") +
            (*decision == ReviewDecision::kConfirm ? "bevestigd" : "afgewezen"));
      }));
}

}  // namespace inbeeld
