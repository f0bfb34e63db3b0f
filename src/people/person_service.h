// PersonService: the people register as professionals use it — search, a
// person's page, lookup by BSN, registering an unknown person, and a person's
// access history. Applies need-to-know (access/policy.h) to every person and
// records every read in the access log before returning data. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/policy.h"
#include "identity/pseudonym.h"
#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

struct EnrolmentView {
  Enrolment enrolment;
  Organisation school;
};

struct PersonView {
  Person person;
  std::optional<Household> household;
  std::vector<Person> household_members;  // without the person themselves
  std::vector<EnrolmentView> enrolments;
  int age = 0;  // completed years today
};

struct NewPerson {
  std::string bsn;  // optional, in the clear only until pseudonymised
  std::string first_name, tussenvoegsel, last_name;
  std::string birth_date;  // YYYY-MM-DD
  std::string sex;         // M/V/O
  std::optional<HouseholdId> household_id;
};

class PersonService {
 public:
  PersonService(Store& store, AuditLog& audit, const BsnPseudonymizer& pseudonymizer,
                const Clock& clock)
      : store_(store), audit_(audit), pseudonymizer_(pseudonymizer), clock_(clock) {}

  // Persons matching `q` that `who` may know of (kDeny results are left out).
  // Each listed person gets a "search" entry in the access log.
  Result<std::vector<Person>> Search(const Principal& who, const PersonSearch& q);

  // A person's page. kNotFound; kPermissionDenied when need-to-know denies
  // (logged as "read_denied"); kConflict with field "reason" when break-the-glass
  // applies and `reason` is empty (the caller asks for a reason); a given reason
  // is recorded in the access log.
  Result<PersonView> Read(const Principal& who, PersonId id, const std::string& reason);

  // Lookup by BSN (in the clear, pseudonymised at once). kInvalidArgument for a
  // BSN failing the 11-test; kNotFound when unknown; then as Read().
  Result<PersonView> LookupByBsn(const Principal& who, const std::string& bsn,
                                 const std::string& reason);

  // Registers a person the register does not know. Field-level errors for every
  // bad field; kAlreadyExists when the BSN is already registered.
  Result<PersonId> Register(const Principal& who, const NewPerson& p);

  // Who looked at this person's file (newest first). Need-to-know as Read().
  Result<std::vector<AuditRecord>> AccessHistory(const Principal& who, PersonId id, int limit);

 private:
  // Need-to-know on a read snapshot, the access-log entry, the view.
  Result<PersonView> Decide(const Principal& who, Store::PersonBundle bundle,
                            const std::string& reason);
  Result<PersonContext> ContextOf(const Person& p);
  Status Log(const Principal& who, const std::string& action, PersonId id,
             const std::string& detail, const std::string& reason = "");
  Store& store_;
  AuditLog& audit_;
  const BsnPseudonymizer& pseudonymizer_;
  const Clock& clock_;
};

}  // namespace inbeeld
