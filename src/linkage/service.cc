#include "linkage/service.h"

#include <algorithm>
#include <set>

#include "core/calendar_time.h"
#include "identity/blocking.h"
#include "identity/linker.h"

namespace inbeeld {
namespace {

constexpr int64_t kMaxIndexAgeMs = 3'600'000;  // rebuild at least hourly (address changes)
constexpr size_t kCandidates = 5;

std::string Fixed(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

LinkageSide Visible(LinkageSide s, const ReviewFields& f) {
  if (!f.names) s.first_name = s.last_name = "";
  if (!f.birth_date) s.birth_date = "";
  if (!f.address) s.street = s.house_number = s.postcode = s.city = "";
  return s;
}

}  // namespace

LinkageService::LinkageService(Store& store, AuditLog& audit, const Clock& clock,
                               SignalService& signals, BloomEncoder encoder,
                               LinkThresholds thresholds)
    : store_(store),
      audit_(audit),
      clock_(clock),
      signals_(signals),
      encoder_(encoder),
      thresholds_(thresholds) {}

Status LinkageService::LogAs(const Principal* who, const std::string& action,
                             std::optional<PersonId> person, const std::string& detail) {
  AuditRecord r;
  if (who != nullptr) {
    r = AuditRecordBy(*who);
  } else {
    r.username = "systeem";
    r.role = "system";
    r.responsibility = "koppelen van ongekoppelde signalen (verwijsindex)";
  }
  r.action = action;
  r.object_type = person ? "person" : "signal";
  r.person_id = person;
  r.detail = detail;
  return audit_.Record(std::move(r));
}

Result<bool> LinkageService::RefreshIndex(bool force) {
  int64_t persons = 0, max_id = 0;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM persons");
    if (!rows.ok()) return rows.status();
    persons = (*rows)[0].Int(0);
    max_id = (*rows)[0].Int(1);
  }
  const int64_t now = clock_.NowMs();
  {
    std::lock_guard<std::mutex> l(mu_);
    if (!force && snapshot_ && snapshot_->persons == persons && snapshot_->max_id == max_id &&
        now - snapshot_->built_ms < kMaxIndexAgeMs) {
      return false;
    }
  }
  auto snap = std::make_shared<Snapshot>();
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT p.id, p.first_name, p.last_name, p.birth_date, p.sex, COALESCE(h.street, ''),"
        " COALESCE(h.house_number, ''), COALESCE(h.postcode, ''), COALESCE(h.city, '')"
        " FROM persons p LEFT JOIN households h ON h.id = p.household_id ORDER BY p.id");
    if (!rows.ok()) return rows.status();
    snap->index.Reserve(rows->size());
    for (const auto& r : *rows) {
      LinkageRecord rec;
      rec.first_name = r.Text(1);
      rec.last_name = r.Text(2);
      rec.birth_date = BirthDateDigits(r.Text(3));
      rec.sex = ParseSex(r.Text(4)).value_or(Sex::kUnknown);
      rec.street = r.Text(5);
      rec.house_number = r.Text(6);
      rec.postcode = r.Text(7);
      rec.city = r.Text(8);
      snap->index.Add(r.Int(0), encoder_.Encode(rec), MakeBlockingKeys(encoder_, rec));
    }
  }
  snap->index.Build();
  snap->persons = persons;
  snap->max_id = max_id;
  snap->built_ms = now;
  // Signals without a candidate get another look against the new register.
  Status drop = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto d = c.Exec("DELETE FROM linkage_checks WHERE outcome = 'no_candidate'");
    return d.ok() ? Status::Ok() : d.status();
  });
  if (!drop.ok()) return drop;
  std::lock_guard<std::mutex> l(mu_);
  snapshot_ = std::move(snap);
  return true;
}

Result<LinkageRunStats> LinkageService::Run() {
  std::lock_guard<std::mutex> run_lock(run_mu_);
  LinkageRunStats stats;
  auto refreshed = RefreshIndex();
  if (!refreshed.ok()) return refreshed.status();
  stats.rebuilt = *refreshed;
  std::shared_ptr<const Snapshot> snap;
  {
    std::lock_guard<std::mutex> l(mu_);
    snap = snapshot_;
  }
  stats.indexed = static_cast<int64_t>(snap->index.size());
  Linker linker(encoder_, snap->index, thresholds_);

  struct Pending {
    int64_t id, org_id, user_id;
    LinkageRecord record;
  };
  std::vector<Pending> pending;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT s.id, s.org_id, s.user_id, s.subject_first_name, s.subject_last_name, "
        "s.subject_birth_date,"
        " s.subject_postcode, s.subject_house_number FROM signals s"
        " LEFT JOIN linkage_checks c ON c.signal_id = s.id"
        " WHERE s.person_id IS NULL AND s.state = 'active' AND c.signal_id IS NULL ORDER BY s.id "
        "LIMIT 1000");
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) {
      Pending p{r.Int(0), r.Int(1), r.Int(2), {}};
      p.record.first_name = r.Text(3);
      p.record.last_name = r.Text(4);
      p.record.birth_date = r.Text(5);
      p.record.postcode = r.Text(6);
      p.record.house_number = r.Text(7);
      pending.push_back(std::move(p));
    }
    // A postcode and house number name one address: complete the street and
    // city from the register, so that the signal is compared on the same
    // fields as the register's encodings (a missing field lowers the Dice).
    for (Pending& p : pending) {
      const std::string pc = FoldPostcode(p.record.postcode);
      if (pc.empty() || p.record.house_number.empty()) continue;
      auto addr = lease->Query(
          "SELECT DISTINCT street, city FROM households WHERE postcode_norm = $1 AND house_number "
          "= $2"
          " LIMIT 2",
          {pc, p.record.house_number});
      if (!addr.ok()) return addr.status();
      if (addr->size() == 1) {
        p.record.street = (*addr)[0].Text(0);
        p.record.city = (*addr)[0].Text(1);
      }
    }
  }
  const int64_t now = clock_.NowMs();
  const Date today = ToAmsterdam(now).date;
  for (const Pending& p : pending) {
    ++stats.checked;
    std::string outcome = "no_candidate", reason;
    std::optional<PersonId> linked;
    std::vector<LinkCandidate> review;
    Status valid = ValidateForLinkage(p.record, today);
    if (!valid.ok()) {
      reason = "onbruikbare gegevens: " + valid.message();
    } else {
      // Decisions taken before on this signal.
      std::set<PersonId> must, cannot;
      {
        auto lease = store_.pool().Acquire();
        auto rows = lease->Query(
            "SELECT person_id, kind FROM linkage_decisions WHERE signal_id = $1", {p.id});
        if (!rows.ok()) return rows.status();
        for (const auto& r : *rows) (r.Text(1) == "must_link" ? must : cannot).insert(r.Int(0));
      }
      LinkResult result = linker.Match(p.record, kCandidates + cannot.size());
      std::vector<LinkCandidate> cands;
      for (LinkCandidate& c : result.candidates) {
        if (cannot.count(c.id)) continue;
        if (must.count(c.id)) {
          c.evidence.must_link = true;
          c.classification = ClassifyLink(c.evidence, thresholds_);
        }
        cands.push_back(std::move(c));
      }
      if (cands.size() > kCandidates) cands.resize(kCandidates);
      if (!cands.empty() && cands[0].classification.decision == LinkDecision::kAutoLink) {
        Principal system;
        system.user.id =
            p.user_id;  // the 'linked' event is the author's signal's; the log says system
        system.user.username = "systeem";
        system.user.role = Role::kVtTriage;
        system.org.id = p.org_id;
        auto r = signals_.Link(system, p.id, cands[0].id);
        if (r.ok()) {
          linked = cands[0].id;
          outcome = "auto_linked";
          reason = cands[0].classification.reason + " (score " + Fixed(cands[0].score) + ")";
        } else if (r.status().code() == StatusCode::kConflict) {
          // The author's organisation already has a signal on this child: a person decides.
          cands[0].classification = {LinkDecision::kReview, r.status().message()};
        } else {
          return r.status();
        }
      }
      if (!linked) {
        for (const LinkCandidate& c : cands) {
          if (c.classification.decision != LinkDecision::kNoLink) review.push_back(c);
        }
        if (!review.empty()) {
          outcome = "review";
          reason = review[0].classification.reason;
        } else {
          reason = "geen kandidaat boven de drempel voor beoordeling";
        }
      }
    }
    Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
      for (size_t i = 0; i < review.size(); ++i) {
        auto ins = c.Exec(
            "INSERT INTO linkage_reviews (signal_id, person_id, position, score, reason, state, "
            "created_ms)"
            " VALUES ($1, $2, $3, $4, $5, 'open', $6) ON CONFLICT (signal_id, person_id) DO "
            "NOTHING",
            {p.id, int64_t{review[i].id}, static_cast<int64_t>(i + 1), review[i].score,
             review[i].classification.reason, now});
        if (!ins.ok()) return ins.status();
      }
      auto chk = c.Exec(
          "INSERT INTO linkage_checks (signal_id, outcome, person_id, reason, checked_ms) VALUES "
          "($1, $2, $3, $4, $5)"
          " ON CONFLICT (signal_id) DO UPDATE SET outcome = excluded.outcome, person_id = "
          "excluded.person_id,"
          " reason = excluded.reason, checked_ms = excluded.checked_ms",
          {p.id, outcome, linked ? SqlValue(int64_t{*linked}) : SqlValue(SqlNull{}), reason, now});
      return chk.ok() ? Status::Ok() : chk.status();
    });
    if (!tx.ok()) return tx;
    if (linked) {
      ++stats.auto_linked;
      INBEELD_RETURN_IF_ERROR(
          LogAs(nullptr, "write", *linked,
                "signaal " + std::to_string(p.id) + " automatisch gekoppeld: " + reason));
    } else if (!review.empty()) {
      ++stats.review;
      for (const LinkCandidate& c : review) {
        INBEELD_RETURN_IF_ERROR(LogAs(nullptr, "write", c.id,
                                      "koppelvoorstel voor signaal " + std::to_string(p.id) +
                                          " (score " + Fixed(c.score) +
                                          "): " + c.classification.reason));
      }
    } else {
      ++stats.no_candidate;
      INBEELD_RETURN_IF_ERROR(
          LogAs(nullptr, "read", std::nullopt,
                "signaal " + std::to_string(p.id) + " niet gekoppeld: " + reason));
    }
  }
  return stats;
}

Result<std::vector<PartialHousehold>> LinkageService::PartialCandidates(
    const Principal& who, const LinkageRecord& partial) {
  const int64_t now = clock_.NowMs();
  const Date today = ToAmsterdam(now).date;
  std::vector<FieldError> errors;
  if (Status v = ValidateForLinkage(partial, today); !v.ok()) errors = v.errors();
  if (FoldName(partial.first_name).size() < 2 && errors.empty()) {
    errors.push_back({"first_name", "vul een voornaam in"});
  }
  if (partial.street.empty() && partial.postcode.empty()) {
    errors.push_back({"street", "vul een straat of postcode in"});
  }
  if (!errors.empty()) return Status::InvalidFields(errors);
  auto refreshed = RefreshIndex();
  if (!refreshed.ok()) return refreshed.status();
  std::shared_ptr<const Snapshot> snap;
  {
    std::lock_guard<std::mutex> l(mu_);
    snap = snapshot_;
  }
  Linker linker(encoder_, snap->index, thresholds_);
  LinkResult found = linker.PartialMatch(partial, static_cast<int>(today.year()), 40);
  std::vector<PartialHousehold> out;
  {
    auto lease = store_.pool().Acquire();
    for (const LinkCandidate& c : found.candidates) {
      auto rows = lease->Query(
          "SELECT p.first_name, p.tussenvoegsel, p.last_name, p.birth_date, h.id, h.street, "
          "h.house_number, h.postcode,"
          " h.city FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = $1",
          {int64_t{c.id}});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) continue;  // no household: nothing to choose
      const auto& r = (*rows)[0];
      const HouseholdId hid = r.Int(4);
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const PartialHousehold& h) { return h.household_id == hid; });
      if (it == out.end()) {
        if (out.size() == 10) continue;
        out.push_back({hid, r.Text(5), r.Text(6), r.Text(7), r.Text(8), c.score, {}});
        it = out.end() - 1;
      }
      std::string last = r.Text(1).empty() ? r.Text(2) : r.Text(1) + " " + r.Text(2);
      it->members.push_back({c.id, r.Text(0), last, r.Text(3), c.score});
    }
  }
  for (const PartialHousehold& h : out) {
    for (const PartialMember& m : h.members) {
      INBEELD_RETURN_IF_ERROR(
          LogAs(&who, "search", m.person_id, "partieel signaal: kandidaat-huishouden getoond"));
    }
  }
  return out;
}

Result<LinkageReviewItem> LinkageService::LoadItem(const Principal& who, int64_t signal_id,
                                                   bool only_open) {
  const ReviewFields fields = ReviewFieldsFor(who.user.role);
  auto lease = store_.pool().Acquire();
  auto s = lease->Query(
      "SELECT s.id, o.name, s.signal_date, s.subject_first_name, s.subject_last_name, "
      "s.subject_birth_date,"
      " s.subject_postcode, s.subject_house_number FROM signals s JOIN organisations o ON o.id = "
      "s.org_id"
      " WHERE s.id = $1",
      {signal_id});
  if (!s.ok()) return s.status();
  if (s->empty()) return Status::NotFound("onbekend signaal");
  const auto& sr = (*s)[0];
  LinkageReviewItem item;
  item.signal_id = sr.Int(0);
  item.org_name = sr.Text(1);
  item.signal_date = sr.Text(2);
  item.subject =
      Visible({sr.Text(3), sr.Text(4), sr.Text(5), "", sr.Text(7), sr.Text(6), ""}, fields);
  auto rows = lease->Query(
      std::string("SELECT r.id, r.person_id, r.position, r.score, r.reason, r.state, p.first_name,"
                  " p.tussenvoegsel, p.last_name, p.birth_date, COALESCE(h.street, ''), "
                  "COALESCE(h.house_number, ''),"
                  " COALESCE(h.postcode, ''), COALESCE(h.city, '')"
                  " FROM linkage_reviews r JOIN persons p ON p.id = r.person_id"
                  " LEFT JOIN households h ON h.id = p.household_id WHERE r.signal_id = $1") +
          (only_open ? " AND r.state = 'open'" : "") + " ORDER BY r.position",
      {signal_id});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) {
    LinkageCandidateView c;
    c.review_id = r.Int(0);
    c.person_id = r.Int(1);
    c.position = static_cast<int>(r.Int(2));
    c.score = r.Real(3);
    c.reason = r.Text(4);
    c.state = r.Text(5);
    std::string last = r.Text(7).empty() ? r.Text(8) : r.Text(7) + " " + r.Text(8);
    c.person = Visible({r.Text(6), last, r.Text(9), r.Text(10), r.Text(11), r.Text(12), r.Text(13)},
                       fields);
    item.candidates.push_back(std::move(c));
  }
  return item;
}

Result<std::vector<LinkageReviewItem>> LinkageService::Reviews(const Principal& who, int limit) {
  std::vector<int64_t> signal_ids;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT r.signal_id FROM linkage_reviews r JOIN signals s ON s.id = r.signal_id"
        " WHERE r.state = 'open' AND s.person_id IS NULL AND s.state = 'active'"
        " GROUP BY r.signal_id ORDER BY r.signal_id LIMIT $1",
        {int64_t{limit}});
    if (!rows.ok()) return rows.status();
    for (const auto& r : *rows) signal_ids.push_back(r.Int(0));
  }
  std::vector<LinkageReviewItem> out;
  for (int64_t id : signal_ids) {
    auto item = LoadItem(who, id, true);
    if (!item.ok()) return item.status();
    for (const auto& c : item->candidates) {
      INBEELD_RETURN_IF_ERROR(
          LogAs(&who, "read", c.person_id,
                "koppelvoorstel voor signaal " + std::to_string(id) + " bekeken"));
    }
    out.push_back(std::move(*item));
  }
  return out;
}

Result<LinkageReviewItem> LinkageService::Decide(const Principal& who, int64_t review_id,
                                                 ReviewDecision decision) {
  int64_t signal_id = 0;
  PersonId person = 0;
  {
    auto lease = store_.pool().Acquire();
    auto rows = lease->Query(
        "SELECT signal_id, person_id, state FROM linkage_reviews WHERE id = $1", {review_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("onbekend koppelvoorstel");
    if ((*rows)[0].Text(2) != "open")
      return Status::Conflict("over dit koppelvoorstel is al besloten");
    signal_id = (*rows)[0].Int(0);
    person = (*rows)[0].Int(1);
  }
  if (decision == ReviewDecision::kConfirm) {
    // Matching and the accumulation rules run in the signal's own transaction.
    auto linked = signals_.Link(who, signal_id, person);
    if (!linked.ok()) return linked.status();
  }
  const int64_t now = clock_.NowMs();
  const bool confirm = decision == ReviewDecision::kConfirm;
  Status tx = WithTransaction(store_.pool(), true, [&](SqlConnection& c) -> Status {
    auto upd = c.Exec(
        "UPDATE linkage_reviews SET state = $1, decided_by = $2, decided_ms = $3 WHERE id = $4 AND "
        "state = 'open'",
        {std::string(confirm ? "confirmed" : "rejected"), int64_t{who.user.id}, now, review_id});
    if (!upd.ok()) return upd.status();
    if (*upd == 0) return Status::Conflict("over dit koppelvoorstel is al besloten");
    auto dec = c.Exec(
        "INSERT INTO linkage_decisions (signal_id, person_id, kind, user_id, decided_ms) VALUES "
        "($1, $2, $3, $4, $5)"
        " ON CONFLICT (signal_id, person_id) DO UPDATE SET kind = excluded.kind, user_id = "
        "excluded.user_id,"
        " decided_ms = excluded.decided_ms",
        {signal_id, int64_t{person}, std::string(confirm ? "must_link" : "cannot_link"),
         int64_t{who.user.id}, now});
    if (!dec.ok()) return dec.status();
    if (confirm) {
      auto close = c.Exec(
          "UPDATE linkage_reviews SET state = 'closed', decided_by = $1, decided_ms = $2"
          " WHERE signal_id = $3 AND state = 'open'",
          {int64_t{who.user.id}, now, signal_id});
      if (!close.ok()) return close.status();
    }
    return Status::Ok();
  });
  if (!tx.ok()) return tx;
  INBEELD_RETURN_IF_ERROR(LogAs(&who, "write", person,
                                std::string(confirm ? "koppeling bevestigd (must-link)"
                                                    : "koppeling afgewezen (cannot-link)") +
                                    ": signaal " + std::to_string(signal_id)));
  return LoadItem(who, signal_id, false);
}

}  // namespace inbeeld
