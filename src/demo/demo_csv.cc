#include "demo/demo_csv.h"

#include <filesystem>
#include <fstream>
#include <memory>

namespace inbeeld {
namespace {

// Buffers lines and hands them to the stream in large pieces.
class LineSink {
 public:
  explicit LineSink(std::ostream& out) : out_(out) { buf_.reserve(kFlushAt + 4096); }
  ~LineSink() { Flush(); }
  std::string& line() { return buf_; }
  // Ends the current line.
  void EndLine() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) Flush();
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  bool ok() const { return static_cast<bool>(out_); }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  std::ostream& out_;
  std::string buf_;
};

void Fields(LineSink& sink, std::initializer_list<std::string_view> fields) {
  std::string& line = sink.line();
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) line.push_back(',');
    first = false;
    AppendCsvField(line, f);
  }
  sink.EndLine();
}

}  // namespace

void AppendCsvField(std::string& line, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    line.append(field);
    return;
  }
  line.push_back('"');
  for (char c : field) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

Result<DemoCsvCounts> WriteDemoCsv(const DemoPopulation& population, std::ostream& organisations,
                                   std::ostream& households, std::ostream& persons,
                                   std::ostream& enrolments) {
  DemoCsvCounts counts;
  {
    LineSink out(organisations);
    Fields(out, {"org_ref", "kind", "name", "municipality_code", "email", "school_type", "region",
                 "start_time"});
    for (const Organisation& o : population.organisations()) {
      const bool school = o.kind == OrgKind::kSchool;
      Fields(out, {o.ext_ref, OrgKindName(o.kind), o.name, o.municipality_code, o.email,
                   o.school_type, o.region ? SchoolRegionName(*o.region) : "",
                   school ? std::string_view(o.start_time) : ""});
      ++counts.organisations;
    }
  }
  LineSink hh_out(households), p_out(persons), e_out(enrolments);
  Fields(hh_out,
         {"household_ref", "street", "house_number", "postcode", "city", "municipality_code"});
  Fields(p_out, {"person_ref", "household_ref", "bsn", "first_name", "tussenvoegsel", "last_name",
                 "birth_date", "sex", "relation"});
  Fields(e_out, {"person_ref", "org_ref", "from", "to"});
  Status st = population.ForEachHousehold([&](const DemoHousehold& hh) {
    const Household& h = hh.household;
    const Address& a = h.address;
    Fields(hh_out, {h.ext_ref, a.street, a.house_number, a.postcode, a.city, a.municipality_code});
    ++counts.households;
    for (const DemoMember& m : hh.members) {
      const Person& p = m.person;
      Fields(p_out, {p.ext_ref, h.ext_ref, m.bsn, p.first_name, p.tussenvoegsel, p.last_name,
                     FormatIsoDate(p.birth_date), SexCode(p.sex), RelationName(p.relation)});
      ++counts.persons;
    }
    for (const auto& e : hh.enrolments) {
      Fields(e_out, {e.person_ref, e.org_ref, FormatIsoDate(e.from),
                     e.to ? FormatIsoDate(*e.to) : std::string()});
      ++counts.enrolments;
    }
    if (!hh_out.ok() || !p_out.ok() || !e_out.ok()) {
      return Status::Unavailable("schrijven van de demo-bestanden mislukt");
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  hh_out.Flush();
  p_out.Flush();
  e_out.Flush();
  if (!organisations || !households || !persons || !enrolments) {
    return Status::Unavailable("schrijven van de demo-bestanden mislukt");
  }
  return counts;
}

Result<DemoCsvCounts> WriteDemoCsv(const DemoPopulation& population, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::Unavailable("kan map " + dir + " niet maken: " + ec.message());
  const std::filesystem::path d(dir);
  std::ofstream o(d / "organisations.csv", std::ios::binary | std::ios::trunc);
  std::ofstream h(d / "households.csv", std::ios::binary | std::ios::trunc);
  std::ofstream p(d / "persons.csv", std::ios::binary | std::ios::trunc);
  std::ofstream e(d / "enrolments.csv", std::ios::binary | std::ios::trunc);
  if (!o || !h || !p || !e)
    return Status::Unavailable("kan de demo-bestanden in " + dir + " niet openen");
  auto counts = WriteDemoCsv(population, o, h, p, e);
  if (!counts.ok()) return counts;
  o.close();
  h.close();
  p.close();
  e.close();
  if (!o || !h || !p || !e) return Status::Unavailable("schrijven naar " + dir + " mislukt");
  return counts;
}

}  // namespace inbeeld
