#include "handlewithcare/rules.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace inbeeld {
namespace {

Date D(const char* s) {
  return *ParseIsoDate(s);
}

TEST(HwcRules, RecipientsTable) {
  const HwcRegionConfig cfg;  // 4..18
  const Date incident = D("2026-11-24");
  struct Row {
    const char* what;
    const char* birth;
    std::vector<HwcEnrolment> enrolments;
    std::vector<OrgId> schools;  // expected school recipients
    bool leerplicht;
  };
  const Row rows[] = {
      {"one school", "2015-03-01", {{7, D("2019-08-01"), std::nullopt}}, {7}, false},
      {"two schools",
       "2012-03-01",
       {{7, D("2019-08-01"), std::nullopt}, {8, D("2024-08-01"), std::nullopt}},
       {7, 8},
       false},
      {"same school twice",
       "2012-03-01",
       {{7, D("2019-08-01"), D("2020-07-31")}, {7, D("2020-08-01"), std::nullopt}},
       {7},
       false},
      {"enrolment ended", "2012-03-01", {{7, D("2019-08-01"), D("2026-07-31")}}, {}, true},
      {"enrolment starts later", "2012-03-01", {{7, D("2026-12-01"), std::nullopt}}, {}, true},
      {"no school (home education)", "2014-01-01", {}, {}, true},
      {"too young", "2023-05-05", {{9, D("2025-08-01"), std::nullopt}}, {}, true},
      {"4 today", "2022-11-24", {{9, D("2026-11-24"), std::nullopt}}, {9}, false},
      {"18 still", "2008-06-01", {{10, D("2024-08-01"), std::nullopt}}, {10}, false},
      {"19: none", "2007-06-01", {{10, D("2024-08-01"), std::nullopt}}, {}, false},
  };
  for (const Row& r : rows) {
    auto got = HwcRecipientsFor(D(r.birth), r.enrolments, incident, cfg);
    std::vector<OrgId> schools;
    bool leerplicht = false;
    for (const auto& x : got) {
      if (x.kind == HwcRecipientKind::kSchool)
        schools.push_back(x.school);
      else
        leerplicht = true;
      EXPECT_FALSE(x.reason.empty()) << r.what;
    }
    EXPECT_EQ(schools, r.schools) << r.what;
    EXPECT_EQ(leerplicht, r.leerplicht) << r.what;
  }
}

TEST(HwcRules, AgeWindowIsPerRegion) {
  HwcRegionConfig cfg;
  cfg.min_age = 2;
  cfg.max_age = 12;
  const Date incident = D("2026-11-24");
  std::vector<HwcEnrolment> none;
  EXPECT_EQ(HwcRecipientsFor(D("2024-01-01"), none, incident, cfg).front().reason,
            "niet ingeschreven (thuisonderwijs of onbekend)");                  // 2: in the window
  EXPECT_TRUE(HwcRecipientsFor(D("2013-01-01"), none, incident, cfg).empty());  // 13
  EXPECT_EQ(HwcRecipientsFor(D("2025-01-01"), none, incident, cfg).front().kind,
            HwcRecipientKind::kLeerplicht);
}

TEST(HwcRules, RegionConfigDefaultsAndValidation) {
  const HwcRegionConfig defaults;
  EXPECT_EQ(defaults.min_age, 4);
  EXPECT_EQ(defaults.max_age, 18);
  EXPECT_FALSE(defaults.include_present);
  EXPECT_TRUE(ValidateHwcRegionConfig(defaults).ok());
  for (Role r : {Role::kPolice, Role::kVtTriage, Role::kVtCaseWorker, Role::kVtSupervisor}) {
    EXPECT_TRUE(HwcMayRegister(defaults, r)) << RoleName(r);
  }
  EXPECT_FALSE(HwcMayRegister(defaults, Role::kSchoolContact));

  struct Row {
    const char* what;
    int min_age, max_age;
    std::vector<Role> roles;
    const char* error_field;  // nullptr: valid
  };
  const Row rows[] = {
      {"UK window 0..18", 0, 18, {Role::kPolice}, nullptr},
      {"one age only", 12, 12, {Role::kVtTriage}, nullptr},
      {"up to 23", 4, 23, {Role::kPolice, Role::kVtSupervisor}, nullptr},
      {"min above max", 10, 8, {Role::kPolice}, "max_age"},
      {"negative", -1, 18, {Role::kPolice}, "min_age"},
      {"above 23", 4, 24, {Role::kPolice}, "max_age"},
      {"nobody registers", 4, 18, {}, "registrant_roles"},
      {"a school cannot register",
       4,
       18,
       {Role::kPolice, Role::kSchoolContact},
       "registrant_roles"},
      {"nor an administrator", 4, 18, {Role::kAdmin}, "registrant_roles"},
  };
  for (const Row& r : rows) {
    HwcRegionConfig c;
    c.min_age = r.min_age;
    c.max_age = r.max_age;
    c.registrant_roles = r.roles;
    Status s = ValidateHwcRegionConfig(c);
    if (!r.error_field) {
      EXPECT_TRUE(s.ok()) << r.what << ": " << s.message();
    } else {
      ASSERT_FALSE(s.ok()) << r.what;
      EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << r.what;
      EXPECT_EQ(s.errors().front().field, r.error_field) << r.what;
      EXPECT_FALSE(s.errors().front().message.empty()) << r.what;
    }
  }
}

TEST(HwcRules, VtOnlyRegionRefusesThePolice) {
  HwcRegionConfig c;
  c.registrant_roles = {Role::kVtTriage, Role::kVtCaseWorker};
  EXPECT_FALSE(HwcMayRegister(c, Role::kPolice));
  EXPECT_TRUE(HwcMayRegister(c, Role::kVtTriage));
  EXPECT_FALSE(HwcMayRegister(c, Role::kVtSupervisor));
}

TEST(HwcRules, RolesTextRoundTrips) {
  const std::vector<Role> roles = {Role::kPolice, Role::kVtCaseWorker};
  EXPECT_EQ(HwcRolesText(roles), "police,vt_case_worker");
  auto back = ParseHwcRoles("police,vt_case_worker");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, roles);
  EXPECT_EQ(*ParseHwcRoles("police,police"), std::vector<Role>{Role::kPolice});
  EXPECT_TRUE(ParseHwcRoles("")->empty());
  EXPECT_FALSE(ParseHwcRoles("police,sheriff").ok());
  EXPECT_EQ(HwcRolesText(HwcRegionConfig{}.registrant_roles),
            "police,vt_triage,vt_case_worker,vt_supervisor");
}

TEST(HwcRules, MergeKeyIsChildRecipientSchoolDay) {
  EXPECT_EQ(HwcMergeKey(12, 7, D("2026-11-24")), "p12.o7.d2026-11-24");
  EXPECT_EQ(HwcMergeKey(12, 7, D("2026-11-24")), HwcMergeKey(12, 7, D("2026-11-24")));
  EXPECT_NE(HwcMergeKey(12, 7, D("2026-11-24")), HwcMergeKey(12, 8, D("2026-11-24")));
  EXPECT_NE(HwcMergeKey(12, 7, D("2026-11-24")), HwcMergeKey(12, 7, D("2026-11-25")));
  EXPECT_NE(HwcMergeKey(12, 7, D("2026-11-24")), HwcMergeKey(13, 7, D("2026-11-24")));
}

TEST(HwcRules, ContentIsMinimal) {
  HwcNoticeFacts f;
  f.child_name = "Noor de Vries";
  f.birth_date = D("2015-03-01");
  f.recipient_name = "OBS De Linde";
  f.due_text = "dinsdag 24 november 2026 08:30";
  HwcNoticeText t = HwcNoticeContent(f);
  for (const std::string* s : {&t.subject, &t.body, &t.webhook_json}) {
    EXPECT_NE(s->find("Noor de Vries"), std::string::npos);
    // Nothing the content builder is never given can appear; and no words
    // about the nature of the incident.
    for (const char* banned : {"geweld", "violence", "politie", "police", "incident", "adres",
                               "address", "aanwezig", "present"}) {
      EXPECT_EQ(s->find(banned), std::string::npos) << banned << " in " << *s;
    }
  }
  EXPECT_NE(t.body.find("Handle with Care"), std::string::npos);
  EXPECT_NE(t.body.find("1 maart 2015"), std::string::npos);
  EXPECT_NE(t.body.find("OBS De Linde"), std::string::npos);
  // The UK variant, when the region includes it: whether the child was present.
  f.present = true;
  t = HwcNoticeContent(f);
  EXPECT_NE(t.body.find("Aanwezig bij de gebeurtenis: ja"), std::string::npos);
  EXPECT_NE(t.webhook_json.find("\"present\":true"), std::string::npos);
}

// Regression (fuzz hwc_webhook, regressions/hwc_webhook/line_break_in_name):
// a name with a line break (JSON strings may carry "\n", and the person API
// kept it) went into the Subject: the SMTP channel refuses such a subject, so
// the school's e-mail was retried forever and never sent; in the body it
// could add lines of its own to the notice.
TEST(HwcRules, ContentKeepsNamesOnOneLine) {
  HwcNoticeFacts f;
  f.child_name = "Noor\r\nBcc: iemand@example.org";
  f.birth_date = D("2015-03-01");
  f.recipient_name = "OBS\nDe Linde";
  f.due_text = "dinsdag\t24 november";
  HwcNoticeText t = HwcNoticeContent(f);
  EXPECT_EQ(t.subject, "Handle with Care: Noor  Bcc: iemand@example.org");
  EXPECT_NE(t.body.find("Leerling: Noor  Bcc: iemand@example.org\n"), std::string::npos);
  EXPECT_NE(t.body.find("School: OBS De Linde\n"), std::string::npos);
  HwcNoticeFacts plain = f;
  plain.child_name = plain.recipient_name = plain.due_text = "x";
  const std::string plain_body = HwcNoticeContent(plain).body;
  EXPECT_EQ(std::count(t.body.begin(), t.body.end(), '\n'),
            std::count(plain_body.begin(), plain_body.end(), '\n'));
  // The webhook keeps the name as it is (JSON escapes it).
  EXPECT_EQ(nlohmann::json::parse(t.webhook_json)["child"]["name"], f.child_name);
}

// Regression (fuzz hwc_webhook, regressions/hwc_webhook/invalid_utf8_in_name):
// invalid UTF-8 in a name made nlohmann::json::dump throw (type_error 316)
// inside the incident's transaction; now it becomes U+FFFD.
TEST(HwcRules, ContentWithInvalidUtf8DoesNotThrow) {
  HwcNoticeFacts f;
  f.child_name =
      "Anna Jan\x8a"
      "en";
  f.birth_date = D("2015-03-01");
  HwcNoticeText t;
  ASSERT_NO_THROW(t = HwcNoticeContent(f));
  EXPECT_EQ(nlohmann::json::parse(t.webhook_json)["child"]["name"],
            "Anna Jan\xef\xbf\xbd"
            "en");
}

}  // namespace
}  // namespace inbeeld
