// The store conformance suite: every test runs against the backend chosen with
// --backend=sqlite|postgresql (CTest registers the binary once per backend).
// PostgreSQL: the URL comes from INBEELD_TEST_PG_URL (scripts/pg-test-server
// prints one); each test starts from an empty `public` schema. Without the
// variable the PostgreSQL tests fail: they never pass vacuously.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <thread>

#include "store/copy_store.h"
#include "store/migrations.h"

namespace inbeeld {
namespace {

Backend g_backend = Backend::kSqlite;

template <typename T>
Status StatusOf(const Result<T>& r) {
  return r.status();
}
Status StatusOf(const Status& s) {
  return s;
}

#define ASSERT_OK(expr)                    \
  do {                                     \
    Status _s = StatusOf(expr);            \
    ASSERT_TRUE(_s.ok()) << _s.ToString(); \
  } while (0)

PersonSearch Q(std::string name, std::optional<Date> birth = {}, std::string postcode = "",
               int limit = 50) {
  PersonSearch q;
  q.name = std::move(name);
  q.birth_date = birth;
  q.postcode = std::move(postcode);
  q.limit = limit;
  return q;
}

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

std::string Sha256Hex(const std::string& s) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  static const char* x = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out += x[c >> 4];
    out += x[c & 15];
  }
  return out;
}

std::string ChainHash(const AuditRecord& e) {
  return Sha256Hex(e.prev_hash + "|" + std::to_string(e.seq) + "|" + std::to_string(e.at_ms) + "|" +
                   e.username + "|" + e.action + "|" + e.detail);
}

std::string BsnHex(int n) {
  char buf[65];
  std::snprintf(buf, sizeof buf, "%064x", n);
  return buf;
}

class TempSqlite {
 public:
  TempSqlite() {
    static std::atomic<int> counter{0};
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp ? tmp : "/tmp") + "/inbeeld_store_test_" + std::to_string(getpid()) +
            "_" + std::to_string(counter++) + ".db";
    Remove();
  }
  ~TempSqlite() { Remove(); }
  std::string url() const { return "sqlite:" + path_; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::remove((path_ + suffix).c_str());
  }
  std::string path_;
};

// Empties the PostgreSQL test database; returns its URL ("" and a failure when unset).
std::string FreshPgUrl() {
  const char* url = std::getenv("INBEELD_TEST_PG_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "INBEELD_TEST_PG_URL is not set. Start a server with\n"
                     "  scripts/pg-test-server start /tmp/pg-test 55432\n"
                     "and export the URL it prints, or run the tests through ctest, which "
                     "starts one.";
    return "";
  }
  auto pool = SqlPool::Open(url, 1);
  if (!pool.ok()) {
    ADD_FAILURE() << "cannot reach INBEELD_TEST_PG_URL=" << url << ": " << pool.status().ToString();
    return "";
  }
  auto c = (*pool)->Acquire();
  Status s = c->ExecScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  if (!s.ok()) {
    ADD_FAILURE() << "cannot reset schema: " << s.ToString();
    return "";
  }
  return url;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sodium_init() >= 0, true);
    url_ = g_backend == Backend::kSqlite ? sqlite_.url() : FreshPgUrl();
    ASSERT_FALSE(url_.empty());
    auto s = Store::Open(url_, 4);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    ASSERT_EQ(store_->backend(), g_backend);
    Status m = store_->Migrate();
    ASSERT_TRUE(m.ok()) << m.ToString();
  }

  Household MakeHousehold(const std::string& ref, const std::string& postcode = "1234 AB") {
    Household h;
    h.ext_ref = ref;
    h.address = {"Dorpsstraat", "12A", postcode, "Utrecht", "GM0344"};
    return h;
  }
  Person MakePerson(const std::string& ref, const std::string& first, const std::string& tv,
                    const std::string& last, int bsn = 0) {
    Person p;
    p.ext_ref = ref;
    if (bsn) p.bsn = BsnPseudonym{BsnHex(bsn)};
    p.first_name = first;
    p.tussenvoegsel = tv;
    p.last_name = last;
    p.birth_date = D(2014, 3, 15);
    p.sex = Sex::kFemale;
    return p;
  }
  Organisation MakeSchool(const std::string& ref, const std::string& name) {
    Organisation o;
    o.ext_ref = ref;
    o.kind = OrgKind::kSchool;
    o.name = name;
    o.municipality_code = "GM0344";
    o.email = "zorg@" + ref + ".example";
    o.school_type = "PO";
    o.region = SchoolRegion::kMiddle;
    return o;
  }
  // An import batch of n households with 2 children each, 1 school, enrolments.
  ImportBatch MakeBatch(int n) {
    ImportBatch b;
    b.organisations.push_back(MakeSchool("12AB00", "De Regenboog"));
    for (int i = 0; i < n; ++i) {
      std::string h = "H" + std::to_string(i);
      b.households.push_back(MakeHousehold(h));
      for (int k = 0; k < 2; ++k) {
        std::string ref = "P" + std::to_string(i) + "_" + std::to_string(k);
        b.persons.push_back(MakePerson(ref, k ? "Sanne" : "Daan", "de", "Vries" + std::to_string(i),
                                       1000 + i * 2 + k));
        b.person_household_refs.push_back(h);
        b.enrolments.push_back({ref, "12AB00", D(2020, 8, 20), std::nullopt});
      }
    }
    return b;
  }

  TempSqlite sqlite_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

// --- migrations --------------------------------------------------------------

TEST_F(StoreTest, MigrateIsIdempotent) {
  auto v = store_->SchemaVersion();
  ASSERT_OK(v);
  EXPECT_EQ(*v, Store::LatestSchemaVersion());
  EXPECT_GE(Store::LatestSchemaVersion(), 1);
  ASSERT_OK(store_->Migrate());
  ASSERT_OK(store_->Migrate());
  auto c = store_->pool().Acquire();
  auto rows = c->Query("SELECT count(*), max(version) FROM schema_migrations");
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int(0), static_cast<int64_t>(MigrationsFor(g_backend).size()));
  EXPECT_EQ(rows->front().Int(1), Store::LatestSchemaVersion());
}

TEST_F(StoreTest, BothBackendsHaveTheSameMigrationVersions) {
  const auto& a = MigrationsFor(Backend::kSqlite);
  const auto& b = MigrationsFor(Backend::kPostgresql);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    // Strictly increasing; a reserved version may still be missing (see Migrate).
    if (i > 0) {
      EXPECT_GT(a[i].version, a[i - 1].version);
    }
    EXPECT_EQ(a[i].version, b[i].version);
    EXPECT_STREQ(a[i].name, b[i].name);
  }
}

TEST_F(StoreTest, RefusesANewerSchema) {
  int newer = Store::LatestSchemaVersion() + 1;
  {
    auto c = store_->pool().Acquire();
    ASSERT_OK(
        c->Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                {int64_t{newer}, std::string("9999_future"), std::string("2030-01-01")}));
  }
  Status s = store_->Migrate();
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_NE(s.message().find("database schema version " + std::to_string(newer) +
                             " is newer than this binary (" +
                             std::to_string(Store::LatestSchemaVersion()) + ")"),
            std::string::npos)
      << s.ToString();
}

TEST_F(StoreTest, ConcurrentMigrateFromTwoStoresAppliesEachVersionOnce) {
  // A fresh, unmigrated database for two independent stores (as two processes).
  TempSqlite other;
  std::string url = g_backend == Backend::kSqlite ? other.url() : FreshPgUrl();
  store_.reset();
  ASSERT_FALSE(url.empty());
  auto a = Store::Open(url, 1);
  auto b = Store::Open(url, 1);
  ASSERT_OK(a);
  ASSERT_OK(b);
  Status sa, sb;
  std::thread ta([&] { sa = (*a)->Migrate(); });
  std::thread tb([&] { sb = (*b)->Migrate(); });
  ta.join();
  tb.join();
  EXPECT_TRUE(sa.ok()) << sa.ToString();
  EXPECT_TRUE(sb.ok()) << sb.ToString();
  auto c = (*a)->pool().Acquire();
  auto rows = c->Query("SELECT count(*) FROM schema_migrations");
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int(0), static_cast<int64_t>(MigrationsFor(Backend::kSqlite).size()));
}

// --- register -----------------------------------------------------------------

TEST_F(StoreTest, InsertGetAndFindByBsn) {
  auto hid = store_->InsertHousehold(MakeHousehold("H1"));
  ASSERT_OK(hid);
  auto h = store_->GetHousehold(*hid);
  ASSERT_OK(h);
  EXPECT_EQ(h->ext_ref, "H1");
  EXPECT_EQ(h->address.postcode, "1234 AB");
  EXPECT_EQ(h->address.house_number, "12A");

  Person p = MakePerson("P1", "Jan", "van den", "Berg", 7);
  p.household_id = *hid;
  p.sex = Sex::kMale;
  p.relation = Relation::kParent;
  p.birth_date = D(1980, 2, 29);
  auto id = store_->InsertPerson(p);
  ASSERT_OK(id);
  auto got = store_->GetPerson(*id);
  ASSERT_OK(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->ext_ref, "P1");
  EXPECT_EQ(got->first_name, "Jan");
  EXPECT_EQ(got->tussenvoegsel, "van den");
  EXPECT_EQ(got->last_name, "Berg");
  EXPECT_EQ(got->birth_date, D(1980, 2, 29));
  EXPECT_EQ(got->sex, Sex::kMale);
  EXPECT_EQ(got->relation, Relation::kParent);
  EXPECT_EQ(got->household_id, *hid);
  ASSERT_TRUE(got->bsn.has_value());
  EXPECT_EQ(got->bsn->hex, BsnHex(7));

  auto found = store_->FindPersonByBsn(BsnPseudonym{BsnHex(7)});
  ASSERT_OK(found);
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(store_->FindPersonByBsn(BsnPseudonym{BsnHex(8)}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetPerson(*id + 1000).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetHousehold(*hid + 1000).status().code(), StatusCode::kNotFound);

  // A person without BSN or ext_ref (entered by hand), twice: no clash on NULLs.
  ASSERT_OK(store_->InsertPerson(MakePerson("", "Anna", "", "Smit")));
  ASSERT_OK(store_->InsertPerson(MakePerson("", "Anna", "", "Smit")));

  auto members = store_->HouseholdMembers(*hid);
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ(members->front().id, *id);
}

TEST_F(StoreTest, OrganisationsAndEnrolments) {
  auto school = store_->InsertOrganisation(MakeSchool("12AB00", "De Regenboog"));
  ASSERT_OK(school);
  Organisation vt;
  vt.kind = OrgKind::kVeiligThuis;
  vt.name = "Veilig Thuis Utrecht";
  auto vt_id = store_->InsertOrganisation(vt);
  ASSERT_OK(vt_id);
  auto o = store_->GetOrganisation(*school);
  ASSERT_OK(o);
  EXPECT_EQ(o->name, "De Regenboog");
  EXPECT_EQ(o->kind, OrgKind::kSchool);
  EXPECT_EQ(o->region, SchoolRegion::kMiddle);
  EXPECT_EQ(o->start_time, "08:30");
  auto v = store_->GetOrganisation(*vt_id);
  ASSERT_OK(v);
  EXPECT_FALSE(v->region.has_value());
  auto schools = store_->ListOrganisations(OrgKind::kSchool);
  ASSERT_OK(schools);
  ASSERT_EQ(schools->size(), 1u);
  auto all = store_->ListOrganisations(std::nullopt);
  ASSERT_OK(all);
  EXPECT_EQ(all->size(), 2u);

  auto pid = store_->InsertPerson(MakePerson("P1", "Sanne", "", "Jansen", 1));
  ASSERT_OK(pid);
  ASSERT_OK(store_->InsertEnrolment({*pid, *school, D(2019, 8, 19), D(2023, 7, 7)}));
  ASSERT_OK(store_->InsertEnrolment({*pid, *school, D(2023, 8, 21), std::nullopt}));
  EXPECT_EQ(store_->InsertEnrolment({*pid, *school, D(2023, 8, 21), std::nullopt}).code(),
            StatusCode::kAlreadyExists);
  auto es = store_->EnrolmentsOf(*pid);
  ASSERT_OK(es);
  ASSERT_EQ(es->size(), 2u);
  EXPECT_EQ((*es)[0].from, D(2019, 8, 19));
  EXPECT_EQ((*es)[0].to, D(2023, 7, 7));
  EXPECT_FALSE((*es)[1].to.has_value());
}

TEST_F(StoreTest, UniqueClashesAreAlreadyExists) {
  ASSERT_OK(store_->InsertPerson(MakePerson("P1", "A", "", "B", 1)));
  EXPECT_EQ(store_->InsertPerson(MakePerson("P2", "C", "", "D", 1)).status().code(),
            StatusCode::kAlreadyExists);  // same BSN
  EXPECT_EQ(store_->InsertPerson(MakePerson("P1", "C", "", "D", 2)).status().code(),
            StatusCode::kAlreadyExists);  // same ext_ref
  ASSERT_OK(store_->InsertHousehold(MakeHousehold("H1")));
  EXPECT_EQ(store_->InsertHousehold(MakeHousehold("H1")).status().code(),
            StatusCode::kAlreadyExists);
  auto org = store_->InsertOrganisation(MakeSchool("S1", "School"));
  ASSERT_OK(org);
  User u;
  u.username = "jdevries";
  u.org_id = *org;
  ASSERT_OK(store_->InsertUser(u));
  EXPECT_EQ(store_->InsertUser(u).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(StoreTest, ForeignKeyViolationsAreConflict) {
  Person p = MakePerson("P1", "A", "", "B", 1);
  p.household_id = 424242;
  EXPECT_EQ(store_->InsertPerson(p).status().code(), StatusCode::kConflict);
  EXPECT_EQ(store_->InsertEnrolment({424242, 434343, D(2020, 1, 1), std::nullopt}).code(),
            StatusCode::kConflict);
  User u;
  u.username = "x";
  u.org_id = 999;
  EXPECT_EQ(store_->InsertUser(u).status().code(), StatusCode::kConflict);
  SessionRecord s;
  s.id_hash = "h";
  s.user_id = 999;
  EXPECT_EQ(store_->InsertSession(s).code(), StatusCode::kConflict);
}

TEST_F(StoreTest, SearchByNamesBirthDateAndPostcode) {
  auto h1 = store_->InsertHousehold(MakeHousehold("H1", "1234 AB"));
  auto h2 = store_->InsertHousehold(MakeHousehold("H2", "9999zz"));
  ASSERT_OK(h1);
  ASSERT_OK(h2);
  auto add = [&](const std::string& ref, const std::string& first, const std::string& tv,
                 const std::string& last, Date birth, HouseholdId h) {
    Person p = MakePerson(ref, first, tv, last);
    p.birth_date = birth;
    p.household_id = h;
    auto id = store_->InsertPerson(p);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
  };
  add("1", "Jan", "van den", "Berg", D(2012, 1, 1), *h1);
  add("2", "Janneke", "", "Bergsma", D(2013, 2, 2), *h1);
  add("3", "Zoë", "", "de Wit", D(2014, 3, 3), *h2);
  add("4", "Piet", "", "Jansen", D(2012, 1, 1), *h2);
  add("5", "Berend", "", "Smit", D(2011, 5, 5), *h2);
  add("6", "Anjali", "", "Ait Taleb", D(2015, 6, 6), *h2);
  add("7", "Jan Willem", "", "Bos", D(2010, 7, 7), *h2);

  auto names = [&](const PersonSearch& q) {
    std::vector<std::string> out;
    auto r = store_->SearchPersons(q);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const auto& p : *r) out.push_back(p.first_name + " " + p.last_name);
    }
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(Q("jan berg")), (V{"Jan Berg", "Janneke Bergsma"}));
  EXPECT_EQ(names(Q("Jan van den Berg")), (V{"Jan Berg", "Janneke Bergsma"}));
  EXPECT_EQ(names(Q("berg jan")), (V{"Jan Berg", "Janneke Bergsma"}));
  EXPECT_EQ(names(Q("van den berg")), (V{"Jan Berg", "Janneke Bergsma"}));
  EXPECT_EQ(names(Q("ber")), (V{"Jan Berg", "Janneke Bergsma", "Berend Smit"}));
  EXPECT_EQ(names(Q("JANS")), (V{"Piet Jansen"}));
  EXPECT_EQ(names(Q("zoe")), (V{"Zoë de Wit"}));
  EXPECT_EQ(names(Q("wit")), (V{"Zoë de Wit"}));
  EXPECT_EQ(names(Q("jan", D(2012, 1, 1))), (V{"Jan Berg", "Piet Jansen"}));
  EXPECT_EQ(names(Q("", std::nullopt, "1234ab")), (V{"Jan Berg", "Janneke Bergsma"}));
  EXPECT_EQ(names(Q("jan", std::nullopt, "1234 AB", 1)), (V{"Jan Berg"}));
  EXPECT_TRUE(names(Q("xyz")).empty());
  // Surnames and first names of more than one word (regression: the e2e search
  // for "Anjali Ait Taleb" found nobody).
  EXPECT_EQ(names(Q("Anjali Ait Taleb")), (V{"Anjali Ait Taleb"}));
  EXPECT_EQ(names(Q("ait taleb")), (V{"Anjali Ait Taleb"}));
  EXPECT_EQ(names(Q("ait taleb anjali")), (V{"Anjali Ait Taleb"}));
  EXPECT_EQ(names(Q("anjali ait")), (V{"Anjali Ait Taleb"}));
  EXPECT_EQ(names(Q("jan willem bos")), (V{"Jan Willem Bos"}));
  EXPECT_EQ(names(Q("jan willem")), (V{"Jan Willem Bos"}));
  EXPECT_EQ(store_->SearchPersons({}).status().code(), StatusCode::kInvalidArgument);
}

// --- import -------------------------------------------------------------------

TEST_F(StoreTest, ImportTwiceChangesNothing) {
  ImportBatch b = MakeBatch(50);
  auto first = store_->Import(b);
  ASSERT_OK(first);
  EXPECT_EQ(first->inserted, 1 + 50 + 100 + 100);
  EXPECT_EQ(first->unchanged, 0);
  EXPECT_EQ(first->updated, 0);
  EXPECT_EQ(first->rejected, 0) << (first->rejections.empty() ? "" : first->rejections[0]);
  auto counts = store_->CountRows();
  ASSERT_OK(counts);
  EXPECT_EQ(counts->households, 50);
  EXPECT_EQ(counts->persons, 100);
  EXPECT_EQ(counts->organisations, 1);
  EXPECT_EQ(counts->enrolments, 100);

  auto second = store_->Import(b);
  ASSERT_OK(second);
  EXPECT_EQ(second->inserted, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->unchanged, 1 + 50 + 100 + 100);

  auto p = store_->FindPersonByBsn(BsnPseudonym{BsnHex(1000)});
  ASSERT_OK(p);
  EXPECT_EQ(p->ext_ref, "P0_0");
  ASSERT_TRUE(p->household_id.has_value());
  auto h = store_->GetHousehold(*p->household_id);
  ASSERT_OK(h);
  EXPECT_EQ(h->ext_ref, "H0");
  auto es = store_->EnrolmentsOf(p->id);
  ASSERT_OK(es);
  ASSERT_EQ(es->size(), 1u);
}

TEST_F(StoreTest, ImportReportsUpdatesAndRejections) {
  ImportBatch b = MakeBatch(3);
  ASSERT_OK(store_->Import(b));
  ImportBatch c = MakeBatch(3);
  c.persons[0].last_name = "Veranderd";
  c.households[1].address.street = "Kerkstraat";
  c.enrolments[2].to = D(2024, 7, 5);
  c.person_household_refs[3] = "H0";  // moved house
  // Rejected: unknown household, a BSN of another person, unknown refs, repeats.
  c.persons.push_back(MakePerson("NEW1", "X", "", "Y", 5000));
  c.person_household_refs.emplace_back("NOPE");
  c.persons.push_back(MakePerson("NEW2", "X", "", "Y", 1000));  // BSN of P0_0
  c.person_household_refs.emplace_back("");
  c.persons.push_back(MakePerson("NEW3", "X", "", "Y", 6000));
  c.person_household_refs.emplace_back("");
  c.enrolments.push_back({"NEW3", "NOSCHOOL", D(2020, 1, 1), std::nullopt});
  c.enrolments.push_back({"GHOST", "12AB00", D(2020, 1, 1), std::nullopt});
  c.households.push_back(MakeHousehold("H0"));  // repeated in batch
  auto r = store_->Import(c);
  ASSERT_OK(r);
  EXPECT_EQ(r->updated, 4);   // person 0 and 3, household 1, enrolment 2
  EXPECT_EQ(r->inserted, 1);  // NEW3
  EXPECT_EQ(r->unchanged, 1 + 3 - 1 + 6 - 2 + 6 - 1);
  EXPECT_EQ(r->rejected, 5);
  std::string all;
  for (const auto& s : r->rejections) all += s + "\n";
  EXPECT_NE(all.find("NEW1: unknown household NOPE"), std::string::npos) << all;
  EXPECT_NE(all.find("NEW2: same BSN as person P0_0 in this batch"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown organisation"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown person"), std::string::npos) << all;
  EXPECT_NE(all.find("household H0: repeated"), std::string::npos) << all;

  auto p = store_->FindPersonByBsn(BsnPseudonym{BsnHex(1000)});
  ASSERT_OK(p);
  EXPECT_EQ(p->last_name, "Veranderd");
  auto again = store_->Import(c);
  ASSERT_OK(again);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->inserted, 0);

  // A BSN that a stored person with another ext_ref has: reported, not merged.
  ImportBatch d;
  d.persons.push_back(MakePerson("NEW4", "X", "", "Y", 1001));  // BSN of P0_1
  d.person_household_refs.emplace_back("");
  auto clash = store_->Import(d);
  ASSERT_OK(clash);
  EXPECT_EQ(clash->rejected, 1);
  ASSERT_EQ(clash->rejections.size(), 1u);
  EXPECT_EQ(clash->rejections[0], "person NEW4: BSN already belongs to another person");
  auto owner = store_->FindPersonByBsn(BsnPseudonym{BsnHex(1001)});
  ASSERT_OK(owner);
  EXPECT_EQ(owner->ext_ref, "P0_1");
}

// --- users and sessions --------------------------------------------------------

TEST_F(StoreTest, PersonBundleIsOneConsistentRead) {
  auto school = store_->InsertOrganisation(MakeSchool("12AB00", "De Regenboog"));
  ASSERT_OK(school);
  auto h = store_->InsertHousehold(MakeHousehold("H1", "1234 AB"));
  ASSERT_OK(h);
  Person a = MakePerson("P1", "Sanne", "", "Jansen", 1);
  a.household_id = *h;
  Person b = MakePerson("P2", "Ruben", "", "Jansen", 2);
  b.household_id = *h;
  auto ida = store_->InsertPerson(a);
  auto idb = store_->InsertPerson(b);
  ASSERT_OK(ida);
  ASSERT_OK(idb);
  ASSERT_OK(store_->InsertEnrolment({*ida, *school, D(2023, 8, 21), std::nullopt}));
  auto bundle = store_->GetPersonBundle(*ida);
  ASSERT_OK(bundle);
  EXPECT_EQ(bundle->person.first_name, "Sanne");
  ASSERT_TRUE(bundle->household.has_value());
  EXPECT_EQ(bundle->household->address.postcode, "1234 AB");
  ASSERT_EQ(bundle->members.size(), 1u) << "the other members, not the person";
  EXPECT_EQ(bundle->members[0].first_name, "Ruben");
  ASSERT_EQ(bundle->enrolments.size(), 1u);
  EXPECT_EQ(bundle->enrolments[0].second.name, "De Regenboog");
  EXPECT_EQ(bundle->enrolments[0].second.kind, OrgKind::kSchool);
  EXPECT_EQ(bundle->enrolments[0].first.from, D(2023, 8, 21));
  auto lone = store_->InsertPerson(MakePerson("P3", "Noor", "", "Bakker", 3));
  ASSERT_OK(lone);
  auto lb = store_->GetPersonBundle(*lone);
  ASSERT_OK(lb);
  EXPECT_FALSE(lb->household.has_value());
  EXPECT_TRUE(lb->members.empty());
  EXPECT_EQ(store_->GetPersonBundle(987654).status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, SessionWithUserJoinsUserAndOrganisation) {
  auto org = store_->InsertOrganisation(MakeSchool("S1", "School"));
  ASSERT_OK(org);
  User u;
  u.username = "contact";
  u.display_name = "Contact";
  u.org_id = *org;
  u.role = Role::kSchoolContact;
  u.password_hash = "x";
  u.totp_secret = "SECRET";
  u.totp_last_step = 42;
  auto uid = store_->InsertUser(u);
  ASSERT_OK(uid);
  ASSERT_OK(store_->InsertSession({"h1", *uid, "csrf", 1000, 5000, true}));
  auto s = store_->GetSessionWithUser("h1");
  ASSERT_OK(s);
  EXPECT_EQ(s->session.csrf_token, "csrf");
  EXPECT_TRUE(s->session.second_factor_done);
  EXPECT_EQ(s->user.id, *uid);
  EXPECT_EQ(s->user.username, "contact");
  EXPECT_EQ(s->user.role, Role::kSchoolContact);
  EXPECT_EQ(s->user.password_hash, "") << "credentials never travel with a request";
  EXPECT_EQ(s->user.totp_secret, "");
  EXPECT_EQ(s->org.id, *org);
  EXPECT_EQ(s->org.name, "School");
  EXPECT_EQ(s->org.kind, OrgKind::kSchool);
  EXPECT_EQ(store_->GetSessionWithUser("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(StoreTest, UsersAndSessions) {
  auto org = store_->InsertOrganisation(MakeSchool("S1", "School"));
  ASSERT_OK(org);
  User u;
  u.username = "jdevries";
  u.display_name = "J. de Vries";
  u.email = "j@example.nl";
  u.org_id = *org;
  u.role = Role::kSchoolContact;
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";
  auto uid = store_->InsertUser(u);
  ASSERT_OK(uid);
  auto got = store_->FindUserByName("jdevries");
  ASSERT_OK(got);
  EXPECT_EQ(got->id, *uid);
  EXPECT_EQ(got->role, Role::kSchoolContact);
  EXPECT_EQ(got->password_hash, u.password_hash);
  EXPECT_FALSE(got->disabled);
  got->failed_logins = 3;
  got->locked_until = 1700000000;
  got->disabled = true;
  got->totp_secret = "JBSWY3DPEHPK3PXP";
  ASSERT_OK(store_->UpdateUser(*got));
  auto again = store_->GetUser(*uid);
  ASSERT_OK(again);
  EXPECT_EQ(again->failed_logins, 3);
  EXPECT_EQ(again->locked_until, 1700000000);
  EXPECT_TRUE(again->disabled);
  EXPECT_EQ(again->totp_secret, "JBSWY3DPEHPK3PXP");
  User ghost = *again;
  ghost.id = 9999;
  EXPECT_EQ(store_->UpdateUser(ghost).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->FindUserByName("nobody").status().code(), StatusCode::kNotFound);
  auto list = store_->ListUsers();
  ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);

  SessionRecord s{"hash1", *uid, "csrf1", 1000, 2000, false};
  ASSERT_OK(store_->InsertSession(s));
  ASSERT_OK(store_->InsertSession({"hash2", *uid, "csrf2", 1000, 5000, true}));
  EXPECT_EQ(store_->InsertSession(s).code(), StatusCode::kAlreadyExists);
  auto gs = store_->GetSession("hash1");
  ASSERT_OK(gs);
  EXPECT_EQ(gs->user_id, *uid);
  EXPECT_EQ(gs->csrf_token, "csrf1");
  EXPECT_FALSE(gs->second_factor_done);
  s.expires_s = 3000;
  s.second_factor_done = true;
  ASSERT_OK(store_->UpdateSession(s));
  gs = store_->GetSession("hash1");
  ASSERT_OK(gs);
  EXPECT_EQ(gs->expires_s, 3000);
  EXPECT_TRUE(gs->second_factor_done);
  EXPECT_EQ(store_->UpdateSession({"nope", *uid, "", 0, 0, false}).code(), StatusCode::kNotFound);

  auto expired = store_->DeleteExpiredSessions(3000);
  ASSERT_OK(expired);
  EXPECT_EQ(*expired, 1);
  EXPECT_EQ(store_->GetSession("hash1").status().code(), StatusCode::kNotFound);
  ASSERT_OK(store_->DeleteSession("hash-that-is-not-there"));
  ASSERT_OK(store_->DeleteSessionsOf(*uid));
  EXPECT_EQ(store_->GetSession("hash2").status().code(), StatusCode::kNotFound);
}

// --- access log ------------------------------------------------------------------

AuditRecord MakeAudit(const std::string& who, int i, std::optional<PersonId> person = {}) {
  AuditRecord a;
  a.at_ms = 1700000000000 + i;
  a.user_id = 1;
  a.username = who;
  a.org_id = 1;
  a.org_name = "VT Utrecht";
  a.role = "vt_triage";
  a.action = "read";
  a.object_type = "person";
  a.person_id = person;
  a.detail = "entry " + std::to_string(i);
  a.responsibility = "Veilig Thuis, wettelijke taak";
  return a;
}

TEST_F(StoreTest, AppendAuditFromTwoThreadsMakesOneChain) {
  constexpr int kPerThread = 60;
  auto writer = [&](const std::string& who, Status* out) {
    for (int i = 0; i < kPerThread;) {
      std::vector<AuditRecord> batch;
      for (int k = 0; k < 1 + i % 3 && i < kPerThread; ++k, ++i) batch.push_back(MakeAudit(who, i));
      Status s = store_->AppendAudit(batch, ChainHash);
      if (!s.ok()) {
        *out = s;
        return;
      }
      for (size_t k = 1; k < batch.size(); ++k) {
        if (batch[k].seq != batch[k - 1].seq + 1 || batch[k].prev_hash != batch[k - 1].hash) {
          *out = Status::Internal("batch not contiguous");
          return;
        }
      }
    }
  };
  Status sa, sb;
  std::thread ta(writer, "alice", &sa);
  std::thread tb(writer, "bob", &sb);
  ta.join();
  tb.join();
  ASSERT_TRUE(sa.ok()) << sa.ToString();
  ASSERT_TRUE(sb.ok()) << sb.ToString();

  int64_t expect_seq = 1;
  std::string prev;
  int alice = 0, bob = 0;
  ASSERT_OK(store_->ScanAudit([&](const AuditRecord& a) -> Status {
    EXPECT_EQ(a.seq, expect_seq);
    EXPECT_EQ(a.prev_hash, prev);
    EXPECT_EQ(a.hash, ChainHash(a));
    ++expect_seq;
    prev = a.hash;
    (a.username == "alice" ? alice : bob)++;
    return Status::Ok();
  }));
  EXPECT_EQ(expect_seq - 1, 2 * kPerThread);
  EXPECT_EQ(alice, kPerThread);
  EXPECT_EQ(bob, kPerThread);
  auto c = store_->pool().Acquire();
  auto head = c->Query("SELECT last_seq, last_hash FROM audit_head");
  ASSERT_OK(head);
  EXPECT_EQ(head->front().Int(0), 2 * kPerThread);
  EXPECT_EQ(head->front().Text(1), prev);
}

TEST_F(StoreTest, AuditLogRefusesUpdateAndDelete) {
  std::vector<AuditRecord> e = {MakeAudit("alice", 1)};
  ASSERT_OK(store_->AppendAudit(e, ChainHash));
  auto c = store_->pool().Acquire();
  auto up = c->Exec("UPDATE audit_log SET detail = 'changed' WHERE seq = 1");
  EXPECT_EQ(up.status().code(), StatusCode::kConflict) << up.status().ToString();
  auto del = c->Exec("DELETE FROM audit_log");
  EXPECT_EQ(del.status().code(), StatusCode::kConflict) << del.status().ToString();
  auto rows = c->Query("SELECT detail FROM audit_log WHERE seq = 1");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Text(0), "entry 1");
}

TEST_F(StoreTest, ScanAuditInOrderAndAuditForPerson) {
  for (int i = 0; i < 2500; i += 500) {  // more than one page of ScanAudit
    std::vector<AuditRecord> batch;
    for (int k = i; k < i + 500; ++k) batch.push_back(MakeAudit("u", k, k % 10 == 0 ? 77 : 78));
    ASSERT_OK(store_->AppendAudit(batch, ChainHash));
    EXPECT_EQ(batch.front().seq, i + 1);
  }
  int64_t last = 0, n = 0;
  ASSERT_OK(store_->ScanAudit([&](const AuditRecord& a) {
    EXPECT_EQ(a.seq, last + 1);
    last = a.seq;
    ++n;
    return Status::Ok();
  }));
  EXPECT_EQ(n, 2500);
  int seen = 0;
  Status stop = store_->ScanAudit(
      [&](const AuditRecord&) { return ++seen == 3 ? Status::Conflict("stop") : Status::Ok(); });
  EXPECT_EQ(stop.code(), StatusCode::kConflict);
  EXPECT_EQ(seen, 3);
  auto mine = store_->AuditForPerson(77, 5);
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 5u);
  EXPECT_EQ((*mine)[0].detail, "entry 2490");  // newest first
  EXPECT_GT((*mine)[0].seq, (*mine)[1].seq);
  EXPECT_EQ((*mine)[0].person_id, 77);
}

// --- copy ------------------------------------------------------------------------

void Fill(Store& s) {
  ImportBatch b;
  Organisation o;
  o.ext_ref = "S1";
  o.name = "Tab\there, newline\nhere, backslash \\ and \\N";
  b.organisations.push_back(o);
  for (int i = 0; i < 1200; ++i) {
    Household h;
    h.ext_ref = "H" + std::to_string(i);
    h.address = {"Straat", std::to_string(i), "1234 AB", "Utrecht", "GM0344"};
    b.households.push_back(h);
    Person p;
    p.ext_ref = "P" + std::to_string(i);
    if (i % 3) p.bsn = BsnPseudonym{BsnHex(i)};
    p.first_name = i % 7 ? "Émile" : "O'Brien";
    p.last_name = "Jansen";
    p.birth_date = D(2010 + i % 8, 1 + i % 12, 1 + i % 28);
    b.persons.push_back(p);
    b.person_household_refs.push_back(i % 5 ? h.ext_ref : "");
    b.enrolments.push_back(
        {p.ext_ref, "S1", D(2020, 8, 20), i % 2 ? std::optional(D(2024, 7, 5)) : std::nullopt});
  }
  auto r = s.Import(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  User u;
  u.username = "admin";
  u.org_id = 1;
  u.role = Role::kAdmin;
  ASSERT_OK(s.InsertUser(u));
  ASSERT_OK(s.InsertSession({"0123abcd", 1, "csrf", 1, 2, true}));
  ASSERT_OK(s.InsertSession({"ffff", 1, "csrf", 1, 2, false}));
  std::vector<AuditRecord> log;
  log.reserve(30);
  for (int i = 0; i < 30; ++i)
    log.push_back(MakeAudit("admin", i, i % 2 ? std::optional<PersonId>(5) : std::nullopt));
  ASSERT_OK(s.AppendAudit(log, ChainHash));
  // Capability tables: a composite key over more than one copy page (5000 rows),
  // a seeded list changed from its defaults, and a signal with its event.
  ASSERT_OK(WithTransaction(s.pool(), true, [&](SqlConnection& c) -> Status {
    for (int i = 0; i < 6000; ++i) {
      auto r = c.Exec(
          "INSERT INTO hwc_school_days (org_id, kind, first_day, last_day) VALUES (1, $1, $2, $2)",
          {std::string(i % 2 ? "off" : "school"), FormatIsoDate(DateFromDays(20000 + i / 2))});
      if (!r.ok()) return r.status();
    }
    for (const char* sql :
         {"INSERT INTO signal_categories (code, label_nl, label_en, position) VALUES ('eigen', "
          "'Eigen', 'Own', 9)",
          "UPDATE signal_rules SET min_signals = 4, version = 2 WHERE code = 'stapeling'",
          "INSERT INTO signals (person_id, org_id, user_id, contact_name, category, level, "
          "signal_date, active_until,"
          " archive_until, created_ms, updated_ms) VALUES (1, 1, 1, 'X', 'eigen', 2, '2026-11-30', "
          "'2028-11-29',"
          " '2033-11-29', 1, 1)",
          "INSERT INTO signal_events (signal_id, person_id, org_id, user_id, kind, category, "
          "level, signal_date, at_ms)"
          " VALUES (1, 1, 1, 1, 'registered', 'eigen', 2, '2026-11-30', 1)"}) {
      auto r = c.Exec(sql);
      if (!r.ok()) return r.status();
    }
    return Status::Ok();
  }));
}

// Every table a migration creates moves with migrate-store, except the
// bookkeeping ones: a new capability's table cannot be forgotten.
TEST_F(StoreTest, CopyCoversEveryTable) {
  auto c = store_->pool().Acquire();
  auto rows = c->Query(
      store_->backend() == Backend::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name");
  ASSERT_OK(rows);
  const std::set<std::string> bookkeeping = {"schema_migrations", "job_runs", "deferred_indexes"};
  const auto& copied = CopiedTables();
  std::vector<std::string> missing;
  for (const auto& r : *rows) {
    std::string t = r.Text(0);
    if (bookkeeping.count(t) == 0 && std::find(copied.begin(), copied.end(), t) == copied.end())
      missing.push_back(t);
  }
  EXPECT_TRUE(missing.empty()) << "tables missing from CopiedTables() in src/store/copy_store.cc: "
                               << ::testing::PrintToString(missing);
}

TEST_F(StoreTest, CopyFromSqliteKeepsIdsAndChecksums) {
  TempSqlite src_file;
  auto src = Store::Open(src_file.url(), 2);
  ASSERT_OK(src);
  ASSERT_OK((*src)->Migrate());
  Fill(**src);
  if (HasFatalFailure()) return;

  CopyReport report;
  std::vector<std::string> lines;
  Status s = CopyStore(
      **src, *store_, [&](std::string l) { lines.push_back(std::move(l)); }, &report);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(report.ok());
  ASSERT_EQ(report.tables.size(), CopiedTables().size());
  for (const auto& t : report.tables) {
    EXPECT_TRUE(t.match()) << t.name;
    EXPECT_EQ(t.sha256_from.size(), 64u);
  }
  EXPECT_EQ(report.tables[2].name, "persons");
  EXPECT_EQ(report.tables[2].rows_to, 1200);
  EXPECT_FALSE(lines.empty());

  // Ids are kept; new rows get fresh ids (sequences moved on).
  auto p = store_->FindPersonByBsn(BsnPseudonym{BsnHex(1)});
  auto q = (*src)->FindPersonByBsn(BsnPseudonym{BsnHex(1)});
  ASSERT_OK(p);
  ASSERT_OK(q);
  EXPECT_EQ(p->id, q->id);
  EXPECT_EQ(p->household_id, q->household_id);
  auto fresh = store_->InsertPerson(MakePerson("NEW", "N", "", "N", 99999));
  ASSERT_OK(fresh);
  EXPECT_EQ(*fresh, 1201);
  auto org = store_->GetOrganisation(1);
  ASSERT_OK(org);
  EXPECT_EQ(org->name, "Tab\there, newline\nhere, backslash \\ and \\N");

  // The chain continues on the target.
  std::vector<AuditRecord> more = {MakeAudit("admin", 99)};
  ASSERT_OK(store_->AppendAudit(more, ChainHash));
  EXPECT_EQ(more[0].seq, 31);

  // Capability tables came along: every page of a composite key, the changed seeded lists.
  {
    auto c = store_->pool().Acquire();
    auto days = c->Query("SELECT count(*) FROM hwc_school_days");
    ASSERT_OK(days);
    EXPECT_EQ((*days)[0].Int(0), 6000);
    auto rule = c->Query("SELECT min_signals, version FROM signal_rules WHERE code = 'stapeling'");
    ASSERT_OK(rule);
    EXPECT_EQ((*rule)[0].Int(0), 4);
    auto sig = c->Query(
        "SELECT s.category, c.label_nl FROM signals s JOIN signal_categories c ON c.code = "
        "s.category");
    ASSERT_OK(sig);
    ASSERT_EQ(sig->size(), 1u);
    EXPECT_EQ((*sig)[0].Text(1), "Eigen");
  }

  // A second copy into the now non-empty target is refused.
  EXPECT_EQ(CopyStore(**src, *store_, {}, nullptr).code(), StatusCode::kConflict);

  // And back again, into a fresh SQLite file: the same checksums.
  TempSqlite back_file;
  auto back = Store::Open(back_file.url(), 2);
  ASSERT_OK(back);
  ASSERT_OK((*back)->Migrate());
  CopyReport back_report;
  ASSERT_OK(CopyStore(*store_, **back, {}, &back_report));
  EXPECT_TRUE(back_report.ok());
  EXPECT_EQ(back_report.tables[0].sha256_from,
            report.tables[0].sha256_from);  // households untouched
}

// --- outbox, inbox and job runs ------------------------------------------------------

OutboxItem MakeNotice(const std::string& key, OutboxChannel channel, const std::string& recipient,
                      int64_t now_ms) {
  OutboxItem o;
  o.idempotency_key = key;
  o.channel = channel;
  o.recipient = recipient;
  o.subject = "Handle with Care";
  o.body = "Daan de Vries, 15-03-2014 — Handle with Care";
  o.created_ms = now_ms;
  o.next_attempt_ms = now_ms;
  return o;
}

class OutboxStoreTest : public StoreTest {
 protected:
  UserId MakeUser(const std::string& name) {
    auto org = store_->InsertOrganisation(MakeSchool("S-" + name, "School " + name));
    EXPECT_TRUE(org.ok());
    User u;
    u.username = name;
    u.org_id = org.ok() ? *org : 0;
    u.role = Role::kSchoolContact;
    auto id = store_->InsertUser(u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  static constexpr int64_t kT0 = 1'800'000'000'000;
};

TEST_F(OutboxStoreTest, EnqueueIsIdempotentOnTheKey) {
  OutboxItem a = MakeNotice("hwc-1", OutboxChannel::kEmail, "zorg@school.example", kT0);
  auto created = store_->EnqueueOutbox(a);
  ASSERT_OK(created);
  EXPECT_TRUE(*created);
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.state, OutboxState::kQueued);
  EXPECT_EQ(a.attempts, 0);

  OutboxItem b = MakeNotice("hwc-1", OutboxChannel::kWebhook, "https://other.example", kT0 + 5);
  b.body = "something else";
  created = store_->EnqueueOutbox(b);
  ASSERT_OK(created);
  EXPECT_FALSE(*created);
  EXPECT_EQ(b.id, a.id);  // the stored item comes back, unchanged
  EXPECT_EQ(b.channel, OutboxChannel::kEmail);
  EXPECT_EQ(b.recipient, "zorg@school.example");
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.created_ms, kT0);
  auto list = store_->ListOutbox(10);
  ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);

  OutboxItem bad = MakeNotice("", OutboxChannel::kEmail, "x@example", kT0);
  EXPECT_EQ(store_->EnqueueOutbox(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(OutboxStoreTest, EnqueueInsideACallersTransactionRollsBackWithIt) {
  OutboxItem item = MakeNotice("tx-1", OutboxChannel::kEmail, "a@example", kT0);
  Status s = WithTransaction(store_->pool(), true, [&](SqlConnection& c) -> Status {
    auto r = Store::EnqueueOutbox(c, item);
    if (!r.ok()) return r.status();
    return Status::Conflict("the capability's own write failed");
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  auto counts = store_->CountOutbox(5);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->queued, 0);
  ASSERT_OK(WithTransaction(store_->pool(), true, [&](SqlConnection& c) -> Status {
    return Store::EnqueueOutbox(c, item).status();
  }));
  counts = store_->CountOutbox(5);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->queued, 1);
}

TEST_F(OutboxStoreTest, ClaimTakesDueItemsOnlyAndRetrySchedulesTheNextAttempt) {
  OutboxItem now = MakeNotice("due", OutboxChannel::kEmail, "a@example", kT0);
  OutboxItem later = MakeNotice("later", OutboxChannel::kEmail, "b@example", kT0);
  later.next_attempt_ms = kT0 + 60'000;
  ASSERT_OK(store_->EnqueueOutbox(now));
  ASSERT_OK(store_->EnqueueOutbox(later));
  auto got = store_->ClaimOutbox("w1", kT0, 30'000, 10);
  ASSERT_OK(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].id, now.id);
  EXPECT_EQ((*got)[0].attempts, 1);
  EXPECT_EQ((*got)[0].lease_owner.value_or(""), "w1");
  EXPECT_EQ((*got)[0].lease_until_ms.value_or(0), kT0 + 30'000);
  // Leased: nobody else gets it, not even the same owner.
  EXPECT_TRUE(store_->ClaimOutbox("w2", kT0 + 1, 30'000, 10)->empty());

  ASSERT_OK(store_->RetryOutbox(now.id, "w1", kT0 + 5'000, "smtp: connection refused"));
  auto item = store_->GetOutbox(now.id);
  ASSERT_OK(item);
  EXPECT_EQ(item->state, OutboxState::kQueued);
  EXPECT_EQ(item->last_error, "smtp: connection refused");
  EXPECT_FALSE(item->lease_owner.has_value());
  EXPECT_EQ(item->next_attempt_ms, kT0 + 5'000);
  EXPECT_TRUE(store_->ClaimOutbox("w2", kT0 + 4'999, 30'000, 10)->empty());
  got = store_->ClaimOutbox("w2", kT0 + 5'000, 30'000, 10);
  ASSERT_OK(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].attempts, 2);
  // Retrying someone else's item is refused.
  EXPECT_EQ(store_->RetryOutbox(now.id, "w1", kT0, "late").code(), StatusCode::kConflict);
  EXPECT_EQ(store_->RetryOutbox(424242, "w1", kT0, "x").code(), StatusCode::kNotFound);

  auto counts = store_->CountOutbox(2);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->queued, 2);
  EXPECT_EQ(counts->failing, 1);
  EXPECT_EQ(counts->delivered, 0);
}

TEST_F(OutboxStoreTest, AnExpiredLeaseIsReclaimableAndTheOldOwnerIsFenced) {
  OutboxItem n = MakeNotice("fence", OutboxChannel::kEmail, "a@example", kT0);
  ASSERT_OK(store_->EnqueueOutbox(n));
  ASSERT_EQ(store_->ClaimOutbox("dead", kT0, 1'000, 5)->size(), 1u);
  EXPECT_TRUE(store_->ClaimOutbox("alive", kT0 + 999, 1'000, 5)->empty());
  auto taken = store_->ClaimOutbox("alive", kT0 + 1'000, 1'000, 5);
  ASSERT_OK(taken);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ((*taken)[0].attempts, 2);
  EXPECT_EQ((*taken)[0].lease_owner.value_or(""), "alive");

  // The old owner wakes up: it may neither complete nor retry.
  EXPECT_EQ(store_->CompleteOutbox(n.id, "dead", kT0 + 1'001).code(), StatusCode::kConflict);
  EXPECT_EQ(store_->RetryOutbox(n.id, "dead", kT0 + 9'000, "x").code(), StatusCode::kConflict);
  // Nor may the new owner once its own lease has run out.
  EXPECT_EQ(store_->CompleteOutbox(n.id, "alive", kT0 + 2'000).code(), StatusCode::kConflict);
  ASSERT_OK(store_->CompleteOutbox(n.id, "alive", kT0 + 1'500));
  ASSERT_OK(store_->CompleteOutbox(n.id, "alive", kT0 + 1'600));  // a repeat is harmless
  EXPECT_EQ(store_->CompleteOutbox(n.id, "dead", kT0 + 1'600).code(), StatusCode::kConflict);
  auto item = store_->GetOutbox(n.id);
  ASSERT_OK(item);
  EXPECT_EQ(item->state, OutboxState::kDelivered);
  EXPECT_EQ(item->delivered_ms.value_or(0), kT0 + 1'500);
  // Delivered items are never claimed again.
  EXPECT_TRUE(store_->ClaimOutbox("alive", kT0 + 100'000, 1'000, 5)->empty());
  EXPECT_EQ(store_->CompleteOutbox(777, "alive", kT0).code(), StatusCode::kNotFound);
}

TEST_F(OutboxStoreTest, TwoOwnersClaimingConcurrentlyNeverGetTheSameItem) {
  constexpr int kItems = 120;
  for (int i = 0; i < kItems; ++i) {
    OutboxItem o = MakeNotice("c-" + std::to_string(i), OutboxChannel::kEmail, "x@example", kT0);
    ASSERT_OK(store_->EnqueueOutbox(o));
  }
  // Two stores on one database, as two instances would be.
  auto other = Store::Open(url_, 2);
  ASSERT_OK(other);
  Store* stores[2] = {store_.get(), other->get()};
  std::vector<int64_t> got[2];
  Status failed[2];
  auto worker = [&](int w) {
    std::string owner = "owner-" + std::to_string(w);
    for (int empty = 0; empty < 3;) {
      auto batch = stores[w]->ClaimOutbox(owner, kT0, 60'000, 7);
      if (!batch.ok()) {
        failed[w] = batch.status();
        return;
      }
      if (batch->empty()) ++empty;
      for (const auto& item : *batch) {
        got[w].push_back(item.id);
        Status s = stores[w]->CompleteOutbox(item.id, owner, kT0 + 1);
        if (!s.ok()) {
          failed[w] = s;
          return;
        }
      }
    }
  };
  std::thread a(worker, 0), b(worker, 1);
  a.join();
  b.join();
  ASSERT_TRUE(failed[0].ok()) << failed[0].ToString();
  ASSERT_TRUE(failed[1].ok()) << failed[1].ToString();
  std::set<int64_t> all(got[0].begin(), got[0].end());
  for (int64_t id : got[1]) EXPECT_TRUE(all.insert(id).second) << "item " << id << " claimed twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kItems));
  EXPECT_EQ(got[0].size() + got[1].size(), static_cast<size_t>(kItems));
  auto counts = store_->CountOutbox(2);
  ASSERT_OK(counts);
  EXPECT_EQ(counts->delivered, kItems);
  EXPECT_EQ(counts->queued, 0);
}

TEST_F(OutboxStoreTest, DeliverToInboxTwiceMakesOneMessage) {
  UserId user = MakeUser("school.contact");
  UserId other = MakeUser("someone.else");
  OutboxItem n = MakeNotice("inbox-1", OutboxChannel::kInbox, std::to_string(user), kT0);
  ASSERT_OK(store_->EnqueueOutbox(n));
  ASSERT_EQ(store_->ClaimOutbox("a", kT0, 1'000, 5)->size(), 1u);
  // A's lease runs out; B takes over and delivers; A wakes up and tries too.
  ASSERT_EQ(store_->ClaimOutbox("b", kT0 + 1'000, 1'000, 5)->size(), 1u);
  ASSERT_OK(store_->DeliverToInbox(n.id, "b", user, kT0 + 1'100));
  ASSERT_OK(store_->DeliverToInbox(n.id, "b", user, kT0 + 1'200));
  EXPECT_EQ(store_->DeliverToInbox(n.id, "a", user, kT0 + 1'300).code(), StatusCode::kConflict);
  auto inbox = store_->InboxFor(user, 10);
  ASSERT_OK(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  const InboxMessage& m = inbox->front();
  EXPECT_EQ(m.outbox_id, n.id);
  EXPECT_EQ(m.subject, "Handle with Care");
  EXPECT_EQ(m.body, n.body);
  EXPECT_EQ(m.created_ms, kT0 + 1'100);
  EXPECT_FALSE(m.read_ms.has_value());
  auto item = store_->GetOutbox(n.id);
  ASSERT_OK(item);
  EXPECT_EQ(item->state, OutboxState::kDelivered);

  // Read receipts: only the owner; the first time is kept.
  EXPECT_EQ(store_->MarkInboxRead(m.id, other, kT0 + 2'000).code(), StatusCode::kNotFound);
  ASSERT_OK(store_->MarkInboxRead(m.id, user, kT0 + 2'000));
  ASSERT_OK(store_->MarkInboxRead(m.id, user, kT0 + 3'000));
  inbox = store_->InboxFor(user, 10);
  ASSERT_OK(inbox);
  EXPECT_EQ(inbox->front().read_ms.value_or(0), kT0 + 2'000);
  EXPECT_TRUE(store_->InboxFor(other, 10)->empty());

  // A message for a user that does not exist is refused and rolls back: the
  // item stays queued (it is retried, never dropped).
  OutboxItem ghost = MakeNotice("inbox-ghost", OutboxChannel::kInbox, "999999", kT0);
  ASSERT_OK(store_->EnqueueOutbox(ghost));
  ASSERT_EQ(store_->ClaimOutbox("a", kT0 + 5'000, 1'000, 5)->size(), 1u);
  EXPECT_EQ(store_->DeliverToInbox(ghost.id, "a", 999999, kT0 + 5'001).code(),
            StatusCode::kConflict);
  EXPECT_EQ(store_->GetOutbox(ghost.id)->state, OutboxState::kQueued);
}

TEST_F(OutboxStoreTest, ClaimJobRunOncePerSlotAcrossThreads) {
  constexpr int kThreads = 6;
  auto other = Store::Open(url_, 2);
  ASSERT_OK(other);
  std::atomic<int> winners{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Store& s = i % 2 ? **other : *store_;
      auto won = s.ClaimJobRun("sessions.cleanup", 500'000, "owner-" + std::to_string(i), kT0);
      if (!won.ok())
        ++errors;
      else if (*won)
        ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
  // The next slot and another job are new claims.
  EXPECT_TRUE(*store_->ClaimJobRun("sessions.cleanup", 500'001, "owner-0", kT0));
  EXPECT_TRUE(*store_->ClaimJobRun("other.job", 500'000, "owner-0", kT0));
  EXPECT_FALSE(*store_->ClaimJobRun("other.job", 500'000, "owner-1", kT0));
  ASSERT_OK(store_->FinishJobRun("other.job", 500'000, "owner-0", kT0 + 10));
  EXPECT_EQ(store_->FinishJobRun("other.job", 500'000, "owner-1", kT0 + 10).code(),
            StatusCode::kNotFound);
  auto c = store_->pool().Acquire();
  auto rows =
      c->Query("SELECT finished_ms FROM job_runs WHERE job = 'other.job' AND slot = 500000");
  ASSERT_OK(rows);
  EXPECT_EQ(rows->front().Int(0), kT0 + 10);
}

TEST_F(OutboxStoreTest, CopyStoreCarriesQueuedAndDeliveredNotices) {
  TempSqlite src_file;
  auto src = Store::Open(src_file.url(), 2);
  ASSERT_OK(src);
  ASSERT_OK((*src)->Migrate());
  auto org = (*src)->InsertOrganisation(MakeSchool("S1", "School"));
  ASSERT_OK(org);
  User u;
  u.username = "school.contact";
  u.org_id = *org;
  u.role = Role::kSchoolContact;
  auto uid = (*src)->InsertUser(u);
  ASSERT_OK(uid);
  OutboxItem queued = MakeNotice("q", OutboxChannel::kEmail, "a@example", kT0);
  OutboxItem inbox = MakeNotice("i", OutboxChannel::kInbox, std::to_string(*uid), kT0);
  ASSERT_OK((*src)->EnqueueOutbox(queued));
  ASSERT_OK((*src)->EnqueueOutbox(inbox));
  ASSERT_EQ((*src)->ClaimOutbox("w", kT0, 1'000, 1)->size(), 1u);  // "q": leased, stays queued
  ASSERT_EQ((*src)->ClaimOutbox("w", kT0, 1'000, 1)->size(), 1u);  // "i"
  ASSERT_OK((*src)->DeliverToInbox(inbox.id, "w", *uid, kT0 + 1));

  CopyReport report;
  ASSERT_OK(CopyStore(**src, *store_, {}, &report));
  EXPECT_TRUE(report.ok());
  auto copied = store_->GetOutbox(queued.id);
  ASSERT_OK(copied);
  EXPECT_EQ(copied->idempotency_key, "q");
  EXPECT_EQ(copied->state, OutboxState::kQueued);
  EXPECT_EQ(copied->attempts, 1);
  EXPECT_EQ(store_->InboxFor(*uid, 10)->size(), 1u);
  OutboxItem fresh = MakeNotice("new", OutboxChannel::kEmail, "b@example", kT0);
  ASSERT_OK(store_->EnqueueOutbox(fresh));
  EXPECT_EQ(fresh.id, 3);
}

// --- hostile input -----------------------------------------------------------------

TEST_F(StoreTest, InjectionStringsAreStoredVerbatimAndHarmless) {
  const std::vector<std::string> nasty = {
      "Robert'); DROP TABLE persons;--",
      "' OR '1'='1",
      "$1 $2 ?1 ? '$1'",
      "\\N",
      "tab\tnew\nline\\back",
      "\"; DELETE FROM audit_head; --",
  };
  ImportBatch b;
  for (size_t i = 0; i < nasty.size(); ++i) {
    Person p = MakePerson("X" + std::to_string(i) + nasty[i], nasty[i], nasty[i], nasty[i],
                          static_cast<int>(i + 1));
    auto id = store_->InsertPerson(p);
    ASSERT_OK(id);
    auto got = store_->GetPerson(*id);
    ASSERT_OK(got);
    EXPECT_EQ(got->first_name, nasty[i]);
    EXPECT_EQ(got->last_name, nasty[i]);
    EXPECT_EQ(got->ext_ref, p.ext_ref);
    // Through the bulk path too (COPY on PostgreSQL).
    Person q = MakePerson("Y" + std::to_string(i) + nasty[i], nasty[i], nasty[i], nasty[i],
                          static_cast<int>(i + 100));
    b.persons.push_back(q);
    b.person_household_refs.emplace_back("");
    auto r = store_->SearchPersons(Q(nasty[i]));
    EXPECT_TRUE(r.ok()) << r.status().ToString();
  }
  auto r = store_->Import(b);
  ASSERT_OK(r);
  EXPECT_EQ(r->inserted, static_cast<int64_t>(nasty.size()));
  for (size_t i = 0; i < nasty.size(); ++i) {
    auto got = store_->FindPersonByBsn(BsnPseudonym{BsnHex(static_cast<int>(i + 100))});
    ASSERT_OK(got);
    EXPECT_EQ(got->first_name, nasty[i]);
    EXPECT_EQ(got->tussenvoegsel, nasty[i]);
    EXPECT_EQ(got->ext_ref, "Y" + std::to_string(i) + nasty[i]);
  }
  EXPECT_EQ(store_->Import(b)->unchanged, static_cast<int64_t>(nasty.size()));
  EXPECT_EQ(store_->FindUserByName("' OR '1'='1").status().code(), StatusCode::kNotFound);
  auto counts = store_->CountRows();
  ASSERT_OK(counts);
  EXPECT_EQ(counts->persons, static_cast<int64_t>(2 * nasty.size()));
}

// --- driver ------------------------------------------------------------------------

TEST_F(StoreTest, DriverBulkInsertSkipsConflictsAndTypesValues) {
  auto c = store_->pool().Acquire();
  ASSERT_OK(c->ExecScript("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, x TEXT)"));
  ASSERT_OK(c->Begin(true));
  ASSERT_OK(c->BulkInsert("t", {"k", "n", "x"},
                          {{std::string("a"), int64_t{1}, SqlNull{}},
                           {std::string("b"), int64_t{-2}, std::string("\\N")}},
                          "k"));
  ASSERT_OK(c->BulkInsert("t", {"k", "n", "x"},
                          {{std::string("a"), int64_t{9}, std::string("dup")},
                           {std::string("c"), int64_t{3}, std::string("x\ty")}},
                          "k"));
  ASSERT_OK(c->Commit());
  auto rows = c->Query("SELECT k, n, x FROM t ORDER BY k");
  ASSERT_OK(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].Int(1), 1);
  EXPECT_TRUE(std::holds_alternative<int64_t>((*rows)[0].at(1)));
  EXPECT_TRUE((*rows)[0].IsNull(2));
  EXPECT_EQ((*rows)[1].Text(2), "\\N");
  EXPECT_EQ((*rows)[2].Text(2), "x\ty");
  EXPECT_EQ(c->BulkInsert("t; DROP TABLE t", {"k"}, {}, "").code(), StatusCode::kInvalidArgument);
  auto n = c->Exec("UPDATE t SET n = n + 1 WHERE k <> $1", {std::string("a")});
  ASSERT_OK(n);
  EXPECT_EQ(*n, 2);
  // Rollback discards.
  ASSERT_OK(c->Begin(true));
  ASSERT_OK(c->Exec("DELETE FROM t"));
  ASSERT_OK(c->Rollback());
  auto count = c->Query("SELECT count(*) FROM t");
  ASSERT_OK(count);
  EXPECT_EQ(count->front().Int(0), 3);
  // A failed statement inside a transaction, then rollback: the connection is usable.
  ASSERT_OK(c->Begin(true));
  EXPECT_EQ(c->Exec("INSERT INTO t (k) VALUES ('a')").status().code(), StatusCode::kAlreadyExists);
  ASSERT_OK(c->Rollback());
  ASSERT_OK(c->Query("SELECT 1"));
}

TEST_F(StoreTest, WithTransactionRollsBackOnError) {
  Status s = WithTransaction(store_->pool(), true, [](SqlConnection& c) -> Status {
    auto r = c.Exec("INSERT INTO households (ext_ref) VALUES ('H1')");
    if (!r.ok()) return r.status();
    return Status::Conflict("changed my mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  auto counts = store_->CountRows();
  ASSERT_OK(counts);
  EXPECT_EQ(counts->households, 0);
}

}  // namespace
}  // namespace inbeeld

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--backend=sqlite") {
      inbeeld::g_backend = inbeeld::Backend::kSqlite;
    } else if (a == "--backend=postgresql") {
      inbeeld::g_backend = inbeeld::Backend::kPostgresql;
    } else {
      std::fprintf(stderr, "unknown argument %s (use --backend=sqlite|postgresql)\n", argv[i]);
      return 2;
    }
  }
  return RUN_ALL_TESTS();
}
