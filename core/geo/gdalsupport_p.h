#pragma once

// Core-private helpers for the GDAL/PROJ translation units of core/geo.

#include <cpl_error.h>
#include <gdal.h>

#include <mutex>
#include <string>

namespace orinet::gdal {

inline void registerDrivers() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

//! The last GDAL/PROJ error of this thread, or `fallback` when it left none.
inline std::string lastError(const char* fallback = "GDAL reported no details") {
    const char* message = CPLGetLastErrorMsg();
    return message && *message ? message : fallback;
}

//! GDAL prints errors to stderr by default; ours carry its message in an orinet::Error
//! instead. The handler stack is per thread, so this is safe on workers.
struct QuietErrors {
    QuietErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietErrors() { CPLPopErrorHandler(); }
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;
};

} // namespace orinet::gdal
