#include "importer/register_import.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>

#include "importer/csv_reader.h"
#include "importer/progress_bar.h"
#include "importer/register_rows.h"

namespace inbeeld {
namespace {

// The same status with `prefix` in front of its message.
Status Prefixed(const Status& s, const std::string& prefix) {
  std::string m = prefix + s.message();
  switch (s.code()) {
    case StatusCode::kOk: return s;
    case StatusCode::kInvalidArgument: return Status::Invalid(m, s.field());
    case StatusCode::kNotFound: return Status::NotFound(m);
    case StatusCode::kAlreadyExists: return Status::AlreadyExists(m);
    case StatusCode::kConflict: return Status::Conflict(m);
    case StatusCode::kUnauthenticated: return Status::Unauthenticated(m);
    case StatusCode::kPermissionDenied: return Status::PermissionDenied(m);
    case StatusCode::kTooLarge: return Status::TooLarge(m);
    case StatusCode::kTooManyRequests: return Status::TooManyRequests(m);
    case StatusCode::kUnavailable: return Status::Unavailable(m);
    case StatusCode::kInternal: return Status::Internal(m);
  }
  return Status::Internal(m);
}

// What differs between the four files: how a row enters the batch.
struct FileJob {
  std::span<const std::string_view> columns;
  // Validates one row, checks its references and appends it to the batch.
  std::function<Status(const CsvRow&)> add;
  ImportBatch batch;
  size_t pending = 0;
};

void ClearBatch(ImportBatch& b) {
  b.households.clear();
  b.persons.clear();
  b.person_household_refs.clear();
  b.organisations.clear();
  b.enrolments.clear();
}

Result<FileSummary> RunFile(Store& store, std::istream& in, const std::string& name,
                            int64_t size_bytes, const ImportOptions& options, FileJob& job) {
  const auto start = std::chrono::steady_clock::now();
  FileSummary s;
  s.file = name;
  CsvReader reader(in);
  CsvRecord rec;
  if (!reader.Next(rec)) {
    return Status::Invalid(name + ": het bestand is leeg; een kopregel is verplicht", "header");
  }
  auto columns = MapColumns(rec, job.columns);
  if (!columns.ok()) return Prefixed(columns.status(), name + ": ");
  const std::vector<std::string> header = rec.fields;
  ProgressBar bar(options.progress, name, size_bytes);

  auto reject = [&](int64_t row, std::string field, std::string reason) {
    ++s.rejected;
    if (s.errors.size() < options.max_errors_kept) {
      s.errors.push_back({row, std::move(field), std::move(reason)});
    }
  };
  // While the Store writes batch k (one transaction, on a worker thread),
  // this thread reads and validates batch k+1. At most one batch is in flight,
  // so batches still commit in file order; counts and after_batch are handled
  // here, after the commit.
  ImportBatch inflight_batch;  // declared before `inflight`: outlives the worker
  std::future<Result<ImportCounts>> inflight;
  auto settle = [&]() -> Status {
    if (!inflight.valid()) return Status::Ok();
    Result<ImportCounts> counts = inflight.get();
    if (!counts.ok()) {
      return Prefixed(counts.status(), name + ": opslaan mislukt na " + std::to_string(s.batches) +
                                           " batches (" + std::to_string(s.rows_read) +
                                           " rijen gelezen): ");
    }
    s.inserted += counts->inserted;
    s.unchanged += counts->unchanged;
    s.updated += counts->updated;
    // Rows the Store itself refused (e.g. a BSN that belongs to a person with
    // another person_ref from an earlier import).
    s.rejected += counts->rejected;
    for (const std::string& why : counts->rejections) {
      if (s.errors.size() < options.max_errors_kept) s.errors.push_back({0, "", why});
    }
    ++s.batches;
    if (options.after_batch) options.after_batch(s);
    return Status::Ok();
  };
  auto flush = [&]() -> Status {
    INBEELD_RETURN_IF_ERROR(settle());
    std::swap(inflight_batch, job.batch);
    ClearBatch(job.batch);
    job.pending = 0;
    inflight = std::async(std::launch::async,
                          [&store, &inflight_batch] { return store.Import(inflight_batch); });
    return Status::Ok();
  };

  while (reader.Next(rec)) {
    ++s.rows_read;
    if ((s.rows_read & 4095) == 0) bar.Update(reader.bytes_read(), s.rows_read);
    if (!rec.error.empty()) {
      const bool named = rec.error_field >= 0 && rec.error_field < static_cast<int>(header.size());
      reject(rec.row, named ? header[rec.error_field] : std::string(), rec.error);
      continue;
    }
    if (rec.fields.size() != header.size()) {
      reject(rec.row, "",
             "deze rij heeft " + std::to_string(rec.fields.size()) + " velden, de kopregel " +
                 std::to_string(header.size()));
      continue;
    }
    Status st = job.add(CsvRow(rec, *columns));
    if (!st.ok()) {
      reject(rec.row, st.field(), st.message());
      continue;
    }
    if (++job.pending >= options.batch_rows) INBEELD_RETURN_IF_ERROR(flush());
  }
  if (in.bad()) {
    (void)settle();
    return Status::Unavailable(name + ": lezen mislukt");
  }
  if (job.pending > 0) INBEELD_RETURN_IF_ERROR(flush());
  INBEELD_RETURN_IF_ERROR(settle());
  // An empty batch ends the file's load: the Store builds the indexes it may
  // have deferred while the file filled an empty table (see Store::Import).
  if (Result<ImportCounts> done = store.Import(ImportBatch{}); !done.ok()) {
    return Prefixed(done.status(), name + ": indexen opbouwen mislukt: ");
  }
  bar.Update(reader.bytes_read(), s.rows_read);
  bar.Finish();
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

std::string SeenAt(int64_t row) {
  return " (rij " + std::to_string(row) + ")";
}

}  // namespace

Result<FileSummary> ImportOrganisations(Store& store, std::istream& in, const std::string& name,
                                        int64_t size_bytes, const ImportOptions& options,
                                        ImportContext& ctx) {
  ctx.have_organisations = true;
  FileJob job;
  job.columns = OrganisationColumns();
  job.add = [&](const CsvRow& row) -> Status {
    auto org = ParseOrganisationRow(row);
    if (!org.ok()) return org.status();
    auto [it, fresh] =
        ctx.organisations.try_emplace(org->ext_ref, ImportContext::OrgSeen{org->kind, row.row()});
    if (!fresh)
      return Status::Invalid("deze org_ref staat al eerder in het bestand" + SeenAt(it->second.row),
                             "org_ref");
    job.batch.organisations.push_back(std::move(org).value());
    return Status::Ok();
  };
  return RunFile(store, in, name, size_bytes, options, job);
}

Result<FileSummary> ImportHouseholds(Store& store, std::istream& in, const std::string& name,
                                     int64_t size_bytes, const ImportOptions& options,
                                     ImportContext& ctx) {
  ctx.have_households = true;
  FileJob job;
  job.columns = HouseholdColumns();
  job.add = [&](const CsvRow& row) -> Status {
    auto h = ParseHouseholdRow(row);
    if (!h.ok()) return h.status();
    if (int64_t first = ctx.households.Insert(h->ext_ref, row.row())) {
      return Status::Invalid("deze household_ref staat al eerder in het bestand" + SeenAt(first),
                             "household_ref");
    }
    job.batch.households.push_back(std::move(h).value());
    return Status::Ok();
  };
  return RunFile(store, in, name, size_bytes, options, job);
}

Result<FileSummary> ImportPersons(Store& store, const BsnPseudonymizer& pseudonymizer,
                                  std::istream& in, const std::string& name, int64_t size_bytes,
                                  const ImportOptions& options, ImportContext& ctx) {
  ctx.have_persons = true;
  FileJob job;
  job.columns = PersonColumns();
  job.add = [&](const CsvRow& row) -> Status {
    auto p = ParsePersonRow(row, pseudonymizer, options.today);
    if (!p.ok()) return p.status();
    if (!p->household_ref.empty() && ctx.have_households &&
        ctx.households.Find(p->household_ref) == 0) {
      return Status::Invalid("onbekend of afgewezen huishouden", "household_ref");
    }
    if (ctx.persons.Find(p->person.ext_ref) != 0) {
      return Status::Invalid("deze person_ref staat al eerder in het bestand" +
                                 SeenAt(ctx.persons.Find(p->person.ext_ref)),
                             "person_ref");
    }
    if (p->person.bsn) {
      if (int64_t first = ctx.bsns.Insert(p->person.bsn->hex, row.row())) {
        return Status::Invalid("dit BSN hoort al bij een andere persoon" + SeenAt(first), "bsn");
      }
    }
    ctx.persons.Insert(p->person.ext_ref, row.row());
    job.batch.persons.push_back(std::move(p->person));
    job.batch.person_household_refs.push_back(std::move(p->household_ref));
    return Status::Ok();
  };
  return RunFile(store, in, name, size_bytes, options, job);
}

Result<FileSummary> ImportEnrolments(Store& store, std::istream& in, const std::string& name,
                                     int64_t size_bytes, const ImportOptions& options,
                                     ImportContext& ctx) {
  FileJob job;
  job.columns = EnrolmentColumns();
  RefIndex seen;  // person, school and start date: one enrolment
  job.add = [&](const CsvRow& row) -> Status {
    auto e = ParseEnrolmentRow(row);
    if (!e.ok()) return e.status();
    if (ctx.have_persons && ctx.persons.Find(e->person_ref) == 0) {
      return Status::Invalid("onbekende of afgewezen persoon", "person_ref");
    }
    if (ctx.have_organisations) {
      auto it = ctx.organisations.find(e->org_ref);
      if (it == ctx.organisations.end()) {
        return Status::Invalid("onbekende of afgewezen organisatie", "org_ref");
      }
      if (it->second.kind != OrgKind::kSchool) {
        return Status::Invalid("deze organisatie is geen school", "org_ref");
      }
    }
    const std::string key = e->person_ref + '\x1f' + e->org_ref + '\x1f' + FormatIsoDate(e->from);
    if (int64_t first = seen.Insert(key, row.row())) {
      return Status::Invalid("deze inschrijving staat al eerder in het bestand" + SeenAt(first),
                             "");
    }
    job.batch.enrolments.push_back(std::move(e).value());
    return Status::Ok();
  };
  return RunFile(store, in, name, size_bytes, options, job);
}

Result<ImportSummary> ImportDirectory(Store& store, const BsnPseudonymizer& pseudonymizer,
                                      const std::string& dir, const ImportOptions& options) {
  namespace fs = std::filesystem;
  const auto start = std::chrono::steady_clock::now();
  if (!options.today.ok()) return Status::Invalid("de peildatum (today) ontbreekt", "today");
  const char* files[] = {"organisations.csv", "households.csv", "persons.csv", "enrolments.csv"};
  bool any = false;
  for (const char* f : files) {
    std::error_code ec;
    any |= fs::is_regular_file(fs::path(dir) / f, ec);
  }
  if (!any) {
    return Status::NotFound(
        "geen registerbestanden (organisations.csv, households.csv, "
        "persons.csv, enrolments.csv) in " +
        dir);
  }
  ImportSummary summary;
  ImportContext ctx;
  for (int i = 0; i < 4; ++i) {
    const fs::path path = fs::path(dir) / files[i];
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      FileSummary missing;
      missing.file = files[i];
      missing.present = false;
      summary.files.push_back(std::move(missing));
      continue;
    }
    const auto size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Unavailable("kan " + path.string() + " niet openen");
    const int64_t bytes = ec ? 0 : static_cast<int64_t>(size);
    Result<FileSummary> r =
        i == 0   ? ImportOrganisations(store, in, files[i], bytes, options, ctx)
        : i == 1 ? ImportHouseholds(store, in, files[i], bytes, options, ctx)
        : i == 2 ? ImportPersons(store, pseudonymizer, in, files[i], bytes, options, ctx)
                 : ImportEnrolments(store, in, files[i], bytes, options, ctx);
    if (!r.ok()) return r.status();
    summary.files.push_back(std::move(r).value());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace inbeeld
