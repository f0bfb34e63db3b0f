#include "notify/routes.h"

#include "access/tokens.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "notify/test_notice.h"

namespace inbeeld {
namespace {

nlohmann::json OptJson(const std::optional<int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json InboxJson(const InboxMessage& m) {
  return {{"id", m.id},
          {"subject", m.subject},
          {"body", m.body},
          {"created_ms", m.created_ms},
          {"read_ms", OptJson(m.read_ms)}};
}

// The delivery state of an item: no recipient, subject or body.
nlohmann::json OutboxStateJson(const OutboxItem& o) {
  return {{"id", o.id},
          {"idempotency_key", o.idempotency_key},
          {"channel", std::string(OutboxChannelName(o.channel))},
          {"state", std::string(OutboxStateName(o.state))},
          {"attempts", o.attempts},
          {"created_ms", o.created_ms},
          {"next_attempt_ms", o.next_attempt_ms},
          {"delivered_ms", OptJson(o.delivered_ms)},
          {"last_error", o.last_error},
          {"lease_owner", o.lease_owner ? nlohmann::json(*o.lease_owner) : nlohmann::json(nullptr)},
          {"lease_until_ms", OptJson(o.lease_until_ms)}};
}

std::optional<int64_t> ParsePositive(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional(v) : std::nullopt;
}

// An Idempotency-Key header: 1..100 visible ASCII characters.
bool ValidKey(const std::string& k) {
  if (k.empty() || k.size() > 100) return false;
  for (char c : k) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

void AddNotifyRoutes(Router& router, const WebShell& shell, Store& store, const Clock& clock,
                     OutboxWorker* worker, int failing_attempts) {
  Store* st = &store;
  const Clock* clk = &clock;

  router.Add("GET", "/api/v1/inbox",
             shell.Api(Action::kReadOwnInbox, [st](Request& req, const Principal& who) {
               auto messages = st->InboxFor(who.user.id, 100);
               if (!messages.ok()) return Problem(messages.status(), req.path);
               nlohmann::json out = {{"items", nlohmann::json::array()}, {"unread", 0}};
               int unread = 0;
               for (const auto& m : *messages) {
                 out["items"].push_back(InboxJson(m));
                 if (!m.read_ms) ++unread;
               }
               out["unread"] = unread;
               return Response::Json(200, out.dump());
             }));

  router.Add("POST", "/api/v1/inbox/{id}/read",
             shell.Api(Action::kReadOwnInbox, [st, clk](Request& req, const Principal& who) {
               auto id = ParsePositive(req.PathParam("id"));
               if (!id) return Problem(Status::NotFound("onbekend bericht"), req.path);
               Status s = st->MarkInboxRead(*id, who.user.id, clk->NowMs());
               if (!s.ok())
                 return Problem(
                     s.code() == StatusCode::kNotFound ? Status::NotFound("onbekend bericht") : s,
                     req.path);
               Response r;
               r.status = 204;
               return r;
             }));

  router.Add("POST", "/api/v1/notices/test",
             shell.Api(Action::kSendTestNotice, [st, clk, worker](Request& req, const Principal&) {
               nlohmann::json body;
               Response err;
               if (!ParseJsonObject(req, &body, &err)) return err;
               JsonFields f(body);
               f.RejectUnknown({"username"});
               auto username = f.String("username", true, 100);
               std::string key = req.Header("idempotency-key");
               if (!key.empty() && !ValidKey(key)) {
                 f.AddError("Idempotency-Key", "1 tot 100 zichtbare ASCII-tekens");
               }
               if (!f.ok()) return Problem(f.status(), req.path);
               auto user = st->FindUserByName(*username);
               if (!user.ok()) {
                 if (user.status().code() == StatusCode::kNotFound) {
                   return Problem(Status::NotFound("onbekende gebruiker"), req.path);
                 }
                 return Problem(user.status(), req.path);
               }
               if (key.empty()) key = RandomHex(16);
               auto notice = EnqueueTestNotice(*st, *clk, *user, key);
               if (!notice.ok()) return Problem(notice.status(), req.path);
               if (worker) worker->Wake();
               nlohmann::json out = {{"idempotency_key", key},
                                     {"created", notice->created},
                                     {"items", nlohmann::json::array()}};
               for (const auto& item : notice->items) out["items"].push_back(OutboxStateJson(item));
               return Response::Json(notice->created ? 202 : 200, out.dump());
             }));

  router.Add("GET", "/api/v1/outbox",
             shell.Api(Action::kReadOutbox, [st, failing_attempts](Request& req, const Principal&) {
               int limit = 100;
               std::string l = req.Query("limit");
               if (!l.empty()) {
                 auto v = ParsePositive(l);
                 if (!v || *v > 1000)
                   return Problem(Status::Invalid("limit: 1 tot 1000", "limit"), req.path);
                 limit = static_cast<int>(*v);
               }
               auto items = st->ListOutbox(limit);
               if (!items.ok()) return Problem(items.status(), req.path);
               auto counts = st->CountOutbox(failing_attempts);
               if (!counts.ok()) return Problem(counts.status(), req.path);
               nlohmann::json out = {{"counts",
                                      {{"queued", counts->queued},
                                       {"delivered", counts->delivered},
                                       {"failing", counts->failing}}},
                                     {"items", nlohmann::json::array()}};
               for (const auto& item : *items) out["items"].push_back(OutboxStateJson(item));
               return Response::Json(200, out.dump());
             }));
}

}  // namespace inbeeld
