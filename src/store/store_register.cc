// Store: households, persons, organisations, enrolments and person search.
#include "store/name_key.h"
#include "store/store.h"
#include "store/store_rows.h"

namespace inbeeld {

using namespace store_rows;  // NOLINT(google-build-using-namespace): internal helpers

namespace {

std::string Placeholders(size_t from, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? ", $" : "$") + std::to_string(from + i);
  return s;
}

std::string Join(const std::vector<std::string>& cols) {
  std::string s;
  for (size_t i = 0; i < cols.size(); ++i) s += (i ? ", " : "") + cols[i];
  return s;
}

Result<int64_t> InsertReturningId(SqlPool& pool, const std::string& sql,
                                  const std::vector<SqlValue>& params) {
  auto c = pool.Acquire();
  auto rows = c->Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("INSERT ... RETURNING id returned no row");
  return rows->front().Int(0);
}

}  // namespace

Result<HouseholdId> Store::InsertHousehold(const Household& h) {
  static const std::string sql = "INSERT INTO households (" + Join(HouseholdWriteColumns()) +
                                 ") VALUES (" + Placeholders(1, HouseholdWriteColumns().size()) +
                                 ") RETURNING id";
  return InsertReturningId(*pool_, sql, HouseholdValues(h));
}

Result<Household> Store::GetHousehold(HouseholdId id) {
  static const std::string sql =
      std::string("SELECT ") + kHouseholdColumns + " FROM households h WHERE h.id = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("household " + std::to_string(id));
  return HouseholdFromRow(rows->front());
}

Result<PersonId> Store::InsertPerson(const Person& p) {
  const auto& cols = PersonWriteColumns();
  static const std::string sql = "INSERT INTO persons (" + Join(cols) + ", household_id) VALUES (" +
                                 Placeholders(1, cols.size() + 1) + ") RETURNING id";
  std::vector<SqlValue> v = PersonValues(p);
  v.push_back(SqlOpt(p.household_id));
  return InsertReturningId(*pool_, sql, v);
}

Result<Person> Store::GetPerson(PersonId id) {
  static const std::string sql =
      std::string("SELECT ") + kPersonColumns + " FROM persons p WHERE p.id = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("person " + std::to_string(id));
  return PersonFromRow(rows->front());
}

Result<Person> Store::FindPersonByBsn(const BsnPseudonym& bsn) {
  static const std::string sql =
      std::string("SELECT ") + kPersonColumns + " FROM persons p WHERE p.bsn_pseudonym = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {bsn.hex});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no person with this BSN");
  return PersonFromRow(rows->front());
}

Result<std::vector<Person>> Store::SearchPersons(const PersonSearch& q) {
  std::string where;
  std::vector<SqlValue> params;
  auto param = [&](SqlValue v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  auto add = [&](const std::string& cond) { where += (where.empty() ? "" : " AND ") + cond; };
  // A prefix match as a range, so that the (byte-ordered) index is used.
  auto prefix = [&](const char* column, const std::string& word) {
    std::string lo = param(word), hi = param(PrefixEnd(word));
    return std::string("(p.") + column + " >= " + lo + " AND p." + column + " < " + hi + ")";
  };

  std::vector<std::string> words = NameQueryWords(q.name);
  if (words.size() > 6) words.resize(6);
  auto join_words = [&](size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) out += (i > from ? " " : "") + words[i];
    return out;
  };
  if (!words.empty()) {
    // The whole query as a first or last name ("ait taleb", "jan willem"), or
    // split anywhere into first + last name, either way round
    // ("anjali ait taleb", "ait taleb anjali").
    std::string whole = join_words(0, words.size());
    std::string any = prefix("first_name_lc", whole) + " OR " + prefix("last_name_lc", whole);
    for (size_t k = 1; k < words.size(); ++k) {
      std::string head = join_words(0, k), tail = join_words(k, words.size());
      any += " OR (" + prefix("first_name_lc", head) + " AND " + prefix("last_name_lc", tail) + ")";
      any += " OR (" + prefix("last_name_lc", head) + " AND " + prefix("first_name_lc", tail) + ")";
    }
    add("(" + any + ")");
  }
  if (q.birth_date) add("p.birth_date = " + param(FormatIsoDate(*q.birth_date)));
  std::string join;
  std::string postcode = PostcodeKey(q.postcode);
  if (!postcode.empty()) {
    join = " JOIN households h ON h.id = p.household_id";
    add("h.postcode_norm = " + param(postcode));
  }
  if (where.empty()) {
    return Status::Invalid("give a name, a birth date or a postcode to search", "name");
  }
  int64_t limit = q.limit < 1 ? 1 : (q.limit > 1000 ? 1000 : q.limit);
  std::string sql = std::string("SELECT ") + kPersonColumns + " FROM persons p" + join + " WHERE " +
                    where + " ORDER BY p.last_name_lc, p.first_name_lc, p.birth_date, p.id LIMIT " +
                    param(limit);
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Person> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(PersonFromRow(r));
  return out;
}

Result<std::vector<Person>> Store::HouseholdMembers(HouseholdId id) {
  static const std::string sql = std::string("SELECT ") + kPersonColumns +
                                 " FROM persons p WHERE p.household_id = $1"
                                 " ORDER BY p.birth_date, p.id";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  std::vector<Person> out;
  for (const auto& r : *rows) out.push_back(PersonFromRow(r));
  return out;
}

Result<OrgId> Store::InsertOrganisation(const Organisation& o) {
  static const std::string sql = "INSERT INTO organisations (" + Join(OrganisationWriteColumns()) +
                                 ") VALUES (" + Placeholders(1, OrganisationWriteColumns().size()) +
                                 ") RETURNING id";
  return InsertReturningId(*pool_, sql, OrganisationValues(o));
}

Result<Organisation> Store::GetOrganisation(OrgId id) {
  static const std::string sql =
      std::string("SELECT ") + kOrganisationColumns + " FROM organisations WHERE id = $1";
  auto c = pool_->Acquire();
  auto rows = c->Query(sql, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("organisation " + std::to_string(id));
  return OrganisationFromRow(rows->front());
}

Result<std::vector<Organisation>> Store::ListOrganisations(std::optional<OrgKind> kind) {
  static const std::string all =
      std::string("SELECT ") + kOrganisationColumns + " FROM organisations ORDER BY name, id";
  static const std::string of_kind = std::string("SELECT ") + kOrganisationColumns +
                                     " FROM organisations WHERE kind = $1 ORDER BY name, id";
  auto c = pool_->Acquire();
  auto rows = kind ? c->Query(of_kind, {std::string(OrgKindName(*kind))}) : c->Query(all);
  if (!rows.ok()) return rows.status();
  std::vector<Organisation> out;
  for (const auto& r : *rows) out.push_back(OrganisationFromRow(r));
  return out;
}

Status Store::InsertEnrolment(const Enrolment& e) {
  auto c = pool_->Acquire();
  auto r = c->Exec(
      "INSERT INTO enrolments (person_id, org_id, from_date, to_date) VALUES ($1, $2, $3, $4)",
      {e.person_id, e.org_id, FormatIsoDate(e.from),
       e.to ? SqlValue(FormatIsoDate(*e.to)) : SqlValue(SqlNull{})});
  return r.status();
}

Result<Store::PersonBundle> Store::GetPersonBundle(PersonId id) {
  static const std::string person_sql =
      std::string("SELECT ") + kPersonColumns + " FROM persons p WHERE p.id = $1";
  return ReadPersonBundle(person_sql, id);
}

Result<Store::PersonBundle> Store::GetPersonBundleByBsn(const BsnPseudonym& bsn) {
  static const std::string person_sql =
      std::string("SELECT ") + kPersonColumns + " FROM persons p WHERE p.bsn_pseudonym = $1";
  return ReadPersonBundle(person_sql, bsn.hex);
}

Result<Store::PersonBundle> Store::ReadPersonBundle(const std::string& person_sql, SqlValue key) {
  static const std::string household_sql =
      std::string("SELECT ") + kHouseholdColumns + " FROM households h WHERE h.id = $1";
  static const std::string members_sql = std::string("SELECT ") + kPersonColumns +
                                         " FROM persons p WHERE p.household_id = $1"
                                         " AND p.id <> $2 ORDER BY p.birth_date, p.id";
  static const std::string enrolments_sql =
      "SELECT e.person_id, e.org_id, e.from_date, e.to_date, " +
      Qualify(kOrganisationColumns, "o") +
      " FROM enrolments e JOIN organisations o ON o.id = e.org_id WHERE e.person_id = $1"
      " ORDER BY e.from_date, e.org_id";
  auto c = pool_->Acquire();
  SqlTransaction tx(*c, false);
  INBEELD_RETURN_IF_ERROR(tx.begin_status());
  auto rows = c->Query(person_sql, {std::move(key)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("no such person");
  PersonBundle b;
  b.person = PersonFromRow(rows->front());
  const PersonId id = b.person.id;
  if (b.person.household_id) {
    auto h = c->Query(household_sql, {*b.person.household_id});
    if (!h.ok()) return h.status();
    if (!h->empty()) b.household = HouseholdFromRow(h->front());
    // The person is left out in the index (id is its last column): one row
    // seek fewer than reading it again.
    auto m = c->Query(members_sql, {*b.person.household_id, id});
    if (!m.ok()) return m.status();
    for (const auto& r : *m) b.members.push_back(PersonFromRow(r));
  }
  auto e = c->Query(enrolments_sql, {id});
  if (!e.ok()) return e.status();
  for (const auto& r : *e) {
    Enrolment en;
    en.person_id = r.Int(0);
    en.org_id = r.Int(1);
    en.from = DateFromText(r.Text(2));
    if (!r.IsNull(3)) en.to = DateFromText(r.Text(3));
    b.enrolments.emplace_back(en, OrganisationFromRow(r, 4));
  }
  INBEELD_RETURN_IF_ERROR(tx.Commit());
  return b;
}

Result<std::vector<Enrolment>> Store::EnrolmentsOf(PersonId id) {
  auto c = pool_->Acquire();
  auto rows = c->Query(
      "SELECT person_id, org_id, from_date, to_date FROM enrolments WHERE person_id = $1"
      " ORDER BY from_date, org_id",
      {id});
  if (!rows.ok()) return rows.status();
  std::vector<Enrolment> out;
  for (const auto& r : *rows) {
    Enrolment e;
    e.person_id = r.Int(0);
    e.org_id = r.Int(1);
    e.from = DateFromText(r.Text(2));
    if (!r.IsNull(3)) e.to = DateFromText(r.Text(3));
    out.push_back(e);
  }
  return out;
}

}  // namespace inbeeld
