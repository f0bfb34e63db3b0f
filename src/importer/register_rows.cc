#include "importer/register_rows.h"

#include <algorithm>

#include "core/text.h"

namespace inbeeld {
namespace {

constexpr std::string_view kOrganisationColumns[] = {
    "org_ref", "kind", "name", "municipality_code", "email", "school_type", "region", "start_time"};
constexpr std::string_view kHouseholdColumns[] = {"household_ref", "street", "house_number",
                                                  "postcode",      "city",   "municipality_code"};
constexpr std::string_view kPersonColumns[] = {"person_ref", "household_ref", "bsn",
                                               "first_name", "tussenvoegsel", "last_name",
                                               "birth_date", "sex",           "relation"};
constexpr std::string_view kEnrolmentColumns[] = {"person_ref", "org_ref", "from", "to"};

constexpr size_t kMaxRefLength = 64;
constexpr size_t kMaxTextLength = 200;

// Without copying (the import's hot path); only blanks: a CR or LF stays and is refused.
std::string_view TrimField(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// A key from the source register: required, short, no control characters.
Status CheckRef(std::string_view v, std::string_view field) {
  if (v.empty()) return Status::Invalid("is verplicht", std::string(field));
  if (v.size() > kMaxRefLength) {
    return Status::Invalid("mag hoogstens 64 tekens lang zijn", std::string(field));
  }
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::Invalid("bevat een stuurteken", std::string(field));
    }
  }
  return Status::Ok();
}

Status CheckText(std::string_view v, std::string_view field, bool required) {
  if (required && v.empty()) return Status::Invalid("is verplicht", std::string(field));
  if (v.size() > kMaxTextLength) {
    return Status::Invalid("mag hoogstens 200 tekens lang zijn", std::string(field));
  }
  for (char c : v) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return Status::Invalid("bevat een stuurteken", std::string(field));
    }
  }
  return Status::Ok();
}

Status CheckEmail(std::string_view v) {
  if (v.empty()) return Status::Ok();
  const size_t at = v.find('@');
  if (v.size() > 254 || at == 0 || at == std::string_view::npos || at + 1 >= v.size() ||
      v.find('@', at + 1) != std::string_view::npos ||
      v.substr(at + 1).find('.') == std::string_view::npos ||
      v.find_first_of(" \t,;<>\"") != std::string_view::npos) {
    return Status::Invalid("dit is geen geldig e-mailadres", "email");
  }
  return Status::Ok();
}

}  // namespace

std::span<const std::string_view> OrganisationColumns() {
  return kOrganisationColumns;
}
std::span<const std::string_view> HouseholdColumns() {
  return kHouseholdColumns;
}
std::span<const std::string_view> PersonColumns() {
  return kPersonColumns;
}
std::span<const std::string_view> EnrolmentColumns() {
  return kEnrolmentColumns;
}

Result<std::vector<int>> MapColumns(const CsvRecord& header,
                                    std::span<const std::string_view> columns) {
  if (!header.error.empty()) {
    return Status::Invalid("de kopregel is onleesbaar: " + header.error, "header");
  }
  std::vector<int> map(columns.size(), -1);
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = Lower(TrimField(header.fields[i]));
    for (size_t k = 0; k < columns.size(); ++k) {
      if (name != columns[k]) continue;
      if (map[k] != -1) {
        return Status::Invalid("kolom '" + name + "' staat twee keer in de kopregel", "header");
      }
      map[k] = static_cast<int>(i);
    }
  }
  for (size_t k = 0; k < columns.size(); ++k) {
    if (map[k] == -1) {
      return Status::Invalid("kolom '" + std::string(columns[k]) + "' ontbreekt in de kopregel",
                             "header");
    }
  }
  return map;
}

std::string_view CsvRow::operator[](size_t k) const {
  return TrimField(record_.fields[static_cast<size_t>(columns_[k])]);
}

bool IsClockTime(std::string_view t) {
  if (t.size() != 5 || t[2] != ':' || !IsDigit(t[0]) || !IsDigit(t[1]) || !IsDigit(t[3]) ||
      !IsDigit(t[4])) {
    return false;
  }
  const int h = (t[0] - '0') * 10 + (t[1] - '0');
  const int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

bool IsMunicipalityCode(std::string_view t) {
  return t.size() == 6 && t[0] == 'G' && t[1] == 'M' &&
         std::all_of(t.begin() + 2, t.end(), IsDigit);
}

Result<std::string> NormalizePostcode(std::string_view text) {
  std::string pc;
  for (char c : text) {
    if (c == ' ') continue;
    pc.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  if (pc.size() != 6 || pc[0] < '1' || pc[0] > '9' || !IsDigit(pc[1]) || !IsDigit(pc[2]) ||
      !IsDigit(pc[3]) || pc[4] < 'A' || pc[4] > 'Z' || pc[5] < 'A' || pc[5] > 'Z' ||
      text.size() > 8) {
    return Status::Invalid(
        "een postcode is 4 cijfers (niet beginnend met 0) en 2 letters, zoals 1234 AB", "postcode");
  }
  if (pc[4] == 'S' && (pc[5] == 'A' || pc[5] == 'D' || pc[5] == 'S')) {
    return Status::Invalid("postcodes met de letters SA, SD of SS bestaan niet", "postcode");
  }
  pc.insert(4, " ");
  return pc;
}

Result<Organisation> ParseOrganisationRow(const CsvRow& r) {
  Organisation o;
  INBEELD_RETURN_IF_ERROR(CheckRef(r[0], "org_ref"));
  o.ext_ref = std::string(r[0]);
  auto kind = ParseOrgKind(r[1]);
  if (!kind) {
    return Status::Invalid(
        "onbekende soort; kies uit police, veilig_thuis, school, jgz, midwife, local_team, "
        "leerplicht, admin",
        "kind");
  }
  o.kind = *kind;
  INBEELD_RETURN_IF_ERROR(CheckText(r[2], "name", true));
  o.name = std::string(r[2]);
  if (!IsMunicipalityCode(r[3])) {
    return Status::Invalid("een gemeentecode is GM met 4 cijfers, zoals GM0363",
                           "municipality_code");
  }
  o.municipality_code = std::string(r[3]);
  INBEELD_RETURN_IF_ERROR(CheckEmail(r[4]));
  o.email = std::string(r[4]);
  const bool school = o.kind == OrgKind::kSchool;
  if (school || !r[5].empty()) {
    if (r[5] != "PO" && r[5] != "VO" && r[5] != "MBO") {
      return Status::Invalid(school ? "een school heeft schooltype PO, VO of MBO"
                                    : "alleen een school heeft een schooltype",
                             "school_type");
    }
    if (!school) return Status::Invalid("alleen een school heeft een schooltype", "school_type");
    o.school_type = std::string(r[5]);
  }
  if (school || !r[6].empty()) {
    auto region = ParseSchoolRegion(r[6]);
    if (!region) return Status::Invalid("regio moet north, middle of south zijn", "region");
    o.region = region;
  }
  if (!r[7].empty()) {
    if (!IsClockTime(r[7])) {
      return Status::Invalid("begintijd moet de vorm UU:MM hebben, zoals 08:30", "start_time");
    }
    o.start_time = std::string(r[7]);
  }
  return o;
}

Result<Household> ParseHouseholdRow(const CsvRow& r) {
  Household h;
  INBEELD_RETURN_IF_ERROR(CheckRef(r[0], "household_ref"));
  h.ext_ref = std::string(r[0]);
  INBEELD_RETURN_IF_ERROR(CheckText(r[1], "street", true));
  h.address.street = std::string(r[1]);
  const std::string_view nr = r[2];
  if (nr.empty() || !IsDigit(nr[0]) || nr[0] == '0' || nr.size() > 16) {
    return Status::Invalid("een huisnummer begint met een cijfer (niet 0), zoals 12, 12A of 12-3",
                           "house_number");
  }
  INBEELD_RETURN_IF_ERROR(CheckText(nr, "house_number", true));
  h.address.house_number = std::string(nr);
  auto pc = NormalizePostcode(r[3]);
  if (!pc.ok()) return pc.status();
  h.address.postcode = std::move(pc).value();
  INBEELD_RETURN_IF_ERROR(CheckText(r[4], "city", true));
  h.address.city = std::string(r[4]);
  if (!IsMunicipalityCode(r[5])) {
    return Status::Invalid("een gemeentecode is GM met 4 cijfers, zoals GM0363",
                           "municipality_code");
  }
  h.address.municipality_code = std::string(r[5]);
  return h;
}

Result<PersonRow> ParsePersonRow(const CsvRow& r, const BsnPseudonymizer& pseudonymizer,
                                 Date today) {
  PersonRow out;
  Person& p = out.person;
  INBEELD_RETURN_IF_ERROR(CheckRef(r[0], "person_ref"));
  p.ext_ref = std::string(r[0]);
  if (!r[1].empty()) {
    INBEELD_RETURN_IF_ERROR(CheckRef(r[1], "household_ref"));
    out.household_ref = std::string(r[1]);
  }
  if (!r[2].empty()) {
    auto bsn = Bsn::Parse(r[2]);  // its messages never repeat the number
    if (!bsn.ok()) return Status::Invalid(bsn.status().message(), "bsn");
    p.bsn = pseudonymizer.Pseudonymize(*bsn);
  }
  INBEELD_RETURN_IF_ERROR(CheckText(r[3], "first_name", true));
  p.first_name = std::string(r[3]);
  INBEELD_RETURN_IF_ERROR(CheckText(r[4], "tussenvoegsel", false));
  p.tussenvoegsel = std::string(r[4]);
  INBEELD_RETURN_IF_ERROR(CheckText(r[5], "last_name", true));
  p.last_name = std::string(r[5]);
  if (r[6].empty()) return Status::Invalid("is verplicht", "birth_date");
  auto birth = ParseIsoDate(r[6], "birth_date");
  if (!birth.ok()) return birth.status();
  if (*birth > today) return Status::Invalid("de geboortedatum ligt in de toekomst", "birth_date");
  p.birth_date = *birth;
  auto sex = ParseSex(r[7]);
  if (!sex) return Status::Invalid("geslacht moet M, V of O zijn", "sex");
  p.sex = *sex;
  auto rel = ParseRelation(r[8]);
  if (!rel) return Status::Invalid("relatie moet child, parent of carer zijn", "relation");
  p.relation = *rel;
  return out;
}

Result<ImportBatch::EnrolmentRow> ParseEnrolmentRow(const CsvRow& r) {
  ImportBatch::EnrolmentRow e;
  INBEELD_RETURN_IF_ERROR(CheckRef(r[0], "person_ref"));
  e.person_ref = std::string(r[0]);
  INBEELD_RETURN_IF_ERROR(CheckRef(r[1], "org_ref"));
  e.org_ref = std::string(r[1]);
  if (r[2].empty()) return Status::Invalid("is verplicht", "from");
  auto from = ParseIsoDate(r[2], "from");
  if (!from.ok()) return from.status();
  e.from = *from;
  if (!r[3].empty()) {
    auto to = ParseIsoDate(r[3], "to");
    if (!to.ok()) return to.status();
    if (*to < e.from) return Status::Invalid("de einddatum ligt voor de begindatum", "to");
    e.to = *to;
  }
  return e;
}

}  // namespace inbeeld
