// CsvReader: a streaming RFC 4180 reader for register files. It never fails
// hard and never crashes, whatever bytes it is given: a malformed record comes
// back with `error` set (a Dutch reason) and the reader carries on with the
// next record. Handles CRLF and LF line ends, quoted fields with commas,
// newlines and "" escapes, a UTF-8 byte-order mark at the start, and rejects
// fields that are not valid UTF-8 (or hold a NUL byte). Blank lines are skipped.
// Memory per record is bounded by Limits. Not thread-safe.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace inbeeld {

struct CsvRecord {
  int64_t row = 0;   // record number, 1-based; the header is row 1
  int64_t line = 0;  // physical line on which the record starts, 1-based
  std::vector<std::string> fields;
  std::string error;     // empty when the record is well-formed
  int error_field = -1;  // 0-based index of the field `error` is about; -1 = the record
};

class CsvReader {
 public:
  struct Limits {
    size_t max_field_bytes = 64 * 1024;
    size_t max_fields = 256;
  };

  // Reads from `in`, which must outlive the reader.
  explicit CsvReader(std::istream& in) : CsvReader(in, Limits{}) {}
  CsvReader(std::istream& in, Limits limits);

  // Reads the next record into `rec`. Returns false at the end of the input.
  bool Next(CsvRecord& rec);

  // Bytes consumed so far (for progress reporting).
  int64_t bytes_read() const { return consumed_; }

 private:
  int Get() {
    if (pos_ == end_ && !Fill()) return -1;
    ++consumed_;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  int Peek() {
    if (pos_ == end_ && !Fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }
  bool Fill();
  void SetError(CsvRecord& rec, int field, const char* reason);

  std::istream& in_;
  Limits limits_;
  std::vector<char> buf_;
  size_t pos_ = 0, end_ = 0;
  int64_t consumed_ = 0;
  int64_t line_ = 1;
  int64_t row_ = 0;
  bool started_ = false;
};

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF) and holds no NUL byte.
bool IsValidUtf8Text(std::string_view s);

}  // namespace inbeeld
