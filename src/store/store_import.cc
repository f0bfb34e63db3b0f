// Store::Import: idempotent bulk loading keyed by the source's ext_ref.
//
// Per kind of row: copy the batch into a temporary staging table (created with
// CREATE TABLE AS from the target, so types and collations match), resolve
// references to ids and reject what cannot be stored, then
//   unchanged = rows whose stored twin has equal values,
//   updated   = UPDATE ... FROM staging where a value differs,
//   inserted  = INSERT ... SELECT FROM staging ON CONFLICT DO NOTHING.
// All SQL is the same on SQLite and PostgreSQL.
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/name_key.h"
#include "store/sql_identifier.h"
#include "store/store.h"
#include "store/store_rows.h"

namespace inbeeld {

using namespace store_rows;  // NOLINT(google-build-using-namespace): internal helpers

namespace {
struct StagedTable {
  const char* table;
  const char* staging;
  // CREATE TEMP TABLE IF NOT EXISTS ... AS SELECT ..., id AS target_id ... WHERE 1 = 0
  const char* create;
  std::vector<std::string> key;       // a unique key of `table`, matched with =
  std::vector<std::string> values;    // compared and copied
  std::vector<std::string> nullable;  // the values that may be NULL
};

const StagedTable kHouseholds = {
    "households",
    "import_households",
    "CREATE TEMP TABLE IF NOT EXISTS import_households AS SELECT ext_ref, street, house_number,"
    " postcode, postcode_norm, city, municipality_code, id AS target_id FROM households WHERE 1 = "
    "0",
    {"ext_ref"},
    {"street", "house_number", "postcode", "postcode_norm", "city", "municipality_code"},
    {}};

const StagedTable kOrganisations = {
    "organisations",
    "import_organisations",
    "CREATE TEMP TABLE IF NOT EXISTS import_organisations AS SELECT ext_ref, kind, name,"
    " municipality_code, email, school_type, region, start_time, id AS target_id"
    " FROM organisations WHERE 1 = 0",
    {"ext_ref"},
    {"kind", "name", "municipality_code", "email", "school_type", "region", "start_time"},
    {"region"}};

const StagedTable kPersons = {
    "persons",
    "import_persons",
    "CREATE TEMP TABLE IF NOT EXISTS import_persons AS SELECT ext_ref, bsn_pseudonym, first_name,"
    " tussenvoegsel, last_name, first_name_lc, last_name_lc, birth_date, sex, relation,"
    " ext_ref AS household_ref, household_id, id AS target_id FROM persons WHERE 1 = 0",
    {"ext_ref"},
    {"bsn_pseudonym", "first_name", "tussenvoegsel", "last_name", "first_name_lc", "last_name_lc",
     "birth_date", "sex", "relation", "household_id"},
    {"bsn_pseudonym", "household_id"}};

const StagedTable kEnrolments = {
    "enrolments",
    "import_enrolments",
    "CREATE TEMP TABLE IF NOT EXISTS import_enrolments AS SELECT p.ext_ref AS person_ref,"
    " o.ext_ref AS org_ref, e.from_date, e.to_date, e.person_id, e.org_id, e.id AS target_id"
    " FROM enrolments e, persons p, organisations o WHERE 1 = 0",
    {"person_id", "org_id", "from_date"},
    {"to_date"},
    {"to_date"}};

std::string Join(const std::vector<std::string>& v, std::string_view sep, std::string_view prefix) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += sep;
    s += prefix;
    s += v[i];
  }
  return s;
}

class Importer {
 public:
  explicit Importer(SqlConnection& c) : c_(c) {}

  void Reject(std::string reason) {
    ++counts_.rejected;
    if (counts_.rejections.size() < ImportCounts::kMaxRejections) {
      counts_.rejections.push_back(std::move(reason));
    }
  }

  // Empties the staging table and fills it with `rows`.
  Status Stage(const StagedTable& t, const std::vector<std::string>& columns,
               const std::vector<std::vector<SqlValue>>& rows) {
    INBEELD_RETURN_IF_ERROR(c_.Exec(t.create).status());
    INBEELD_RETURN_IF_ERROR(c_.Exec(std::string("DELETE FROM ") + t.staging).status());
    INBEELD_RETURN_IF_ERROR(c_.BulkInsert(t.staging, columns, rows, ""));
    if (c_.backend() == Backend::kPostgresql) {
      // Temporary tables are never auto-analysed; the merge joins need row counts.
      INBEELD_RETURN_IF_ERROR(c_.ExecScript(std::string("ANALYZE ") + t.staging));
    }
    return Status::Ok();
  }

  // Merges the staging table into its target and adds to the counts.
  //
  // Each staged row is first matched to its stored twin through the unique
  // key (one index probe per row, driven by the staging table), and the merge
  // statements then join on that id. Comparing the values never steers the
  // join: a null-safe comparison of, say, bsn_pseudonym would let SQLite look
  // rows up through the BSN index, and a staged row without a BSN then visits
  // every stored person without one (quadratic).
  Status Merge(const StagedTable& t) {
    std::string match;
    for (size_t i = 0; i < t.key.size(); ++i) {
      match += (i ? " AND t." : "t.") + t.key[i] + " = " + t.staging + "." + t.key[i];
    }
    // UPDATE ... FROM rather than a correlated subquery: SQLite plans both as
    // a scan of the staging table with index probes; PostgreSQL can hash join.
    INBEELD_RETURN_IF_ERROR(c_.Exec(std::string("UPDATE ") + t.staging +
                                    " SET target_id = t.id FROM " + t.table + " t WHERE " + match)
                                .status());
    auto staged = c_.Query(std::string("SELECT count(*), count(target_id) FROM ") + t.staging);
    if (!staged.ok()) return staged.status();
    const int64_t total = staged->front().Int(0);
    const int64_t stored = staged->front().Int(1);

    int64_t unchanged = 0, updated = 0;
    if (stored > 0) {
      std::string same;
      for (size_t i = 0; i < t.values.size(); ++i) {
        const std::string& v = t.values[i];
        same += i ? " AND " : "";
        const bool nullable =
            std::find(t.nullable.begin(), t.nullable.end(), v) != t.nullable.end();
        // Null-safe and two-valued (NOT of it must hold for a NULL on one side).
        if (nullable) {
          same.append("coalesce(t.").append(v).append(" = s.").append(v).append(", t.");
          same.append(v).append(" IS NULL AND s.").append(v).append(" IS NULL)");
        } else {
          same.append("t.").append(v).append(" = s.").append(v);
        }
      }
      auto same_rows = c_.Query(std::string("SELECT count(*) FROM ") + t.staging + " s JOIN " +
                                t.table + " t ON t.id = s.target_id WHERE " + same);
      if (!same_rows.ok()) return same_rows.status();
      unchanged = same_rows->front().Int(0);
      if (unchanged < stored) {
        std::string set;
        for (size_t i = 0; i < t.values.size(); ++i) {
          set += (i ? ", " : "") + t.values[i] + " = s." + t.values[i];
        }
        auto n = c_.Exec(std::string("UPDATE ") + t.table + " AS t SET " + set + " FROM " +
                         t.staging + " AS s WHERE t.id = s.target_id AND NOT (" + same + ")");
        if (!n.ok()) return n.status();
        updated = *n;
      }
    }

    int64_t inserted = 0;
    if (stored < total) {
      std::vector<std::string> all = t.key;
      all.insert(all.end(), t.values.begin(), t.values.end());
      // Conflicts are not expected here (new keys; BSNs of others were
      // rejected); DO NOTHING keeps a concurrent writer's row, counted below.
      auto n = c_.Exec(std::string("INSERT INTO ") + t.table + " (" + Join(all, ", ", "") +
                       ") SELECT " + Join(all, ", ", "") + " FROM " + t.staging +
                       " WHERE target_id IS NULL ON CONFLICT DO NOTHING");
      if (!n.ok()) return n.status();
      inserted = *n;
    }
    counts_.unchanged += unchanged;
    counts_.updated += updated;
    counts_.inserted += inserted;
    if (const int64_t lost = total - unchanged - updated - inserted; lost > 0) {
      counts_.rejected += lost - 1;  // Reject counts the last one
      Reject(std::to_string(lost) + " " + t.table +
             " rows: clashed with rows written at the same time");
    }
    return Status::Ok();
  }

  Status Households(const std::vector<Household>& hs) {
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(hs.size());
    std::unordered_set<std::string_view> seen;
    for (const Household& h : hs) {
      if (!KeyOk("household", h.ext_ref, seen)) continue;
      rows.push_back(HouseholdValues(h));
    }
    if (rows.empty()) return Status::Ok();
    INBEELD_RETURN_IF_ERROR(Stage(kHouseholds, HouseholdWriteColumns(), rows));
    return Merge(kHouseholds);
  }

  Status Organisations(const std::vector<Organisation>& os) {
    std::vector<std::vector<SqlValue>> rows;
    std::unordered_set<std::string_view> seen;
    for (const Organisation& o : os) {
      if (!KeyOk("organisation", o.ext_ref, seen)) continue;
      rows.push_back(OrganisationValues(o));
    }
    if (rows.empty()) return Status::Ok();
    INBEELD_RETURN_IF_ERROR(Stage(kOrganisations, OrganisationWriteColumns(), rows));
    return Merge(kOrganisations);
  }

  Status Persons(const std::vector<Person>& ps, const std::vector<std::string>& household_refs) {
    // Checked in file order (the first of two rows with one key or BSN wins).
    std::vector<size_t> accepted;
    accepted.reserve(ps.size());
    std::unordered_set<std::string_view> seen;
    std::unordered_map<std::string_view, std::string_view> bsn_owner;  // within this batch
    for (size_t i = 0; i < ps.size(); ++i) {
      const Person& p = ps[i];
      if (!KeyOk("person", p.ext_ref, seen)) continue;
      if (p.bsn) {
        auto [it, fresh] = bsn_owner.emplace(p.bsn->hex, p.ext_ref);
        if (!fresh) {
          Reject("person " + p.ext_ref + ": same BSN as person " + std::string(it->second) +
                 " in this batch");
          continue;
        }
      }
      accepted.push_back(i);
    }
    // Staged in BSN order, so that the lookups and inserts in the (random)
    // bsn_pseudonym index sweep it once instead of jumping around: on SQLite
    // this is the difference between page-cache hits and misses at 1M persons.
    // Sorted on the pseudonym's first 16 hex digits: no string compares.
    std::vector<std::pair<uint64_t, size_t>> order;
    order.reserve(accepted.size());
    for (size_t i : accepted) {
      uint64_t key = 0;
      if (ps[i].bsn) {
        const std::string& hex = ps[i].bsn->hex;
        for (size_t k = 0; k < 16; ++k) {
          const char ch = k < hex.size() ? hex[k] : '0';
          const int digit = ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
          key = key << 4 | (static_cast<uint64_t>(digit) & 0xf);
        }
      }
      order.emplace_back(key, i);
    }
    std::sort(order.begin(), order.end());
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(order.size());
    for (const auto& [key, i] : order) {
      std::vector<SqlValue> v = PersonValues(ps[i]);
      const std::string* ref = i < household_refs.size() ? &household_refs[i] : nullptr;
      v.push_back(ref && !ref->empty() ? SqlValue(*ref) : SqlValue(SqlNull{}));
      rows.push_back(std::move(v));
    }
    if (rows.empty()) return Status::Ok();
    std::vector<std::string> cols = PersonWriteColumns();
    cols.emplace_back("household_ref");
    INBEELD_RETURN_IF_ERROR(Stage(kPersons, cols, rows));
    INBEELD_RETURN_IF_ERROR(
        c_.Exec("UPDATE import_persons SET household_id = h.id FROM households h"
                " WHERE h.ext_ref = import_persons.household_ref")
            .status());
    auto rejected = c_.Query(
        "DELETE FROM import_persons WHERE (household_ref IS NOT NULL AND household_id IS NULL)"
        " OR (bsn_pseudonym IS NOT NULL AND EXISTS (SELECT 1 FROM persons p"
        " WHERE p.bsn_pseudonym = import_persons.bsn_pseudonym"
        " AND p.ext_ref IS DISTINCT FROM import_persons.ext_ref))"
        " RETURNING ext_ref, household_ref, household_id");
    if (!rejected.ok()) return rejected.status();
    for (const SqlRow& r : *rejected) {
      if (!r.IsNull(1) && r.IsNull(2)) {
        Reject("person " + r.Text(0) + ": unknown household " + r.Text(1));
      } else {
        Reject("person " + r.Text(0) + ": BSN already belongs to another person");
      }
    }
    return Merge(kPersons);
  }

  Status Enrolments(const std::vector<ImportBatch::EnrolmentRow>& es) {
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(es.size());
    std::unordered_set<std::string> seen;
    for (const auto& e : es) {
      std::string from = FormatIsoDate(e.from);
      if (!seen.insert(e.person_ref + '\t' + e.org_ref + '\t' + from).second) {
        Reject("enrolment " + e.person_ref + " at " + e.org_ref + " from " + from +
               ": repeated in this batch");
        continue;
      }
      rows.push_back({e.person_ref, e.org_ref, std::move(from),
                      e.to ? SqlValue(FormatIsoDate(*e.to)) : SqlValue(SqlNull{})});
    }
    if (rows.empty()) return Status::Ok();
    INBEELD_RETURN_IF_ERROR(
        Stage(kEnrolments, {"person_ref", "org_ref", "from_date", "to_date"}, rows));
    INBEELD_RETURN_IF_ERROR(c_.Exec("UPDATE import_enrolments SET person_id = p.id FROM persons p"
                                    " WHERE p.ext_ref = import_enrolments.person_ref")
                                .status());
    INBEELD_RETURN_IF_ERROR(
        c_.Exec("UPDATE import_enrolments SET org_id = o.id FROM organisations o"
                " WHERE o.ext_ref = import_enrolments.org_ref")
            .status());
    auto rejected = c_.Query(
        "DELETE FROM import_enrolments WHERE person_id IS NULL OR org_id IS NULL"
        " RETURNING person_ref, org_ref, person_id");
    if (!rejected.ok()) return rejected.status();
    for (const SqlRow& r : *rejected) {
      Reject("enrolment " + r.Text(0) + " at " + r.Text(1) + ": unknown " +
             (r.IsNull(2) ? "person" : "organisation"));
    }
    return Merge(kEnrolments);
  }

  const ImportCounts& counts() const { return counts_; }

 private:
  bool KeyOk(const char* kind, const std::string& ext_ref,
             std::unordered_set<std::string_view>& seen) {
    if (ext_ref.empty()) {
      Reject(std::string(kind) + " without ext_ref");
      return false;
    }
    if (!seen.insert(ext_ref).second) {
      Reject(std::string(kind) + " " + ext_ref + ": repeated in this batch");
      return false;
    }
    return true;
  }

  SqlConnection& c_;
  ImportCounts counts_;
};

// --- deferred secondary indexes (SQLite) ---------------------------------------
//
// Loading a million rows into an empty table is several times faster when the
// table's secondary indexes are built once afterwards (CREATE INDEX sorts the
// loaded keys) than when every insert updates each of them at a random place.
// So a batch that writes one kind of row into an empty table (the importer's
// batches are one file each) takes that table's non-unique indexes away and
// leaves their definitions in deferred_indexes, in the batch's own transaction.
// Unique indexes stay: keys and BSNs are checked as always. The first batch that
// is not a one-kind batch for the table — the importer ends every file with an
// empty batch — builds them again and clears the definitions, in that batch's
// transaction. A crash in between leaves definitions behind, never a half
// state: the next Import builds them (reads meanwhile work, only slower).

// A load smaller than this is not worth deferring for.
constexpr size_t kDeferIndexesMinRows = 1000;

Status BuildDeferredIndexes(SqlConnection& c, const std::string& table) {
  auto waiting = c.Query("SELECT name, sql FROM deferred_indexes WHERE tbl = $1", {table});
  if (!waiting.ok()) return waiting.status();
  for (const SqlRow& r : *waiting) {
    auto exists = c.Query("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $1",
                          {r.Text(0)});
    if (!exists.ok()) return exists.status();
    if (exists->front().Int(0) == 0) INBEELD_RETURN_IF_ERROR(c.ExecScript(r.Text(1)));
  }
  return c.Exec("DELETE FROM deferred_indexes WHERE tbl = $1", {table}).status();
}

Status DeferIndexes(SqlConnection& c, const std::string& table) {
  // sql IS NULL: the automatic indexes of UNIQUE constraints, which stay.
  auto indexes = c.Query(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1"
      " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
      {table});
  if (!indexes.ok()) return indexes.status();
  for (const SqlRow& r : *indexes) {
    const std::string name = r.Text(0);
    if (!IsSqlIdentifier(name)) continue;  // never splice a name we did not make
    INBEELD_RETURN_IF_ERROR(
        c.Exec("INSERT INTO deferred_indexes (name, tbl, sql) VALUES ($1, $2, $3)",
               {name, table, r.Text(1)})
            .status());
    INBEELD_RETURN_IF_ERROR(c.ExecScript("DROP INDEX " + name));
  }
  return Status::Ok();
}

// Before a batch: builds the waiting indexes of the tables this batch does not
// load alone, and defers those of the one table it loads alone, if empty.
Status PrepareIndexes(SqlConnection& c, const ImportBatch& batch) {
  const std::pair<const char*, size_t> kinds[] = {{"households", batch.households.size()},
                                                  {"persons", batch.persons.size()},
                                                  {"enrolments", batch.enrolments.size()}};
  int kinds_with_rows = batch.organisations.empty() ? 0 : 1;
  for (const auto& [table, rows] : kinds) kinds_with_rows += rows > 0 ? 1 : 0;
  auto waiting = c.Query("SELECT DISTINCT tbl FROM deferred_indexes");
  if (!waiting.ok()) return waiting.status();
  for (const auto& [table, rows] : kinds) {
    const bool alone = rows > 0 && kinds_with_rows == 1;
    bool deferred = false;
    for (const SqlRow& r : *waiting) deferred |= r.Text(0) == table;
    if (deferred && !alone) {
      INBEELD_RETURN_IF_ERROR(BuildDeferredIndexes(c, table));
    } else if (!deferred && alone && rows >= kDeferIndexesMinRows) {
      auto empty = c.Query(std::string("SELECT NOT EXISTS (SELECT 1 FROM ") + table + ")");
      if (!empty.ok()) return empty.status();
      if (empty->front().Int(0) == 1) INBEELD_RETURN_IF_ERROR(DeferIndexes(c, table));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ImportCounts> Store::Import(const ImportBatch& batch) {
  ImportCounts result;
  Status s = WithTransaction(*pool_, true, [&](SqlConnection& c) -> Status {
    if (c.backend() == Backend::kSqlite) {
      // The persons table and its BSN index outgrow the default 64 MiB cache
      // at a million persons; the connection that imports keeps a larger one.
      INBEELD_RETURN_IF_ERROR(c.ExecScript("PRAGMA cache_size = -524288"));
      INBEELD_RETURN_IF_ERROR(PrepareIndexes(c, batch));
    } else {
      // The merge statements are short joins: compiling them (JIT) costs more
      // than it saves. A batch of 100,000 rows may take longer than the 30 s
      // meant for interactive statements.
      INBEELD_RETURN_IF_ERROR(
          c.ExecScript("SET LOCAL jit = off; SET LOCAL statement_timeout = '10min'"));
    }
    Importer im(c);  // fresh counts on every retry
    INBEELD_RETURN_IF_ERROR(im.Households(batch.households));
    INBEELD_RETURN_IF_ERROR(im.Organisations(batch.organisations));
    INBEELD_RETURN_IF_ERROR(im.Persons(batch.persons, batch.person_household_refs));
    INBEELD_RETURN_IF_ERROR(im.Enrolments(batch.enrolments));
    result = im.counts();
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return result;
}

}  // namespace inbeeld
