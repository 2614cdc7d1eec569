#include "server/json_body.h"

#include <algorithm>
#include <string>

namespace salesdesk::server {

Result<boost::json::object> ParseObjectBody(std::string_view body) {
  std::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return Status::Invalid("the body must be a JSON object");
  return v.as_object();
}

Status OnlyMembers(const boost::json::object& object, std::initializer_list<std::string_view> allowed) {
  for (const auto& m : object) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(m.key())) == allowed.end()) {
      return Status::Invalid("is not a member of this request", std::string(m.key()));
    }
  }
  return Status::Ok();
}

}  // namespace salesdesk::server
