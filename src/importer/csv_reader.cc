#include "importer/csv_reader.h"

#include "core/text.h"

namespace inbeeld {

CsvReader::CsvReader(std::istream& in, Limits limits) : in_(in), limits_(limits), buf_(1 << 16) {}

bool CsvReader::Fill() {
  if (!in_) return false;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  pos_ = 0;
  end_ = static_cast<size_t>(in_.gcount());
  return end_ > 0;
}

void CsvReader::SetError(CsvRecord& rec, int field, const char* reason) {
  if (rec.error.empty()) {
    rec.error = reason;
    rec.error_field = field;
  }
}

bool CsvReader::Next(CsvRecord& rec) {
  if (!started_) {
    started_ = true;
    // A UTF-8 byte-order mark at the very start is not data.
    if (pos_ == end_) Fill();
    if (end_ - pos_ >= 3 && buf_[pos_] == '\xEF' && buf_[pos_ + 1] == '\xBB' &&
        buf_[pos_ + 2] == '\xBF') {
      pos_ += 3;
      consumed_ += 3;
    }
  }
  // Skip blank lines.
  int c = Get();
  while (c == '\n' || c == '\r') {
    if (c == '\r' && Peek() == '\n') Get();
    ++line_;
    c = Get();
  }
  if (c == -1) return false;

  rec.row = ++row_;
  rec.line = line_;
  rec.error.clear();
  rec.error_field = -1;
  rec.fields.clear();
  rec.fields.emplace_back();
  auto field_index = [&] { return static_cast<int>(rec.fields.size()) - 1; };
  auto append = [&](int ch) {
    std::string& f = rec.fields.back();
    if (f.size() < limits_.max_field_bytes) {
      f.push_back(static_cast<char>(ch));
    } else {
      SetError(rec, field_index(), "dit veld is te lang");
    }
  };
  auto new_field = [&] {
    if (rec.fields.size() < limits_.max_fields) {
      rec.fields.emplace_back();
    } else {
      SetError(rec, -1, "deze rij heeft te veel velden");
      rec.fields.back().clear();  // keep memory bounded; the record is rejected anyway
    }
  };
  // Ends the record on a line end; returns true when `ch` was one.
  auto line_end = [&](int ch) {
    if (ch == '\n') {
      ++line_;
      return true;
    }
    if (ch == '\r') {
      if (Peek() == '\n') Get();
      ++line_;
      return true;
    }
    return false;
  };

  bool at_field_start = true;
  for (;; c = Get()) {
    if (c == -1) break;
    if (at_field_start && c == '"') {
      // Quoted field.
      at_field_start = false;
      bool closed = false;
      for (;;) {
        int q = Get();
        if (q == -1) break;
        if (q == '"') {
          if (Peek() == '"') {
            Get();
            append('"');
            continue;
          }
          closed = true;
          break;
        }
        if (q == '\n') ++line_;
        append(q);
      }
      if (!closed) {
        SetError(rec, field_index(), "aanhalingsteken niet gesloten");
        break;
      }
      int after = Get();
      if (after == -1 || line_end(after)) break;
      if (after == ',') {
        new_field();
        at_field_start = true;
        continue;
      }
      SetError(rec, field_index(), "tekst na het sluitende aanhalingsteken");
      append(after);
      continue;  // read the rest as unquoted text
    }
    at_field_start = false;
    if (c == ',') {
      new_field();
      at_field_start = true;
      continue;
    }
    if (line_end(c)) break;
    if (c == '"')
      SetError(rec, field_index(), "aanhalingsteken midden in een veld zonder aanhalingstekens");
    append(c);
  }

  if (rec.error.empty()) {
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      if (!IsValidUtf8Text(rec.fields[i])) {
        SetError(rec, static_cast<int>(i), "dit veld is geen geldige UTF-8-tekst");
        break;
      }
    }
  }
  return true;
}

bool IsValidUtf8Text(std::string_view s) {
  return s.find('\0') == std::string_view::npos && IsValidUtf8(s);
}

}  // namespace inbeeld
