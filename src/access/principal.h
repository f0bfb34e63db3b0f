// Principal: the logged-in user as every route and service sees them.
#pragma once

#include <string>

#include "core/model.h"

namespace inbeeld {

struct Principal {
  User user;
  Organisation org;
  std::string session_id_hash;
  std::string csrf_token;
  bool second_factor_done = false;
  bool via_bearer = false;  // API client with Authorization: Bearer (no CSRF needed)
};

}  // namespace inbeeld
