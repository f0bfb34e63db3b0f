// HttpServer: Boost.Beast + Asio with C++20 coroutines. I/O runs on a few
// io threads. A request's handler runs on the io thread itself when
// ServerOptions::on_io_thread says it is short (a few indexed queries), and on
// a worker pool otherwise (argon2id, imports), so slow work never stalls
// other connections. A handler answers through a callback, possibly later and
// from another thread; the connection's coroutine waits for it without
// holding a thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace inbeeld {

// Sends a request's response. Call exactly once, from any thread.
using Respond = std::function<void(Response)>;
// Handles one request and answers through `respond`, before returning or later.
// The request stays valid until `respond` has been called.
using AsyncHandler = std::function<void(Request&, Respond)>;

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = pick a free port (see HttpServer::port())
  int io_threads = 2;
  int worker_threads = 16;
  // Requests for which this returns true are handled on the io thread (no hop
  // to the pool); only for handlers that never block long. Unset: none.
  std::function<bool(const Request&)> on_io_thread;
  size_t body_limit = 1 << 20;  // larger bodies get 413 without being read
  int idle_timeout_s = 60;
  bool trust_proxy = false;  // honour X-Forwarded-Proto / X-Forwarded-For
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, AsyncHandler handler);
  // Stops, then waits for handlers still running or still to respond.
  ~HttpServer();
  // Binds and listens. kUnavailable when the address is taken.
  Status Start();
  uint16_t port() const;
  // Serves until Stop(); returns after every thread has joined.
  void Run();
  // Thread-safe; also safe from a signal-watching thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inbeeld
