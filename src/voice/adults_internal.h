// Internal to src/voice/ (service.cc, jim.cc): what both the registration of
// adults and the invitation of JIM mentors need. Not part of the interface.
#pragma once

#include <cstdint>

#include "store/store.h"
#include "voice/service.h"

namespace inbeeld {

// The trusted-adult row `adult_id` (kNotFound when none).
Result<VoiceAdultView> LoadVoiceAdult(SqlConnection& c, int64_t adult_id);
// Inside `c`: the adult has left at `now_ms`; a JIM mentor's account is also
// disabled and its sessions end.
Status LeaveAdult(SqlConnection& c, const VoiceAdultView& adult, int64_t now_ms);
// Inbox message and (when the user has an address) e-mail; never the child's words.
Status NotifyVoiceUser(SqlConnection& c, UserId user, const std::string& key,
                       const std::string& subject, const std::string& body, int64_t now_ms);

}  // namespace inbeeld
