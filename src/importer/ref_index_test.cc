#include "importer/ref_index.h"

#include <gtest/gtest.h>

#include <string>

namespace inbeeld {
namespace {

TEST(RefIndexTest, InsertFindAndDuplicates) {
  RefIndex idx;
  EXPECT_EQ(idx.Find("P1"), 0);
  EXPECT_EQ(idx.Insert("P1", 2), 0);
  EXPECT_EQ(idx.Insert("P1", 9), 2);
  EXPECT_EQ(idx.Find("P1"), 2);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(idx.Insert("HH" + std::to_string(i), i + 2), 0);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(idx.Find("HH" + std::to_string(i)), i + 2);
  EXPECT_EQ(idx.Find("HH100000"), 0);
  EXPECT_EQ(idx.size(), 100001u);
}

}  // namespace
}  // namespace inbeeld
