// `rapport serve`: a live preview at http://127.0.0.1:PORT/ that renders again whenever the
// definition, its layout or a data file changes, and shows errors in place.
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <ostream>
#include <thread>

#include "cli/args.hpp"
#include "cli/cli.hpp"
#include "cli/serve_html.hpp"
#include "cli/serve_pages.hpp"
#include "cli/serve_session.hpp"

namespace rapport::cli {

namespace {

using namespace std::chrono_literals;

const option_spec serve_spec{{"--port", "--dpi", "--param", "--layout"}, {}};

constexpr auto watch_interval = 100ms;  // how often the inputs' times are read (a stat each)
constexpr auto long_poll = 20s;         // how long a page's request for the next run waits
constexpr std::size_t worker_threads = 12;
constexpr const char* host = "127.0.0.1";

std::optional<int> parse_port(const parsed_args& a, std::ostream& err) {
  auto text = a.value("--port");
  if (!text) return 0;
  int port = -1;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), port);
  if (ec != std::errc() || end != text->data() + text->size() || port < 0 || port > 65535) {
    err << fmt::format(
        "rapport serve: error: --port must be a number from 0 to 65535, found '{}'\n", *text);
    return std::nullopt;
  }
  return port;
}

// SIGINT and SIGTERM are taken by one thread with sigwait, not by a handler: a handler could
// only set a flag, while the thread can stop the server and wake every waiter. Blocked before
// any thread starts, so every thread inherits the mask; SIGPIPE too, so a browser closing a
// connection mid-write gives that write an error instead of ending the process. They stay
// blocked until the process exits, so a signal during shutdown cannot cut it short.
sigset_t block_signals() {
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
  sigset_t waited;
  sigemptyset(&waited);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGTERM);
  return waited;
}

// Waits for SIGINT or SIGTERM until `finished`; the first stops the session and the server
// (again and again until listening has ended: a stop() that lands before listen() starts is
// lost), a second quits at once.
void handle_signals(sigset_t waited, preview_session& session, httplib::Server& server,
                    const std::atomic<bool>& listening_ended, const std::atomic<bool>& finished,
                    std::ostream& err) {
  bool stopping = false;
  const timespec tick{0, 100'000'000};
  while (!finished) {
    const int signal = sigtimedwait(&waited, nullptr, &tick);
    if (signal == SIGINT || signal == SIGTERM) {
      if (stopping) {
        err << "rapport serve: stopped at once\n" << std::flush;
        std::_Exit(failure);
      }
      stopping = true;
      err << "rapport serve: stopping\n" << std::flush;
      session.stop();
    }
    if (stopping && !listening_ended) server.stop();
  }
}

bool known_host(const httplib::Request& request, int port) {
  const std::string value = request.get_header_value("Host");
  return value == fmt::format("127.0.0.1:{}", port) || value == fmt::format("localhost:{}", port);
}

void add_routes(httplib::Server& server, preview_session& session, const int& port,
                std::ostream& err) {
  // Only pages that name this server: a web site that rebinds its own name to 127.0.0.1
  // must not read the report through the visitor's browser.
  server.set_pre_routing_handler(
      [&port](const httplib::Request& request, httplib::Response& response) {
        if (known_host(request, port)) return httplib::Server::HandlerResponse::Unhandled;
        response.status = 403;
        response.set_content(fmt::format("rapport serve answers only http://127.0.0.1:{}/\n", port),
                             "text/plain; charset=utf-8");
        return httplib::Server::HandlerResponse::Handled;
      });
  server.set_exception_handler(
      [&err](const httplib::Request& request, httplib::Response& response, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& error) {
          what = error.what();
        } catch (...) {
        }
        err << fmt::format("rapport serve: error: {} {}: {}\n", request.method, request.path, what);
        response.status = 500;
        response.set_content(fmt::format("error: {}\n", what), "text/plain; charset=utf-8");
      });

  server.Get("/", [&session](const httplib::Request&, httplib::Response& response) {
    const std::string title = session.definition().filename().string();
    response.set_header("Cache-Control", "no-store");
    response.set_content(preview_page_html(title, *session.latest()), "text/html; charset=utf-8");
  });
  server.Get("/api/view", [&session](const httplib::Request& request, httplib::Response& response) {
    long seen = -1;
    const std::string since = request.get_param_value("since");
    std::from_chars(since.data(), since.data() + since.size(), seen);
    auto snap = session.wait_for_newer(seen, long_poll);
    response.set_header("Cache-Control", "no-store");
    if (snap->version == seen) {
      response.status = 204;  // nothing new: the page asks again
      return;
    }
    response.set_header("X-Rapport-Version", std::to_string(snap->version));
    response.set_content(preview_view_html(*snap), "text/html; charset=utf-8");
  });
  server.Get("/api/state", [&session](const httplib::Request&, httplib::Response& response) {
    response.set_header("Cache-Control", "no-store");
    response.set_content(preview_state_json(*session.latest()), "application/json");
  });
  server.Get(R"(/page/(\d+)\.png)", [&session](const httplib::Request& request,
                                               httplib::Response& response) {
    auto snap = session.latest();
    const std::string& digits = request.matches[1].str();
    std::size_t number = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || number < 1 || number > snap->pages.size() || !snap->doc) {
      response.status = 404;
      response.set_content("no such page\n", "text/plain; charset=utf-8");
      return;
    }
    const bool boxes = request.get_param_value("boxes") == "1";
    // The fingerprint names what the page draws: a browser that has it asks with the tag and
    // gets a 304 instead of the same picture again.
    const std::string tag = fmt::format("\"{:016x}-{:g}-{}\"", snap->pages[number - 1].fingerprint,
                                        session.dpi(), boxes ? "boxes" : "plain");
    response.set_header("ETag", tag);
    response.set_header("Cache-Control", "no-cache");
    if (request.get_header_value("If-None-Match") == tag) {
      response.status = 304;
      return;
    }
    response.set_content(*session.png(*snap, number - 1, boxes), "image/png");
  });
  server.Get("/favicon.ico",
             [](const httplib::Request&, httplib::Response& response) { response.status = 204; });
}

}  // namespace

int cmd_serve(const invocation& call) {
  auto parsed = parse_args(call.args, serve_spec, "serve", call.err);
  if (!parsed) return usage;
  const parsed_args& a = *parsed;
  if (a.positional.size() != 1) {
    call.err << "rapport serve: error: expected one definition file\n"
                "  hint: rapport serve DEF.xml [--port N]\n";
    return usage;
  }
  auto options = preview_pipeline_options(a, "serve", call.err);
  auto dpi = preview_dpi(a, "serve", call.err);
  auto requested_port = parse_port(a, call.err);
  if (!options || !dpi || !requested_port) return usage;
  const std::filesystem::path definition(a.positional.front());
  std::error_code ec;
  if (!std::filesystem::is_regular_file(definition, ec)) {
    // Later runs report a missing file in the page; a wrong name on the command line is
    // better said at once.
    call.err << fmt::format("rapport serve: error: cannot read '{}': no such file\n",
                            definition.string());
    return failure;
  }

  preview_session session(definition, *options, *dpi, call.err);
  httplib::Server server;
  // httplib takes ownership of the raw pointer. Long polls hold a worker each, so keep more
  // than the browser's six connections per host.
  server.new_task_queue = [] { return new httplib::ThreadPool(worker_threads); };
  int port = 0;
  add_routes(server, session, port, call.err);

  port = *requested_port == 0 ? server.bind_to_any_port(host)
                              : (server.bind_to_port(host, *requested_port) ? *requested_port : -1);
  if (port <= 0) {
    call.err << fmt::format(
        "rapport serve: error: cannot listen on {}:{}: the port is taken or not allowed\n", host,
        *requested_port);
    return failure;
  }

  sigset_t waited = block_signals();
  std::atomic<bool> listening_ended = false;
  std::atomic<bool> finished = false;
  std::thread watcher([&] {
    while (!session.stopping()) {
      try {
        session.watch(watch_interval);
      } catch (const std::exception& error) {
        // render() reports every pipeline failure itself; this is the last guard, and the
        // watch starts over rather than leaving the page frozen.
        call.err << fmt::format("rapport serve: error: {}\n", error.what()) << std::flush;
        std::this_thread::sleep_for(watch_interval);
      }
    }
  });
  std::thread signals(
      [&] { handle_signals(waited, session, server, listening_ended, finished, call.err); });
  call.out << fmt::format("serving http://{}:{}/\n", host, port) << std::flush;

  server.listen_after_bind();
  listening_ended = true;
  session.stop();
  watcher.join();
  finished = true;
  signals.join();
  call.err << "rapport serve: stopped\n";
  return ok;
}

}  // namespace rapport::cli
