#include "metrics/direction.h"

#include "common/error.h"

namespace orinet::metrics {

bool queriesAreGround(Direction direction) {
    return direction == Direction::GroundToSatellite;
}

std::string label(Direction direction) {
    return queriesAreGround(direction) ? "ground -> satellite" : "satellite -> ground";
}

} // namespace orinet::metrics
