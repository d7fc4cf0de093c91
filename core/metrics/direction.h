#pragma once

#include "common/enumnames.h"

#include <string>

namespace orinet::metrics {

//! Which images are the queries of an evaluation; the other kind is the gallery. Either way
//! pair i's gallery item is the true match of query i (docs/evaluation.md).
enum class Direction {
    GroundToSatellite, //!< ground panoramas against the satellite tiles (the paper's direction)
    SatelliteToGround, //!< satellite tiles against the ground panoramas
};

// Named within metrics too, where the code says metrics::toString(direction).
using orinet::fromString;
using orinet::toString;

//! True when the queries are ground panoramas (and the gallery satellite tiles).
bool queriesAreGround(Direction direction);
//! "ground -> satellite" / "satellite -> ground", for plain-text output (the GUI has its own,
//! translated labels).
std::string label(Direction direction);

} // namespace orinet::metrics

namespace orinet {

//! "g2s" / "s2g": the spelling of results files (eval_g2s.json), their JSON and the CLI.
template <> struct EnumNames<metrics::Direction> {
    static constexpr const char* kind = "direction";
    static constexpr std::array<std::pair<metrics::Direction, const char*>, 2> names{
        {{metrics::Direction::GroundToSatellite, "g2s"},
         {metrics::Direction::SatelliteToGround, "s2g"}}};
};

} // namespace orinet
