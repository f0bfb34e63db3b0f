// SmtpChannel: e-mail through an SMTP server, with libcurl.
//
// Each Send is one SMTP session: EHLO, (STARTTLS when offered, or required by
// smtps://), AUTH when a username is set, MAIL FROM, RCPT TO, DATA. The
// message is text/plain UTF-8 with From, To, Subject (RFC 2047 when not
// ASCII), Date and Message-ID <idempotency_key@inbeeld>, so a receiving
// system can recognise a notice that was sent twice after a crash.
#pragma once

#include <string>

#include "notify/channel.h"
#include "platform/clock.h"

namespace inbeeld {

struct SmtpOptions {
  std::string url;  // "smtp://host:port" or "smtps://host:port"
  std::string from = "inbeeld@localhost";
  std::string username;  // empty: no AUTH
  std::string password;
  bool require_tls = false;  // smtp:// with STARTTLS required
  int64_t connect_timeout_ms = 5'000;
  int64_t timeout_ms = 20'000;  // the whole session
};

class SmtpChannel final : public Channel {
 public:
  // `clock` (for the Date header) must outlive the channel.
  SmtpChannel(SmtpOptions options, const Clock& clock);
  // Sends item.body to item.recipient. kInvalidArgument for an address or
  // subject that could inject headers; kUnavailable when the server cannot be
  // reached, refuses, or times out.
  Status Send(const OutboxItem& item) override;

  // The full message as sent (headers, blank line, body with CRLF line ends).
  // Exposed for tests.
  std::string FormatMessage(const OutboxItem& item) const;

 private:
  SmtpOptions options_;
  const Clock& clock_;
};

// "<key@inbeeld>" — the key itself when it is made of [A-Za-z0-9._-],
// otherwise its SHA-256 in hex (so that any key gives a valid Message-ID).
std::string MessageIdFor(const std::string& idempotency_key);

}  // namespace inbeeld
