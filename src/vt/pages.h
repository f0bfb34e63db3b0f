// The Veilig Thuis pages (see pages.cc): the triage queue, the intake form,
// the case with the safety assessment, the supervisor dashboard.
#pragma once

#include "http/router.h"
#include "platform/clock.h"
#include "vt/service.h"
#include "web/shell.h"

namespace inbeeld {

void AddVtPages(Router& router, const WebShell& shell, VtService& vt, const Clock& clock);

}  // namespace inbeeld
