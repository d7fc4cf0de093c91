#pragma once

#include "common/enumnames.h"

namespace orinet {

//! How a dataset folder is organised (docs/dataset-formats.md):
//! - Cvusa: splits/train-19zl.csv, splits/val-19zl.csv as distributed (splits "train", "val").
//! - Cvact: ACT_data.mat (splits "train", "val" = ACT_small, "test" = ACT_test).
//! - Csv: pairs.csv with columns id,panorama,satellite,easting,northing,zone,lat,lon,split.
//! - Auto: pairs.csv, else ACT_data.mat, else splits/*.csv.
//! Each layout's names, reader and writer live in one class: PairsCsvFormat, CvusaFormat,
//! CvactFormat.
enum class DatasetLayout { Auto, Cvusa, Cvact, Csv };

template <> struct EnumNames<DatasetLayout> {
    static constexpr const char* kind = "dataset layout";
    static constexpr std::array<std::pair<DatasetLayout, const char*>, 4> names{
        {{DatasetLayout::Auto, "auto"},
         {DatasetLayout::Cvusa, "cvusa"},
         {DatasetLayout::Cvact, "cvact"},
         {DatasetLayout::Csv, "csv"}}};
};

} // namespace orinet
