#include <gtest/gtest.h>

#include "core/dates.h"
#include "core/money.h"
#include "core/schema.h"

namespace salesdesk {
namespace {

TEST(Money, ParsesDecimalsIntoMinorUnits) {
  EXPECT_EQ(ParseMoney("1234.5", "CNY").value(), 123450);
  EXPECT_EQ(ParseMoney("-0.01", "USD").value(), -1);
  EXPECT_EQ(ParseMoney("1500", "JPY").value(), 1500);
  EXPECT_EQ(ParseMoney("2.500", "CNY").value(), 250);
  EXPECT_FALSE(ParseMoney("2.505", "CNY").ok());
  EXPECT_FALSE(ParseMoney("1,234.50", "CNY").ok());
  EXPECT_FALSE(ParseMoney("", "CNY").ok());
  EXPECT_FALSE(ParseMoney("abc", "CNY").ok());
  EXPECT_FALSE(ParseMoney("99999999999999999999", "CNY").ok());
}

TEST(Money, FormatsMinorUnits) {
  EXPECT_EQ(FormatMoney(123450, "CNY"), "1234.50");
  EXPECT_EQ(FormatMoney(-5, "USD"), "-0.05");
  EXPECT_EQ(FormatMoney(1500, "JPY"), "1500");
}

TEST(Dates, ParsesRealDatesOnly) {
  EXPECT_TRUE(ParseDate("2024-02-29").ok());
  EXPECT_FALSE(ParseDate("2026-02-29").ok());
  EXPECT_FALSE(ParseDate("2026-13-01").ok());
  EXPECT_FALSE(ParseDate("26-01-01").ok());
  EXPECT_EQ(Date::FromDaysSinceEpoch(ParseDate("2026-11-27")->DaysSinceEpoch()).ToString(), "2026-11-27");
}

TEST(Dates, PeriodsCoverTheirDays) {
  auto q = ParsePeriod("2026-Q1").value();
  EXPECT_EQ(q.First().ToString(), "2026-01-01");
  EXPECT_EQ(q.Last().ToString(), "2026-03-31");
  auto m = ParsePeriod("2024-02").value();
  EXPECT_EQ(m.Last().ToString(), "2024-02-29");
  EXPECT_FALSE(ParsePeriod("2026-Q5").ok());
  EXPECT_FALSE(ParsePeriod("2026-00").ok());
}

TEST(Dates, MonthArithmeticCrossesYears) {
  EXPECT_EQ(MonthOf(Date{2026, 3, 31}), "2026-03");
  EXPECT_EQ(AddMonths("2026-03", 1), "2026-04");
  EXPECT_EQ(AddMonths("2026-11", 2), "2027-01");
  EXPECT_EQ(AddMonths("2026-01", -1), "2025-12");
  EXPECT_EQ(AddMonths("2026-01", -25), "2023-12");
  EXPECT_EQ(AddMonths("2026-05", 0), "2026-05");
}

TEST(Dates, TimestampsRoundTrip) {
  auto t = ParseTimestamp("2026-03-31T09:30:05Z").value();
  EXPECT_EQ(FormatTimestamp(t), "2026-03-31T09:30:05Z");
  EXPECT_FALSE(ParseTimestamp("2026-03-31 09:30:05").ok());
}

TEST(Dates, KnowsTimeZones) {
  EXPECT_TRUE(IsTimeZone("Asia/Shanghai"));
  EXPECT_TRUE(IsTimeZone("America/New_York"));
  EXPECT_FALSE(IsTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsTimeZone(""));
}

TEST(Schema, EveryReferenceNamesAKindWithASingleFieldKey) {
  for (const KindSpec* kind : AllKinds()) {
    for (const auto& f : kind->fields) {
      if (f.type != FieldType::kRef) continue;
      const KindSpec* target = FindKind(f.ref_kind);
      ASSERT_NE(target, nullptr) << kind->name << "." << f.name;
      EXPECT_EQ(target->natural_key.size(), 1u) << kind->name << "." << f.name;
    }
    for (auto k : kind->natural_key) EXPECT_NE(kind->Field(k), nullptr) << kind->name << "." << k;
  }
}

TEST(Schema, FieldNamesArePlainIdentifiers) {
  // They are SQL columns and JSON keys written without escaping (JsonWriter::PlainKey).
  for (const KindSpec* kind : AllKinds()) {
    for (const FieldSpec& f : kind->fields) {
      ASSERT_FALSE(f.name.empty());
      for (char c : f.name) {
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
            << kind->name << "." << f.name;
      }
    }
  }
}

TEST(Schema, ForecastFiguresAreNotNegativeAndBoundsEncloseThem) {
  Record f(&ForecastsKind());
  f.Set("period", std::string("2026-12"));
  f.Set("method", std::string("committed"));
  f.Set("amount", std::int64_t{-300});
  f.Set("currency", std::string("CNY"));
  f.Set("made_on", std::string("2026-11-27"));
  EXPECT_EQ(ValidateRecord(f).field(), "amount");
  f.Set("amount", std::int64_t{1000});
  EXPECT_TRUE(ValidateRecord(f).ok()) << ValidateRecord(f).ToString();
  f.Set("hi80", std::int64_t{900});
  EXPECT_EQ(ValidateRecord(f).field(), "hi80");
  // Other money (a refund on a sales line) may be negative.
  EXPECT_TRUE(ValidateValue(*SalesKind().Field("amount"), Value(std::int64_t{-5})).ok());
}

TEST(Schema, ValidationNamesTheField) {
  Record opp(&OpportunitiesKind());
  Status s = ValidateRecord(opp);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "external_id");
  opp.Set("external_id", std::string("O-1"));
  opp.Set("account_id", std::int64_t{1});
  opp.Set("name", std::string("Deal"));
  opp.Set("stage", std::string("won"));
  s = ValidateRecord(opp);
  EXPECT_EQ(s.field(), "stage");
  EXPECT_NE(s.message().find("closed_won"), std::string::npos);
}

TEST(Schema, RejectsMalformedUtf8AndLongText) {
  const FieldSpec* name = AccountsKind().Field("name");
  EXPECT_FALSE(ValidateValue(*name, std::string("\xff\xfe")).ok());
  EXPECT_FALSE(ValidateValue(*name, std::string(201, 'x')).ok());
  EXPECT_TRUE(ValidateValue(*name, std::string("华瑞工业")).ok());
}

}  // namespace
}  // namespace salesdesk
