#include "dataset/datasetlayout.h"

#include "common/error.h"

namespace orinet {

DatasetLayout datasetLayoutFromString(const std::string& text) {
    if (text == "auto")
        return DatasetLayout::Auto;
    if (text == "cvusa")
        return DatasetLayout::Cvusa;
    if (text == "cvact")
        return DatasetLayout::Cvact;
    if (text == "csv")
        return DatasetLayout::Csv;
    throw Error("unknown dataset layout '" + text + "' (known: auto, cvusa, cvact, csv)");
}

std::string toString(DatasetLayout layout) {
    switch (layout) {
    case DatasetLayout::Auto:
        return "auto";
    case DatasetLayout::Cvusa:
        return "cvusa";
    case DatasetLayout::Cvact:
        return "cvact";
    case DatasetLayout::Csv:
        return "csv";
    }
    return "auto";
}

} // namespace orinet
