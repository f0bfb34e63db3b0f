#include "people/person_service.h"

#include <algorithm>

namespace inbeeld {

Status PersonService::Log(const Principal& who, const std::string& action, PersonId id,
                          const std::string& detail, const std::string& reason) {
  AuditRecord r = AuditRecordBy(who);
  r.action = action;
  r.object_type = "person";
  r.person_id = id;
  r.detail = detail;
  r.reason = reason;
  return audit_.Record(std::move(r));
}

Result<PersonContext> PersonService::ContextOf(const Person& p) {
  PersonContext ctx;
  if (p.household_id) {
    auto h = store_.GetHousehold(*p.household_id);
    if (h.ok())
      ctx.municipality_code = h->address.municipality_code;
    else if (h.status().code() != StatusCode::kNotFound)
      return h.status();
  }
  auto enrolments = store_.EnrolmentsOf(p.id);
  if (!enrolments.ok()) return enrolments.status();
  int today = DaysSinceEpoch(clock_.Today());
  for (const auto& e : *enrolments) {
    if (DaysSinceEpoch(e.from) <= today && (!e.to || DaysSinceEpoch(*e.to) >= today)) {
      ctx.current_school_ids.push_back(e.org_id);
    }
  }
  return ctx;
}

Result<std::vector<Person>> PersonService::Search(const Principal& who, const PersonSearch& q) {
  std::vector<FieldError> errors;
  if (q.name.size() > 100) errors.push_back({"q", "zoekterm te lang"});
  if (q.postcode.size() > 10) errors.push_back({"postcode", "ongeldige postcode"});
  if (q.name.empty() && !q.birth_date && q.postcode.empty()) {
    errors.push_back({"q", "vul een naam, geboortedatum of postcode in"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  PersonSearch bounded = q;
  bounded.limit = std::clamp(q.limit, 1, 100);
  auto found = store_.SearchPersons(bounded);
  if (!found.ok()) return found.status();
  std::vector<Person> out;
  for (auto& p : *found) {
    auto ctx = ContextOf(p);
    if (!ctx.ok()) return ctx.status();
    if (DecidePersonAccess(who, *ctx) == Access::kDeny) continue;
    INBEELD_RETURN_IF_ERROR(Log(who, "search", p.id, "naam en geboortedatum in zoekresultaat"));
    out.push_back(std::move(p));
  }
  return out;
}

Result<PersonView> PersonService::Read(const Principal& who, PersonId id,
                                       const std::string& reason) {
  // One snapshot of everything the page shows, then need-to-know on it.
  auto bundle = store_.GetPersonBundle(id);
  if (!bundle.ok()) return bundle.status();
  return Decide(who, std::move(bundle).value(), reason);
}

Result<PersonView> PersonService::Decide(const Principal& who, Store::PersonBundle b,
                                         const std::string& reason) {
  Store::PersonBundle* bundle = &b;
  const PersonId id = b.person.id;
  PersonContext ctx;
  if (bundle->household) ctx.municipality_code = bundle->household->address.municipality_code;
  int today = DaysSinceEpoch(clock_.Today());
  for (const auto& [e, org] : bundle->enrolments) {
    if (DaysSinceEpoch(e.from) <= today && (!e.to || DaysSinceEpoch(*e.to) >= today)) {
      ctx.current_school_ids.push_back(e.org_id);
    }
  }
  Access access = DecidePersonAccess(who, ctx);
  if (access == Access::kDeny) {
    INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", id, "geen noodzaak tot inzage (geweigerd)"));
    return Status::PermissionDenied("je hebt geen toegang tot deze persoon");
  }
  if (access == Access::kNeedsReason) {
    std::string trimmed = reason;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
      trimmed.pop_back();
    if (trimmed.size() < 10) {
      return Status::Conflict("geef een reden voor inzage (minstens 10 tekens)");
    }
    if (trimmed.size() > 500)
      return Status::Invalid("reden te lang (maximaal 500 tekens)", "reason");
  }
  PersonView view;
  view.person = std::move(bundle->person);
  view.age = AgeOn(view.person.birth_date, clock_.Today());
  view.household = std::move(bundle->household);
  view.household_members = std::move(bundle->members);  // the others (Store::PersonBundle)
  for (auto& [e, org] : bundle->enrolments) view.enrolments.push_back({e, std::move(org)});
  // Logged before the data leaves (AuditLog::Record returns once it is durable).
  INBEELD_RETURN_IF_ERROR(Log(who, "read", id, "persoonsgegevens, huishouden en inschrijvingen",
                              access == Access::kNeedsReason ? reason : ""));
  return view;
}

Result<PersonView> PersonService::LookupByBsn(const Principal& who, const std::string& bsn_text,
                                              const std::string& reason) {
  auto bsn = Bsn::Parse(bsn_text);
  if (!bsn.ok()) return bsn.status();
  // The person and everything the answer shows in one read transaction.
  auto bundle = store_.GetPersonBundleByBsn(pseudonymizer_.Pseudonymize(*bsn));
  if (!bundle.ok()) {
    if (bundle.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("geen persoon met dit BSN in het register");
    }
    return bundle.status();
  }
  return Decide(who, std::move(bundle).value(), reason);
}

Result<PersonId> PersonService::Register(const Principal& who, const NewPerson& in) {
  std::vector<FieldError> errors;
  Person p;
  if (!in.bsn.empty()) {
    auto bsn = Bsn::Parse(in.bsn);
    if (!bsn.ok())
      errors.push_back({"bsn", bsn.status().message()});
    else
      p.bsn = pseudonymizer_.Pseudonymize(*bsn);
  }
  auto name_ok = [&](const std::string& v, const char* field, bool required) {
    if (v.empty()) {
      if (required) errors.push_back({field, "verplicht veld"});
      return;
    }
    const bool control = std::any_of(v.begin(), v.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (v.size() > 100)
      errors.push_back({field, "te lang (maximaal 100 tekens)"});
    else if (control)  // a line break would reach e-mail subjects and headers
      errors.push_back({field, "bevat een stuurteken (zoals een regeleinde)"});
    else if (required && v.size() < 2)
      errors.push_back({field, "te kort (minstens 2 tekens)"});
  };
  name_ok(in.first_name, "first_name", true);
  name_ok(in.tussenvoegsel, "tussenvoegsel", false);
  name_ok(in.last_name, "last_name", true);
  auto birth = ParseIsoDate(in.birth_date, "birth_date");
  if (!birth.ok()) {
    errors.push_back({"birth_date", birth.status().message()});
  } else if (DaysSinceEpoch(*birth) > DaysSinceEpoch(clock_.Today())) {
    errors.push_back({"birth_date", "geboortedatum ligt in de toekomst"});
  } else {
    p.birth_date = *birth;
  }
  // Exactly the codes NewPerson documents (ParseSex also takes the importer's m/f/x).
  auto sex = in.sex == "M" || in.sex == "V" || in.sex == "O" ? ParseSex(in.sex) : std::nullopt;
  if (!sex)
    errors.push_back({"sex", "geslacht moet M, V of O zijn"});
  else
    p.sex = *sex;
  if (in.household_id) {
    auto h = store_.GetHousehold(*in.household_id);
    if (!h.ok()) errors.push_back({"household_id", "onbekend huishouden"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  p.first_name = in.first_name;
  p.tussenvoegsel = in.tussenvoegsel;
  p.last_name = in.last_name;
  p.household_id = in.household_id;
  p.relation = Relation::kChild;
  auto id = store_.InsertPerson(p);
  if (!id.ok()) {
    if (id.status().code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists("er staat al een persoon met dit BSN in het register");
    }
    return id.status();
  }
  INBEELD_RETURN_IF_ERROR(Log(who, "write", *id, "persoon geregistreerd"));
  return *id;
}

Result<std::vector<AuditRecord>> PersonService::AccessHistory(const Principal& who, PersonId id,
                                                              int limit) {
  auto person = store_.GetPerson(id);
  if (!person.ok()) return person.status();
  if (who.user.role != Role::kAdmin) {
    auto ctx = ContextOf(*person);
    if (!ctx.ok()) return ctx.status();
    if (DecidePersonAccess(who, *ctx) == Access::kDeny) {
      INBEELD_RETURN_IF_ERROR(Log(who, "read_denied", id, "inzagelog (geweigerd)"));
      return Status::PermissionDenied("je hebt geen toegang tot deze persoon");
    }
  }
  auto records = store_.AuditForPerson(id, std::clamp(limit, 1, 1000));
  if (!records.ok()) return records.status();
  INBEELD_RETURN_IF_ERROR(Log(who, "read", id, "inzagelog"));
  return records;
}

}  // namespace inbeeld
