// HttpServer: Boost.Beast + Asio with C++20 coroutines. I/O runs on a few
// io threads; every request's handler runs on a worker pool (handlers block on
// the database and on argon2id), so slow work never stalls other connections.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "http/message.h"

namespace inbeeld {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;          // 0 = pick a free port (see HttpServer::port())
  int io_threads = 2;
  int worker_threads = 16;
  size_t body_limit = 1 << 20;   // larger bodies get 413 without being read
  int idle_timeout_s = 60;
  bool trust_proxy = false;      // honour X-Forwarded-Proto / X-Forwarded-For
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, std::function<Response(Request&)> handler);
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
