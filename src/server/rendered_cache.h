// Rendered reply bodies remembered while the store's data generation holds, so that a
// repeated read (the same list page for the same user) is answered without the store or
// the JSON writer. Keyed by whatever decides the body (the caller builds the key: user,
// path, query). Bounded; cleared as soon as the generation moves. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace salesdesk::server {

class RenderedCache {
 public:
  // The body remembered for `key` under `generation`, or null.
  std::shared_ptr<const std::string> Find(const std::string& key, std::uint64_t generation) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return nullptr;
    const auto it = bodies_.find(key);
    return it == bodies_.end() ? nullptr : it->second;
  }
  // Remembers `body` for `key`, made from the data of `generation`.
  void Put(const std::string& key, std::uint64_t generation, std::shared_ptr<const std::string> body) {
    std::lock_guard lock(mu_);
    if (generation != generation_ || bodies_.size() >= kMaxEntries) {
      bodies_.clear();
      generation_ = generation;
    }
    bodies_[key] = std::move(body);
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  std::mutex mu_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> bodies_;
};

}  // namespace salesdesk::server
