#include "metrics/direction.h"

#include "common/error.h"

namespace orinet::metrics {

std::string toString(Direction direction) {
    return direction == Direction::SatelliteToGround ? "s2g" : "g2s";
}

Direction directionFromString(const std::string& name) {
    for (Direction d : {Direction::GroundToSatellite, Direction::SatelliteToGround})
        if (toString(d) == name)
            return d;
    throw Error("unknown direction '" + name + "' (expected g2s or s2g)");
}

bool queriesAreGround(Direction direction) {
    return direction == Direction::GroundToSatellite;
}

std::string label(Direction direction) {
    return queriesAreGround(direction) ? "ground -> satellite" : "satellite -> ground";
}

} // namespace orinet::metrics
