#include "run/traininglog.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "common/numbertext.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>

namespace orinet {

namespace {

std::string number(double v) {
    return text::general(v, 17);
}

std::string optionalNumber(double v) {
    return v >= 0 ? number(v) : std::string();
}

//! Empty when not computed (NaN) or infinite (nothing unmasked: the released code divides by 0).
std::string releasedNumber(double v) {
    return std::isfinite(v) ? number(v) : std::string();
}

nlohmann::ordered_json figuresJson(const ValidationFigures& f) {
    nlohmann::ordered_json j = {{"r1", f.recallAt1},
                                {"r5", f.recallAt5},
                                {"r10", f.recallAt10},
                                {"r1p", f.recallAtOnePercent},
                                {"count", f.count}};
    if (f.galleryCount > 0) {
        j["hit"] = f.hitRate;
        j["gallery"] = f.galleryCount;
    }
    return j;
}

nlohmann::ordered_json toJson(const StepRecord& r) {
    nlohmann::ordered_json j;
    j["type"] = "step";
    j["epoch"] = r.epoch;
    j["step"] = r.step;
    j["loss"] = r.loss;
    if (!std::isnan(r.releasedLoss))
        j["loss_released"] = r.releasedLoss; // infinite: null
    j["lr"] = r.learningRate;
    j["elapsed_s"] = r.elapsedSeconds;
    j["time"] = r.unixTime;
    return j;
}

nlohmann::ordered_json toJson(const EpochSummary& r) {
    nlohmann::ordered_json j;
    j["type"] = "epoch";
    j["epoch"] = r.epoch;
    j["step"] = r.step;
    j["loss"] = r.meanLoss;
    if (!std::isnan(r.meanReleasedLoss))
        j["loss_released"] = r.meanReleasedLoss;
    if (r.validationCount > 0) {
        j["val_r1"] = r.recallAt1;
        j["val_r5"] = r.recallAt5;
        j["val_r10"] = r.recallAt10;
        j["val_r1p"] = r.recallAtOnePercent;
        j["val_count"] = r.validationCount;
        if (r.validationGallery > 0) {
            j["val_hit"] = r.hitRate;
            j["val_gallery"] = r.validationGallery;
        }
        if (!r.selection.empty())
            j["val_selects_by"] = r.selection;
        j["val_s"] = r.validationSeconds;
        j["val_mode"] = r.normalization;
        nlohmann::ordered_json modes = nlohmann::ordered_json::object();
        for (const auto& [mode, figures] : r.byNormalization)
            modes[mode] = figuresJson(figures);
        j["val_modes"] = modes;
    }
    j["elapsed_s"] = r.elapsedSeconds;
    j["time"] = r.unixTime;
    return j;
}

std::string csvLine(const StepRecord& r) {
    return "step," + std::to_string(r.epoch) + "," + std::to_string(r.step) + "," + number(r.loss) +
           ",,,,,," + number(r.elapsedSeconds) + "," + number(r.unixTime) + "," +
           releasedNumber(r.releasedLoss) + "\n";
}

std::string csvLine(const EpochSummary& r) {
    const bool v = r.validationCount > 0;
    return "epoch," + std::to_string(r.epoch) + "," + std::to_string(r.step) + "," +
           number(r.meanLoss) + "," + (v ? optionalNumber(r.recallAt1) : "") + "," +
           (v ? optionalNumber(r.recallAt5) : "") + "," + (v ? optionalNumber(r.recallAt10) : "") +
           "," + (v ? optionalNumber(r.recallAtOnePercent) : "") + "," +
           (v ? r.normalization : "") + "," + number(r.elapsedSeconds) + "," + number(r.unixTime) +
           "," + releasedNumber(r.meanReleasedLoss) + "\n";
}

double numberOr(const nlohmann::json& j, const char* key, double fallback) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

ValidationFigures figuresFrom(const nlohmann::json& j) {
    ValidationFigures f;
    f.recallAt1 = numberOr(j, "r1", -1);
    f.recallAt5 = numberOr(j, "r5", -1);
    f.recallAt10 = numberOr(j, "r10", -1);
    f.recallAtOnePercent = numberOr(j, "r1p", -1);
    f.count = static_cast<int64_t>(numberOr(j, "count", 0));
    f.hitRate = numberOr(j, "hit", -1);
    f.galleryCount = static_cast<int64_t>(numberOr(j, "gallery", 0));
    return f;
}

//! Parses one line; false for a line that is not a complete record (cut short by a kill).
bool parse(const std::string& line, StepRecord* step, EpochSummary* epoch, bool* isEpoch) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
        if (!j.is_object() || !j.contains("type") || !j.contains("step") || !j.contains("epoch"))
            return false;
        *isEpoch = j.at("type") == "epoch";
        if (!*isEpoch) {
            step->epoch = j.at("epoch").get<int>();
            step->step = j.at("step").get<int64_t>();
            step->loss = numberOr(j, "loss", NAN);
            step->releasedLoss = numberOr(j, "loss_released", NAN);
            step->learningRate = numberOr(j, "lr", 0);
            step->elapsedSeconds = numberOr(j, "elapsed_s", 0);
            step->unixTime = numberOr(j, "time", 0);
            return true;
        }
        epoch->epoch = j.at("epoch").get<int>();
        epoch->step = j.at("step").get<int64_t>();
        epoch->meanLoss = numberOr(j, "loss", NAN);
        epoch->meanReleasedLoss = numberOr(j, "loss_released", NAN);
        epoch->recallAt1 = numberOr(j, "val_r1", -1);
        epoch->recallAt5 = numberOr(j, "val_r5", -1);
        epoch->recallAt10 = numberOr(j, "val_r10", -1);
        epoch->recallAtOnePercent = numberOr(j, "val_r1p", -1);
        epoch->validationCount = static_cast<int64_t>(numberOr(j, "val_count", 0));
        epoch->hitRate = numberOr(j, "val_hit", -1);
        epoch->validationGallery = static_cast<int64_t>(numberOr(j, "val_gallery", 0));
        epoch->selection = j.value("val_selects_by", std::string());
        epoch->validationSeconds = numberOr(j, "val_s", 0);
        // Logs written before BatchNorm modes existed validated with running statistics.
        epoch->normalization =
            j.value("val_mode", std::string(epoch->validationCount ? "running" : ""));
        if (auto modes = j.find("val_modes"); modes != j.end() && modes->is_object())
            for (const auto& [mode, figures] : modes->items())
                epoch->byNormalization[mode] = figuresFrom(figures);
        else if (epoch->validationCount > 0)
            epoch->byNormalization[epoch->normalization] = {
                epoch->recallAt1, epoch->recallAt5, epoch->recallAt10, epoch->recallAtOnePercent,
                epoch->validationCount};
        epoch->elapsedSeconds = numberOr(j, "elapsed_s", 0);
        epoch->unixTime = numberOr(j, "time", 0);
        return true;
    } catch (const nlohmann::json::exception&) {
        return false;
    }
}

} // namespace

TrainingLog TrainingLog::read(const std::string& jsonlFile) {
    TrainingLog log;
    std::ifstream in(jsonlFile);
    if (!in) {
        std::FILE* probe = std::fopen(jsonlFile.c_str(), "rb");
        if (!probe)
            return log; // no log yet
        std::fclose(probe);
        throw Error(jsonlFile, "cannot read the training log");
    }
    for (std::string line; std::getline(in, line);) {
        StepRecord step;
        EpochSummary epoch;
        bool isEpoch = false;
        if (!parse(line, &step, &epoch, &isEpoch))
            continue;
        if (isEpoch)
            log.epochs.push_back(std::move(epoch));
        else
            log.steps.push_back(step);
    }
    if (in.bad())
        throw Error(jsonlFile, "cannot read the training log");
    return log;
}

struct TrainingLogWriter::Streams {
    std::ofstream json;
    std::ofstream csv;
};

const char* TrainingLogWriter::csvHeader() {
    return "type,epoch,step,loss,val_r1,val_r5,val_r10,val_r1p,val_mode,elapsed_s,time,"
           "loss_released\n";
}

TrainingLogWriter::TrainingLogWriter(std::string jsonlFile, std::string csvFile, int64_t step,
                                     int recordedEpochs)
    : mJsonFile(std::move(jsonlFile))
    , mCsvFile(std::move(csvFile))
    , mStreams(std::make_unique<Streams>()) {
    // Rewrite both files from the records the checkpoint covers (both atomically: a kill here
    // leaves the old files, which the next start truncates again).
    std::string keptJson, keptCsv = csvHeader();
    if (step > 0) {
        std::ifstream in(mJsonFile);
        for (std::string line; std::getline(in, line);) {
            StepRecord s;
            EpochSummary e;
            bool isEpoch = false;
            if (!parse(line, &s, &e, &isEpoch))
                continue;
            if (isEpoch ? (e.epoch > recordedEpochs || e.step > step) : s.step > step)
                continue;
            keptJson += line + "\n";
            keptCsv += isEpoch ? csvLine(e) : csvLine(s);
        }
    }
    AtomicFile::writeAll(mJsonFile, keptJson);
    AtomicFile::writeAll(mCsvFile, keptCsv);
    mStreams->json.open(mJsonFile, std::ios::app);
    mStreams->csv.open(mCsvFile, std::ios::app);
    if (!mStreams->json || !mStreams->csv)
        throw Error(mJsonFile, "cannot open the run's log for writing");
}

TrainingLogWriter::~TrainingLogWriter() = default;

void TrainingLogWriter::append(const StepRecord& record) {
    write(toJson(record).dump(), csvLine(record));
}

void TrainingLogWriter::append(const EpochSummary& record) {
    write(toJson(record).dump(), csvLine(record));
}

void TrainingLogWriter::write(const std::string& jsonLine, const std::string& csvLine) {
    mStreams->json << jsonLine << "\n" << std::flush;
    mStreams->csv << csvLine << std::flush;
    if (!mStreams->json)
        throw Error(mJsonFile, "cannot write the run's log (disk full?)");
    if (!mStreams->csv)
        throw Error(mCsvFile, "cannot write the run's log (disk full?)");
}

} // namespace orinet
