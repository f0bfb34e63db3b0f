#include "identity/linker.h"

namespace inbeeld {

LinkResult Linker::Match(const LinkageRecord& signal, size_t limit, bool full_scan) const {
  return MatchEncoded(encoder_.EncodeFields(signal), MakeBlockingKeys(encoder_, signal),
                      IsPartial(signal), limit, full_scan);
}

LinkResult Linker::MatchEncoded(const FieldEncodings& fields, const BlockingKeys& keys,
                                bool partial, size_t limit, bool full_scan) const {
  LinkResult r;
  const BloomEncoding q = fields.Union();
  r.full_scan = full_scan || !keys.any();
  // One more than asked: the runner-up decides whether the best is clear.
  std::vector<ScoredCandidate> found = r.full_scan
                                           ? index_.FullScan(q, t_.review, limit + 1)
                                           : index_.BlockedSearch(q, keys, t_.review, limit + 1);
  for (size_t i = 0; i < found.size() && i < limit; ++i) {
    LinkCandidate c;
    c.pos = found[i].pos;
    c.id = index_.id(c.pos);
    c.score = found[i].score;
    const BloomEncoding& rec = index_.encoding(c.pos);
    c.evidence.dice = c.score;
    c.evidence.partial = partial;
    if (i + 1 < found.size()) c.evidence.runner_up_dice = found[i + 1].score;
    if (i > 0) c.evidence.runner_up_dice = found[0].score;  // not the best: never clear
    c.evidence.first_name_containment = Containment(fields[LinkField::kFirstName], rec);
    c.evidence.birth_date_containment = Containment(fields[LinkField::kBirthDate], rec);
    c.classification = ClassifyLink(c.evidence, t_);
    r.candidates.push_back(std::move(c));
  }
  return r;
}

LinkResult Linker::PartialMatch(const LinkageRecord& signal, int current_year, size_t limit) const {
  LinkResult r;
  r.full_scan = true;
  LinkageRecord names = signal;
  names.birth_date.clear();  // the age is checked separately
  const FieldEncodings fields = encoder_.EncodeFields(names);
  const BloomEncoding q = fields.Union();
  std::vector<BloomEncoding> years;
  if (signal.estimated_age) {
    for (int d = -1; d <= 1; ++d)
      years.push_back(encoder_.BirthYearBits(current_year - *signal.estimated_age + d));
    years.push_back(
        encoder_.BirthYearBits(current_year - *signal.estimated_age - 2));  // birthday not yet
  }
  // Take generously, then keep those of the right age.
  std::vector<ScoredCandidate> found =
      index_.ContainmentScan(q, 0.6, years.empty() ? limit : limit * 50);
  for (const ScoredCandidate& s : found) {
    const BloomEncoding& rec = index_.encoding(s.pos);
    if (!years.empty()) {
      bool age_ok = false;
      for (const BloomEncoding& y : years) age_ok |= Containment(y, rec) == 1.0;
      if (!age_ok) continue;
    }
    LinkCandidate c;
    c.pos = s.pos;
    c.id = index_.id(s.pos);
    c.score = s.score;
    c.evidence.dice = s.score;
    c.evidence.partial = true;
    c.evidence.first_name_containment = Containment(fields[LinkField::kFirstName], rec);
    c.classification = {LinkDecision::kReview,
                        "partial signal: a person chooses from the ranked list"};
    r.candidates.push_back(std::move(c));
    if (r.candidates.size() == limit) break;
  }
  return r;
}

}  // namespace inbeeld
