// Internal to store/: the column lists the Store reads and the conversions
// between model types and SQL rows, shared by the Store's files.
#pragma once

#include <string>
#include <vector>

#include "core/audit_record.h"
#include "core/model.h"
#include "store/sql.h"
#include "store/store.h"

namespace inbeeld::store_rows {

// Column lists, in the order the *FromRow functions read them. Person and
// household columns are qualified (p., h.) so that they can be used in joins.
inline constexpr const char* kHouseholdColumns =
    "h.id, h.ext_ref, h.street, h.house_number, h.postcode, h.city, h.municipality_code";
inline constexpr const char* kPersonColumns =
    "p.id, p.ext_ref, p.bsn_pseudonym, p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, "
    "p.sex, p.household_id, p.relation";
inline constexpr const char* kOrganisationColumns =
    "id, ext_ref, kind, name, municipality_code, email, school_type, region, start_time";
inline constexpr const char* kUserColumns =
    "id, username, display_name, email, org_id, role, password_hash, totp_secret, disabled, "
    "failed_logins, locked_until, totp_last_step";
// kUserColumns with the credentials left out: the same positions, read as ''
// (Qualify leaves a quoted literal unqualified).
inline constexpr const char* kUserColumnsNoSecrets =
    "id, username, display_name, email, org_id, role, '', '', disabled, "
    "failed_logins, locked_until, totp_last_step";
inline constexpr const char* kSessionColumns =
    "id_hash, user_id, csrf_token, created_s, expires_s, second_factor_done";
inline constexpr const char* kAuditColumns =
    "seq, at_ms, user_id, username, org_id, org_name, role, action, object_type, person_id, "
    "detail, responsibility, reason, prev_hash, hash";

// "id, name" qualified with `alias`: "o.id, o.name" (for joins).
std::string Qualify(const char* columns, const char* alias);
// The number of columns in a column list.
size_t SplitCount(const char* columns);

Household HouseholdFromRow(const SqlRow& r);
Person PersonFromRow(const SqlRow& r);
// `at`: the row's column where the organisation's (user's) columns begin, in a join.
Organisation OrganisationFromRow(const SqlRow& r, size_t at = 0);
User UserFromRow(const SqlRow& r, size_t at = 0);
SessionRecord SessionFromRow(const SqlRow& r);
AuditRecord AuditFromRow(const SqlRow& r);

// A stored date: "YYYY-MM-DD"; an unreadable one reads as the invalid Date{}.
Date DateFromText(const std::string& text);

// The columns written, in the order of the *Values functions below.
inline const std::vector<std::string>& HouseholdWriteColumns() {
  static const std::vector<std::string> c = {"ext_ref",          "street",        "house_number",
                                             "postcode",         "postcode_norm", "city",
                                             "municipality_code"};
  return c;
}
inline const std::vector<std::string>& PersonWriteColumns() {
  static const std::vector<std::string> c = {
      "ext_ref",       "bsn_pseudonym", "first_name", "tussenvoegsel", "last_name",
      "first_name_lc", "last_name_lc",  "birth_date", "sex",           "relation"};
  return c;
}
inline const std::vector<std::string>& OrganisationWriteColumns() {
  static const std::vector<std::string> c = {
      "ext_ref", "kind",        "name",   "municipality_code",
      "email",   "school_type", "region", "start_time"};
  return c;
}

// Values to bind for persons/households columns, in the order of the lists in
// store_import.cc and store_register.cc (ext_ref first; "" becomes NULL).
std::vector<SqlValue> HouseholdValues(const Household& h);
std::vector<SqlValue> PersonValues(const Person& p);  // without household_id
std::vector<SqlValue> OrganisationValues(const Organisation& o);

}  // namespace inbeeld::store_rows
