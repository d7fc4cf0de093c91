#include "clicommand.h"
#include "commands.h"

#include "io/npyarray.h"
#include "orientation/orientationmap.h"

#include <QJsonArray>

namespace orinet::cli {

int runOrientation(const QStringList& args) {
    CliCommand cmd("orientation",
                   "Writes a raw orientation map (radians, float64, H x W x 2) as a NumPy .npy "
                   "file.\nground: [..,0] yaw, [..,1] pitch. satellite: [..,0] azimuth "
                   "(clockwise from north), [..,1] radius (1 at the inscribed circle, 0 outside).");
    cmd.addOption("kind", "ground or satellite", "kind");
    cmd.addOption("size", "map size as HxW (satellite tiles are square: S or SxS)", "HxW");
    cmd.addOption("out", "output .npy file", "file");
    cmd.addOutputOptions();
    if (!cmd.parse(args))
        return 0;
    const QString kind = cmd.choiceValue("kind", {"ground", "satellite"});
    const QSize size = cmd.sizeValue("size");
    const QString out = cmd.required("out");
    if (size.width() > 16384 || size.height() > 16384)
        throw UsageError("--size is larger than 16384 in one dimension");

    cv::Mat map;
    if (kind == "ground") {
        if (size.width() < 2)
            throw UsageError("a panorama needs at least 2 columns");
        map = OrientationMap::groundRaw(size.height(), size.width());
    } else {
        if (size.width() != size.height())
            throw UsageError("satellite tiles are square; got " + std::to_string(size.height()) +
                             "x" + std::to_string(size.width()));
        map = OrientationMap::satelliteRaw(size.width());
    }
    NpyArray::fromMat(map).save(out.toStdString());
    cmd.print("wrote %s (%d x %d x 2, float64)\n", qPrintable(out), map.rows, map.cols);
    cmd.result() = {{"output", out},
                    {"kind", kind},
                    {"shape", QJsonArray{map.rows, map.cols, 2}},
                    {"dtype", "float64"}};
    return cmd.finish();
}

} // namespace orinet::cli
