#include "platform/calendar_files.h"

#include <fstream>
#include <sstream>

namespace inbeeld {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Invalid(path + ": kan het bestand niet lezen");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Invalid(path + ": leesfout");
  return text.str();
}

Status InFile(const std::string& path, const Status& s) {
  return Status::Invalid(path + ": " + s.message(), s.field());
}

}  // namespace

std::string DefaultDataDir() {
  return INBEELD_DEFAULT_DATA_DIR;
}

Result<CalendarData> LoadCalendars(const std::string& data_dir) {
  const std::string public_path = data_dir + "/calendars/public_holidays.csv";
  const std::string school_path = data_dir + "/calendars/school_holidays.csv";
  Result<std::string> public_text = ReadFile(public_path);
  if (!public_text.ok()) return public_text.status();
  Result<HolidayCalendar> holidays = HolidayCalendar::Parse(*public_text);
  if (!holidays.ok()) return InFile(public_path, holidays.status());
  Result<std::string> school_text = ReadFile(school_path);
  if (!school_text.ok()) return school_text.status();
  Result<SchoolCalendar> schools = SchoolCalendar::Parse(*school_text, *holidays);
  if (!schools.ok()) return InFile(school_path, schools.status());
  return CalendarData{std::move(holidays).value(), std::move(schools).value()};
}

}  // namespace inbeeld
