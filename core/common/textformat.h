#pragma once

#include <string>

namespace orinet::text {

//! The current time as ISO 8601 UTC ("2026-11-25T05:12:38Z"), for provenance fields.
std::string isoTimestampUtc();

//! A CSV field (RFC 4180): quoted, with inner quotes doubled, when it holds a comma, a quote
//! or a line break; as is otherwise.
std::string csvField(const std::string& value);

} // namespace orinet::text
