// Request bodies that are whole JSON objects (lists inside), read with Boost.JSON, for
// the routes whose bodies flat_json cannot hold.
#pragma once

#include <boost/json.hpp>

#include <initializer_list>
#include <string_view>

#include "core/status.h"

namespace salesdesk::server {

// `body` as a JSON object; kInvalidArgument when it is not one. Never throws.
Result<boost::json::object> ParseObjectBody(std::string_view body);

// kInvalidArgument naming the first member of `object` not in `allowed`.
Status OnlyMembers(const boost::json::object& object, std::initializer_list<std::string_view> allowed);

}  // namespace salesdesk::server
