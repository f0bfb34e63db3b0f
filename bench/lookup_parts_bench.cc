// lookup_parts_bench: what a person lookup's store work costs, part by part,
// on one thread and without HTTP — the floor under bench/lookup_bench.sh.
//
//   lookup_parts_bench --database URL --key-dir DIR --bsn-file FILE --token TOKEN
//                      [--rounds N]
//
// bench/lookup_bench.sh runs it on its own database after the HTTP rounds
// (the server stopped): the same population, BSNs and session. Times, per
// call and for every BSN of the file (the first of --rounds passes warms the
// caches; the last is reported):
//   pseudonym  the BSN's keyed pseudonym (HMAC-SHA256)
//   session    the session with its user and organisation (GetSessionWithUser)
//   bundle     the person, household, members and enrolments (GetPersonBundleByBsn)
//   audit x1   one access-log entry appended and committed alone
//   audit x16  the same per entry, in batches of 16 (group commit under load)
// and prints mean, p50 and p99 in microseconds. The database gets the
// appended access-log entries (a benchmark database only).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "access/audit_chain.h"
#include "access/policy.h"
#include "access/tokens.h"
#include "core/bsn.h"
#include "identity/pseudonym.h"
#include "platform/clock.h"
#include "platform/secrets.h"
#include "store/store.h"

namespace {

using namespace inbeeld;  // NOLINT(google-build-using-namespace): a small program

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "lookup_parts_bench: %s\n", what.c_str());
  std::exit(1);
}

// A count from the command line: digits only, at least 1.
int Positive(const std::string& option, const std::string& value) {
  int v = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size() || v < 1)
    Fail(option + " needs a whole number of at least 1, not \"" + value + "\"");
  return v;
}

// Calls fn(i) for i in [0, n) `rounds` times and prints the last round's
// figures per call (divided by `per` for calls that do `per` units of work).
template <typename Fn>
void Time(const char* name, size_t n, int rounds, int per, Fn fn) {
  std::vector<double> us(n);
  for (int round = 0; round < rounds; ++round) {
    for (size_t i = 0; i < n; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      fn(i);
      us[i] =
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() /
          per;
    }
  }
  double sum = 0;
  for (double u : us) sum += u;
  std::sort(us.begin(), us.end());
  std::printf("  %-10s %8zu calls  mean %7.2f us  p50 %7.2f us  p99 %7.2f us\n", name, n,
              sum / static_cast<double>(n), us[n / 2], us[n * 99 / 100]);
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, key_dir, bsn_file, token;
  int rounds = 2;
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (i + 1 == argc) Fail(a + " needs a value");
    if (a == "--database")
      url = argv[i + 1];
    else if (a == "--key-dir")
      key_dir = argv[i + 1];
    else if (a == "--bsn-file")
      bsn_file = argv[i + 1];
    else if (a == "--token")
      token = argv[i + 1];
    else if (a == "--rounds")
      rounds = Positive(a, argv[i + 1]);
    else
      Fail("unknown option " + a);
  }
  if (url.empty() || key_dir.empty() || bsn_file.empty() || token.empty()) {
    Fail("usage: --database URL --key-dir DIR --bsn-file FILE --token TOKEN [--rounds N]");
  }
  auto store = Store::Open(url, 2);
  if (!store.ok()) Fail(store.status().ToString());
  Store& st = **store;
  auto key = ReadKeyFile(key_dir + "/bsn.key");
  if (!key.ok()) Fail(key.status().ToString());
  auto pseudonymizer = BsnPseudonymizer::Create(*key);
  if (!pseudonymizer.ok()) Fail(pseudonymizer.status().ToString());

  std::vector<Bsn> bsns;
  std::ifstream in(bsn_file);
  for (std::string line; std::getline(in, line);) {
    auto b = Bsn::Parse(line);
    if (!b.ok()) Fail("not a BSN in " + bsn_file + ": " + line);
    bsns.push_back(*b);
  }
  if (bsns.empty()) Fail("no BSNs in " + bsn_file);
  std::vector<BsnPseudonym> pseudonyms;
  for (const Bsn& b : bsns) pseudonyms.push_back(pseudonymizer->Pseudonymize(b));
  const std::string session_hash = Sha256Hex(token);
  auto who = st.GetSessionWithUser(session_hash);
  if (!who.ok()) Fail("session: " + who.status().ToString());

  const size_t n = bsns.size();
  std::printf("lookup parts (one thread, no HTTP), %zu BSNs, %s\n", n, url.c_str());
  Time("pseudonym", n, rounds, 1, [&](size_t i) {
    if (pseudonymizer->Pseudonymize(bsns[i]).hex.empty()) Fail("empty pseudonym");
  });
  Time("session", n, rounds, 1, [&](size_t) {
    if (!st.GetSessionWithUser(session_hash).ok()) Fail("session read failed");
  });
  std::vector<PersonId> ids(n);
  Time("bundle", n, rounds, 1, [&](size_t i) {
    auto b = st.GetPersonBundleByBsn(pseudonyms[i]);
    if (!b.ok()) Fail("bundle: " + b.status().ToString());
    ids[i] = b->person.id;
  });

  // Entries as a lookup records them (PersonService::Log): who, the person, what was read.
  const SystemClock clock;
  Principal principal;
  principal.user = who->user;
  principal.org = who->org;
  auto entry = [&](size_t i) {
    AuditRecord r = AuditRecordBy(principal);
    r.action = "read";
    r.object_type = "person";
    r.person_id = ids[i % n];
    r.detail = "lookup_parts_bench";
    r.at_ms = clock.NowMs();
    return r;
  };
  const size_t appends = std::min<size_t>(n, 5000);
  Time("audit x1", appends, rounds, 1, [&](size_t i) {
    std::vector<AuditRecord> one{entry(i)};
    if (!st.AppendAudit(one, ChainHash).ok()) Fail("audit append failed");
  });
  constexpr int kBatch = 16;
  Time("audit x16", appends / kBatch, rounds, kBatch, [&](size_t i) {
    std::vector<AuditRecord> batch;
    for (int k = 0; k < kBatch; ++k) batch.push_back(entry(i * kBatch + k));
    if (!st.AppendAudit(batch, ChainHash).ok()) Fail("audit append failed");
  });
  return 0;
}
