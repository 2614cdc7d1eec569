#include "server/align_jobs.h"

#include <algorithm>
#include <iterator>
#include <system_error>

#include "app/auth.h"
#include "server/problem.h"

namespace salesdesk::server {

const char* AlignJobStateName(AlignJobState state) {
  switch (state) {
    case AlignJobState::kRunning: return "running";
    case AlignJobState::kDone: return "done";
    case AlignJobState::kFailed: return "failed";
    case AlignJobState::kCancelled: return "cancelled";
  }
  return "failed";
}

struct AlignJobs::Job {
  AlignJobOwner owner;
  std::atomic<bool> cancel{false};
  std::thread thread;
  // Guarded by AlignJobs::mu_:
  AlignJobView view;
  bool stopped = false;    // the run has returned (its thread only exits after this)
  Clock::time_point ended;  // when view.state left kRunning
};

AlignJobs::AlignJobs(AlignJobLimits limits) : limits_(limits) {}

AlignJobs::~AlignJobs() { Shutdown(); }

namespace {

std::string NewJobId() {
  for (;;) {
    std::string id = app::RandomHex(16);
    // An all-digit segment would route as a record id.
    if (!std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) return id;
  }
}

}  // namespace

Result<std::string> AlignJobs::Start(const AlignJobOwner& owner, Run run) {
  std::vector<std::thread> finished;
  Result<std::string> id = Status::Internal("not started");
  {
    std::lock_guard lock(mu_);
    finished = SweepLocked();
    id = StartLocked(owner, std::move(run));
  }
  Join(std::move(finished));
  return id;
}

Result<std::string> AlignJobs::StartLocked(const AlignJobOwner& owner, Run run) {
  if (shut_down_) return Status(StatusCode::kCancelled, "the server is shutting down; try again shortly");
  int mine = 0, all = 0;
  for (const auto& [key, job] : jobs_) {
    if (job->stopped) continue;
    ++all;
    mine += job->owner == owner;
  }
  if (mine >= limits_.per_user) {
    return Status(StatusCode::kTooManyRequests, "you already have " + std::to_string(mine) +
                                                    " territory alignments running; wait for one to finish or cancel it");
  }
  if (all >= limits_.total) {
    return Status(StatusCode::kTooManyRequests,
                  "the server is already running " + std::to_string(all) + " territory alignments; try again in a minute");
  }
  std::string id;
  do id = NewJobId();
  while (jobs_.count(id));
  auto job = std::make_unique<Job>();
  job->owner = owner;
  job->view.id = id;
  Job* raw = job.get();
  jobs_.emplace(id, std::move(job));
  // The thread cannot reach Finish (which takes mu_) before the caller has released mu_.
  try {
    raw->thread = std::thread([this, raw, work = std::move(run)] {
      auto progress = [this, raw](const territory::AlignProgress& p) {
        std::lock_guard progress_lock(mu_);
        raw->view.progress = p;
        return !raw->cancel.load();
      };
      Finish(*raw, work(progress, raw->cancel));
    });
  } catch (const std::system_error& e) {
    jobs_.erase(id);
    return Status::Internal(std::string("cannot start a thread for a territory alignment: ") + e.what());
  }
  return id;
}

void AlignJobs::Finish(Job& job, Result<std::string> outcome) {
  // A failure is rendered here, once: ProblemFor logs internal errors.
  std::string problem;
  if (!outcome.ok() && outcome.status().code() != StatusCode::kCancelled) problem = ProblemFor(outcome.status()).body();
  std::lock_guard lock(mu_);
  job.stopped = true;
  if (job.view.state != AlignJobState::kRunning) return;  // cancelled meanwhile: the outcome is dropped
  job.ended = Clock::now();
  if (outcome.ok()) {
    job.view.state = AlignJobState::kDone;
    job.view.result = std::move(outcome).value();
  } else if (outcome.status().code() == StatusCode::kCancelled) {
    job.view.state = AlignJobState::kCancelled;
  } else {
    job.view.state = AlignJobState::kFailed;
    job.view.problem = std::move(problem);
  }
}

Result<AlignJobView> AlignJobs::Get(const AlignJobOwner& owner, const std::string& id) {
  std::vector<std::thread> finished;
  Result<AlignJobView> out = Status::NotFound("there is no territory alignment run " + id);
  {
    std::lock_guard lock(mu_);
    finished = SweepLocked();
    if (const Job* job = FindLocked(owner, id)) out = job->view;
  }
  Join(std::move(finished));
  return out;
}

Status AlignJobs::Cancel(const AlignJobOwner& owner, const std::string& id) {
  std::vector<std::thread> finished;
  Status out = Status::NotFound("there is no territory alignment run " + id);
  {
    std::lock_guard lock(mu_);
    finished = SweepLocked();
    if (Job* job = FindLocked(owner, id)) {
      out = Status::Ok();
      if (job->view.state == AlignJobState::kRunning) {
        job->cancel = true;
        job->view.state = AlignJobState::kCancelled;
        job->ended = Clock::now();
      }
    }
  }
  Join(std::move(finished));
  return out;
}

void AlignJobs::Shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    shut_down_ = true;
    for (auto& [id, job] : jobs_) {
      job->cancel = true;
      if (job->thread.joinable()) threads.push_back(std::move(job->thread));
    }
  }
  Join(std::move(threads));
}

std::vector<std::thread> AlignJobs::SweepLocked() {
  std::vector<std::thread> finished;
  const Clock::time_point now = Clock::now();
  for (auto it = jobs_.begin(); it != jobs_.end();) {
    Job& job = *it->second;
    if (!job.stopped) {
      ++it;
      continue;
    }
    if (job.thread.joinable()) finished.push_back(std::move(job.thread));
    // `stopped` implies the state has left kRunning, so `ended` is set.
    it = now - job.ended > limits_.keep ? jobs_.erase(it) : std::next(it);
  }
  return finished;
}

AlignJobs::Job* AlignJobs::FindLocked(const AlignJobOwner& owner, const std::string& id) {
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || !(it->second->owner == owner)) return nullptr;
  return it->second.get();
}

void AlignJobs::Join(std::vector<std::thread> threads) {
  for (std::thread& t : threads) t.join();
}

}  // namespace salesdesk::server
