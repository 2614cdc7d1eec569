// Sign-in, sessions and passwords. Passwords are hashed with argon2id (libsodium; OWASP
// minimum m = 19 MiB, t = 2). Sessions are opaque 256-bit random tokens; only their
// SHA-256 is stored, so a leaked database does not leak live sessions. Every sign-in
// decision is audited. Thread-safe: holds no state besides the store.
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "app/access.h"

namespace salesdesk::app {

// Hashes `password` with argon2id; the result embeds salt and parameters.
Result<std::string> HashPassword(const std::string& password);
// True when `password` matches `hash` (constant time in the password).
bool VerifyPassword(const std::string& hash, const std::string& password);
// Rejects passwords a user should not choose (too short, too long).
Status CheckPasswordPolicy(const std::string& password);

struct SignedIn {
  std::string token;       // goes into the HttpOnly cookie; never stored
  std::string csrf_token;  // sent back by the client on every change
  Actor actor;
};

struct SessionInfo {
  Actor actor;
  std::string csrf_token;
  // The store's DataGeneration() this session was checked against: results derived from
  // the data under the same generation are still exact.
  std::uint64_t generation = 0;
};

class AuthService {
 public:
  static constexpr int kFreeAttempts = 5;            // failures before throttling starts
  static constexpr std::int64_t kSessionSeconds = 12 * 3600;

  explicit AuthService(Store& store) : store_(store) {}

  // Checks the password and opens a session. Wrong e-mail or password -> kUnauthenticated
  // with the same message for both; after kFreeAttempts failures an account is locked
  // for a doubling delay (30 s up to 15 min) -> kTooManyRequests.
  Result<SignedIn> SignIn(const std::string& email, const std::string& password);
  // The actor behind a session token: kUnauthenticated when the token is unknown, expired,
  // or its user was disabled or deleted. Remembers the answer while the store's data
  // generation holds (any write — a sign-out, a disabled user, a role change — ends it).
  Result<SessionInfo> Authenticate(const std::string& token);
  Status SignOut(const std::string& token);

 private:
  struct Remembered {
    SessionInfo info;
    std::int64_t expires_at = 0;
  };
  Store& store_;
  std::mutex mu_;
  std::uint64_t remembered_generation_ = 0;                   // guarded by mu_
  std::unordered_map<std::string, Remembered> remembered_;    // by token hash; guarded by mu_
};

// Hex SHA-256 of a session token, as stored.
std::string HashToken(const std::string& token);
// `bytes` random bytes as lowercase hex.
std::string RandomHex(std::size_t bytes);
// Constant-time comparison.
bool SameSecret(const std::string& a, const std::string& b);

}  // namespace salesdesk::app
