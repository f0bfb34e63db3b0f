// Beast lives only in this file: capability code never includes it.
#include <utility>  // before Asio with g++ 12 (STACK.md)

#include "http/server.h"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

#include "core/text.h"
#include "http/problem.h"

namespace inbeeld {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

Request ToRequest(const bhttp::request<bhttp::string_body>& in, const std::string& remote,
                  bool trust_proxy) {
  Request r;
  r.method = std::string(in.method_string());
  r.target = std::string(in.target());
  std::string_view t = r.target;
  size_t q = t.find('?');
  r.path = UrlDecode(t.substr(0, q), false);
  if (q != std::string_view::npos) r.query = ParseUrlEncoded(t.substr(q + 1));
  for (const auto& f : in) {
    const auto raw = f.name_string();
    std::string name = Lower(std::string_view(raw.data(), raw.size()));
    auto [it, inserted] = r.headers.emplace(name, std::string(f.value()));
    if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + std::string(f.value());
  }
  r.body = in.body();
  r.remote_addr = remote;
  if (trust_proxy) {
    r.secure = r.Header("x-forwarded-proto") == "https";
    std::string fwd = r.Header("x-forwarded-for");
    if (!fwd.empty()) r.remote_addr = fwd.substr(0, fwd.find(','));
  }
  return r;
}

bhttp::response<bhttp::string_body> ToBeast(Response&& r, unsigned version, bool keep_alive,
                                            bool head) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
  out.set(bhttp::field::server, "inbeeld");
  if (!r.body.empty() || r.status != 204) out.set(bhttp::field::content_type, r.content_type);
  for (auto& [n, v] : r.headers) out.insert(n, v);
  out.keep_alive(keep_alive);
  size_t size = r.body.size();
  if (!head) out.body() = std::move(r.body);
  out.prepare_payload();
  if (head) out.content_length(size);
  return out;
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  AsyncHandler handler;
  asio::io_context io;
  asio::thread_pool workers;
  tcp::acceptor acceptor{io};
  uint16_t port = 0;
  std::atomic<int> in_flight{0};  // handlers started that have not responded yet

  Impl(ServerOptions o, AsyncHandler h)
      : options(std::move(o)),
        handler(std::move(h)),
        io(options.io_threads),
        workers(static_cast<size_t>(options.worker_threads)) {}

  // The completion handler of one awaited response, taken by the first
  // Respond call (a handler that throws after responding sends nothing more).
  template <typename CompletionHandler>
  struct Reply {
    explicit Reply(CompletionHandler h) : handler(std::move(h)) {}
    std::atomic<bool> sent{false};
    std::optional<CompletionHandler> handler;
  };

  // Runs the handler for `r` — on this io thread when options.on_io_thread
  // says so, on the worker pool otherwise — and resumes the awaiting
  // coroutine with the response on its own executor, whichever thread responds.
  auto HandleAsync(std::shared_ptr<Request> r) {
    return asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
        [this, r = std::move(r)](auto completion) mutable {
          auto ex = asio::get_associated_executor(completion);
          auto reply = std::make_shared<Reply<decltype(completion)>>(std::move(completion));
          in_flight.fetch_add(1, std::memory_order_relaxed);
          Respond respond = [this, ex, reply](Response resp) {
            if (reply->sent.exchange(true)) return;
            // The posted function owns the coroutine from here on; copies of
            // `respond` that outlive the server own nothing of it.
            asio::post(ex, [h = std::move(*reply->handler), resp = std::move(resp)]() mutable {
              h(std::move(resp));
            });
            reply->handler.reset();
            in_flight.fetch_sub(1, std::memory_order_release);
          };
          auto run = [this, r, respond = std::move(respond)]() {
            try {
              handler(*r, respond);
            } catch (const std::exception& e) {
              spdlog::error("handler threw on {} {}: {}", r->method, r->path, e.what());
              respond(ProblemStatus(500, "interne fout", r->path));
            }
          };
          if (options.on_io_thread && options.on_io_thread(*r)) {
            run();
          } else {
            asio::post(workers, std::move(run));
          }
        },
        asio::use_awaitable);
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    std::string remote;
    boost::system::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
    stream.socket().set_option(tcp::no_delay(true), ec);
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(options.body_limit);
      parser.header_limit(16 * 1024);
      stream.expires_after(std::chrono::seconds(options.idle_timeout_s));
      boost::system::error_code rec;
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, rec));
      if (rec == bhttp::error::end_of_stream || rec == beast::error::timeout ||
          rec == asio::error::connection_reset || rec == asio::error::eof) {
        break;
      }
      if (rec) {
        Response err = rec == bhttp::error::body_limit
                           ? ProblemStatus(413, "het verzoek is te groot", "")
                           : ProblemStatus(400, "ongeldig HTTP-verzoek", "");
        auto out = ToBeast(std::move(err), 11, false, false);
        boost::system::error_code wec;
        co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, wec));
        break;
      }
      auto& req = parser.get();
      bool keep_alive = req.keep_alive();
      unsigned version = req.version();
      bool head = req.method() == bhttp::verb::head;
      // g++ 12 destroys some temporaries of a co_await expression twice
      // (GCC PR 99576 and relatives): keep the request on the heap and every
      // object of the awaited expression in a named local.
      auto r = std::make_shared<Request>(ToRequest(req, remote, options.trust_proxy));
      auto pending = HandleAsync(r);
      Response resp = co_await std::move(pending);
      auto out = ToBeast(std::move(resp), version, keep_alive, head);
      stream.expires_after(std::chrono::seconds(options.idle_timeout_s));
      boost::system::error_code wec;
      co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, wec));
      if (wec || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> Listen() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == asio::error::operation_aborted) co_return;
        continue;
      }
      asio::co_spawn(io, Session(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(ServerOptions options, AsyncHandler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
  Stop();
  impl_->workers.join();
  // Responses still to come (the access log completes them) post to `io`.
  while (impl_->in_flight.load(std::memory_order_acquire) > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Status HttpServer::Start() {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return Status::Invalid("ongeldig adres: " + impl_->options.address, "address");
  tcp::endpoint ep(addr, impl_->options.port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("kan niet luisteren op " + impl_->options.address + ":" +
                               std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->Listen(), asio::detached);
  return Status::Ok();
}

uint16_t HttpServer::port() const {
  return impl_->port;
}

void HttpServer::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) {
    threads.emplace_back([this] { impl_->io.run(); });
  }
  impl_->io.run();
  for (auto& t : threads) t.join();
}

void HttpServer::Stop() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->io.stop();
}

}  // namespace inbeeld
