#include "notify/test_notice.h"

namespace inbeeld {

Result<TestNotice> EnqueueTestNotice(Store& store, const Clock& clock, const User& to,
                                     const std::string& key) {
  if (key.empty()) return Status::Invalid("een idempotentiesleutel is nodig", "idempotency_key");
  const int64_t now = clock.NowMs();
  const std::string name = to.display_name.empty() ? to.username : to.display_name;
  OutboxItem inbox;
  inbox.idempotency_key = "test." + key + ".inbox";
  inbox.channel = OutboxChannel::kInbox;
  inbox.recipient = std::to_string(to.id);
  inbox.subject = "InBeeld: testbericht";
  inbox.body = "Beste " + name +
               ",\n\nDit is een testbericht van InBeeld. Het laat zien dat signalen "
               "(zoals Handle with Care) u via InBeeld bereiken.\n\nU hoeft niets te doen.\n";
  inbox.created_ms = now;
  inbox.next_attempt_ms = now;
  std::vector<OutboxItem> items = {inbox};
  if (!to.email.empty()) {
    OutboxItem email = inbox;
    email.idempotency_key = "test." + key + ".email";
    email.channel = OutboxChannel::kEmail;
    email.recipient = to.email;
    items.push_back(email);
  }
  TestNotice out;
  std::vector<OutboxItem> attempt;
  Status s = WithTransaction(store.pool(), true, [&](SqlConnection& c) -> Status {
    attempt = items;
    out.created = false;
    for (OutboxItem& item : attempt) {
      auto r = Store::EnqueueOutbox(c, item);
      if (!r.ok()) return r.status();
      out.created = out.created || *r;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  out.items = std::move(attempt);
  return out;
}

}  // namespace inbeeld
