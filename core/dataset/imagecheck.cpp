#include "dataset/imagecheck.h"

#include "common/error.h"
#include "dataset/datasetfiles.h"

#include <cmath>

namespace orinet {

namespace {

// The distributed sizes (docs/dataset-formats.md); the bounds allow twice as much.
constexpr int kCvusaPanoramaRows = 224, kCvusaPanoramaCols = 1232, kCvusaTile = 750;
constexpr int kCvactPanoramaRows = 832, kCvactPanoramaCols = 1664, kCvactTile = 1200;
constexpr int kAnySide = 8192;

} // namespace

int ImageCheck::maxWidth(DatasetLayout layout, bool panorama) {
    switch (layout) {
    case DatasetLayout::Cvusa:
        return 2 * (panorama ? kCvusaPanoramaCols : kCvusaTile);
    case DatasetLayout::Cvact:
        return 2 * (panorama ? kCvactPanoramaCols : kCvactTile);
    default:
        return panorama ? 2 * kAnySide : kAnySide;
    }
}

int ImageCheck::maxHeight(DatasetLayout layout, bool panorama) {
    switch (layout) {
    case DatasetLayout::Cvusa:
        return 2 * (panorama ? kCvusaPanoramaRows : kCvusaTile);
    case DatasetLayout::Cvact:
        return 2 * (panorama ? kCvactPanoramaRows : kCvactTile);
    default:
        return kAnySide;
    }
}

std::string ImageCheck::shapeProblem(DatasetLayout layout, bool panorama, const ImageHeader& h) {
    const std::string size = std::to_string(h.width) + "x" + std::to_string(h.height);
    const int maxW = maxWidth(layout, panorama), maxH = maxHeight(layout, panorama);
    if (h.width > maxW || h.height > maxH)
        return std::string(panorama ? "panorama" : "satellite tile") + " is " + size +
               " (width x height); " +
               (layout == DatasetLayout::Auto
                    ? std::string("at most ")
                    : "the " + toString(layout) + " layout allows at most ") +
               std::to_string(maxW) + "x" + std::to_string(maxH) +
               (layout == DatasetLayout::Auto ? " is read" : "");
    if (panorama) {
        if (h.height < 2 || h.width <= h.height)
            return "panorama is " + size + " (width x height); expected wider than tall";
        if (layout == DatasetLayout::Cvact && h.width != 2 * h.height)
            return "CVACT panorama is " + size +
                   "; expected a full 2:1 panorama (1664x832) whose middle rows are cropped";
        if (layout == DatasetLayout::Cvusa) {
            // CVUSA's panoramas are a 1232:224 (5.5:1) band of the sphere; allow 15 % for
            // re-cut or resized copies, not a full sphere (2:1) or a square.
            const double aspect = double(h.width) / h.height;
            const double expected = double(kCvusaPanoramaCols) / kCvusaPanoramaRows;
            if (std::abs(aspect - expected) > 0.15 * expected)
                return "CVUSA panorama is " + size +
                       "; expected the 1232:224 aspect of CVUSA's panoramas (1232x224)";
        }
        return {};
    }
    if (h.width != h.height || h.width < 3)
        return "satellite tile is " + size + "; expected square (at least 3x3)";
    return {};
}

std::string ImageCheck::readProblem(const std::string& path, ImageHeader& header) {
    try {
        header = ImageHeader::read(path);
        return {};
    } catch (const Error& e) {
        // A file listed but absent is the commonest problem; say so plainly.
        if (!DatasetFiles::isFile(path) && !DatasetFiles::isFolder(path))
            return "missing";
        // ImageHeader's message is "path: problem"; the reports keep them apart.
        const std::string text = e.what();
        return !e.path().empty() && text.compare(0, path.size() + 2, path + ": ") == 0
                   ? text.substr(path.size() + 2)
                   : text;
    }
}

} // namespace orinet
