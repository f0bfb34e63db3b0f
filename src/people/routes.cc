#include "people/routes.h"

#include "http/json_body.h"
#include "http/json_writer.h"
#include "http/problem.h"

namespace inbeeld {
namespace {

// Persons go out through JsonWriter, not nlohmann::json: the lookup by BSN is
// the hottest API call (bench/lookup_bench.sh).
void WritePersonFields(JsonWriter& w, const Person& p) {
  w.Key("id").Int(p.id);
  w.Key("full_name").String(FullName(p));
  w.Key("first_name").String(p.first_name);
  w.Key("tussenvoegsel").String(p.tussenvoegsel);
  w.Key("last_name").String(p.last_name);
  w.Key("birth_date").String(FormatIsoDate(p.birth_date));
  w.Key("sex").String(SexCode(p.sex));
  w.Key("relation").String(RelationName(p.relation));
  w.Key("has_bsn").Bool(p.bsn.has_value());
}

std::string PersonListJson(const std::vector<Person>& persons) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& p : persons) {
    w.BeginObject();
    WritePersonFields(w, p);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return std::move(w).Take();
}

// A person's fields, then the household, the other members and the enrolments.
std::string PersonViewJson(const PersonView& v) {
  JsonWriter w;
  w.BeginObject();
  WritePersonFields(w, v.person);
  w.Key("household");
  if (v.household) {
    const Address& a = v.household->address;
    w.BeginObject().Key("id").Int(v.household->id).Key("address").BeginObject();
    w.Key("street").String(a.street);
    w.Key("house_number").String(a.house_number);
    w.Key("postcode").String(a.postcode);
    w.Key("city").String(a.city);
    w.Key("municipality_code").String(a.municipality_code);
    w.EndObject().EndObject();
  } else {
    w.Null();
  }
  w.Key("household_members").BeginArray();
  for (const auto& m : v.household_members) {
    w.BeginObject();
    WritePersonFields(w, m);
    w.EndObject();
  }
  w.EndArray();
  w.Key("enrolments").BeginArray();
  for (const auto& e : v.enrolments) {
    w.BeginObject();
    w.Key("organisation").BeginObject().Key("id").Int(e.school.id);
    w.Key("name").String(e.school.name).EndObject();
    w.Key("from").String(FormatIsoDate(e.enrolment.from));
    w.Key("to").String(e.enrolment.to ? FormatIsoDate(*e.enrolment.to) : "");
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

nlohmann::json AuditJson(const AuditRecord& r) {
  return {{"at_ms", r.at_ms},           {"user", r.username},
          {"organisation", r.org_name}, {"role", r.role},
          {"action", r.action},         {"detail", r.detail},
          {"reason", r.reason},         {"responsibility", r.responsibility}};
}

PersonSearch SearchFrom(const Request& req, std::vector<FieldError>* errors) {
  PersonSearch q;
  q.name = req.Query("q");
  q.postcode = req.Query("postcode");
  std::string bd = req.Query("geboortedatum");
  if (bd.empty()) bd = req.Query("birth_date");
  if (!bd.empty()) {
    auto d = ParseIsoDate(bd, "geboortedatum");
    if (d.ok())
      q.birth_date = *d;
    else
      errors->push_back({"geboortedatum", d.status().message()});
  }
  return q;
}

Result<PersonId> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return Status::NotFound("onbekende persoon");
  PersonId id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Status::NotFound("onbekende persoon");
    id = id * 10 + (c - '0');
  }
  return id;
}

}  // namespace

void AddPeopleRoutes(Router& router, const WebShell& shell, PersonService& people, Store& store) {
  const WebShell* s = &shell;
  PersonService* svc = &people;
  Store* st = &store;

  // --- API -----------------------------------------------------------------
  router.Add("GET", "/api/v1/persons",
             shell.Api(Action::kSearchPersons, [svc](Request& req, const Principal& who) {
               std::vector<FieldError> errors;
               PersonSearch q = SearchFrom(req, &errors);
               if (!errors.empty()) return Problem(Status::InvalidFields(errors), req.path);
               auto found = svc->Search(who, q);
               if (!found.ok()) return Problem(found.status(), req.path);
               return Response::Json(200, PersonListJson(*found));
             }));
  router.Add("GET", "/api/v1/persons/{id}",
             shell.Api(Action::kReadPerson, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id.ok()) return Problem(id.status(), req.path);
               auto view = svc->Read(who, *id, req.Header("x-access-reason"));
               if (!view.ok()) return Problem(view.status(), req.path);
               return Response::Json(200, PersonViewJson(*view));
             }));
  router.Add("POST", "/api/v1/persons/lookup",
             shell.Api(Action::kReadPerson, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"bsn", "reason"});
               auto bsn = f.String("bsn", true, 20);
               auto reason = f.String("reason", false, 500);
               if (!f.ok()) return Problem(f.status(), req.path);
               auto view = svc->LookupByBsn(who, *bsn, reason.value_or(""));
               if (!view.ok()) return Problem(view.status(), req.path);
               return Response::Json(200, PersonViewJson(*view));
             }));
  router.Add("POST", "/api/v1/persons",
             shell.Api(Action::kRegisterPerson, [svc](Request& req, const Principal& who) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"bsn", "first_name", "tussenvoegsel", "last_name", "birth_date",
                                "sex", "household_id"});
               NewPerson p;
               p.bsn = f.String("bsn", false, 20).value_or("");
               p.first_name = f.String("first_name", true, 100).value_or("");
               p.tussenvoegsel = f.String("tussenvoegsel", false, 30).value_or("");
               p.last_name = f.String("last_name", true, 100).value_or("");
               p.birth_date = f.String("birth_date", true, 10).value_or("");
               p.sex = f.String("sex", false, 1).value_or("O");
               auto hh = f.Int("household_id", false);
               if (hh) p.household_id = *hh;
               if (!f.ok()) return Problem(f.status(), req.path);
               auto id = svc->Register(who, p);
               if (!id.ok()) return Problem(id.status(), req.path);
               Response r = Response::Json(201, nlohmann::json{{"id", *id}}.dump());
               r.SetHeader("Location", "/api/v1/persons/" + std::to_string(*id));
               return r;
             }));
  router.Add("GET", "/api/v1/persons/{id}/access-log",
             shell.Api(Action::kReadAccessHistory, [svc](Request& req, const Principal& who) {
               auto id = ParseId(req.PathParam("id"));
               if (!id.ok()) return Problem(id.status(), req.path);
               auto records = svc->AccessHistory(who, *id, 200);
               if (!records.ok()) return Problem(records.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& r : *records) out["items"].push_back(AuditJson(r));
               return Response::Json(200, out.dump());
             }));
  router.Add("GET", "/api/v1/organisations",
             shell.Api(Action::kListOrganisations, [st](Request& req, const Principal&) {
               std::optional<OrgKind> kind;
               std::string k = req.Query("kind");
               if (!k.empty()) {
                 kind = ParseOrgKind(k);
                 if (!kind)
                   return Problem(Status::Invalid("onbekende soort organisatie", "kind"), req.path);
               }
               auto orgs = st->ListOrganisations(kind);
               if (!orgs.ok()) return Problem(orgs.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}};
               for (const auto& o : *orgs) {
                 nlohmann::json j = {{"id", o.id},
                                     {"ref", o.ext_ref},
                                     {"kind", OrgKindName(o.kind)},
                                     {"name", o.name},
                                     {"municipality_code", o.municipality_code}};
                 if (o.kind == OrgKind::kSchool) {
                   j["school_type"] = o.school_type;
                   j["region"] = o.region ? std::string(SchoolRegionName(*o.region)) : "";
                   j["start_time"] = o.start_time;
                 }
                 out["items"].push_back(j);
               }
               return Response::Json(200, out.dump());
             }));

  // --- pages ---------------------------------------------------------------
  router.Add("GET", "/personen",
             shell.Page(Action::kSearchPersons, [s, svc](Request& req, const Principal& who) {
               std::string lang = WebShell::Lang(req);
               nlohmann::json ctx;
               ctx["title"] = s->templates().Translate(lang, "search.title");
               ctx["q"] = req.Query("q");
               ctx["geboortedatum"] = req.Query("geboortedatum");
               ctx["postcode"] = req.Query("postcode");
               bool searched = !req.Query("q").empty() || !req.Query("geboortedatum").empty() ||
                               !req.Query("postcode").empty();
               int status = 200;
               if (searched) {
                 std::vector<FieldError> errors;
                 PersonSearch q = SearchFrom(req, &errors);
                 Result<std::vector<Person>> found =
                     errors.empty() ? svc->Search(who, q)
                                    : Result<std::vector<Person>>(Status::InvalidFields(errors));
                 if (!found.ok()) {
                   status = HttpStatusFor(found.status());
                   ctx["error"] = found.status().message();
                 } else {
                   ctx["searched"] = true;
                   ctx["results"] = nlohmann::json::array();
                   for (const auto& p : *found) {
                     ctx["results"].push_back({{"id", std::to_string(p.id)},
                                               {"name", FullName(p)},
                                               {"birth_date", FormatLongDate(p.birth_date, lang)}});
                   }
                   ctx["count"] = std::to_string(found->size());
                   ctx["none"] = found->empty();
                 }
               }
               return s->RenderPage(req, &who, "person_search", ctx, status);
             }));

  auto person_page = [s, svc](Request& req, const Principal& who) {
    std::string lang = WebShell::Lang(req);
    auto id = ParseId(req.PathParam("id"));
    if (!id.ok())
      return s->ErrorPage(req, &who, 404, s->templates().Translate(lang, "error.not_found"));
    std::string reason;
    if (req.method == "POST") {
      auto form = ParseUrlEncoded(req.body);
      auto it = form.find("reden");
      if (it != form.end()) reason = it->second;
    }
    auto view = svc->Read(who, *id, reason);
    if (!view.ok()) {
      if (view.status().code() == StatusCode::kConflict) {
        nlohmann::json ctx;
        ctx["title"] = s->templates().Translate(lang, "person.reason_title");
        ctx["id"] = std::to_string(*id);
        if (req.method == "POST") ctx["error"] = view.status().message();
        return s->RenderPage(req, &who, "person_reason", ctx, req.method == "POST" ? 422 : 200);
      }
      int status = HttpStatusFor(view.status());
      std::string msg = status == 404   ? s->templates().Translate(lang, "error.not_found")
                        : status == 403 ? s->templates().Translate(lang, "error.no_access")
                                        : view.status().message();
      return s->ErrorPage(req, &who, status, msg);
    }
    const PersonView& v = *view;
    nlohmann::json ctx;
    ctx["title"] = FullName(v.person);
    ctx["name"] = FullName(v.person);
    ctx["birth_date"] = FormatLongDate(v.person.birth_date, lang);
    ctx["age"] = std::to_string(v.age);
    ctx["sex"] =
        s->templates().Translate(lang, std::string("sex.") + std::string(SexCode(v.person.sex)));
    ctx["relation"] = s->templates().Translate(
        lang, std::string("relation.") + std::string(RelationName(v.person.relation)));
    ctx["has_bsn"] = v.person.bsn.has_value();
    if (RoleMay(who.user.role, Action::kReadRadar)) {
      ctx["radar_person_href"] = "/radar/personen/" + std::to_string(v.person.id);
      if (v.household)
        ctx["radar_household_href"] = "/radar/huishoudens/" + std::to_string(v.household->id);
    }
    if (v.household) {
      const Address& a = v.household->address;
      ctx["address"] = {{"line1", a.street + " " + a.house_number},
                        {"line2", a.postcode + " " + a.city}};
    }
    ctx["members"] = nlohmann::json::array();
    for (const auto& m : v.household_members) {
      ctx["members"].push_back(
          {{"id", std::to_string(m.id)},
           {"name", FullName(m)},
           {"birth_date", FormatLongDate(m.birth_date, lang)},
           {"relation",
            s->templates().Translate(
                lang, std::string("relation.") + std::string(RelationName(m.relation)))}});
    }
    ctx["has_members"] = !v.household_members.empty();
    ctx["enrolments"] = nlohmann::json::array();
    for (const auto& e : v.enrolments) {
      ctx["enrolments"].push_back(
          {{"school", e.school.name},
           {"from", FormatLongDate(e.enrolment.from, lang)},
           {"to", e.enrolment.to ? FormatLongDate(*e.enrolment.to, lang) : ""}});
    }
    ctx["has_enrolments"] = !v.enrolments.empty();
    if (RoleMay(who.user.role, Action::kReadAccessHistory)) {
      auto history = svc->AccessHistory(who, *id, 50);
      if (history.ok()) {
        ctx["show_history"] = true;
        ctx["history"] = nlohmann::json::array();
        for (const auto& r : *history) {
          ctx["history"].push_back({{"when", FormatAmsterdam(r.at_ms)},
                                    {"user", r.username},
                                    {"org", r.org_name},
                                    {"action", s->templates().Translate(lang, "audit." + r.action)},
                                    {"reason", r.reason}});
        }
      }
    }
    return s->RenderPage(req, &who, "person", ctx);
  };
  router.Add("GET", "/personen/{id}", shell.Page(Action::kReadPerson, person_page));
  router.Add("POST", "/personen/{id}", shell.Page(Action::kReadPerson, person_page));
}

}  // namespace inbeeld
