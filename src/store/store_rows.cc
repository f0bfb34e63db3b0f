#include "store/store_rows.h"

#include "store/name_key.h"

namespace inbeeld::store_rows {

Date DateFromText(const std::string& text) {
  auto d = ParseIsoDate(text);
  return d.ok() ? *d : Date{};
}

std::string Qualify(const char* columns, const char* alias) {
  std::string cols = columns, out;
  size_t start = 0;
  while (start < cols.size()) {
    size_t comma = cols.find(',', start);
    std::string col =
        cols.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!col.empty() && col.front() == ' ') col.erase(col.begin());
    const bool literal = !col.empty() && col.front() == '\'';  // a constant, not a column
    out += (out.empty() ? "" : ", ") + (literal ? col : std::string(alias) + "." + col);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

size_t SplitCount(const char* columns) {
  size_t n = 1;
  for (const char* p = columns; *p; ++p) n += *p == ',';
  return n;
}

Household HouseholdFromRow(const SqlRow& r) {
  Household h;
  h.id = r.Int(0);
  h.ext_ref = r.Text(1);
  h.address.street = r.Text(2);
  h.address.house_number = r.Text(3);
  h.address.postcode = r.Text(4);
  h.address.city = r.Text(5);
  h.address.municipality_code = r.Text(6);
  return h;
}

Person PersonFromRow(const SqlRow& r) {
  Person p;
  p.id = r.Int(0);
  p.ext_ref = r.Text(1);
  if (!r.IsNull(2)) p.bsn = BsnPseudonym{r.Text(2)};
  p.first_name = r.Text(3);
  p.tussenvoegsel = r.Text(4);
  p.last_name = r.Text(5);
  p.birth_date = DateFromText(r.Text(6));
  p.sex = ParseSex(r.Text(7)).value_or(Sex::kUnknown);
  p.household_id = r.OptInt(8);
  p.relation = ParseRelation(r.Text(9)).value_or(Relation::kChild);
  return p;
}

Organisation OrganisationFromRow(const SqlRow& r, size_t at) {
  Organisation o;
  o.id = r.Int(at + 0);
  o.ext_ref = r.Text(at + 1);
  o.kind = ParseOrgKind(r.Text(at + 2)).value_or(OrgKind::kSchool);
  o.name = r.Text(at + 3);
  o.municipality_code = r.Text(at + 4);
  o.email = r.Text(at + 5);
  o.school_type = r.Text(at + 6);
  if (!r.IsNull(at + 7)) o.region = ParseSchoolRegion(r.Text(at + 7));
  o.start_time = r.Text(at + 8);
  return o;
}

User UserFromRow(const SqlRow& r, size_t at) {
  User u;
  u.id = r.Int(at + 0);
  u.username = r.Text(at + 1);
  u.display_name = r.Text(at + 2);
  u.email = r.Text(at + 3);
  u.org_id = r.Int(at + 4);
  u.role = ParseRole(r.Text(at + 5)).value_or(Role::kPolice);
  u.password_hash = r.Text(at + 6);
  u.totp_secret = r.Text(at + 7);
  u.disabled = r.Int(at + 8) != 0;
  u.failed_logins = static_cast<int>(r.Int(at + 9));
  u.locked_until = r.Int(at + 10);
  u.totp_last_step = r.Int(at + 11);
  return u;
}

SessionRecord SessionFromRow(const SqlRow& r) {
  SessionRecord s;
  s.id_hash = r.Text(0);
  s.user_id = r.Int(1);
  s.csrf_token = r.Text(2);
  s.created_s = r.Int(3);
  s.expires_s = r.Int(4);
  s.second_factor_done = r.Int(5) != 0;
  return s;
}

AuditRecord AuditFromRow(const SqlRow& r) {
  AuditRecord a;
  a.seq = r.Int(0);
  a.at_ms = r.Int(1);
  a.user_id = r.Int(2);
  a.username = r.Text(3);
  a.org_id = r.Int(4);
  a.org_name = r.Text(5);
  a.role = r.Text(6);
  a.action = r.Text(7);
  a.object_type = r.Text(8);
  a.person_id = r.OptInt(9);
  a.detail = r.Text(10);
  a.responsibility = r.Text(11);
  a.reason = r.Text(12);
  a.prev_hash = r.Text(13);
  a.hash = r.Text(14);
  return a;
}

std::vector<SqlValue> HouseholdValues(const Household& h) {
  const Address& a = h.address;
  return {SqlOpt(std::optional<std::string>(h.ext_ref)),
          a.street,
          a.house_number,
          a.postcode,
          PostcodeKey(a.postcode),
          a.city,
          a.municipality_code};
}

std::vector<SqlValue> PersonValues(const Person& p) {
  return {SqlOpt(std::optional<std::string>(p.ext_ref)),
          p.bsn ? SqlValue(p.bsn->hex) : SqlValue(SqlNull{}),
          p.first_name,
          p.tussenvoegsel,
          p.last_name,
          NameKey(p.first_name),
          LastNameKey(p.last_name),
          FormatIsoDate(p.birth_date),
          std::string(SexCode(p.sex)),
          std::string(RelationName(p.relation))};
}

std::vector<SqlValue> OrganisationValues(const Organisation& o) {
  return {SqlOpt(std::optional<std::string>(o.ext_ref)),
          std::string(OrgKindName(o.kind)),
          o.name,
          o.municipality_code,
          o.email,
          o.school_type,
          o.region ? SqlValue(std::string(SchoolRegionName(*o.region))) : SqlValue(SqlNull{}),
          o.start_time};
}

}  // namespace inbeeld::store_rows
