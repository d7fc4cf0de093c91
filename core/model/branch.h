#pragma once

namespace orinet {

//! The two branches of a cross-view model: the ground panorama and the satellite tile.
enum class Branch { Ground, Satellite };

} // namespace orinet
