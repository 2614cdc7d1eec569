// The salesdesk command: init, demo, users, import, export, serve, forecast, territory. A thin face over app/
// (the server is the other one). Exit codes: 0 success, 1 the user's input was rejected,
// 2 usage error, 3 internal failure.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/admin.h"
#include "app/import_export.h"
#include "app/territories.h"
#include "cli/forecast_command.h"
#include "cli/territory_command.h"
#include "core/dates.h"
#include "server/http_server.h"
#include "store/store.h"

namespace sd = salesdesk;

namespace {

int Fail(const sd::Status& s) {
  std::cerr << "salesdesk: " << s.ToString() << "\n";
  return s.code() == sd::StatusCode::kInternal ? 3 : 1;
}

std::unique_ptr<sd::Store> OpenOrExit(const std::string& db) {
  auto store = sd::OpenSqliteStore(db);
  if (!store.ok()) std::exit(Fail(store.status()));
  return std::move(store).value();
}

std::string ReadPasswordFromStdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

// Where the shipped data files are: --data, $SALESDESK_DATA, <binary>/../../data, ./data.
std::string FindDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SALESDESK_DATA")) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      if (std::filesystem::exists(dir / "data" / "cities.csv")) return (dir / "data").string();
  }
  return "data";
}

// Prints "\r<label>: N rows" at most ten times a second on a terminal.
sd::Progress ProgressPrinter(const std::string& label) {
  if (!isatty(STDERR_FILENO)) return {};
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [label, last](std::int64_t done) {
    auto now = std::chrono::steady_clock::now();
    if (now - *last > std::chrono::milliseconds(100)) {
      std::cerr << "\r" << label << ": " << done << " rows" << std::flush;
      *last = now;
    }
    return true;
  };
}

int RunImport(const std::string& db, const std::string& kind_name, const std::string& file, const std::string& as) {
  const sd::KindSpec* kind = sd::FindKind(kind_name);
  if (!kind) return Fail(sd::Status::Invalid("unknown kind '" + kind_name + "'", "kind"));
  std::ifstream in(file, std::ios::binary);
  if (!in) return Fail(sd::Status::Invalid("cannot read " + file, "file"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto store = OpenOrExit(db);
  auto actor = as.empty() ? sd::app::SystemActor(*store) : sd::app::ActorByEmail(*store, as);
  if (!actor.ok()) return Fail(actor.status());
  sd::app::ImportService importer(*store);
  auto t0 = std::chrono::steady_clock::now();
  auto report = importer.Import(*actor, *kind, bytes.str(), ProgressPrinter("importing " + kind_name));
  if (isatty(STDERR_FILENO)) std::cerr << "\n";
  if (!report.ok()) return Fail(report.status());
  for (const auto& w : report->warnings) std::cerr << "warning: " << w << "\n";
  if (!report->errors.empty()) {
    for (const auto& e : report->errors)
      std::cerr << "line " << e.line << ", column " << (e.column.empty() ? "-" : e.column) << ": " << e.reason << "\n";
    std::cerr << file << ": " << report->error_count << " row error(s); nothing was imported\n";
    return 1;
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "imported " << report->rows << " " << kind_name << " rows (" << report->inserted << " new, "
            << report->updated << " updated) in " << secs << " s\n";
  return 0;
}

int RunExport(const std::string& db, const std::string& kind_name, const std::string& out, const std::string& as) {
  const sd::KindSpec* kind = sd::FindKind(kind_name);
  if (!kind) return Fail(sd::Status::Invalid("unknown kind '" + kind_name + "'", "kind"));
  auto store = OpenOrExit(db);
  auto actor = as.empty() ? sd::app::SystemActor(*store) : sd::app::ActorByEmail(*store, as);
  if (!actor.ok()) return Fail(actor.status());
  auto csv = sd::app::ImportService(*store).Export(*actor, *kind);
  if (!csv.ok()) return Fail(csv.status());
  std::ofstream f(out, std::ios::binary);
  if (!(f << *csv)) return Fail(sd::Status::Invalid("cannot write " + out, "out"));
  return 0;
}

// Writes territory plan `id` as Markdown or PDF, as `as` sees it (the system when empty).
int RunPlanExport(const std::string& db, sd::Id id, const std::string& format, const std::string& lang,
                  const std::string& out, const std::string& as) {
  auto store = OpenOrExit(db);
  auto actor = as.empty() ? sd::app::SystemActor(*store) : sd::app::ActorByEmail(*store, as);
  if (!actor.ok()) return Fail(actor.status());
  const std::string today = sd::Date::FromDaysSinceEpoch(sd::NowUnixSeconds() / 86400).ToString();
  auto doc = format == "pdf" ? sd::app::PlanPdf(*store, *actor, id, lang, today)
                             : sd::app::PlanMarkdown(*store, *actor, id, lang);
  if (!doc.ok()) return Fail(doc.status());
  std::ofstream f(out, std::ios::binary);
  if (!(f << *doc)) return Fail(sd::Status::Invalid("cannot write " + out, "out"));
  return 0;
}

int RunDemo(const std::string& db, const std::string& data_flag, const std::string& today) {
  auto store = OpenOrExit(db);
  auto summary = sd::app::LoadDemo(*store, FindDataDir(data_flag), today,
                                   [](const std::string& step) { std::cerr << "demo: " << step << "\n"; });
  if (!summary.ok()) return Fail(summary.status());
  std::cout << "Demo organisation loaded: " << summary->users << " users, " << summary->accounts << " accounts, "
            << summary->opportunities << " opportunities, " << summary->sales << " sales lines.\n"
            << "Sign in as " << summary->admin_email << " with password " << summary->password << "\n"
            << "(every demo user has the same password)\n";
  return 0;
}

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "web/dist";
  int threads = 0;
  bool secure_cookies = false;
  bool quiet = false;
};

int RunServe(const std::string& db, const ServeFlags& flags) {
  const std::string& listen = flags.listen;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Fail(sd::Status::Invalid("must be HOST:PORT", "listen"));
  sd::server::Config cfg;
  cfg.host = listen.substr(0, colon);
  try {
    cfg.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  } catch (const std::exception&) {
    return Fail(sd::Status::Invalid("port must be a number", "listen"));
  }
  cfg.web_root = flags.web_root;
  if (flags.threads > 0) cfg.threads = flags.threads;
  cfg.secure_cookies = flags.secure_cookies;
  cfg.access_log = !flags.quiet;
  auto store = OpenOrExit(db);
  if (auto org = sd::app::DefaultOrganisation(*store); !org.ok()) return Fail(org.status());
  sd::server::HttpServer server(*store, cfg);
  sd::Status s = server.Run();
  return s.ok() ? 0 : Fail(s);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"salesdesk — the sales manager's workbench"};
  cli.require_subcommand(1);
  std::string db = "var/salesdesk.db", kind, file, out, as, email, name, role, manager, data_dir, today;
  ServeFlags serve_flags;
  bool password_stdin = false, enable = false;

  auto* init = cli.add_subcommand("init", "create an empty database (migrated to the current schema)");
  init->add_option("--db", db, "SQLite database file")->required();
  auto* demo = cli.add_subcommand("demo", "load the demo organisation into an empty database");
  demo->add_option("--db", db, "SQLite database file")->required();
  demo->add_option("--data", data_dir, "folder with cities.csv and m3_monthly.csv");
  demo->add_option("--today", today, "the demo's today, YYYY-MM-DD (default: the real date)");
  auto* users = cli.add_subcommand("users", "add, disable or reset users");
  users->require_subcommand(1);
  auto* add = users->add_subcommand("add", "add a user with a password read from standard input");
  add->add_option("--db", db)->required();
  add->add_option("--email", email)->required();
  add->add_option("--name", name)->required();
  add->add_option("--role", role)->required()->check(CLI::IsMember({"admin", "executive", "manager", "rep"}));
  add->add_option("--manager", manager, "the manager's e-mail");
  add->add_flag("--password-stdin", password_stdin, "read the password from standard input")->required();
  auto* disable = users->add_subcommand("disable", "disable a user (signs them out at once)");
  disable->add_option("--db", db)->required();
  disable->add_option("--email", email)->required();
  disable->add_flag("--enable", enable, "enable the user again instead");
  auto* reset = users->add_subcommand("reset-password", "set a new password read from standard input");
  reset->add_option("--db", db)->required();
  reset->add_option("--email", email)->required();
  reset->add_flag("--password-stdin", password_stdin)->required();
  auto* import = cli.add_subcommand("import", "import a CSV file (all or nothing)");
  import->add_option("--db", db)->required();
  import->add_option("--kind", kind, "accounts|users|products|opportunities|sales|quotas|...")->required();
  import->add_option("file", file, "the CSV file")->required();
  import->add_option("--as", as, "import as this user (their permissions apply)");
  auto* exp = cli.add_subcommand("export", "export records as CSV");
  exp->add_option("--db", db)->required();
  exp->add_option("--kind", kind)->required();
  exp->add_option("--out", out)->required();
  exp->add_option("--as", as, "export as this user");
  auto* plan = cli.add_subcommand("plan", "territory plans");
  plan->require_subcommand(1);
  auto* plan_export = plan->add_subcommand("export", "write a territory plan with its action items as Markdown or PDF");
  sd::Id plan_id = 0;
  std::string plan_format = "pdf", plan_lang = "en";
  plan_export->add_option("--db", db)->required();
  plan_export->add_option("--id", plan_id, "the plan's id")->required()->check(CLI::PositiveNumber);
  plan_export->add_option("--format", plan_format, "pdf (default) or md")->check(CLI::IsMember({"pdf", "md"}));
  plan_export->add_option("--lang", plan_lang, "en (default) or zh-CN")->check(CLI::IsMember({"en", "zh-CN"}));
  plan_export->add_option("--out", out)->required();
  plan_export->add_option("--as", as, "export as this user (their permissions apply)");
  auto* serve = cli.add_subcommand("serve", "serve the API and the web UI");
  serve->add_option("--db", db)->required();
  serve->add_option("--listen", serve_flags.listen, "HOST:PORT");
  serve->add_option("--web-root", serve_flags.web_root, "folder of the built web UI");
  serve->add_option("--threads", serve_flags.threads, "worker threads (default: cores)");
  serve->add_flag("--secure-cookies", serve_flags.secure_cookies, "mark the session cookie Secure (behind HTTPS)");
  serve->add_flag("--no-access-log", serve_flags.quiet, "do not log one line per request");

  sd::cli::ForecastCommand forecast;
  sd::cli::AddForecastCommand(cli, forecast);
  sd::cli::TerritoryCommand territory;
  sd::cli::AddTerritoryCommand(cli, territory);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  if (*init) {
    auto store = OpenOrExit(db);
    auto org = sd::app::DefaultOrganisation(*store);
    if (!org.ok()) return Fail(org.status());
    std::cout << "database ready: " << db << "\n";
    return 0;
  }
  if (*demo) return RunDemo(db, data_dir, today.empty() ? sd::Date::FromDaysSinceEpoch(sd::NowUnixSeconds() / 86400).ToString() : today);
  if (*add) {
    auto store = OpenOrExit(db);
    auto id = sd::app::AddUser(*store, {email, name, role, manager, "Asia/Shanghai", "zh-CN", ReadPasswordFromStdin()});
    if (!id.ok()) return Fail(id.status());
    std::cout << "added user " << email << " (id " << *id << ")\n";
    return 0;
  }
  if (*disable) {
    auto s = sd::app::DisableUser(*OpenOrExit(db), email, !enable);
    if (!s.ok()) return Fail(s);
    std::cout << (enable ? "enabled " : "disabled ") << email << "\n";
    return 0;
  }
  if (*reset) {
    auto s = sd::app::ResetPassword(*OpenOrExit(db), email, ReadPasswordFromStdin());
    if (!s.ok()) return Fail(s);
    std::cout << "password reset for " << email << "\n";
    return 0;
  }
  if (*import) return RunImport(db, kind, file, as);
  if (*exp) return RunExport(db, kind, out, as);
  if (*plan_export) return RunPlanExport(db, plan_id, plan_format, plan_lang, out, as);
  if (*serve) return RunServe(db, serve_flags);
  if (int rc = sd::cli::RunForecastCommand(forecast); rc >= 0) return rc;
  if (int rc = sd::cli::RunTerritoryCommand(territory); rc >= 0) return rc;
  return 2;
}
