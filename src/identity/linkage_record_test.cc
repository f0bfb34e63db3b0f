#include "identity/linkage_record.h"

#include <gtest/gtest.h>

namespace inbeeld {
namespace {

const Date kToday{std::chrono::year(2026), std::chrono::month(11), std::chrono::day(30)};

TEST(Normalize, FoldsAccentsAndDropsTheRest) {
  struct Case {
    const char* in;
    const char* name;
    const char* text;
  };
  const Case cases[] = {
      {"Zoë", "zoe", "zoe"},
      {"Çelik", "celik", "celik"},
      {"d'Hondt-Ørsted", "dhondtorsted", "dhondtorsted"},
      {"Lindenlaan 12-a", "lindenlaana", "lindenlaan12a"},
      {"ŁUKASZ Šimić", "lukaszsimic", "lukaszsimic"},
      {"", "", ""},
      {"\xff\xfe\xc3", "", ""},  // broken UTF-8: dropped, no crash
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FoldName(c.in), c.name) << c.in;
    EXPECT_EQ(FoldText(c.in), c.text) << c.in;
  }
  EXPECT_EQ(FoldPostcode("1234 ab"), "1234AB");
  EXPECT_EQ(BirthDateDigits("2017-03-05"), "20170305");
}

TEST(Normalize, PartialWithoutNameOrDate) {
  LinkageRecord r{.first_name = "Emma", .last_name = "de Vries", .birth_date = "2017-03-05"};
  EXPECT_FALSE(IsPartial(r));
  r.birth_date.clear();
  EXPECT_TRUE(IsPartial(r));
  r = {.first_name = "Emma", .street = "Lindenlaan", .estimated_age = 8};
  EXPECT_TRUE(IsPartial(r));
}

TEST(Validate, AbsurdInputGetsAFieldError) {
  struct Case {
    LinkageRecord r;
    const char* field;
  };
  const Case cases[] = {
      {{.first_name = "Emma", .last_name = "Bakker", .birth_date = "2030-01-01"}, "birth_date"},
      {{.first_name = "Emma", .last_name = "Bakker", .birth_date = "2017-02-30"}, "birth_date"},
      {{.first_name = "Emma", .last_name = "Bakker", .birth_date = "17-2-3"}, "birth_date"},
      {{.first_name = "E", .last_name = "Bakker"}, "first_name"},
      {{.first_name = "Emma", .last_name = "B."}, "last_name"},
      {{}, "first_name"},
      {{.first_name = "Emma", .estimated_age = 40}, "estimated_age"},
      {{.first_name = std::string(300, 'a')}, "first_name"},
  };
  for (const Case& c : cases) {
    Status s = ValidateForLinkage(c.r, kToday);
    ASSERT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.field(), c.field) << s.message();
  }
  EXPECT_TRUE(ValidateForLinkage(
                  {.first_name = "Emma", .last_name = "Bakker", .birth_date = "2017-02-28"}, kToday)
                  .ok());
  EXPECT_TRUE(
      ValidateForLinkage({.first_name = "Emma", .street = "Lindenlaan", .estimated_age = 8}, kToday)
          .ok());
}

}  // namespace
}  // namespace inbeeld
