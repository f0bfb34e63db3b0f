// App: the composition root. Builds the object graph once — store, keys,
// access log, authentication, templates, routes, server — and hands each part
// what it needs. No singletons; main() owns the App.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "access/audit_log.h"
#include "access/auth_service.h"
#include "access/password.h"
#include "access/store_audit_sink.h"
#include "handlewithcare/service.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/templates.h"
#include "identity/pseudonym.h"
#include "linkage/service.h"
#include "meldcode/service.h"
#include "notify/outbox_worker.h"
#include "notify/scheduler.h"
#include "notify/smtp_channel.h"
#include "notify/webhook_channel.h"
#include "people/person_service.h"
#include "platform/calendar_files.h"
#include "platform/clock.h"
#include "signals/service.h"
#include "store/store.h"
#include "voice/crypto.h"
#include "voice/service.h"
#include "vt/service.h"
#include "web/shell.h"

namespace inbeeld {

struct AppConfig {
  std::string database = "sqlite:var/inbeeld.db";
  std::string listen = "127.0.0.1:8080";
  std::string key_dir = "var/keys";
  std::string web_root;  // default: the source tree's web/ (INBEELD_WEB_ROOT)
  int workers = 16;      // request handler threads
  int io_threads = 2;
  int pool_size = 16;           // database connections
  bool secure_cookies = false;  // set when served behind TLS
  bool trust_proxy = false;
  bool migrate = true;  // apply pending migrations at start-up
  // Notices (notify/): e-mail through this SMTP server ("" = e-mail items wait
  // in the outbox until one is configured); webhooks signed with
  // <key_dir>/webhook.key.
  std::string smtp_url;  // smtp://host:port
  std::string smtp_from = "inbeeld@localhost";
  int64_t outbox_lease_ms = 30'000;
  // TEST HOOK: the outbox worker sleeps this long after claiming (read from
  // INBEELD_TEST_OUTBOX_HOLD_MS by App::Create), so a test can kill -9 an
  // instance that holds work.
  int64_t outbox_hold_after_claim_ms = 0;
};

// Opens the store named by `url`, checking that its schema is not newer than
// this binary; migrates when `migrate`.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, int pool_size, bool migrate);

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
// later, so that App::Serve can wait for them. Call first thing in main().
void BlockStopSignals();

// The path of the BSN pseudonym key in `key_dir`.
std::string BsnKeyPath(const std::string& key_dir);
// The path of the webhook signing key in `key_dir`.
std::string WebhookKeyPath(const std::string& key_dir);
// The path of the key that seals the child's messages (voice/) in `key_dir`.
std::string VoiceKeyPath(const std::string& key_dir);
// <key_dir>/linkage.key: the secret of the Bloom-filter encodings (record linkage).
std::string LinkageKeyPath(const std::string& key_dir);

class App {
 public:
  // Fails with a clear message when the database is unreachable or too new,
  // the key file is missing, or templates/static files cannot be loaded.
  static Result<std::unique_ptr<App>> Create(const AppConfig& config);
  ~App();

  // Serves until SIGINT/SIGTERM. `on_listening` is called with the bound port.
  // Runs the outbox worker and the scheduler meanwhile (every instance does:
  // leases and job-run slots make each piece of work happen once).
  Status Serve(const std::function<void(uint16_t)>& on_listening);

  Store& store() { return *store_; }
  AuthService& auth() { return *auth_; }
  const Clock& clock() const { return clock_; }
  const BsnPseudonymizer& pseudonymizer() const { return *pseudonymizer_; }
  AuditLog& audit() { return *audit_; }

 private:
  App() = default;
  // The server's handler: Handle(req), answered once the access-log entries the
  // route recorded are durable (an error instead when appending them failed).
  void Handle(Request& req, Respond respond);
  // The route's response with the headers every response gets.
  Response Handle(Request& req);
  static Response WithHeaders(const Request& req, Response resp);

  AppConfig config_;
  SystemClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BsnPseudonymizer> pseudonymizer_;
  std::unique_ptr<PasswordHasher> hasher_;
  std::unique_ptr<StoreAuditSink> audit_sink_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<Templates> templates_;
  std::unique_ptr<StaticFiles> static_files_;
  std::unique_ptr<WebShell> shell_;
  std::unique_ptr<PersonService> people_;
  std::unique_ptr<CalendarData> calendars_;  // data/calendars, for Handle with Care deadlines
  std::unique_ptr<HwcService> hwc_;
  std::unique_ptr<SignalService> signals_;
  std::unique_ptr<LinkageService> linkage_;
  std::unique_ptr<MeldcodeService> meldcode_;
  std::unique_ptr<VtService> vt_;
  std::unique_ptr<VoiceKeys> voice_keys_;
  std::unique_ptr<VoiceService> voice_;  // after vt_: it escalates through it
  std::unique_ptr<SmtpChannel> smtp_;
  std::unique_ptr<WebhookChannel> webhook_;
  std::unique_ptr<OutboxWorker> outbox_;  // after its channels: stopped before they go
  std::unique_ptr<Scheduler> scheduler_;
  std::string openapi_;
  Router router_;
};

}  // namespace inbeeld
