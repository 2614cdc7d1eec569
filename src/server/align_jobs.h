// Territory alignment runs in the background (issue 4: "shows progress on long runs; can
// be cancelled"): the registry behind /api/v1/territories/align_jobs. A job is one run on a
// thread of its own; its owner polls its progress, reads its result or cancels it. The use
// case itself stays in app/ (app::RunProposal); this is thread and lifetime handling only.
//
// Jobs live in this process's memory: behind a load balancer, a job's calls must reach the
// server that started it (sticky sessions), and a restart forgets every job.
//
//   AlignJobs jobs;
//   auto id = jobs.Start({org, user}, [](const territory::AlignProgressFn& progress,
//                                        const std::atomic<bool>& cancel) -> Result<std::string> {...});
//   jobs.Get({org, user}, *id);     // state, progress, result when done
//   jobs.Cancel({org, user}, *id);  // the run sees the flag within about a second
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/schema.h"
#include "core/status.h"
#include "territory/alignment.h"

namespace salesdesk::server {

enum class AlignJobState { kRunning, kDone, kFailed, kCancelled };
// "running", "done", "failed", "cancelled": the names the API uses.
const char* AlignJobStateName(AlignJobState state);

// Who started a job: only they see or cancel it.
struct AlignJobOwner {
  Id org_id = 0;
  Id user_id = 0;
  bool operator==(const AlignJobOwner&) const = default;
};

// A job as its owner sees it.
struct AlignJobView {
  std::string id;
  AlignJobState state = AlignJobState::kRunning;
  territory::AlignProgress progress;  // the latest the run reported (zeros before the first)
  std::string result;                 // kDone: the run's JSON text
  std::string problem;                // kFailed: the failure as a problem+json object
};

struct AlignJobLimits {
  int per_user = 2;                           // unfinished runs per owner
  int total = 4;                              // unfinished runs in the server
  std::chrono::seconds keep{std::chrono::minutes(10)};  // a finished job is kept this long
};

class AlignJobs {
 public:
  // One run: reports progress through `progress` (as the engine does: from any thread, never
  // two at once), watches `cancel`, and returns its result as JSON text or a failed Status
  // (kCancelled when it stopped for `cancel`). Must not throw.
  using Run = std::function<Result<std::string>(const territory::AlignProgressFn& progress,
                                                const std::atomic<bool>& cancel)>;

  explicit AlignJobs(AlignJobLimits limits = {});
  // Shutdown().
  ~AlignJobs();
  AlignJobs(const AlignJobs&) = delete;
  AlignJobs& operator=(const AlignJobs&) = delete;

  // Starts `run` on a new thread for `owner` and returns the job's id (32 random hex
  // digits, never all digits). kTooManyRequests, with nothing started, when the owner has
  // limits.per_user unfinished runs or the server limits.total (a cancelled run counts until
  // its thread has stopped); kCancelled after Shutdown(). Thread-safe.
  Result<std::string> Start(const AlignJobOwner& owner, Run run);

  // The job `id` of `owner`. kNotFound for an unknown or expired id and for another
  // owner's job (which is not revealed). Thread-safe.
  Result<AlignJobView> Get(const AlignJobOwner& owner, const std::string& id);

  // Cancels the job: a running one becomes kCancelled at once and its run is asked to stop;
  // a finished one is left as it is. kNotFound as Get. Thread-safe.
  Status Cancel(const AlignJobOwner& owner, const std::string& id);

  // Cancels every running job and waits for every job's thread. Later Starts fail.
  // Thread-safe and idempotent; must not be called from a run.
  void Shutdown();

 private:
  struct Job;
  using Clock = std::chrono::steady_clock;

  // Under mu_: Start's checks, then the new job and its thread.
  Result<std::string> StartLocked(const AlignJobOwner& owner, Run run);
  void Finish(Job& job, Result<std::string> outcome);
  // Under mu_: drops jobs finished more than limits_.keep ago and hands back the threads of
  // finished runs for the caller to join outside the lock.
  std::vector<std::thread> SweepLocked();
  // Under mu_: the owner's job `id`, or nullptr.
  Job* FindLocked(const AlignJobOwner& owner, const std::string& id);
  static void Join(std::vector<std::thread> threads);

  const AlignJobLimits limits_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Job>> jobs_;  // by id; guarded by mu_
  bool shut_down_ = false;                            // guarded by mu_
};

}  // namespace salesdesk::server
