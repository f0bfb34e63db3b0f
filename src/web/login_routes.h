// Login, the second factor, logout, and the home page; plus the API session
// endpoints (POST /api/v1/sessions, DELETE /api/v1/sessions/current).
#pragma once

#include "http/router.h"
#include "web/shell.h"

namespace inbeeld {

void AddLoginRoutes(Router& router, const WebShell& shell, bool secure_cookies);

}  // namespace inbeeld
