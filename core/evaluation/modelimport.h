#pragma once

#include "extraction/descriptorextractor.h"
#include "model/modelcard.h"
#include "run/importrecord.h"
#include "run/runfolder.h"

#include <string>
#include <vector>

namespace orinet {

class Dataset;
class Feedback;
class TorchScriptModel;

//! A model of another method made into a run that extracts and evaluates like a trained one
//! (docs/torchscript.md): `orinet import-model` and the library's way to it. The run is an
//! imported run (RunFolder::isImportedRun) whose import.json names the model; its descriptors
//! are extracted with the copy in RUN/model/ as a training run's are with its checkpoint.
class ModelImport {
public:
    struct Options {
        std::string modelFile; //!< TorchScript (torch.jit.save)
        std::string cardFile;  //!< its model card (JSON)
        std::string device = "cpu";
    };

    //! What examine() found, for people to check before importing (the studio's preview).
    struct Found {
        ModelCard card;
        std::vector<std::string> methods; //!< the module's methods
        int64_t archiveVersion = -1;      //!< TorchScriptModel::archiveVersion()
    };
    //! Reads the card, loads the model and runs one probe batch (TorchScriptModel::probe()),
    //! writing nothing: what importTorchScript() checks of the files. Throws orinet::Error
    //! naming the file and the problem.
    static Found examine(const Options& options);

    //! Checks the card and the folder (checkTarget()), then the model (examine()),
    //! all before anything is written; then writes RUN/import.json (the method, the model's
    //! input and dimension, both source files with size and SHA-256) and copies both files
    //! into RUN/model/. Returns the record's model entry. Throws orinet::Error naming the file
    //! and the problem.
    static ImportRecord::Model importTorchScript(const Options& options, const RunFolder& run);

    //! What importTorchScript() accepts as `run`: an absent or empty folder, or a run made
    //! earlier from a model of the same method (whose model is then replaced). A training run,
    //! imported descriptors, or anything else is refused naming the folder.
    static void checkTarget(const RunFolder& run, const std::string& method);

    //! The run's model with its card, loaded on `device` (empty: the CPU).
    static TorchScriptModel open(const RunFolder& run, const std::string& device = {});

    //! What the run's descriptors of `split` say they were made with: the model file, kind
    //! Provenance::kTorchScript, the card's method (split and inputs as `options` say).
    static Provenance provenanceOf(const RunFolder& run, const std::string& split,
                                   const DescriptorExtractor::Options& options);

    //! "sha256:<hex>" of the run's TorchScript file as imported (DescriptorShard::weights):
    //! parts of a split described on several machines must agree on it. Empty when unknown.
    static std::string weightsFingerprint(const RunFolder& run);

    //! The descriptors of `split` with the run's model (DescriptorExtractor's extraction of a
    //! model of another method). Not saved.
    static DescriptorSet extract(const RunFolder& run, const Dataset& dataset,
                                 const std::string& split,
                                 const DescriptorExtractor::Options& options, Feedback& feedback);
};

} // namespace orinet
