// The background alignment registry alone (server/align_jobs.h), with stand-in runs: how a
// job ends, its progress, who sees it, the limits, expiry, and shutdown joining every run.
#include "server/align_jobs.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <thread>

namespace salesdesk::server {
namespace {

using namespace std::chrono_literals;

const AlignJobOwner kAnn{1, 10}, kBob{1, 11}, kCid{2, 10};  // Cid: same user id, another org

// A run that reports one step of progress, then waits for its cancel flag.
AlignJobs::Run UntilCancelled() {
  return [](const territory::AlignProgressFn& progress, const std::atomic<bool>& cancel) -> Result<std::string> {
    progress({3, 10, 1.5, 0.25});
    while (!cancel.load()) std::this_thread::sleep_for(1ms);
    return Status(StatusCode::kCancelled, "stopped");
  };
}

AlignJobs::Run Returning(Result<std::string> outcome) {
  return [outcome](const territory::AlignProgressFn&, const std::atomic<bool>&) { return outcome; };
}

// The job once it has left kRunning (or as it is after about 5 s).
AlignJobView Settled(AlignJobs& jobs, const AlignJobOwner& owner, const std::string& id) {
  for (int i = 0; i < 5000; ++i) {
    auto v = jobs.Get(owner, id);
    if (!v.ok() || v->state != AlignJobState::kRunning) return v.ok() ? *v : AlignJobView{};
    std::this_thread::sleep_for(1ms);
  }
  return *jobs.Get(owner, id);
}

TEST(AlignJobsTest, AJobEndsDoneFailedOrCancelled) {
  AlignJobs jobs;
  auto done = jobs.Start(kAnn, Returning(std::string(R"({"x":1})")));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->size(), 32u);
  AlignJobView v = Settled(jobs, kAnn, *done);
  EXPECT_EQ(v.state, AlignJobState::kDone);
  EXPECT_EQ(v.result, R"({"x":1})");

  auto failed = jobs.Start(kAnn, Returning(Status::Invalid("must be positive", "tau")));
  ASSERT_TRUE(failed.ok());
  v = Settled(jobs, kAnn, *failed);
  EXPECT_EQ(v.state, AlignJobState::kFailed);
  const boost::json::value problem = boost::json::parse(v.problem);
  EXPECT_EQ(problem.at("status").as_int64(), 422);
  EXPECT_EQ(problem.at("field").as_string(), "tau");

  auto stopped = jobs.Start(kAnn, Returning(Status(StatusCode::kCancelled, "stopped")));
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(Settled(jobs, kAnn, *stopped).state, AlignJobState::kCancelled);
  EXPECT_STREQ(AlignJobStateName(AlignJobState::kCancelled), "cancelled");
}

TEST(AlignJobsTest, OnlyTheOwnerSeesProgressAndCancels) {
  AlignJobs jobs;
  auto id = jobs.Start(kAnn, UntilCancelled());
  ASSERT_TRUE(id.ok());
  for (int i = 0; i < 5000 && jobs.Get(kAnn, *id)->progress.searches_done == 0; ++i) std::this_thread::sleep_for(1ms);
  const AlignJobView v = *jobs.Get(kAnn, *id);
  EXPECT_EQ(v.state, AlignJobState::kRunning);
  EXPECT_EQ(v.progress.searches_done, 3);
  EXPECT_EQ(v.progress.searches_planned, 10);
  EXPECT_DOUBLE_EQ(v.progress.best_dispersion_km_h, 1.5);
  for (const AlignJobOwner& other : {kBob, kCid}) {
    EXPECT_EQ(jobs.Get(other, *id).status().code(), StatusCode::kNotFound);
    EXPECT_EQ(jobs.Cancel(other, *id).code(), StatusCode::kNotFound);
  }
  EXPECT_EQ(jobs.Get(kAnn, "nope").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(jobs.Cancel(kAnn, *id).ok());
  EXPECT_EQ(jobs.Get(kAnn, *id)->state, AlignJobState::kCancelled);  // at once
  EXPECT_TRUE(jobs.Cancel(kAnn, *id).ok());                           // again: no change
}

TEST(AlignJobsTest, LimitsCountRunsUntilTheirThreadsStop) {
  AlignJobs jobs({.per_user = 1, .total = 2});
  auto first = jobs.Start(kAnn, UntilCancelled());
  ASSERT_TRUE(first.ok());
  auto again = jobs.Start(kAnn, UntilCancelled());
  EXPECT_EQ(again.status().code(), StatusCode::kTooManyRequests);
  EXPECT_NE(again.status().message().find("you already have 1"), std::string::npos) << again.status().message();
  ASSERT_TRUE(jobs.Start(kBob, UntilCancelled()).ok());
  auto third = jobs.Start(kCid, UntilCancelled());
  EXPECT_EQ(third.status().code(), StatusCode::kTooManyRequests);
  EXPECT_NE(third.status().message().find("the server is already running 2"), std::string::npos);
  ASSERT_TRUE(jobs.Cancel(kAnn, *first).ok());
  Result<std::string> next = Status::Internal("not tried");
  for (int i = 0; i < 5000; ++i) {
    next = jobs.Start(kAnn, UntilCancelled());
    if (next.ok()) break;
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_TRUE(next.ok()) << "the cancelled run's thread did not stop: " << next.status().ToString();
}

TEST(AlignJobsTest, FinishedJobsAreDroppedAfterTheKeepPeriod) {
  AlignJobs jobs({.keep = 0s});
  auto id = jobs.Start(kAnn, Returning(std::string("{}")));
  ASSERT_TRUE(id.ok());
  Result<AlignJobView> v = Status::Internal("not asked");
  for (int i = 0; i < 5000; ++i) {
    v = jobs.Get(kAnn, *id);
    if (!v.ok()) break;
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(v.status().code(), StatusCode::kNotFound);
}

TEST(AlignJobsTest, ShutdownCancelsAndJoinsEveryRun) {
  std::atomic<int> returned{0};
  auto counted = [&returned](const territory::AlignProgressFn& progress, const std::atomic<bool>& cancel) {
    Result<std::string> r = UntilCancelled()(progress, cancel);
    ++returned;
    return r;
  };
  {
    AlignJobs jobs;
    ASSERT_TRUE(jobs.Start(kAnn, counted).ok());
    ASSERT_TRUE(jobs.Start(kBob, counted).ok());
    jobs.Shutdown();
    EXPECT_EQ(returned.load(), 2);
    EXPECT_EQ(jobs.Start(kCid, counted).status().code(), StatusCode::kCancelled);
    jobs.Shutdown();  // idempotent
  }
  {
    AlignJobs jobs;  // the destructor does the same
    ASSERT_TRUE(jobs.Start(kAnn, counted).ok());
  }
  EXPECT_EQ(returned.load(), 3);
}

}  // namespace
}  // namespace salesdesk::server
