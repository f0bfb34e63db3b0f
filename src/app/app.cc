#include "app/app.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "http/problem.h"
#include "people/routes.h"
#include "platform/secrets.h"
#include "web/login_routes.h"

#ifndef INBEELD_WEB_ROOT
#define INBEELD_WEB_ROOT "web"
#endif

namespace inbeeld {

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string BsnKeyPath(const std::string& key_dir) { return key_dir + "/bsn.key"; }

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
    return Status::Conflict("het databaseschema is ouder dan deze inbeeld; voer eerst `inbeeld migrate` uit");
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
    return Status::Invalid(key.status().message() +
                           " — de sleutel voor BSN-pseudoniemen ontbreekt; de server start niet zonder. "
                           "Maak hem eenmalig aan met `inbeeld migrate --key-dir " + config.key_dir +
                           "` en bewaar hem buiten de database.");
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
  app->auth_ = std::make_unique<AuthService>(*app->store_, *app->hasher_, *app->audit_, app->clock_);
  app->shell_ = std::make_unique<WebShell>(*app->auth_, *app->templates_);
  app->people_ = std::make_unique<PersonService>(*app->store_, *app->audit_,
                                                 *app->pseudonymizer_, app->clock_);

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
  return app;
}

Response App::Handle(Request& req) {
  Response resp = router_.Dispatch(req);
  bool api = req.path.rfind("/api/", 0) == 0;
  if (!api && (resp.status == 404 || resp.status == 405) &&
      resp.content_type == "application/problem+json" && req.path.rfind("/static/", 0) != 0) {
    resp = shell_->ErrorPage(req, nullptr, resp.status,
                             templates_->Translate(WebShell::Lang(req), "error.not_found"));
  }
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
  HttpServer server(opts, [this](Request& req) { return Handle(req); });
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
  if (on_listening) on_listening(server.port());
  server.Run();
  // Wake the waiter if Run() returned for another reason.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return Status::Ok();
}

}  // namespace inbeeld
