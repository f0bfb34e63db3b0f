// SmtpChannel and WebhookChannel against the project's own test servers
// (tests/support/smtp_sink.mjs, webhook_receiver.mjs), started with node.
// Nothing is skipped: without node these tests fail.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "notify/owner_id.h"
#include "notify/smtp_channel.h"
#include "notify/webhook_channel.h"

namespace inbeeld {
namespace {

namespace fs = std::filesystem;

// A child process (node SCRIPT ARGS...) whose first stdout line is
// "... luistert op PORT". Killed with SIGTERM when destroyed.
class NodeServer {
 public:
  NodeServer(const std::string& script, std::vector<std::string> args) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      std::vector<std::string> argv_s = {
          "node", std::string(INBEELD_SOURCE_DIR) + "/tests/support/" + script};
      argv_s.insert(argv_s.end(), args.begin(), args.end());
      std::vector<char*> argv;
      argv.reserve(argv_s.size());
      for (auto& a : argv_s) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp("node", argv.data());
      std::fprintf(stderr, "could not start node: %s\n", std::strerror(errno));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    std::smatch m;
    if (std::regex_search(line, m, std::regex("luistert op (\\d+)"))) port_ = std::stoi(m[1]);
    first_line_ = line;
  }
  ~NodeServer() { Stop(); }
  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  int port() const { return port_; }
  const std::string& first_line() const { return first_line_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string first_line_;
};

// A port nothing listens on (bound, then closed).
int ClosedPort() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(s);
    return 1;  // port 1: nothing listens there either
  }
  socklen_t len = sizeof a;
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

std::vector<std::string> FilesIn(const fs::path& dir, const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ChannelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("inbeeld-channels-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  OutboxItem Item(std::string recipient, std::string body) {
    OutboxItem o;
    o.id = 7;
    o.idempotency_key = "hwc-2026-000123.email";
    o.recipient = std::move(recipient);
    o.subject = "Handle with Care – signaal voor vóór 08:30";
    o.body = std::move(body);
    return o;
  }

  static inline int counter_ = 0;
  fs::path dir_;
  FakeClock clock_{1'772'521'200'000};  // Tue, 03 Mar 2026 07:00:00 UTC
};

TEST_F(ChannelsTest, SmtpDeliversToTheSinkWithHeadersAndUtf8Body) {
  NodeServer sink("smtp_sink.mjs", {dir_.string()});
  ASSERT_GT(sink.port(), 0) << "the SMTP sink did not start (is node installed?): "
                            << sink.first_line();
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(sink.port());
  o.from = "noreply@inbeeld.example";
  SmtpChannel smtp(o, clock_);
  const std::string body =
      "Beste intern begeleider,\n\nDaan de Vriës (15-03-2014).\n.Een regel met een punt "
      "vooraan.\nHandle with Care";
  Status s = smtp.Send(Item("zorg@regenboog.example", body));
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto files = FilesIn(dir_, ".eml");
  ASSERT_EQ(files.size(), 1u);
  std::string m = ReadAll(files[0]);
  EXPECT_NE(m.find("X-Sink-Mail-From: noreply@inbeeld.example\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("X-Sink-Rcpt-To: zorg@regenboog.example\r\n"), std::string::npos);
  EXPECT_NE(m.find("\r\nFrom: noreply@inbeeld.example\r\n"), std::string::npos);
  EXPECT_NE(m.find("\r\nTo: zorg@regenboog.example\r\n"), std::string::npos);
  EXPECT_NE(m.find("\r\nDate: Tue, 03 Mar 2026 07:00:00 +0000\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("\r\nMessage-ID: <hwc-2026-000123.email@inbeeld>\r\n"), std::string::npos);
  EXPECT_NE(m.find("\r\nSubject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(
      m.find("Daan de Vriës (15-03-2014).\r\n.Een regel met een punt vooraan.\r\nHandle with Care"),
      std::string::npos)
      << m;
}

TEST_F(ChannelsTest, SmtpFailsUnavailableWhenNoServerListensAndRefusesInjection) {
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(ClosedPort());
  o.connect_timeout_ms = 2'000;
  SmtpChannel smtp(o, clock_);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(smtp.Send(Item("a@example.nl", "x")).code(), StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  EXPECT_EQ(smtp.Send(Item("a@example.nl\r\nBcc: b@example.nl", "x")).code(),
            StatusCode::kInvalidArgument);
  OutboxItem bad = Item("a@example.nl", "x");
  bad.subject = "x\r\nBcc: b@example.nl";
  EXPECT_EQ(smtp.Send(bad).code(), StatusCode::kInvalidArgument);
  SmtpChannel unset(SmtpOptions{}, clock_);
  EXPECT_EQ(unset.Send(Item("a@example.nl", "x")).code(), StatusCode::kUnavailable);
}

TEST_F(ChannelsTest, MessageIdsAreValidForAnyKey) {
  EXPECT_EQ(MessageIdFor("abc-1.x_y"), "<abc-1.x_y@inbeeld>");
  std::string hashed = MessageIdFor("test.a b<c>@d.inbox");
  EXPECT_TRUE(std::regex_match(hashed, std::regex("<[0-9a-f]{64}@inbeeld>"))) << hashed;
  EXPECT_EQ(hashed, MessageIdFor("test.a b<c>@d.inbox"));
}

TEST_F(ChannelsTest, WebhookSignatureIsHmacSha256OfTimestampDotBody) {
  // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac geheim
  EXPECT_EQ(WebhookSignature("geheim", "1700000000", R"({"a":1})"),
            "sha256=c2f0a59f12d0bcd3933234d85083c03b99e970604203fd059a320436bb602adf");
}

TEST_F(ChannelsTest, WebhookPostsASignedBodyThatTheReceiverVerifies) {
  SystemClock real;  // the receiver checks freshness against its own clock
  NodeServer hook("webhook_receiver.mjs", {dir_.string(), "--secret", "s3cret-key"});
  ASSERT_GT(hook.port(), 0) << "the webhook receiver did not start: " << hook.first_line();
  const std::string url = "http://127.0.0.1:" + std::to_string(hook.port()) + "/hwc";
  OutboxItem item = Item(url, R"({"type":"handle_with_care","child":"Daan"})");
  item.idempotency_key = "hwc-9.webhook";

  WebhookChannel good(WebhookOptions{"s3cret-key"}, real);
  Status s = good.Send(item);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto files = FilesIn(dir_, ".json");
  ASSERT_EQ(files.size(), 1u);
  std::string rec = ReadAll(files[0]);
  EXPECT_NE(rec.find(R"("idempotency_key":"hwc-9.webhook")"), std::string::npos) << rec;
  EXPECT_NE(rec.find(R"(handle_with_care)"), std::string::npos) << rec;

  WebhookChannel wrong(WebhookOptions{"another-key"}, real);
  s = wrong.Send(item);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("401"), std::string::npos) << s.ToString();
  EXPECT_EQ(FilesIn(dir_, ".json").size(), 1u);

  FakeClock stale(real.NowMs() - 3'600'000);  // an hour old: refused as a replay
  EXPECT_EQ(WebhookChannel(WebhookOptions{"s3cret-key"}, stale).Send(item).code(),
            StatusCode::kUnavailable);
  item.recipient = "ftp://127.0.0.1/x";
  EXPECT_EQ(good.Send(item).code(), StatusCode::kInvalidArgument);
}

TEST_F(ChannelsTest, WebhookTreatsNon2xxAndNoServerAsRetry) {
  SystemClock real;
  NodeServer hook("webhook_receiver.mjs", {dir_.string(), "--secret", "k", "--status", "503"});
  ASSERT_GT(hook.port(), 0) << hook.first_line();
  OutboxItem item = Item("http://127.0.0.1:" + std::to_string(hook.port()) + "/", "{}");
  WebhookChannel ch(WebhookOptions{"k"}, real);
  Status s = ch.Send(item);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_NE(s.message().find("503"), std::string::npos) << s.ToString();
  item.recipient = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/";
  EXPECT_EQ(ch.Send(item).code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace inbeeld
