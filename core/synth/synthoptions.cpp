#include "synth/synthoptions.h"

#include "common/error.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace orinet {

namespace {

template <typename T> void check(const char* name, T value, T minimum, T maximum) {
    if (!(value >= minimum && value <= maximum)) {
        std::ostringstream s;
        s << "synthetic world option " << name << " must be in [" << minimum << ", " << maximum
          << "], got " << value;
        throw Error(s.str());
    }
}

constexpr int kMaxWorldPixels = 8192;

std::string number(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

} // namespace

int SynthOptions::cvusaPanoHeight() const {
    return static_cast<int>(std::lround(cvusaPanoWidth * 224.0 / 1232.0));
}

double SynthOptions::effectiveWorldMetres() const {
    if (worldMetres > 0)
        return worldMetres;
    // ~35 m of town per location keeps neighbours close (geo-recall) without crowding, plus a
    // tile of margin on every side
    const double side = std::sqrt(static_cast<double>(pairs)) * 35.0 + 2.0 * tileMetres;
    return std::clamp(side, 300.0, kMaxWorldPixels * pixelSize);
}

void SynthOptions::validate() const {
    if (outDir.empty())
        throw Error("synthetic world: no output folder given");
    check("pairs", pairs, 1, 1000000);
    check("tile size", tileSize, 16, 4096);
    check("tile metres", tileMetres, 10.0, 1000.0);
    check("CVUSA panorama width", cvusaPanoWidth, 22, 8192);
    check("CVACT panorama width", cvactPanoWidth, 8, 8192);
    if (cvactPanoWidth % 2 != 0)
        throw Error("synthetic world option CVACT panorama width must be even (2:1 sphere), got " +
                    std::to_string(cvactPanoWidth));
    check("pixel size", pixelSize, 0.05, 5.0);
    if (worldMetres != 0)
        check("world metres", worldMetres, 200.0, 1e6);
    const double side = effectiveWorldMetres();
    if (side / pixelSize > kMaxWorldPixels)
        throw Error("synthetic world of " + number(side) + " m at " + number(pixelSize) +
                    " m/pixel exceeds " + std::to_string(kMaxWorldPixels) +
                    " pixels; raise the pixel size");
    if (side < 2.5 * tileMetres)
        throw Error("synthetic world (" + number(side) + " m) must be at least 2.5 tiles (" +
                    number(2.5 * tileMetres) + " m) wide");
    check("minimum camera height", minCameraHeight, 0.5, 20.0);
    check("maximum camera height", maxCameraHeight, minCameraHeight, 20.0);
    check("nearby fraction", nearbyFraction, 0.0, 1.0);
    check("train fraction", trainFraction, 0.0, 1.0);
    check("val fraction", valFraction, 0.0, 1.0 - trainFraction);
    check("JPEG quality", jpegQuality, 1, 100);
    check("threads", threads, 0, 256);
}

} // namespace orinet
