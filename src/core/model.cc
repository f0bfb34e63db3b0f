#include "core/model.h"

namespace inbeeld {

std::string_view SexCode(Sex s) {
  switch (s) {
    case Sex::kMale: return "M";
    case Sex::kFemale: return "V";
    case Sex::kUnknown: return "O";
  }
  return "O";
}

std::optional<Sex> ParseSex(std::string_view s) {
  if (s == "M" || s == "m") return Sex::kMale;
  if (s == "V" || s == "v" || s == "F" || s == "f") return Sex::kFemale;
  if (s == "O" || s == "o" || s == "X" || s == "x" || s.empty()) return Sex::kUnknown;
  return std::nullopt;
}

std::string_view RelationName(Relation r) {
  switch (r) {
    case Relation::kChild: return "child";
    case Relation::kParent: return "parent";
    case Relation::kCarer: return "carer";
  }
  return "child";
}

std::optional<Relation> ParseRelation(std::string_view s) {
  if (s == "child" || s == "kind") return Relation::kChild;
  if (s == "parent" || s == "ouder") return Relation::kParent;
  if (s == "carer" || s == "verzorger") return Relation::kCarer;
  return std::nullopt;
}

std::string FullName(const Person& p) {
  std::string n = p.first_name;
  if (!p.tussenvoegsel.empty()) n += " " + p.tussenvoegsel;
  if (!p.last_name.empty()) n += " " + p.last_name;
  return n;
}

}  // namespace inbeeld
