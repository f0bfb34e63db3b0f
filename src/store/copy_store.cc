#include "store/copy_store.h"

#include <sodium.h>

#include <cstdio>

namespace inbeeld {
namespace {

struct TableSpec {
  const char* name;
  const char* pk;       // ordered, unique: the keyset for paging (one or more columns)
  const char* columns;  // every column, starting with the pk columns in pk order
  bool identity;        // has a generated id (PostgreSQL sequence to move on)
  bool seeded = false;  // the migration fills it: the copy replaces the target's rows
};

const std::vector<TableSpec>& Specs() {
  static const std::vector<TableSpec> specs = {
      {"households", "id",
       "id, ext_ref, street, house_number, postcode, postcode_norm, city, municipality_code", true},
      {"organisations", "id",
       "id, ext_ref, kind, name, municipality_code, email, school_type, region, start_time", true},
      {"persons", "id",
       "id, ext_ref, bsn_pseudonym, first_name, tussenvoegsel, last_name, first_name_lc, "
       "last_name_lc, birth_date, sex, household_id, relation",
       true},
      {"enrolments", "id", "id, person_id, org_id, from_date, to_date", true},
      {"users", "id",
       "id, username, display_name, email, org_id, role, password_hash, totp_secret, disabled, "
       "failed_logins, locked_until, created_at",
       true},
      {"sessions", "id_hash",
       "id_hash, user_id, csrf_token, created_s, expires_s, second_factor_done", false},
      {"audit_log", "seq",
       "seq, at_ms, user_id, username, org_id, org_name, role, action, object_type, person_id, "
       "detail, responsibility, reason, prev_hash, hash",
       false},
      {"audit_head", "id", "id, last_seq, last_hash", false},
      // The outbox moves with its queued notices (never dropped) and its
      // delivered history. job_runs is not copied: it only records which
      // instance ran which period slot, so a moved installation at most runs
      // the current slot's jobs once more.
      {"outbox", "id",
       "id, idempotency_key, channel, recipient, subject, body, state, attempts, created_ms, "
       "next_attempt_ms, delivered_ms, last_error, lease_owner, lease_until_ms",
       true},
      {"inbox_messages", "id", "id, outbox_id, user_id, subject, body, created_ms, read_ms", true},
      // Handle with Care (migrations 0004, 0007).
      {"hwc_incidents", "id",
       "id, idem_key, occurred_ms, postcode_norm, house_number, police_ref, created_by, "
       "created_org, created_ms",
       true},
      {"hwc_incident_children", "incident_id, person_id", "incident_id, person_id, present", false},
      {"hwc_notices", "id",
       "id, merge_key, person_id, org_id, recipient_kind, reason, school_day, due_ms, "
       "due_explanation, present, "
       "sender_user_id, created_ms, contacts, acknowledged_ms, acknowledged_by, "
       "deputy_escalated_ms, deputy_count, "
       "late_alerted_ms, support_offered, talk_accepted, support_recorded_ms, include_present, "
       "ack_token_hash",
       true},
      {"hwc_notice_incidents", "notice_id, incident_id", "notice_id, incident_id", false},
      {"hwc_notice_deliveries", "notice_id, outbox_id", "notice_id, outbox_id, purpose", false},
      {"hwc_school_settings", "org_id", "org_id, webhook_url", false},
      {"hwc_school_days", "org_id, kind, first_day", "org_id, kind, first_day, last_day", false},
      {"hwc_regions", "org_id",
       "org_id, min_age, max_age, include_present, registrant_roles, updated_ms, updated_by",
       false},
      {"hwc_region_municipalities", "municipality_code", "municipality_code, org_id", false},
      // Signals (migration 0006): the configurable lists first, replacing the seeded defaults.
      {"signal_categories", "code", "code, label_nl, label_en, position, active", false, true},
      {"signal_rules", "code",
       "code, kind, scope, min_signals, min_orgs, window_days, active, version, updated_ms, "
       "updated_by",
       false, true},
      {"signals", "id",
       "id, person_id, org_id, user_id, contact_name, contact_phone, contact_email, category, "
       "level, note, "
       "signal_date, subject_bsn_pseudonym, subject_first_name, subject_last_name, "
       "subject_birth_date, "
       "subject_postcode, subject_house_number, state, active_until, archive_until, created_ms, "
       "updated_ms, "
       "archived_ms",
       true},
      {"signal_events", "id",
       "id, signal_id, person_id, org_id, user_id, kind, category, level, signal_date, at_ms",
       true},
      {"signal_matches", "id",
       "id, signal_a, signal_b, kind, created_ms, due_date, coordinator_signal_id, coordinator_ms, "
       "followed_up_ms, "
       "overdue_ms",
       true},
      {"signal_reviews", "id",
       "id, rule_code, rule_version, person_id, fired_ms, explanation, event_ids, hwc_notice_ids, "
       "state, closed_ms, "
       "closed_by, outcome",
       true},
      // Record linkage (migration 0008): checks, proposals and the decisions kept.
      {"linkage_checks", "signal_id", "signal_id, outcome, person_id, reason, checked_ms", false},
      {"linkage_reviews", "id",
       "id, signal_id, person_id, position, score, reason, state, created_ms, decided_by, "
       "decided_ms",
       true},
      {"linkage_decisions", "id", "id, signal_id, person_id, kind, user_id, decided_ms", true},
      // Veilig Thuis (migration 0009): the code list first, replacing the seeded defaults.
      {"vt_codes", "code", "code, kind, label_nl, label_en, position, active", false, true},
      {"vt_reports", "id",
       "id, vt_org_id, kind, channel, reporter_type, reporter_org_id, reporter_user_id, "
       "created_by, household_id, "
       "hwc_incident_id, urgency, summary, advice_given, classification, classification_reason, "
       "received_ms, "
       "received_date, acute_due_ms, assessment_due_ms, assessment_due_date, due_ms, "
       "deadline_explanation, state, "
       "outcome, outcome_reasons, assessed_ms, assessed_by, assessment_late, investigation_due_ms, "
       "investigation_done_ms, investigation_late, warned_ms, escalated_ms, closed_ms, "
       "assigned_user_id, "
       "contact_user_id, family_profile, plan_phase, plan_text, version, updated_ms",
       true},
      {"vt_report_persons", "report_id, person_id", "report_id, person_id, role", false},
      {"vt_report_codes", "report_id, code", "report_id, code", false},
      {"vt_reporters", "report_id", "report_id, name, organisation, phone, email, stay_unknown",
       false},
      {"vt_conditions", "id",
       "id, report_id, text, partner, monitor_date, state, checked_ms, checked_by, note, "
       "created_ms",
       true},
      {"vt_findings", "report_id, code", "report_id, code, finding, recorded_ms", false},
      {"vt_hearings", "id", "id, report_id, who, heard_date, kind, recorded_ms", true},
      // The meldcode (migration 0010).
      {"meldcode_records", "id",
       "id, org_id, user_id, person_id, client_kind, signal_id, state, version, s1_signals, "
       "s1_kindcheck, "
       "s1_kindcheck_children, s1_ms, s2_colleague, s2_advice, s2_vt, s2_forensic, s2_notes, "
       "s2_ms, s3_parents, "
       "s3_child, s3_ms, q1, q1_reasons, q2, q2_reasons, q3, q3_reasons, q4, q4_reasons, q5, "
       "q5_reasons, decision, "
       "decision_reasons, decided_ms, created_ms, updated_ms, updated_by, voice_escalation_id",
       true},
      {"meldcode_events", "id", "id, record_id, at_ms, user_id, user_name, kind, step, summary",
       true},
      {"meldcode_agreements", "id",
       "id, record_id, agreements, review_date, user_id, created_ms, reminded_ms", true},
      {"meldcode_vt_requests", "id",
       "id, record_id, kind, state, org_id, user_id, person_id, content, created_ms, vt_report_id, "
       "forwarded_ms",
       true},
      // The child's voice (migration 0011). Sealed bodies and keyed hashes open
      // only with the same <key-dir>/voice.key: move it with the database.
      {"voice_adults", "id",
       "id, user_id, org_id, kind, display_name, registered_by, registered_ms, accepted_ms, "
       "left_ms, child_id",
       true},
      {"voice_children", "id",
       "id, code_hash, code_kind, org_id, issued_by, issued_ms, hwc_notice_id, nickname, "
       "last_seen_ms",
       true},
      {"voice_choices", "child_id, adult_id", "child_id, adult_id, chosen_ms", false},
      {"voice_sessions", "id_hash", "id_hash, child_id, csrf, created_ms, last_seen_ms", false},
      {"voice_messages", "id",
       "id, child_id, author, adult_id, kind, sealed, created_ms, due_ms, answered_ms, reminded_ms",
       true},
      {"voice_escalations", "id",
       "id, child_id, adult_id, by_user_id, target, org_id, consent, legal_ground, concern, "
       "message_ids, "
       "words_sealed, recipients, created_ms, vt_report_id, meldcode_record_id",
       true},
      // JIM mentors invited by e-mail (migration 0012): only token hashes.
      {"voice_jim_invitations", "id",
       "id, token_hash, org_id, child_id, name, email, invited_by, created_ms, expires_ms, "
       "accepted_ms, withdrawn_ms, adult_id",
       true},
      {"voice_rate_limits", "bucket", "bucket, window_start_ms, failures", false},
  };
  return specs;
}

const TableSpec* FindSpec(const std::string& name) {
  for (const auto& s : Specs()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::vector<std::string> SplitColumns(const char* columns) {
  std::vector<std::string> out;
  std::string cur;
  for (const char* p = columns;; ++p) {
    if (*p == ',' || *p == '\0') {
      out.push_back(cur);
      cur.clear();
      if (*p == '\0') break;
    } else if (*p != ' ') {
      cur += *p;
    }
  }
  return out;
}

constexpr int64_t kPage = 5000;

// Visits the rows of `t` in primary-key order, a page at a time (keyset
// paging on the row value of the pk columns, which lead the column list).
Status ForEachPage(Store& s, const TableSpec& t, const std::function<Status(const SqlRows&)>& fn) {
  const size_t npk = SplitColumns(t.pk).size();
  std::string placeholders;
  for (size_t i = 0; i < npk; ++i) placeholders += (i ? ", $" : "$") + std::to_string(i + 1);
  const std::string first = std::string("SELECT ") + t.columns + " FROM " + t.name + " ORDER BY " +
                            t.pk + " LIMIT " + std::to_string(kPage);
  const std::string next = std::string("SELECT ") + t.columns + " FROM " + t.name + " WHERE (" +
                           t.pk + ") > (" + placeholders + ") ORDER BY " + t.pk + " LIMIT " +
                           std::to_string(kPage);
  std::vector<SqlValue> after;
  for (;;) {
    auto fetch = [&] {
      auto c = s.pool().Acquire();
      return after.empty() ? c->Query(first) : c->Query(next, after);
    };
    auto rows = fetch();
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Ok();
    INBEELD_RETURN_IF_ERROR(fn(*rows));
    after.clear();
    for (size_t i = 0; i < npk; ++i) after.push_back(rows->back().at(i));
    if (static_cast<int64_t>(rows->size()) < kPage) return Status::Ok();
  }
}

std::string Hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

}  // namespace

bool CopyReport::ok() const {
  for (const auto& t : tables) {
    if (!t.match()) return false;
  }
  return !tables.empty();
}

const std::vector<std::string>& CopiedTables() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& s : Specs()) v.emplace_back(s.name);
    return v;
  }();
  return names;
}

Result<CopyReport::Table> ChecksumTable(Store& store, const std::string& table) {
  const TableSpec* t = FindSpec(table);
  if (!t) return Status::Invalid("unknown table " + table, "table");
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  CopyReport::Table out;
  out.name = table;
  std::string line;
  Status s = ForEachPage(store, *t, [&](const SqlRows& rows) {
    for (const SqlRow& r : rows) {
      line.clear();
      for (size_t i = 0; i < r.size(); ++i) {
        if (i) line += '\t';
        if (r.IsNull(i)) {
          line += "\\N";
        } else {
          for (char ch : r.Text(i)) {  // escaped as in COPY text format
            if (ch == '\\')
              line += "\\\\";
            else if (ch == '\t')
              line += "\\t";
            else if (ch == '\n')
              line += "\\n";
            else
              line += ch;
          }
        }
      }
      line += '\n';
      crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(line.data()),
                                line.size());
      ++out.rows_from;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, digest);
  out.sha256_from = Hex(digest, sizeof digest);
  return out;
}

Status CopyStore(Store& from, Store& to, std::function<void(std::string)> progress,
                 CopyReport* report) {
  auto say = [&](std::string line) {
    if (progress) progress(std::move(line));
  };
  auto vf = from.SchemaVersion();
  if (!vf.ok()) return vf.status();
  auto vt = to.SchemaVersion();
  if (!vt.ok()) return vt.status();
  if (*vf != *vt || *vf == 0) {
    return Status::Conflict("schema versions differ or are missing: from " + std::to_string(*vf) +
                            ", to " + std::to_string(*vt) + " (run Migrate on both first)");
  }
  {
    auto c = to.pool().Acquire();
    for (const auto& t : Specs()) {
      if (std::string(t.name) == "audit_head" || t.seeded) continue;
      auto n = c->Query(std::string("SELECT count(*) FROM ") + t.name);
      if (!n.ok()) return n.status();
      if (n->front().Int(0) != 0) {
        return Status::Conflict(std::string("target store is not empty: table ") + t.name +
                                " has rows");
      }
    }
  }

  // Copy, one transaction per page; parents before children.
  for (const auto& t : Specs()) {
    std::vector<std::string> cols = SplitColumns(t.columns);
    int64_t copied = 0;
    if (t.seeded) {  // the source's list replaces the defaults the migration put in
      auto c = to.pool().Acquire();
      auto d = c->Exec(std::string("DELETE FROM ") + t.name);
      if (!d.ok()) return d.status();
    }
    Status s = ForEachPage(from, t, [&](const SqlRows& rows) {
      std::vector<std::vector<SqlValue>> values;
      values.reserve(rows.size());
      for (const SqlRow& r : rows) {
        std::vector<SqlValue> v;
        for (size_t i = 0; i < r.size(); ++i) v.push_back(r.at(i));
        values.push_back(std::move(v));
      }
      copied += static_cast<int64_t>(rows.size());
      return WithTransaction(to.pool(), true, [&](SqlConnection& c) -> Status {
        if (std::string(t.name) == "audit_head") {  // the migration created the row
          for (const auto& v : values) {
            auto r = c.Exec("UPDATE audit_head SET last_seq = $2, last_hash = $3 WHERE id = $1", v);
            if (!r.ok()) return r.status();
          }
          return Status::Ok();
        }
        return c.BulkInsert(t.name, cols, values, "");
      });
    });
    if (!s.ok()) return s;
    say(std::string("copied ") + t.name + ": " + std::to_string(copied) + " rows");
  }

  if (to.backend() == Backend::kPostgresql) {
    auto c = to.pool().Acquire();
    for (const auto& t : Specs()) {
      if (!t.identity) continue;
      auto r = c->Query(std::string("SELECT setval(pg_get_serial_sequence('") + t.name +
                        "', 'id'), COALESCE((SELECT max(id) FROM " + t.name + "), 0) + 1, false)");
      if (!r.ok()) return r.status();
    }
    say("moved identity sequences past the copied ids");
  }

  CopyReport local;
  CopyReport& rep = report ? *report : local;
  rep.tables.clear();
  std::string mismatches;
  for (const auto& t : Specs()) {
    auto a = ChecksumTable(from, t.name);
    if (!a.ok()) return a.status();
    auto b = ChecksumTable(to, t.name);
    if (!b.ok()) return b.status();
    CopyReport::Table row = *a;
    row.rows_to = b->rows_from;
    row.sha256_to = b->sha256_from;
    say(std::string("verified ") + t.name + ": " + std::to_string(row.rows_from) +
        " rows, sha256 " + row.sha256_from.substr(0, 16) + (row.match() ? " = " : " != ") +
        row.sha256_to.substr(0, 16));
    if (!row.match()) mismatches += std::string(mismatches.empty() ? "" : ", ") + t.name;
    rep.tables.push_back(std::move(row));
  }
  if (!mismatches.empty())
    return Status::Conflict("copy differs from the source in: " + mismatches);
  return Status::Ok();
}

}  // namespace inbeeld
