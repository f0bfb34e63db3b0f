// The test notice: what an administrator sends to check a contact's details
// (a school's designated contact, before a real Handle with Care signal has
// to reach them). One item for the user's in-app inbox and, when the user has
// an e-mail address, one for e-mail — enqueued together in one transaction.
#pragma once

#include <string>
#include <vector>

#include "platform/clock.h"
#include "store/store.h"

namespace inbeeld {

struct TestNotice {
  std::vector<OutboxItem> items;  // inbox first, then e-mail (when the user has an address)
  bool created = false;           // false: the key was used before; nothing new was enqueued
};

// Enqueues the test notice for `to` under `key` (items "test.<key>.inbox" and
// "test.<key>.email"). The same key again returns the stored items unchanged.
// REQUIRES: key is non-empty.
Result<TestNotice> EnqueueTestNotice(Store& store, const Clock& clock, const User& to,
                                     const std::string& key);

}  // namespace inbeeld
