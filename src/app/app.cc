#include "app/app.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/text.h"
#include "handlewithcare/routes.h"
#include "http/problem.h"
#include "linkage/routes.h"
#include "meldcode/routes.h"
#include "notify/owner_id.h"
#include "notify/routes.h"
#include "people/routes.h"
#include "platform/secrets.h"
#include "signals/routes.h"
#include "voice/routes.h"
#include "vt/routes.h"
#include "web/login_routes.h"

#ifndef INBEELD_WEB_ROOT
#define INBEELD_WEB_ROOT "web"
#endif

namespace inbeeld {

namespace {

bool AllValidUtf8(const std::multimap<std::string, std::string>& fields) {
  for (const auto& [name, value] : fields) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) return false;
  }
  return true;
}

// Query parameters and form fields arrive percent-encoded, so their bytes are
// not checked where a JSON body's are (ParseJsonObject): PostgreSQL refuses
// text that is not UTF-8, which made such a search or form a 500.
bool TextFieldsAreUtf8(const Request& req) {
  if (!AllValidUtf8(req.query)) return false;
  std::string type = req.Header("content-type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    return AllValidUtf8(ParseUrlEncoded(req.body));
  }
  return true;
}

}  // namespace

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string BsnKeyPath(const std::string& key_dir) {
  return key_dir + "/bsn.key";
}

std::string WebhookKeyPath(const std::string& key_dir) {
  return key_dir + "/webhook.key";
}

std::string VoiceKeyPath(const std::string& key_dir) {
  return key_dir + "/voice.key";
}

std::string LinkageKeyPath(const std::string& key_dir) {
  return key_dir + "/linkage.key";
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, int pool_size, bool migrate) {
  auto store = Store::Open(url, pool_size);
  if (!store.ok()) return store.status();
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version > Store::LatestSchemaVersion()) {
    return Status::Conflict("het databaseschema (versie " + std::to_string(*version) +
                            ") is nieuwer dan deze versie van inbeeld (" +
                            std::to_string(Store::LatestSchemaVersion()) +
                            "); installeer een nieuwere inbeeld");
  }
  if (migrate) {
    INBEELD_RETURN_IF_ERROR((*store)->Migrate());
  } else if (*version < Store::LatestSchemaVersion()) {
    return Status::Conflict(
        "het databaseschema is ouder dan deze inbeeld; voer eerst `inbeeld migrate` uit");
  }
  // On SQLite the access log is a file of its own beside the database
  // (<bestand>-audit): a server without it would answer every read with 503.
  if ((*store)->backend() == Backend::kSqlite) {
    auto lease = (*store)->pool().Acquire();
    if (!lease->Query("SELECT last_seq FROM audit_head WHERE id = 1").ok()) {
      return Status::Unavailable(
          "het toegangslog ontbreekt: het bestand " + url.substr(7) +
          "-audit hoort bij de database en moet ernaast staan (zet het terug uit de back-up "
          "van dezelfde datum)");
    }
  }
  return std::move(store).value();
}

App::~App() = default;

Result<std::unique_ptr<App>> App::Create(const AppConfig& config) {
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  if (app->config_.web_root.empty()) app->config_.web_root = INBEELD_WEB_ROOT;
  const std::string& web = app->config_.web_root;

  auto key = ReadKeyFile(BsnKeyPath(config.key_dir));
  if (!key.ok()) {
    return Status::Invalid(
        key.status().message() +
        " — de sleutel voor BSN-pseudoniemen ontbreekt; de server start niet zonder. "
        "Maak hem eenmalig aan met `inbeeld migrate --key-dir " +
        config.key_dir + "` en bewaar hem buiten de database.");
  }
  auto pseudonymizer = BsnPseudonymizer::Create(*key);
  if (!pseudonymizer.ok()) return pseudonymizer.status();
  app->pseudonymizer_ = std::make_unique<BsnPseudonymizer>(std::move(pseudonymizer).value());

  auto store = OpenStore(config.database, config.pool_size, config.migrate);
  if (!store.ok()) return store.status();
  app->store_ = std::move(store).value();

  auto templates = Templates::Load(web + "/templates", web + "/i18n");
  if (!templates.ok()) return templates.status();
  app->templates_ = std::move(templates).value();
  auto statics = StaticFiles::Load(web + "/static", "/static/");
  if (!statics.ok()) return statics.status();
  app->static_files_ = std::move(statics).value();
  if (app->static_files_->size() == 0 ||
      !std::filesystem::exists(web + "/static/vendor/utrecht-components.css")) {
    spdlog::warn("web/static/vendor ontbreekt: voer scripts/setup uit (NL Design System CSS)");
  }
  std::ifstream openapi(web + "/api/openapi.json");
  if (!openapi) return Status::Invalid("web/api/openapi.json ontbreekt in " + web);
  std::stringstream ss;
  ss << openapi.rdbuf();
  app->openapi_ = ss.str();

  app->hasher_ = std::make_unique<PasswordHasher>(2);
  app->audit_sink_ = std::make_unique<StoreAuditSink>(*app->store_);
  app->audit_ = std::make_unique<AuditLog>(*app->audit_sink_, app->clock_);
  app->auth_ =
      std::make_unique<AuthService>(*app->store_, *app->hasher_, *app->audit_, app->clock_);
  app->shell_ = std::make_unique<WebShell>(*app->auth_, *app->templates_);
  app->people_ = std::make_unique<PersonService>(*app->store_, *app->audit_, *app->pseudonymizer_,
                                                 app->clock_);

  // Notices: channels, the outbox worker and the scheduler (started by Serve).
  // Installations from before webhooks get their key on the first start.
  INBEELD_RETURN_IF_ERROR(EnsureKeyFile(WebhookKeyPath(config.key_dir)));
  auto webhook_key = ReadKeyFile(WebhookKeyPath(config.key_dir));
  if (!webhook_key.ok()) return webhook_key.status();
  SmtpOptions smtp;
  smtp.url = config.smtp_url;
  smtp.from = config.smtp_from;
  app->smtp_ = std::make_unique<SmtpChannel>(smtp, app->clock_);
  app->webhook_ = std::make_unique<WebhookChannel>(WebhookOptions{*webhook_key}, app->clock_);
  OutboxWorkerOptions outbox;
  outbox.owner = MakeOwnerId();
  outbox.lease_ms = config.outbox_lease_ms;
  outbox.hold_after_claim_ms = config.outbox_hold_after_claim_ms;
  if (const char* hold = std::getenv("INBEELD_TEST_OUTBOX_HOLD_MS")) {
    outbox.hold_after_claim_ms = std::atoll(hold);
    spdlog::warn(
        "INBEELD_TEST_OUTBOX_HOLD_MS={}: de outbox houdt geclaimd werk vast (alleen voor tests)",
        outbox.hold_after_claim_ms);
  }
  if (config.smtp_url.empty()) {
    spdlog::warn(
        "geen --smtp ingesteld: e-mailberichten wachten in de outbox tot er een SMTP-server is");
  }
  app->outbox_ = std::make_unique<OutboxWorker>(
      *app->store_, app->clock_, OutboxChannels{app->smtp_.get(), app->webhook_.get()}, outbox);
  app->scheduler_ = std::make_unique<Scheduler>(*app->store_, app->clock_, outbox.owner);
  AddSessionCleanup(*app->scheduler_, *app->store_, app->clock_);

  // Handle with Care: deadlines from data/calendars; escalation every minute.
  auto calendars = LoadCalendars(DefaultDataDir());
  if (!calendars.ok()) return calendars.status();
  app->calendars_ = std::make_unique<CalendarData>(std::move(calendars).value());
  HwcService::Options hwc_service_options;
  // The leerplicht acknowledgement link in e-mails: INBEELD_PUBLIC_URL (the address users reach
  // this installation at), else the listen address.
  const char* public_url = std::getenv("INBEELD_PUBLIC_URL");
  hwc_service_options.public_url =
      public_url && *public_url ? public_url : "http://" + config.listen;
  app->hwc_ =
      std::make_unique<HwcService>(*app->store_, *app->audit_, *app->pseudonymizer_, app->clock_,
                                   app->calendars_->schools, hwc_service_options);
  HwcService* hwc = app->hwc_.get();
  const Clock* clock = &app->clock_;
  OutboxWorker* worker = app->outbox_.get();
  app->scheduler_->Every("hwc.escalation", 60'000, [hwc, clock, worker]() -> Status {
    auto stats = hwc->RunEscalation(clock->NowMs());
    if (!stats.ok()) return stats.status();
    if (stats->deputy + stats->late > 0) worker->Wake();
    return Status::Ok();
  });

  // Signals: matches and rules on every registration; retention and match
  // follow-up once an hour (once across instances).
  app->signals_ = std::make_unique<SignalService>(*app->store_, *app->audit_, *app->pseudonymizer_,
                                                  app->clock_, app->calendars_->holidays);
  SignalService* signals = app->signals_.get();
  app->scheduler_->Every("signals.jobs", 3'600'000, [signals, clock, worker]() -> Status {
    auto stats = signals->RunJobs(clock->NowMs());
    if (!stats.ok()) return stats.status();
    if (stats->overdue_matches > 0) worker->Wake();
    return Status::Ok();
  });

  // Veilig Thuis: deadline warnings and supervisor escalation every minute
  // (once across instances).
  app->vt_ = std::make_unique<VtService>(*app->store_, *app->audit_, *app->pseudonymizer_,
                                         app->clock_, app->calendars_->holidays);
  VtService* vt = app->vt_.get();
  app->scheduler_->Every("vt.deadlines", 60'000, [vt, clock, worker]() -> Status {
    auto stats = vt->RunJobs(clock->NowMs());
    if (!stats.ok()) return stats.status();
    if (stats->warned + stats->escalated > 0) worker->Wake();
    return Status::Ok();
  });

  // The meldcode: records per organisation; reports and consultations go to
  // the Veilig Thuis intake; review-date reminders once an hour (once across instances).
  app->meldcode_ = std::make_unique<MeldcodeService>(
      *app->store_, *app->audit_, *app->pseudonymizer_, app->clock_, app->vt_.get());
  MeldcodeService* meldcode = app->meldcode_.get();
  app->scheduler_->Every("meldcode.reviews", 3'600'000, [meldcode, clock, worker]() -> Status {
    auto reminded = meldcode->RunReminders(clock->NowMs());
    if (!reminded.ok()) return reminded.status();
    if (*reminded > 0) worker->Wake();
    return Status::Ok();
  });

  Router& r = app->router_;
  App* self = app.get();
  r.Add("GET", "/health", [](Request&) { return Response::Json(200, R"({"status":"ok"})"); });
  r.Add("GET", "/ready", [self](Request& req) {
    auto v = self->store_->SchemaVersion();
    if (!v.ok()) return Problem(Status::Unavailable("database niet bereikbaar"), req.path);
    return Response::Json(200, R"({"status":"ready"})");
  });
  r.Add("GET", "/api/v1/openapi.json", [self](Request&) {
    Response resp = Response::Json(200, self->openapi_);
    return resp;
  });
  r.Add("GET", "/static/{a}", [self](Request& req) { return self->static_files_->Serve(req); });
  r.Add("GET", "/static/{a}/{b}", [self](Request& req) { return self->static_files_->Serve(req); });
  AddLoginRoutes(r, *app->shell_, config.secure_cookies);
  AddPeopleRoutes(r, *app->shell_, *app->people_, *app->store_);
  AddNotifyRoutes(r, *app->shell_, *app->store_, app->clock_, app->outbox_.get(),
                  app->outbox_->failing_attempts());
  HwcRouteOptions hwc_options;
  if (const char* v = std::getenv("INBEELD_TEST_HWC_CLOCK"); v && std::string(v) == "1") {
    hwc_options.allow_escalation_at = true;
    spdlog::warn(
        "INBEELD_TEST_HWC_CLOCK=1: de escalatie kan voor een gekozen tijdstip draaien (alleen voor "
        "tests)");
  }
  AddHwcRoutes(r, *app->shell_, *app->hwc_, app->clock_, app->outbox_.get(), hwc_options);
  SignalRouteOptions signal_options;
  if (const char* v = std::getenv("INBEELD_TEST_CLOCK"); v && std::string(v) == "1") {
    signal_options.allow_jobs_at = true;
    spdlog::warn(
        "INBEELD_TEST_CLOCK=1: bewaartermijnen en opvolging kunnen voor een gekozen tijdstip "
        "draaien (alleen voor tests)");
  }
  AddSignalRoutes(r, *app->shell_, *app->signals_, app->clock_, app->outbox_.get(), signal_options);

  // Record linkage without a BSN: the Bloom-filter secret in <key-dir>/linkage.key
  // (made on the first start, like webhook.key; unreadable or short: no start).
  // Unlinked signals are looked at every minute (once across instances); the
  // index is built from the register where the job runs (docs/identity.md).
  INBEELD_RETURN_IF_ERROR(EnsureKeyFile(LinkageKeyPath(config.key_dir)));
  auto linkage_key = ReadKeyFile(LinkageKeyPath(config.key_dir));
  if (!linkage_key.ok()) {
    return Status::Invalid(
        linkage_key.status().message() +
        " — de sleutel voor het koppelen zonder BSN (linkage.key) is onleesbaar of te kort; "
        "de server start niet zonder. Herstel het bestand of verwijder het, dan maakt de "
        "server een nieuwe sleutel.");
  }
  auto linkage_encoder = BloomEncoder::Create(*linkage_key);
  if (!linkage_encoder.ok()) return linkage_encoder.status();
  app->linkage_ = std::make_unique<LinkageService>(
      *app->store_, *app->audit_, app->clock_, *app->signals_, std::move(linkage_encoder).value());
  LinkageService* linkage = app->linkage_.get();
  app->scheduler_->Every("linkage.run", 60'000, [linkage, worker]() -> Status {
    auto stats = linkage->Run();
    if (!stats.ok()) return stats.status();
    if (stats->auto_linked > 0) worker->Wake();
    return Status::Ok();
  });
  AddLinkageRoutes(r, *app->shell_, *app->linkage_, app->outbox_.get());

  MeldcodeRouteOptions meldcode_options;
  meldcode_options.allow_jobs_at = signal_options.allow_jobs_at;  // the same INBEELD_TEST_CLOCK=1
  AddMeldcodeRoutes(r, *app->shell_, *app->meldcode_, app->clock_, app->outbox_.get(),
                    meldcode_options);
  VtRouteOptions vt_options;
  vt_options.allow_jobs_at = signal_options.allow_jobs_at;  // the same INBEELD_TEST_CLOCK=1
  AddVtRoutes(r, *app->shell_, *app->vt_, app->clock_, app->outbox_.get(), vt_options);

  // The child's voice: message bodies sealed under <key-dir>/voice.key (made on
  // the first start, like webhook.key); an escalation to Veilig Thuis becomes a
  // VT advice request; reminders past the response target and ended sessions
  // every five minutes (once across instances).
  INBEELD_RETURN_IF_ERROR(EnsureKeyFile(VoiceKeyPath(config.key_dir)));
  auto voice_key = ReadKeyFile(VoiceKeyPath(config.key_dir));
  if (!voice_key.ok()) return voice_key.status();
  auto voice_keys = VoiceKeys::Create(*voice_key);
  if (!voice_keys.ok()) return voice_keys.status();
  app->voice_keys_ = std::make_unique<VoiceKeys>(std::move(voice_keys).value());
  app->voice_ = std::make_unique<VoiceService>(
      *app->store_, *app->audit_, *app->voice_keys_, app->clock_, app->calendars_->holidays,
      app->vt_.get(), meldcode, app->hasher_.get(), hwc_service_options.public_url);
  VoiceService* voice = app->voice_.get();
  app->scheduler_->Every("voice.jobs", 300'000, [voice, clock, worker]() -> Status {
    auto stats = voice->RunJobs(clock->NowMs());
    if (!stats.ok()) return stats.status();
    if (stats->reminded > 0) worker->Wake();
    return Status::Ok();
  });
  VoiceRouteOptions voice_options;
  voice_options.secure_cookies = config.secure_cookies;
  if (const char* v = std::getenv("INBEELD_VOICE_EXIT_URL"); v && *v) voice_options.exit_url = v;
  AddVoiceRoutes(r, *app->shell_, *app->voice_, app->outbox_.get(), voice_options);
  return app;
}

void App::Handle(Request& req, Respond respond) {
  // The route's access-log entries are collected, not waited for one by one,
  // and appended together; the response leaves only once they are durable.
  AuditLog::Deferred deferred(*audit_);
  Response resp = Handle(req);
  audit_->Submit(deferred.Take(), [this, &req, resp = std::move(resp),
                                   respond = std::move(respond)](const Status& s) mutable {
    if (s.ok()) return respond(std::move(resp));
    spdlog::error("toegangslog niet geschreven, antwoord op {} {} geweigerd: {}", req.method,
                  req.path, s.ToString());
    bool api = req.path.rfind("/api/", 0) == 0;
    respond(WithHeaders(req, api ? Problem(s, req.path)
                                 : shell_->ErrorPage(req, nullptr, HttpStatusFor(s), s.message())));
  });
}

Response App::Handle(Request& req) {
  bool api = req.path.rfind("/api/", 0) == 0;
  if (!TextFieldsAreUtf8(req)) {
    return WithHeaders(
        req,
        api ? MalformedBody("parameters en formuliervelden moeten geldige UTF-8 zijn", req.path)
            : shell_->ErrorPage(req, nullptr, 400,
                                templates_->Translate(WebShell::Lang(req), "error.bad_text")));
  }
  Response resp = router_.Dispatch(req);
  if (!api && (resp.status == 404 || resp.status == 405) &&
      resp.content_type == "application/problem+json" && req.path.rfind("/static/", 0) != 0) {
    resp = shell_->ErrorPage(req, nullptr, resp.status,
                             templates_->Translate(WebShell::Lang(req), "error.not_found"));
  }
  return WithHeaders(req, std::move(resp));
}

Response App::WithHeaders(const Request& req, Response resp) {
  bool api = req.path.rfind("/api/", 0) == 0;
  resp.SetHeader("X-Content-Type-Options", "nosniff");
  resp.SetHeader("X-Frame-Options", "DENY");
  resp.SetHeader("Referrer-Policy", "no-referrer");
  resp.SetHeader("Content-Security-Policy",
                 "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  if (api) resp.SetHeader("Cache-Control", "no-store");
  return resp;
}

Status App::Serve(const std::function<void(uint16_t)>& on_listening) {
  ServerOptions opts;
  std::string listen = config_.listen;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen moet HOST:POORT zijn", "listen");
  opts.address = listen.substr(0, colon);
  int port = std::atoi(listen.c_str() + colon + 1);
  if (port < 0 || port > 65535) return Status::Invalid("ongeldige poort", "listen");
  opts.port = static_cast<uint16_t>(port);
  opts.worker_threads = config_.workers;
  opts.io_threads = config_.io_threads;
  opts.trust_proxy = config_.trust_proxy;
  // Short requests are handled on the io thread, sparing two thread hops:
  // /health always; the person lookup on SQLite, whose queries are in-process
  // work (on PostgreSQL they wait on the network, which the pool overlaps).
  const bool in_process_db = store_->backend() == Backend::kSqlite;
  opts.on_io_thread = [in_process_db](const Request& req) {
    if (req.path == "/health") return true;
    return in_process_db && req.method == "POST" && req.path == "/api/v1/persons/lookup";
  };
  HttpServer server(opts,
                    [this](Request& req, Respond respond) { Handle(req, std::move(respond)); });
  INBEELD_RETURN_IF_ERROR(server.Start());

  // Stop on SIGINT/SIGTERM: a thread waits for the signal. REQUIRES: main()
  // blocked both signals before any thread was started (BlockStopSignals).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  std::thread waiter([&server, set] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("signaal {} ontvangen, server stopt", sig);
    server.Stop();
  });
  outbox_->Start();
  scheduler_->Start();
  spdlog::info("outbox en planner gestart als {}", outbox_->owner());
  if (on_listening) on_listening(server.port());
  server.Run();
  scheduler_->Stop();
  outbox_->Stop();
  // Wake the waiter if Run() returned for another reason.
  // Not a kill: SIGTERM is blocked in every thread and only taken by sigwait.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return Status::Ok();
}

}  // namespace inbeeld
