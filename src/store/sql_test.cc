// Backend-independent tests of the SQL layer: row conversions, placeholder
// rewriting, COPY escaping, URL dispatch.
#include <gtest/gtest.h>

#include "store/postgresql/pg_connection.h"
#include "store/sql.h"
#include "store/sql_identifier.h"
#include "store/sqlite/sqlite_connection.h"

namespace inbeeld {
namespace {

TEST(SqlRowTest, ConvertsBetweenTextAndNumbers) {
  SqlRow r({SqlValue(int64_t{42}), SqlValue(std::string("17")), SqlValue(SqlNull{}), SqlValue(2.5),
            SqlValue(std::string("t"))});
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_EQ(r.Text(0), "42");
  EXPECT_EQ(r.Int(1), 17);
  EXPECT_EQ(r.Text(1), "17");
  EXPECT_TRUE(r.IsNull(2));
  EXPECT_EQ(r.Int(2), 0);
  EXPECT_EQ(r.Text(2), "");
  EXPECT_EQ(r.OptText(2), std::nullopt);
  EXPECT_EQ(r.OptInt(2), std::nullopt);
  EXPECT_EQ(r.OptInt(1), 17);
  EXPECT_DOUBLE_EQ(r.Real(3), 2.5);
  EXPECT_DOUBLE_EQ(r.Real(1), 17.0);
  EXPECT_EQ(r.Int(4), 1);
}

TEST(SqlOptTest, EmptyBecomesNull) {
  EXPECT_TRUE(std::holds_alternative<SqlNull>(SqlOpt(std::optional<std::string>())));
  EXPECT_TRUE(std::holds_alternative<SqlNull>(SqlOpt(std::optional<std::string>(""))));
  EXPECT_EQ(std::get<std::string>(SqlOpt(std::optional<std::string>("x"))), "x");
  EXPECT_TRUE(std::holds_alternative<SqlNull>(SqlOpt(std::optional<int64_t>())));
  EXPECT_EQ(std::get<int64_t>(SqlOpt(std::optional<int64_t>(0))), 0);
}

TEST(RewritePlaceholdersTest, OnlyOutsideLiteralsAndComments) {
  EXPECT_EQ(RewritePlaceholders("SELECT $1, $12 FROM t WHERE a = $2"),
            "SELECT ?1, ?12 FROM t WHERE a = ?2");
  EXPECT_EQ(RewritePlaceholders("SELECT '$1', 'it''s $2', $3"), "SELECT '$1', 'it''s $2', ?3");
  EXPECT_EQ(RewritePlaceholders("SELECT \"$1\" -- $2\n, $3 /* $4 */"),
            "SELECT \"$1\" -- $2\n, ?3 /* $4 */");
  EXPECT_EQ(RewritePlaceholders("SELECT $a"), "SELECT $a");
}

TEST(CopyFieldTest, EscapesTextFormat) {
  std::string out;
  AppendCopyField(std::string("a\tb\nc\\d\re"), out);
  EXPECT_EQ(out, "a\\tb\\nc\\\\d\\re");
  out.clear();
  AppendCopyField(SqlNull{}, out);
  EXPECT_EQ(out, "\\N");
  out.clear();
  AppendCopyField(std::string("\\N"), out);  // the text "\N" is not NULL
  EXPECT_EQ(out, "\\\\N");
  out.clear();
  AppendCopyField(int64_t{-7}, out);
  EXPECT_EQ(out, "-7");
}

TEST(SqlIdentifierTest, RejectsAnythingButNames) {
  EXPECT_TRUE(IsSqlIdentifier("persons"));
  EXPECT_TRUE(IsSqlIdentifier("_x9"));
  EXPECT_FALSE(IsSqlIdentifier("9x"));
  EXPECT_FALSE(IsSqlIdentifier("a b"));
  EXPECT_FALSE(IsSqlIdentifier("a;DROP"));
  EXPECT_TRUE(CheckIdentifiers("t", {"a", "b"}, "a, b").ok());
  EXPECT_FALSE(CheckIdentifiers("t", {"a"}, "a) DO UPDATE").ok());
}

TEST(SqlPoolTest, UnknownSchemeIsInvalidArgument) {
  auto p = SqlPool::Open("mysql://x", 1);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
}

TEST(SqlPoolTest, UnreachablePostgresqlIsUnavailable) {
  auto p = SqlPool::Open("postgresql://postgres@127.0.0.1:1/x?connect_timeout=2", 1);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(p.status().message().find("cannot connect to PostgreSQL"), std::string::npos)
      << p.status().ToString();
}

TEST(SqlPoolTest, UnopenableSqliteIsUnavailable) {
  auto p = SqlPool::Open("sqlite:/nonexistent-dir/x.db", 1);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace inbeeld
