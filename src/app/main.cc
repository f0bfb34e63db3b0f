// inbeeld: one binary, its subcommands in one visible table (Ninja's kTools).
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "access/audit_chain.h"
#include "access/store_audit_sink.h"
#include "access/totp.h"
#include "app/app.h"
#include "demo/demo_csv.h"
#include "demo/demo_load.h"
#include "demo/demo_users.h"
#include "demo/population.h"
#include "identity/bloom_encoder.h"
#include "identity/febrl.h"
#include "identity/linkage_eval.h"
#include "importer/import_summary.h"
#include "importer/register_import.h"
#include "platform/secrets.h"
#include "store/copy_store.h"

using namespace inbeeld;

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "inbeeld: %s\n", s.ToString().c_str());
  return 1;
}

void AddServeOptions(CLI::App* cmd, AppConfig* c) {
  cmd->add_option("--database", c->database, "sqlite:PATH of postgresql://...")
      ->capture_default_str();
  cmd->add_option("--listen", c->listen, "HOST:POORT (poort 0 = vrije poort)")
      ->capture_default_str();
  cmd->add_option("--key-dir", c->key_dir, "map met sleutelbestanden (bsn.key, webhook.key)")
      ->capture_default_str();
  cmd->add_option("--web-root", c->web_root, "map met templates, i18n en static");
  cmd->add_option("--workers", c->workers, "threads voor verzoeken")->capture_default_str();
  cmd->add_option("--pool", c->pool_size, "databaseverbindingen")->capture_default_str();
  cmd->add_flag("--secure-cookies", c->secure_cookies, "cookies met Secure (achter TLS)");
  cmd->add_flag("--trust-proxy", c->trust_proxy, "X-Forwarded-Proto/-For van een proxy vertrouwen");
  cmd->add_option("--smtp", c->smtp_url, "SMTP-server voor e-mailberichten: smtp://HOST:POORT");
  cmd->add_option("--smtp-from", c->smtp_from, "afzender van e-mailberichten")
      ->capture_default_str();
  cmd->add_option(
         "--outbox-lease-ms", c->outbox_lease_ms,
         "hoe lang een instantie geclaimde berichten vasthoudt voordat een andere ze overneemt")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{100}, int64_t{3'600'000}));
}

void PrintListening(uint16_t port, const std::string& listen) {
  std::string host = listen.substr(0, listen.rfind(':'));
  std::printf("InBeeld luistert op http://%s:%u\n", host.c_str(), port);
  std::fflush(stdout);
}

int Serve(AppConfig config) {
  auto app = App::Create(config);
  if (!app.ok()) return Fail(app.status());
  Status s = (*app)->Serve([&](uint16_t port) { PrintListening(port, config.listen); });
  return s.ok() ? 0 : Fail(s);
}

int Migrate(const std::string& database, const std::string& key_dir) {
  std::filesystem::create_directories(key_dir);
  bool had_key = std::filesystem::exists(BsnKeyPath(key_dir));
  Status k = EnsureKeyFile(BsnKeyPath(key_dir));
  if (!k.ok()) return Fail(k);
  if (!had_key)
    std::printf("nieuwe BSN-sleutel aangemaakt: %s (bewaar hem veilig, buiten de database)\n",
                BsnKeyPath(key_dir).c_str());
  Status w = EnsureKeyFile(WebhookKeyPath(key_dir));
  if (!w.ok()) return Fail(w);
  auto store = OpenStore(database, 1, true);
  if (!store.ok()) return Fail(store.status());
  std::printf("database op schemaversie %d\n", Store::LatestSchemaVersion());
  return 0;
}

struct DemoArgs {
  AppConfig config;
  int64_t children = 10000;
  uint64_t seed = 20250901;
  std::string credentials_out;
};

int Demo(DemoArgs a) {
  const std::string& url = a.config.database;
  if (url.rfind("sqlite:", 0) == 0) {
    // A fresh SQLite file every time.
    std::string path = url.substr(7);
    std::filesystem::path p(path);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    for (const char* suffix : {"", "-wal", "-shm", "-audit", "-audit-wal", "-audit-shm"})
      std::filesystem::remove(path + suffix);
    if (a.config.key_dir == "var/keys" && p.has_parent_path())
      a.config.key_dir = (p.parent_path() / "keys").string();
  } else {
    // PostgreSQL: only into an empty database — never over real data.
    auto store = OpenStore(url, 1, true);
    if (!store.ok()) return Fail(store.status());
    auto counts = (*store)->CountRows();
    if (!counts.ok()) return Fail(counts.status());
    if (counts->persons + counts->organisations + counts->users > 0) {
      return Fail(Status::Conflict("demo vult alleen een lege database; deze bevat al gegevens"));
    }
  }
  std::filesystem::create_directories(a.config.key_dir);
  Status k = EnsureKeyFile(BsnKeyPath(a.config.key_dir));
  if (!k.ok()) return Fail(k);
  Status w = EnsureKeyFile(WebhookKeyPath(a.config.key_dir));
  if (!w.ok()) return Fail(w);

  DemoOptions opts;
  opts.seed = a.seed;
  opts.children = a.children;
  auto population = DemoPopulation::Create(opts);
  if (!population.ok()) return Fail(population.status());
  auto app = App::Create(a.config);
  if (!app.ok()) return Fail(app.status());
  std::fprintf(stderr, "synthetische populatie maken: %lld kinderen, seed %llu ...\n",
               static_cast<long long>(a.children), static_cast<unsigned long long>(a.seed));
  auto counts = LoadDemoPopulation((*app)->store(), *population, (*app)->pseudonymizer());
  if (!counts.ok()) return Fail(counts.status());

  nlohmann::json creds = {{"users", nlohmann::json::array()}};
  std::string table;
  for (const DemoUser& u : DemoUsers(*population)) {
    auto c = (*app)->auth().AddUser(u.username, u.display_name, u.email, u.org_ref, u.role);
    if (!c.ok()) return Fail(c.status());
    creds["users"].push_back({{"username", c->username},
                              {"display_name", u.display_name},
                              {"password", c->password},
                              {"role", std::string(RoleName(u.role))},
                              {"totp_secret", c->totp_secret}});
    char line[512];
    std::snprintf(line, sizeof line, "  %-24s %-22s %-18s %s\n",
                  std::string(RoleName(u.role)).c_str(), c->username.c_str(), c->password.c_str(),
                  c->totp_secret.empty() ? "-" : c->totp_secret.c_str());
    table += line;
  }
  if (!a.credentials_out.empty()) {
    std::ofstream out(a.credentials_out);
    out << creds.dump(2) << "\n";
  }
  std::printf(
      "\nDemo-accounts (synthetische gegevens; wachtwoorden gelden alleen voor deze demo):\n");
  std::printf("  %-24s %-22s %-18s %s\n", "rol", "gebruikersnaam", "wachtwoord",
              "TOTP-geheim (authenticator-app)");
  std::printf("%s", table.c_str());
  std::printf(
      "Geen authenticator-app bij de hand? `inbeeld totp GEHEIM` toont de huidige code.\n\n");
  std::fflush(stdout);
  Status s = (*app)->Serve([&](uint16_t port) { PrintListening(port, a.config.listen); });
  return s.ok() ? 0 : Fail(s);
}

int Import(const std::string& dir, const std::string& database, const std::string& key_dir,
           size_t batch_rows) {
  auto key = ReadKeyFile(BsnKeyPath(key_dir));
  if (!key.ok()) return Fail(key.status());
  auto pseudonymizer = BsnPseudonymizer::Create(*key);
  if (!pseudonymizer.ok()) return Fail(pseudonymizer.status());
  auto store = OpenStore(database, 2, true);
  if (!store.ok()) return Fail(store.status());
  SystemClock clock;
  ImportOptions options;
  options.today = clock.Today();
  options.batch_rows = batch_rows;
  auto summary = ImportDirectory(**store, *pseudonymizer, dir, options);
  if (!summary.ok()) return Fail(summary.status());
  PrintImportSummary(*summary, std::cout);
  // The access log records each imported file (not each row: see docs/privacy.md).
  std::vector<AuditRecord> entries;
  for (const auto& f : summary->files) {
    if (!f.present) continue;
    AuditRecord r;
    r.at_ms = clock.NowMs();
    r.username = "system";
    r.role = "system";
    r.action = "import";
    r.object_type = "file";
    r.detail = f.file + ": " + std::to_string(f.rows_read) + " gelezen, " +
               std::to_string(f.inserted) + " nieuw, " + std::to_string(f.updated) +
               " gewijzigd, " + std::to_string(f.unchanged) + " ongewijzigd, " +
               std::to_string(f.rejected) + " geweigerd";
    r.responsibility = "registerimport (beheer)";
    entries.push_back(std::move(r));
  }
  StoreAuditSink sink(**store);
  Status s = sink.Append(entries);
  if (!s.ok()) return Fail(s);
  return summary->rejected() > 0 ? 3 : 0;
}

// `inbeeld linkage eval A [B]`: precision, recall and F1 per threshold on
// labelled FEBRL files; blocking against the full scan (docs/identity.md).
int LinkageEval(const std::string& file_a, const std::string& file_b, const std::string& thresholds,
                const std::string& key_file) {
  auto a = ReadFebrlCsv(file_a);
  if (!a.ok()) return Fail(a.status());
  std::optional<std::vector<LabelledRecord>> b;
  if (!file_b.empty()) {
    auto rb = ReadFebrlCsv(file_b);
    if (!rb.ok()) return Fail(rb.status());
    b = std::move(*rb);
  }
  EvalOptions options;
  if (!thresholds.empty()) {
    options.thresholds.clear();
    std::stringstream in(thresholds);
    for (std::string item; std::getline(in, item, ',');) {
      char* end = nullptr;
      double t = std::strtod(item.c_str(), &end);
      if (end == item.c_str() || *end != '\0' || t <= 0 || t > 1) {
        return Fail(Status::Invalid("drempel is geen getal tussen 0 en 1: " + item, "thresholds"));
      }
      options.thresholds.push_back(t);
    }
  }
  std::string key = BloomEncoder::RandomKey();
  if (!key_file.empty()) {
    auto k = ReadKeyFile(key_file);
    if (!k.ok()) return Fail(k.status());
    key = *k;
  }
  auto encoder = BloomEncoder::Create(key);
  if (!encoder.ok()) return Fail(encoder.status());
  EvalReport report = RunLinkageEval(*encoder, *a, b ? &*b : nullptr, options);
  std::printf("%s", FormatEvalReport(report).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  BlockStopSignals();
  CLI::App cli{
      "InBeeld — signalen over kinderen bij wie het thuis niet veilig is, op tijd bij wie kan "
      "helpen"};
  cli.require_subcommand(1);

  AppConfig serve_config;
  auto* serve = cli.add_subcommand("serve", "de server starten");
  AddServeOptions(serve, &serve_config);
  serve->callback([&] { std::exit(Serve(serve_config)); });

  std::string migrate_db = "sqlite:var/inbeeld.db", migrate_keys = "var/keys";
  auto* migrate =
      cli.add_subcommand("migrate", "het databaseschema bijwerken (en de BSN-sleutel aanmaken)");
  migrate->add_option("--database", migrate_db)->capture_default_str();
  migrate->add_option("--key-dir", migrate_keys)->capture_default_str();
  migrate->callback([&] { std::exit(Migrate(migrate_db, migrate_keys)); });

  DemoArgs demo_args;
  demo_args.config.database = "sqlite:var/demo.db";
  auto* demo = cli.add_subcommand(
      "demo", "een synthetische populatie in een nieuw SQLite-bestand maken en serveren");
  AddServeOptions(demo, &demo_args.config);
  demo->add_option("--children", demo_args.children, "aantal kinderen (1000 .. 3500000)")
      ->capture_default_str();
  demo->add_option("--seed", demo_args.seed, "seed (zelfde seed = zelfde populatie)")
      ->capture_default_str();
  demo->add_option("--credentials-out", demo_args.credentials_out,
                   "demo-accounts als JSON (voor tests)");
  demo->callback([&] { std::exit(Demo(demo_args)); });

  std::string user_db = "sqlite:var/inbeeld.db", user_name, user_org, user_role, user_display,
              user_email;
  auto* user = cli.add_subcommand("user", "gebruikers beheren");
  user->add_option("--database", user_db)->capture_default_str();
  user->require_subcommand(1);
  auto user_app = [&]() -> Result<std::unique_ptr<App>> {
    AppConfig c;
    c.database = user_db;
    c.key_dir = "var/keys";
    return App::Create(c);
  };
  auto print_creds = [](const AuthService::Credentials& c) {
    std::printf("gebruiker:  %s\nwachtwoord: %s\n", c.username.c_str(), c.password.c_str());
    if (!c.totp_secret.empty())
      std::printf("TOTP-geheim: %s\nTOTP-URI:   %s\n", c.totp_secret.c_str(), c.totp_uri.c_str());
  };
  auto* user_add = user->add_subcommand("add", "een gebruiker toevoegen");
  user_add->add_option("username", user_name)->required();
  user_add->add_option("--org", user_org, "ext_ref van de organisatie")->required();
  user_add
      ->add_option("--role", user_role,
                   "police, vt_triage, vt_case_worker, vt_supervisor, school_contact, ...")
      ->required();
  user_add->add_option("--name", user_display);
  user_add->add_option("--email", user_email);
  user_add->callback([&] {
    auto role = ParseRole(user_role);
    if (!role) std::exit(Fail(Status::Invalid("onbekende rol: " + user_role, "role")));
    auto app = user_app();
    if (!app.ok()) std::exit(Fail(app.status()));
    auto c = (*app)->auth().AddUser(user_name, user_display, user_email, user_org, *role);
    if (!c.ok()) std::exit(Fail(c.status()));
    print_creds(*c);
    std::exit(0);
  });
  auto* user_reset = user->add_subcommand("reset", "nieuw wachtwoord en TOTP-geheim; deblokkeert");
  user_reset->add_option("username", user_name)->required();
  user_reset->callback([&] {
    auto app = user_app();
    if (!app.ok()) std::exit(Fail(app.status()));
    auto c = (*app)->auth().ResetUser(user_name);
    if (!c.ok()) std::exit(Fail(c.status()));
    print_creds(*c);
    std::exit(0);
  });
  auto* user_disable =
      user->add_subcommand("disable", "een gebruiker uitschakelen (beëindigt alle sessies)");
  user_disable->add_option("username", user_name)->required();
  user_disable->callback([&] {
    auto app = user_app();
    if (!app.ok()) std::exit(Fail(app.status()));
    Status s = (*app)->auth().DisableUser(user_name);
    if (!s.ok()) std::exit(Fail(s));
    std::printf("gebruiker %s uitgeschakeld\n", user_name.c_str());
    std::exit(0);
  });

  std::string audit_db = "sqlite:var/inbeeld.db";
  auto* audit = cli.add_subcommand("audit", "het inzagelogboek");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "de hashketen van het inzagelogboek controleren");
  verify->add_option("--database", audit_db)->capture_default_str();
  verify->callback([&] {
    auto store = OpenStore(audit_db, 1, false);
    if (!store.ok()) std::exit(Fail(store.status()));
    VerifyReport report;
    Status s = VerifyAuditChain(**store, &report);
    if (!s.ok() || report.broken_seq != 0) {
      std::printf("KETEN GEBROKEN bij regel %lld: %s\n", static_cast<long long>(report.broken_seq),
                  report.problem.empty() ? s.ToString().c_str() : report.problem.c_str());
      std::exit(2);
    }
    std::printf("inzagelogboek intact: %lld regels gecontroleerd, laatste hash %s\n",
                static_cast<long long>(report.checked), report.last_hash.c_str());
    std::exit(0);
  });

  std::string import_dir, import_db = "sqlite:var/inbeeld.db", import_keys = "var/keys";
  auto* import = cli.add_subcommand(
      "import", "registers inlezen uit CSV (organisations, households, persons, enrolments)");
  import->add_option("dir", import_dir, "map met de CSV-bestanden (zie docs/import.md)")
      ->required();
  import->add_option("--database", import_db)->capture_default_str();
  import->add_option("--key-dir", import_keys)->capture_default_str();
  size_t import_batch_rows = ImportOptions{}.batch_rows;
  import->add_option("--batch-rows", import_batch_rows, "rijen per transactie")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}))
      ->capture_default_str();
  import->callback([&] { std::exit(Import(import_dir, import_db, import_keys, import_batch_rows));
});

std::string csv_dir;
int64_t csv_children = 10000;
uint64_t csv_seed = 20250901;
auto* demo_csv =
    cli.add_subcommand("demo-csv", "de synthetische populatie als CSV-bestanden schrijven");
demo_csv->add_option("dir", csv_dir)->required();
demo_csv->add_option("--children", csv_children)->capture_default_str();
demo_csv->add_option("--seed", csv_seed)->capture_default_str();
demo_csv->callback([&] {
  DemoOptions o;
  o.children = csv_children;
  o.seed = csv_seed;
  auto population = DemoPopulation::Create(o);
  if (!population.ok()) std::exit(Fail(population.status()));
  std::filesystem::create_directories(csv_dir);
  auto counts = WriteDemoCsv(*population, csv_dir);
  if (!counts.ok()) std::exit(Fail(counts.status()));
  std::printf(
      "geschreven naar %s: %lld organisaties, %lld huishoudens, %lld personen, %lld "
      "inschrijvingen\n",
      csv_dir.c_str(), static_cast<long long>(counts->organisations),
      static_cast<long long>(counts->households), static_cast<long long>(counts->persons),
      static_cast<long long>(counts->enrolments));
  std::exit(0);
});

std::string from_url, to_url;
auto* migrate_store =
    cli.add_subcommand("migrate-store", "een installatie naar een andere database verhuizen");
migrate_store->add_option("--from", from_url)->required();
migrate_store->add_option("--to", to_url)->required();
migrate_store->callback([&] {
  auto from = OpenStore(from_url, 1, false);
  if (!from.ok()) std::exit(Fail(from.status()));
  auto to = OpenStore(to_url, 1, true);
  if (!to.ok()) std::exit(Fail(to.status()));
  CopyReport report;
  Status s = CopyStore(
      **from, **to, [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); },
      &report);
  if (!s.ok()) std::exit(Fail(s));
  for (const auto& t : report.tables) {
    std::printf("%-20s %10lld rijen  sha256 %s %s\n", t.name.c_str(),
                static_cast<long long>(t.rows_to), t.sha256_to.c_str(),
                t.match() ? "gelijk" : "VERSCHIL");
  }
  std::printf("verhuizing geverifieerd: aantallen en checksums gelijk\n");
  std::exit(0);
});

std::string link_a, link_b, link_thresholds, link_key;
auto* linkage = cli.add_subcommand("linkage", "koppelen zonder BSN (versleutelde Bloom-filters)");
linkage->require_subcommand(1);
auto* link_eval =
    linkage->add_subcommand("eval", "precisie, recall en F1 per drempel op FEBRL-bestanden");
link_eval->add_option("file_a", link_a, "FEBRL-CSV (de index; alleen dit bestand: ontdubbelen)")
    ->required();
link_eval->add_option("file_b", link_b, "FEBRL-CSV om aan file_a te koppelen");
link_eval->add_option("--thresholds", link_thresholds,
                      "Dice-drempels, komma-gescheiden (0.80,0.85)");
link_eval->add_option("--key-file", link_key,
                      "sleutelbestand (standaard: een willekeurige sleutel)");
link_eval->callback([&] { std::exit(LinkageEval(link_a, link_b, link_thresholds, link_key)); });

std::string totp_secret;
auto* totp =
    cli.add_subcommand("totp", "de huidige TOTP-code voor een geheim tonen (alleen voor demo's)");
totp->add_option("secret", totp_secret)->required();
totp->callback([&] {
  SystemClock clock;
  auto code = TotpCode(totp_secret, clock.NowS());
  if (!code.ok()) std::exit(Fail(code.status()));
  std::printf("%s\n", code->c_str());
  std::exit(0);
});

CLI11_PARSE(cli, argc, argv);
return 0;
}
