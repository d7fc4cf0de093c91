#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace orinet {

//! Validation figures of one epoch under one BatchNorm mode (fractions in [0, 1]).
struct ValidationFigures {
    double recallAt1 = -1;
    double recallAt5 = -1;
    double recallAt10 = -1;
    double recallAtOnePercent = -1;
    int64_t count = 0; //!< queries; 0 = not measured
    //! Query/gallery validation (VIGOR): the hit rate (docs/vigor.md, "Metrics") and the
    //! gallery's size; -1 and 0 for a one-to-one split (its gallery is the queries' tiles).
    double hitRate = -1;
    int64_t galleryCount = 0;
};

//! One training step as logged.
struct StepRecord {
    int epoch = 0; //!< 1-based
    int64_t step = 0;
    double loss = 0;
    double learningRate = 0;
    double elapsedSeconds = 0; //!< since the session started (a resume restarts the clock)
    double unixTime = 0;       //!< seconds since 1970 (0 in logs older than this field)
    //! CVACT variant: the released code's value of the same loss, which counts each masked
    //! pair as log 2 (training/tripletloss.h, releasedTripletLoss); NaN when not computed.
    double releasedLoss = std::nan("");
};

//! One finished epoch. The plain recall fields hold the run's validation mode
//! (`normalization`); -1 when there was no validation.
struct EpochSummary {
    int epoch = 0; //!< 1-based
    int64_t step = 0;
    double meanLoss = 0;
    double meanReleasedLoss = std::nan(""); //!< of StepRecord::releasedLoss; NaN: none
    double recallAt1 = -1;
    double recallAt5 = -1;
    double recallAt10 = -1;
    double recallAtOnePercent = -1;
    int64_t validationCount = 0;
    //! VIGOR runs (query vs whole gallery): the hit rate and the gallery size, as
    //! ValidationFigures says; -1 and 0 otherwise.
    double hitRate = -1;
    int64_t validationGallery = 0;
    //! The figure best.ckpt is chosen by: "r1p" (recall@1%, one-to-one) or "r1" (VIGOR).
    std::string selection;
    double validationSeconds = 0; //!< validation's wall time this epoch, every mode
    std::string normalization;    //!< BatchNorm mode of the figures above (model/normalization.h)
    //! Every mode measured this epoch (the run's own included), by mode name.
    std::map<std::string, ValidationFigures> byNormalization;
    double elapsedSeconds = 0;
    double unixTime = 0;
};

//! A run's history as written to log.jsonl (one JSON object per line, "type" "step" or
//! "epoch"; docs/training.md lists the fields). Reading tolerates a last line cut short by a
//! kill; log.csv carries the same records for spreadsheets.
class TrainingLog {
public:
    std::vector<StepRecord> steps;
    std::vector<EpochSummary> epochs;

    //! An absent file is an empty log; an unreadable one throws orinet::Error naming it.
    static TrainingLog read(const std::string& jsonlFile);
};

//! Appends to a run's logs. Construction first drops every record the checkpoint does not
//! cover (steps after `step`, epochs after `recordedEpochs`; everything for a fresh run), so a
//! log never holds a step twice however often the run was killed and resumed.
//! Throws orinet::Error naming the file when a write fails (e.g. a full disk).
class TrainingLogWriter {
public:
    TrainingLogWriter(std::string jsonlFile, std::string csvFile, int64_t step, int recordedEpochs);
    ~TrainingLogWriter();
    TrainingLogWriter(const TrainingLogWriter&) = delete;
    TrainingLogWriter& operator=(const TrainingLogWriter&) = delete;

    void append(const StepRecord& record);
    void append(const EpochSummary& record);

    //! The first line of log.csv.
    static const char* csvHeader();

private:
    void write(const std::string& jsonLine, const std::string& csvLine);

    std::string mJsonFile;
    std::string mCsvFile;
    struct Streams;
    std::unique_ptr<Streams> mStreams;
};

} // namespace orinet
