#include "app/auth.h"

#include <sodium.h>

#include <algorithm>

#include "core/dates.h"

namespace salesdesk::app {
namespace {

constexpr unsigned long long kOpsLimit = 2;                     // t = 2
constexpr std::size_t kMemLimit = 19u * 1024u * 1024u;          // m = 19 MiB

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string ToHex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::int64_t LockSeconds(std::int64_t failures) {
  if (failures < AuthService::kFreeAttempts) return 0;
  std::int64_t shift = std::min<std::int64_t>(failures - AuthService::kFreeAttempts, 5);
  return std::min<std::int64_t>(30LL << shift, 900);
}

Status AuditSignIn(Store& store, Id org, Id user, const std::string& outcome, const std::string& detail) {
  auto tx = store.Begin(true);
  if (!tx.ok()) return tx.status();
  SD_RETURN_IF_ERROR((*tx)->AppendAudit({org, user, "sign_in", "session", outcome, detail, NowUnixSeconds()}));
  return (*tx)->Commit();
}

}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  if (!InitSodium()) return Status::Internal("libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::Internal("out of memory while hashing a password");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (!InitSodium() || hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < 8) return Status::Invalid("must be at least 8 characters", "password");
  if (password.size() > 256) return Status::Invalid("must be at most 256 characters", "password");
  return Status::Ok();
}

std::string HashToken(const std::string& token) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return ToHex(digest, sizeof digest);
}

std::string RandomHex(std::size_t bytes) {
  InitSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), bytes);
  return ToHex(reinterpret_cast<const unsigned char*>(raw.data()), bytes);
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<SignedIn> AuthService::SignIn(const std::string& email, const std::string& password) {
  static const std::string kDummyHash = HashPassword("not-a-real-password").value();
  const Status wrong = Status::Unauthenticated("wrong e-mail or password");
  const std::int64_t now = NowUnixSeconds();
  std::optional<std::pair<Id, Record>> found;
  Credential cred;
  {
    SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(false));
    SD_ASSIGN_OR_RETURN(found, tx->FindUserByEmail(email));
    if (found) {
      SD_ASSIGN_OR_RETURN(cred, tx->GetCredential(found->first, found->second.id));
    }
  }
  if (!found) {
    VerifyPassword(kDummyHash, password);  // same cost as a real check: no account probing
    SD_RETURN_IF_ERROR(AuditSignIn(store_, 0, 0, "failed", "unknown e-mail " + email.substr(0, 254)));
    return wrong;
  }
  const Id org = found->first, user_id = found->second.id;
  if (cred.locked_until > now) {
    SD_RETURN_IF_ERROR(AuditSignIn(store_, org, user_id, "throttled", "attempt while locked"));
    return Status(StatusCode::kTooManyRequests, "too many failed sign-ins; try again in " +
                                                    std::to_string(cred.locked_until - now) + " seconds");
  }
  const bool disabled = found->second.GetInt("disabled") != 0;
  if (disabled || !VerifyPassword(cred.password_hash, password)) {
    SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
    SD_RETURN_IF_ERROR(tx->RecordLoginResult(org, user_id, false, now + LockSeconds(cred.failed_logins + 1)));
    SD_RETURN_IF_ERROR(tx->AppendAudit({org, user_id, "sign_in", "session", "failed",
                                        disabled ? "account disabled" : "wrong password", now}));
    SD_RETURN_IF_ERROR(tx->Commit());
    return wrong;
  }
  SignedIn out{RandomHex(32), RandomHex(16), {}};
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
  SD_ASSIGN_OR_RETURN(out.actor, LoadActor(*tx, org, user_id));
  SD_RETURN_IF_ERROR(tx->RecordLoginResult(org, user_id, true, 0));
  SD_RETURN_IF_ERROR(tx->CreateSession({HashToken(out.token), user_id, org, out.csrf_token, now, now + kSessionSeconds}));
  SD_RETURN_IF_ERROR(tx->AppendAudit({org, user_id, "sign_in", "session", "allowed", "", now}));
  SD_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<SessionInfo> AuthService::Authenticate(const std::string& token) {
  const Status anonymous = Status::Unauthenticated("please sign in");
  if (token.size() != 64) return anonymous;
  SD_ASSIGN_OR_RETURN(const std::uint64_t generation, store_.DataGeneration());
  const std::string hash = HashToken(token);
  {
    std::lock_guard lock(mu_);
    if (remembered_generation_ == generation) {
      const auto it = remembered_.find(hash);
      if (it != remembered_.end() && it->second.expires_at > NowUnixSeconds()) return it->second.info;
    }
  }
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(false));
  SD_ASSIGN_OR_RETURN(auto session, tx->FindSession(hash));
  if (!session || session->expires_at <= NowUnixSeconds()) return anonymous;
  auto actor = LoadActor(*tx, session->org_id, session->user_id);
  if (!actor.ok()) {
    if (actor.status().code() == StatusCode::kInternal) return actor.status();
    return anonymous;
  }
  SessionInfo info{std::move(actor).value(), session->csrf_token, generation};
  std::lock_guard lock(mu_);
  if (remembered_generation_ != generation || remembered_.size() >= 10000) {
    remembered_.clear();
    remembered_generation_ = generation;
  }
  remembered_[hash] = {info, session->expires_at};
  return info;
}

Status AuthService::SignOut(const std::string& token) {
  SD_ASSIGN_OR_RETURN(auto tx, store_.Begin(true));
  SD_RETURN_IF_ERROR(tx->DeleteSession(HashToken(token)));
  return tx->Commit();
}

}  // namespace salesdesk::app
