// The people register: persons, households, organisations, enrolments, users.
// Plain value types; no I/O. Ids are store-assigned (0 = not yet stored).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/role.h"

namespace inbeeld {

using PersonId = int64_t;
using HouseholdId = int64_t;
using OrgId = int64_t;
using UserId = int64_t;

// A keyed pseudonym of a BSN: 64 lowercase hex characters (HMAC-SHA256).
struct BsnPseudonym {
  std::string hex;
  bool operator==(const BsnPseudonym&) const = default;
};

enum class Sex { kMale, kFemale, kUnknown };
std::string_view SexCode(Sex s);                // "M" | "V" | "O"
std::optional<Sex> ParseSex(std::string_view);  // accepts M/V/O (and F for V)

// How a person relates to the household they live in.
enum class Relation { kChild, kParent, kCarer };
std::string_view RelationName(Relation r);  // "child" | "parent" | "carer"
std::optional<Relation> ParseRelation(std::string_view);

struct Address {
  std::string street;
  std::string house_number;  // "12", "12A", "12-3"
  std::string postcode;      // "1234 AB"
  std::string city;
  std::string municipality_code;  // CBS code, "GM0363"
};

struct Household {
  HouseholdId id = 0;
  std::string ext_ref;  // the source register's key; import is idempotent on it
  Address address;
};

struct Person {
  PersonId id = 0;
  std::string ext_ref;
  std::optional<BsnPseudonym> bsn;
  std::string first_name;
  std::string tussenvoegsel;  // "van der"
  std::string last_name;
  Date birth_date{};
  Sex sex = Sex::kUnknown;
  std::optional<HouseholdId> household_id;
  Relation relation = Relation::kChild;
};

// "Jan van der Berg".
std::string FullName(const Person& p);

struct Organisation {
  OrgId id = 0;
  std::string ext_ref;  // schools: BRIN + location code, "12AB00"
  OrgKind kind = OrgKind::kSchool;
  std::string name;
  std::string municipality_code;
  std::string email;
  // Schools only.
  std::string school_type;  // "PO" | "VO" | "MBO"
  std::optional<SchoolRegion> region;
  std::string start_time = "08:30";  // "HH:MM"
};

struct Enrolment {
  PersonId person_id = 0;
  OrgId org_id = 0;
  Date from{};
  std::optional<Date> to;  // inclusive; none = still enrolled
};

struct User {
  UserId id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  OrgId org_id = 0;
  Role role = Role::kPolice;
  std::string password_hash;  // argon2id string (libsodium)
  std::string totp_secret;    // base32; empty = not enrolled
  bool disabled = false;
  int failed_logins = 0;
  int64_t locked_until = 0;    // unix seconds
  int64_t totp_last_step = 0;  // the last accepted TOTP time step: a code is accepted once
};

}  // namespace inbeeld
