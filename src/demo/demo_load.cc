#include "demo/demo_load.h"

namespace inbeeld {

Status GenerateDemoBatches(const DemoPopulation& population, const BsnPseudonymizer& pseudonymizer,
                           size_t batch_rows,
                           const std::function<Status(const ImportBatch&)>& sink) {
  ImportBatch batch;
  batch.organisations = population.organisations();
  INBEELD_RETURN_IF_ERROR(sink(batch));
  batch.organisations.clear();
  size_t rows = 0;
  Status st = population.ForEachHousehold([&](const DemoHousehold& hh) -> Status {
    batch.households.push_back(hh.household);
    for (const DemoMember& m : hh.members) {
      Person p = m.person;
      if (!m.bsn.empty()) {
        auto bsn = Bsn::Parse(m.bsn);
        if (!bsn.ok()) return Status::Internal("demo-BSN voldoet niet aan de elfproef");
        p.bsn = pseudonymizer.Pseudonymize(*bsn);
      }
      batch.persons.push_back(std::move(p));
      batch.person_household_refs.push_back(hh.household.ext_ref);
    }
    batch.enrolments.insert(batch.enrolments.end(), hh.enrolments.begin(), hh.enrolments.end());
    rows += 1 + hh.members.size() + hh.enrolments.size();
    if (rows >= batch_rows) {
      INBEELD_RETURN_IF_ERROR(sink(batch));
      batch.households.clear();
      batch.persons.clear();
      batch.person_household_refs.clear();
      batch.enrolments.clear();
      rows = 0;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (rows > 0) return sink(batch);
  return Status::Ok();
}

Result<ImportCounts> LoadDemoPopulation(Store& store, const DemoPopulation& population,
                                        const BsnPseudonymizer& pseudonymizer, size_t batch_rows) {
  ImportCounts total;
  Status st = GenerateDemoBatches(population, pseudonymizer, batch_rows,
                                  [&](const ImportBatch& batch) -> Status {
                                    auto counts = store.Import(batch);
                                    if (!counts.ok()) return counts.status();
                                    total.inserted += counts->inserted;
                                    total.unchanged += counts->unchanged;
                                    total.updated += counts->updated;
                                    total.rejected += counts->rejected;
                                    for (auto& why : counts->rejections) {
                                      if (total.rejections.size() < ImportCounts::kMaxRejections) {
                                        total.rejections.push_back(why);
                                      }
                                    }
                                    return Status::Ok();
                                  });
  if (!st.ok()) return st;
  return total;
}

}  // namespace inbeeld
