// The register import against a real (temporary) SQLite store: a demo
// population in and out, idempotence, row errors, and kill -9 between batches.
#include "importer/register_import.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "demo/demo_csv.h"
#include "demo/demo_load.h"

namespace inbeeld {
namespace {

namespace fs = std::filesystem;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

class RegisterImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("inbeeld-import-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "csv");
    options_.today = year(2025) / month(9) / day(1);
    options_.progress = false;
    options_.batch_rows = 500;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Store> OpenStore() {
    auto store = Store::Open("sqlite:" + (dir_ / "inbeeld.db").string(), 2);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    EXPECT_TRUE((*store)->Migrate().ok());
    return std::move(store).value();
  }
  DemoCsvCounts WriteDemo(int64_t children) {
    DemoOptions o;
    o.children = children;
    auto pop = DemoPopulation::Create(o);
    EXPECT_TRUE(pop.ok());
    auto counts = WriteDemoCsv(*pop, (dir_ / "csv").string());
    EXPECT_TRUE(counts.ok());
    return *counts;
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "csv" / name, std::ios::binary) << text;
  }

  fs::path dir_;
  ImportOptions options_;
  BsnPseudonymizer pseudonymizer_ = BsnPseudonymizer::Create(std::string(32, 'k')).value();
};

int64_t Sum(const ImportSummary& s, int64_t FileSummary::*field) {
  int64_t n = 0;
  for (const auto& f : s.files) n += f.*field;
  return n;
}

TEST_F(RegisterImportTest, DemoPopulationImportsAndSecondRunChangesNothing) {
  const DemoCsvCounts demo = WriteDemo(1000);
  auto store = OpenStore();
  auto first = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::ostringstream report;
  PrintImportSummary(*first, report);
  EXPECT_EQ(first->rejected(), 0) << report.str();
  const int64_t total = demo.organisations + demo.households + demo.persons + demo.enrolments;
  EXPECT_EQ(Sum(*first, &FileSummary::inserted), total) << report.str();
  auto counts = store->CountRows();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->persons, demo.persons);
  EXPECT_EQ(counts->households, demo.households);
  EXPECT_EQ(counts->organisations, demo.organisations);
  EXPECT_EQ(counts->enrolments, demo.enrolments);

  auto second = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Sum(*second, &FileSummary::inserted), 0);
  EXPECT_EQ(Sum(*second, &FileSummary::updated), 0);
  EXPECT_EQ(Sum(*second, &FileSummary::unchanged), total);
}

TEST_F(RegisterImportTest, DemoLoadMatchesTheCsvImport) {
  DemoOptions o;
  o.children = 1000;
  auto pop = DemoPopulation::Create(o);
  ASSERT_TRUE(pop.ok());
  auto store = OpenStore();
  auto loaded = LoadDemoPopulation(*store, *pop, pseudonymizer_, 700);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->rejected, 0);
  // The CSV files of the same population, imported on top: nothing changes.
  ASSERT_TRUE(WriteDemoCsv(*pop, (dir_ / "csv").string()).ok());
  auto again = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Sum(*again, &FileSummary::inserted), 0);
  EXPECT_EQ(Sum(*again, &FileSummary::updated), 0);
  EXPECT_EQ(Sum(*again, &FileSummary::unchanged), loaded->inserted);
}

TEST_F(RegisterImportTest, BadRowsAreReportedAndSkipped) {
  Write("organisations.csv",
        "org_ref,kind,name,municipality_code,email,school_type,region,start_time\n"
        "12AB00,school,OBS De Klimop,GM0363,zorg@school.example,PO,north,08:25\n"
        "VT-01,veilig_thuis,Veilig Thuis,GM0363,vt@veiligthuis.example,,,\n"
        "13CD00,school,Zonder Type,GM0363,,,north,08:30\n");
  Write("households.csv",
        "household_ref,street,house_number,postcode,city,municipality_code\n"
        "HH1,Kerkstraat,12,1011 AB,Amsterdam,GM0363\n"
        "HH2,Kerkstraat,14,1011 SS,Amsterdam,GM0363\n");
  Write("persons.csv",
        "person_ref,household_ref,bsn,first_name,tussenvoegsel,last_name,birth_date,sex,relation\n"
        "P1,HH1,999999990,Daan,van der,Berg,2015-03-14,M,child\n"
        "P2,HH1,123456788,Emma,van der,Berg,2016-03-14,V,child\n"
        "P3,HH2,,Sem,,Jansen,2014-01-01,M,child\n"
        "P4,HH1,,Anna,,Berg,2031-01-01,V,child\n"
        "P5,HH1,999999990,Tess,,Berg,2017-01-01,V,child\n"
        "P6,HH1,,Noor,,Berg\n"
        "P7,HH1,,\"Lisa\",,Berg,1985-06-01,V,parent\n");
  Write("enrolments.csv",
        "person_ref,org_ref,from,to\n"
        "P1,12AB00,2019-03-14,\n"
        "P1,VT-01,2019-03-14,\n"
        "P9,12AB00,2019-03-14,\n"
        "P1,13CD00,2019-03-14,\n");
  auto store = OpenStore();
  auto s = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  std::ostringstream report;
  PrintImportSummary(*s, report);
  const std::string text = report.str();
  ASSERT_EQ(s->files.size(), 4u);
  EXPECT_EQ(s->files[0].rejected, 1) << text;
  EXPECT_EQ(s->files[1].rejected, 1) << text;
  EXPECT_EQ(s->files[2].rows_read, 7);
  EXPECT_EQ(s->files[2].inserted, 2) << text;  // P1 and P7
  EXPECT_EQ(s->files[2].rejected, 5) << text;
  EXPECT_EQ(s->files[3].inserted, 1) << text;
  EXPECT_EQ(s->files[3].rejected, 3) << text;
  EXPECT_NE(text.find("rij 3, bsn: dit BSN voldoet niet aan de elfproef"), std::string::npos)
      << text;
  EXPECT_NE(text.find("rij 4, household_ref: onbekend of afgewezen huishouden"), std::string::npos);
  EXPECT_NE(text.find("rij 5, birth_date: de geboortedatum ligt in de toekomst"),
            std::string::npos);
  EXPECT_NE(text.find("rij 6, bsn: dit BSN hoort al bij een andere persoon (rij 2)"),
            std::string::npos);
  EXPECT_NE(text.find("rij 7: deze rij heeft 6 velden, de kopregel 9"), std::string::npos);
  EXPECT_NE(text.find("rij 3, org_ref: deze organisatie is geen school"), std::string::npos);
  EXPECT_NE(text.find("rij 4, person_ref: onbekende of afgewezen persoon"), std::string::npos);
  // No BSN, valid or not, appears anywhere in the report.
  EXPECT_EQ(text.find("999999990"), std::string::npos);
  EXPECT_EQ(text.find("123456788"), std::string::npos);
}

TEST_F(RegisterImportTest, MissingHeaderColumnFailsTheImport) {
  Write("households.csv", "household_ref,street,postcode\nHH1,Kerkstraat,1011 AB\n");
  auto store = OpenStore();
  auto s = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "households.csv: kolom 'house_number' ontbreekt in de kopregel");
}

TEST_F(RegisterImportTest, EmptyDirectoryIsNotFound) {
  auto store = OpenStore();
  auto s = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

// A kill -9 in the middle of the persons file keeps every committed batch and
// no part of the batch in flight; running the import again completes it.
TEST_F(RegisterImportTest, KillDuringImportLosesNoCommittedBatch) {
  const DemoCsvCounts demo = WriteDemo(3000);
  { auto store = OpenStore(); }  // migrated before the child starts
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = Store::Open("sqlite:" + (dir_ / "inbeeld.db").string(), 1);
    if (!store.ok()) _exit(2);
    ImportOptions o = options_;
    o.after_batch = [](const FileSummary& f) {
      if (f.file == "persons.csv" && f.batches == 3) {
        // Die while the next batch is being written.
        std::thread([] {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          raise(SIGKILL);
        }).detach();
      }
    };
    (void)ImportDirectory(**store, pseudonymizer_, (dir_ / "csv").string(), o);
    raise(SIGKILL);  // in case the import finished first
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  auto store = OpenStore();
  auto counts = store->CountRows();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->households, demo.households);
  EXPECT_GE(counts->persons, 3 * 500);
  EXPECT_EQ(counts->persons % 500, 0) << "a half-written batch survived";
  const int64_t committed = counts->persons;

  auto again = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), options_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->files[2].unchanged, committed);
  EXPECT_EQ(again->files[2].inserted, demo.persons - committed);
  counts = store->CountRows();
  EXPECT_EQ(counts->persons, demo.persons);
  EXPECT_EQ(counts->enrolments, demo.enrolments);
}

// The names of all indexes of the database, sorted.
std::vector<std::string> IndexNames(Store& store) {
  auto c = store.pool().Acquire();
  auto rows = c->Query("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name");
  EXPECT_TRUE(rows.ok());
  std::vector<std::string> names;
  for (const SqlRow& r : *rows) names.push_back(r.Text(0));
  return names;
}

// Loading an empty table defers its secondary indexes (Store::Import builds
// them once the file is done). A kill -9 in the middle of the persons file
// leaves their definitions behind; the next import builds them, and every
// index of the schema is back.
TEST_F(RegisterImportTest, KillWhileIndexesAreDeferredBuildsThemOnTheNextImport) {
  const DemoCsvCounts demo = WriteDemo(3000);
  std::vector<std::string> schema_indexes;
  {
    auto store = OpenStore();
    schema_indexes = IndexNames(*store);
  }
  ASSERT_NE(std::find(schema_indexes.begin(), schema_indexes.end(), "persons_last_name_lc"),
            schema_indexes.end());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = Store::Open("sqlite:" + (dir_ / "inbeeld.db").string(), 1);
    if (!store.ok()) _exit(2);
    ImportOptions o = options_;
    o.batch_rows = 1000;
    o.after_batch = [](const FileSummary& f) {
      if (f.file == "persons.csv" && f.batches == 2) {
        std::thread([] {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
          raise(SIGKILL);
        }).detach();
      }
    };
    (void)ImportDirectory(**store, pseudonymizer_, (dir_ / "csv").string(), o);
    raise(SIGKILL);
    _exit(3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));

  auto store = OpenStore();
  std::vector<std::string> during = IndexNames(*store);
  EXPECT_EQ(std::find(during.begin(), during.end(), "persons_last_name_lc"), during.end())
      << "the persons indexes should still be deferred";
  EXPECT_NE(std::find(during.begin(), during.end(), "households_postcode_norm"), during.end())
      << "the households file was done: its index is built";
  auto counts = store->CountRows();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->persons % 1000, 0) << "a half-written batch survived";
  const int64_t committed = counts->persons;
  // Reads work meanwhile, only without the deferred indexes.
  PersonSearch q;
  q.name = "de";
  EXPECT_TRUE(store->SearchPersons(q).ok());

  ImportOptions o = options_;
  o.batch_rows = 1000;
  auto again = ImportDirectory(*store, pseudonymizer_, (dir_ / "csv").string(), o);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->files[2].unchanged, committed);
  EXPECT_EQ(again->files[2].inserted, demo.persons - committed);
  EXPECT_EQ(again->rejected(), 0);
  EXPECT_EQ(IndexNames(*store), schema_indexes);
  auto c = store->pool().Acquire();
  auto waiting = c->Query("SELECT count(*) FROM deferred_indexes");
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->front().Int(0), 0);
  counts = store->CountRows();
  EXPECT_EQ(counts->persons, demo.persons);
  EXPECT_EQ(counts->enrolments, demo.enrolments);
}

}  // namespace
}  // namespace inbeeld
