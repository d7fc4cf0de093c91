#include "common/error.h"

namespace orinet {

Error::Error(const std::string& message)
    : std::runtime_error(message) {}

Error::Error(const std::string& path, const std::string& problem)
    : std::runtime_error(path + ": " + problem)
    , mPath(path) {}

Canceled::Canceled()
    : Error("canceled") {}

} // namespace orinet
