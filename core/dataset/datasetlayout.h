#pragma once

#include <string>

namespace orinet {

//! How a dataset folder is organised (docs/dataset-formats.md):
//! - Cvusa: splits/train-19zl.csv, splits/val-19zl.csv as distributed (splits "train", "val").
//! - Cvact: ACT_data.mat (splits "train", "val" = ACT_small, "test" = ACT_test).
//! - Csv: pairs.csv with columns id,panorama,satellite,easting,northing,zone,lat,lon,split.
//! - Auto: pairs.csv, else ACT_data.mat, else splits/*.csv.
//! Each layout's names, reader and writer live in one class: PairsCsvFormat, CvusaFormat,
//! CvactFormat.
enum class DatasetLayout { Auto, Cvusa, Cvact, Csv };

//! "auto" | "cvusa" | "cvact" | "csv"; throws orinet::Error listing the names.
DatasetLayout datasetLayoutFromString(const std::string& text);
std::string toString(DatasetLayout layout);

} // namespace orinet
