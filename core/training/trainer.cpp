#include "training/trainer.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "metrics/recall.h"
#include "model/orinetmodel.h"
#include "model/safetensors.h"
#include "training/processgroup.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace orinet {

// Defined in model/orinetmodel.cpp and training/tripletloss.cpp. Declared here rather than in
// a header because no header may include LibTorch (compile firewall).
namespace detail {
torch::nn::Module& network(OriNetModel& model);
torch::Tensor inputTensor(OriNetModel& model, Branch branch, const TensorBuffer& buffer);
torch::Tensor forwardBranch(OriNetModel& model, Branch branch, const torch::Tensor& input);
torch::Tensor tripletLoss(const torch::Tensor& satellite, const torch::Tensor& ground,
                          const TripletLossOptions& options, const torch::Tensor& positions);
} // namespace detail

namespace fs = std::filesystem;

namespace {

constexpr const char* kExpAvg = "optimizer.exp_avg.";
constexpr const char* kExpAvgSq = "optimizer.exp_avg_sq.";
constexpr const char* kRng = "rng.cpu";

NamedTensor toNamed(const std::string& name, const torch::Tensor& tensor) {
    const torch::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    NamedTensor n;
    n.name = name;
    n.dtype = t.scalar_type() == torch::kByte ? TensorDType::UInt8 : TensorDType::Float32;
    n.shape.assign(t.sizes().begin(), t.sizes().end());
    n.bytes.resize(t.numel() * t.element_size());
    std::memcpy(n.bytes.data(), t.data_ptr(), n.bytes.size());
    return n;
}

std::string number(double v) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

std::string csvLine(const nlohmann::json& record) {
    auto field = [&](const char* key) -> std::string {
        if (!record.contains(key) || record[key].is_null())
            return "";
        const auto& v = record[key];
        if (v.is_string())
            return v.get<std::string>();
        if (v.is_number_integer())
            return std::to_string(v.get<int64_t>());
        return number(v.get<double>());
    };
    std::string line;
    for (const char* key :
         {"type", "epoch", "step", "loss", "val_r1", "val_r5", "val_r10", "val_r1p", "elapsed_s"})
        line += (line.empty() ? "" : ",") + field(key);
    return line + "\n";
}

constexpr const char* kCsvHeader = "type,epoch,step,loss,val_r1,val_r5,val_r10,val_r1p,elapsed_s\n";

} // namespace

struct Trainer::Impl {
    std::string runDirectory;
    TrainingConfig config;
    std::unique_ptr<OriNetModel> model;
    std::vector<std::pair<std::string, torch::Tensor>> parameters;
    std::map<std::string, torch::Tensor> expAvg;
    std::map<std::string, torch::Tensor> expAvgSq;
    int64_t step = 0;
    double epochLossSum = 0; // of the epoch in progress, so a mid-epoch resume keeps the mean
    double bestRecall = -1;
    int64_t savedStepsPerEpoch = 0; // 0: unknown (fresh run or imported weights)
    std::function<double(int64_t)> lossHook;
    ProcessGroup* group = nullptr;

    bool distributed() const { return group && group->worldSize() > 1; }
    //! Only rank 0 writes the run folder.
    bool writer() const { return !group || group->rank() == 0; }

    //! The float tensors of `tensors` as one buffer (and back): collectives move plain floats.
    static std::vector<float> flatten(const std::vector<torch::Tensor>& tensors) {
        std::vector<float> flat;
        for (const torch::Tensor& t : tensors) {
            const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
            flat.insert(flat.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        }
        return flat;
    }
    static void unflatten(const std::vector<float>& flat, std::vector<torch::Tensor>& tensors) {
        torch::NoGradGuard noGrad;
        size_t offset = 0;
        for (torch::Tensor& t : tensors) {
            t.copy_(torch::from_blob(const_cast<float*>(flat.data() + offset), t.sizes(),
                                     torch::kFloat));
            offset += static_cast<size_t>(t.numel());
        }
    }
    std::vector<torch::Tensor> floatBuffers() {
        std::vector<torch::Tensor> result;
        for (const auto& b : detail::network(*model).buffers())
            if (b.scalar_type() == torch::kFloat)
                result.push_back(b);
        return result;
    }
    void broadcastFromRankZero(std::vector<torch::Tensor> tensors) {
        std::vector<float> flat = flatten(tensors);
        group->broadcast(flat, 0);
        unflatten(flat, tensors);
    }

    //! The descriptors of every rank in rank order, this rank's rows keeping their gradient.
    torch::Tensor gatherRows(const torch::Tensor& local) {
        const std::vector<float> all = group->allGather(flatten({local}));
        const int64_t rows = local.size(0), cols = local.size(1), r = group->rank();
        const torch::Tensor global =
            torch::from_blob(const_cast<float*>(all.data()), {rows * group->worldSize(), cols},
                             torch::kFloat)
                .clone()
                .to(local.device());
        return torch::cat(
            {global.slice(0, 0, r * rows), local, global.slice(0, (r + 1) * rows, global.size(0))});
    }
    //! UTM metres need more than a float: gathered as float high and low parts.
    torch::Tensor gatherPositions(const torch::Tensor& local) {
        const torch::Tensor hi = local.to(torch::kFloat);
        const torch::Tensor lo = (local - hi.to(torch::kDouble)).to(torch::kFloat);
        const std::vector<float> h = group->allGather(flatten({hi})),
                                 l = group->allGather(flatten({lo}));
        torch::Tensor result =
            torch::empty({static_cast<int64_t>(h.size()) / 2, 2}, torch::kDouble);
        auto acc = result.accessor<double, 2>();
        for (size_t i = 0; i < h.size(); ++i)
            acc[static_cast<int64_t>(i / 2)][static_cast<int64_t>(i % 2)] =
                static_cast<double>(h[i]) + static_cast<double>(l[i]);
        return result.to(local.device());
    }
    std::ofstream jsonLog;
    std::ofstream csvLog;

    std::string path(const std::string& relative) const {
        return (fs::path(runDirectory) / relative).string();
    }

    void collectParameters() {
        parameters.clear();
        for (const auto& p : detail::network(*model).named_parameters())
            parameters.emplace_back(p.key(), p.value());
        for (const auto& [name, p] : parameters) {
            expAvg[name] = torch::zeros_like(p);
            expAvgSq[name] = torch::zeros_like(p);
        }
    }

    // torch.optim.Adam (no amsgrad), written out so its state is ours to checkpoint exactly.
    void adamStep() {
        torch::NoGradGuard noGrad;
        const double t = static_cast<double>(step);
        const double correction1 = 1 - std::pow(config.beta1, t);
        const double correction2 = 1 - std::pow(config.beta2, t);
        for (auto& [name, p] : parameters) {
            if (!p.grad().defined())
                continue;
            torch::Tensor g = p.grad();
            if (config.weightDecay != 0)
                g = g.add(p, config.weightDecay);
            torch::Tensor& m = expAvg[name];
            torch::Tensor& v = expAvgSq[name];
            m.mul_(config.beta1).add_(g, 1 - config.beta1);
            v.mul_(config.beta2).addcmul_(g, g, 1 - config.beta2);
            const torch::Tensor denominator =
                v.sqrt().div_(std::sqrt(correction2)).add_(config.adamEpsilon);
            p.addcdiv_(m, denominator, -config.learningRate / correction1);
        }
    }

    std::string serializeCheckpoint(int64_t stepsPerEpoch) const {
        SafeTensors st;
        st.tensors = model->namedTensors();
        for (const auto& [name, p] : parameters) {
            st.tensors.push_back(toNamed(kExpAvg + name, expAvg.at(name)));
            st.tensors.push_back(toNamed(kExpAvgSq + name, expAvgSq.at(name)));
        }
        {
            auto generator = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            st.tensors.push_back(toNamed(kRng, generator.get_state()));
        }
        st.metadata["format"] = "pt";
        st.metadata["orinet.checkpoint"] = "1";
        st.metadata["config"] = config.toJson();
        st.metadata["step"] = std::to_string(step);
        st.metadata["steps_per_epoch"] = std::to_string(stepsPerEpoch);
        st.metadata["epoch_loss_sum"] = number(epochLossSum);
        st.metadata["best_recall_1p"] = number(bestRecall);
        return st.serialize();
    }

    void loadCheckpoint(const std::string& file) {
        const SafeTensors st = SafeTensors::load(file);
        if (!st.metadata.count("orinet.checkpoint") || !st.metadata.count("step"))
            throw Error(file, "not an OriNet Studio checkpoint (weights only?)");
        std::vector<NamedTensor> modelTensors;
        std::map<std::string, const NamedTensor*> rest;
        for (const NamedTensor& t : st.tensors) {
            if (t.name.rfind("optimizer.", 0) == 0 || t.name.rfind("rng.", 0) == 0)
                rest[t.name] = &t;
            else
                modelTensors.push_back(t);
        }
        model->loadNamedTensors(modelTensors, file);
        auto restore = [&](const std::string& name, torch::Tensor& target) {
            auto it = rest.find(name);
            if (it == rest.end())
                throw Error(file, "checkpoint lacks '" + name + "'");
            const NamedTensor& t = *it->second;
            if (t.dtype != TensorDType::Float32 ||
                t.bytes.size() != static_cast<size_t>(target.numel()) * sizeof(float))
                throw Error(file, "tensor '" + name + "' does not fit the model");
            torch::NoGradGuard noGrad;
            target.copy_(torch::from_blob(const_cast<uint8_t*>(t.bytes.data()), target.sizes(),
                                          torch::kFloat));
        };
        for (const auto& [name, p] : parameters) {
            restore(kExpAvg + name, expAvg[name]);
            restore(kExpAvgSq + name, expAvgSq[name]);
        }
        auto rng = rest.find(kRng);
        if (rng != rest.end()) {
            const NamedTensor& t = *rng->second;
            torch::Tensor state =
                torch::empty({static_cast<int64_t>(t.bytes.size())}, torch::kByte);
            std::memcpy(state.data_ptr(), t.bytes.data(), t.bytes.size());
            auto generator = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            try {
                generator.set_state(state);
            } catch (const std::exception&) {
                throw Error(file, "invalid random generator state");
            }
        }
        try {
            step = std::stoll(st.metadata.at("step"));
            savedStepsPerEpoch = std::stoll(st.metadata.at("steps_per_epoch"));
            epochLossSum = std::stod(st.metadata.at("epoch_loss_sum"));
            bestRecall = std::stod(st.metadata.at("best_recall_1p"));
        } catch (const std::exception&) {
            throw Error(file, "checkpoint metadata (step, steps_per_epoch, ...) is invalid");
        }
        if (step < 0 || savedStepsPerEpoch < 0)
            throw Error(file, "checkpoint metadata (step, steps_per_epoch) is invalid");
    }

    //! On resume, drop log records written after the checkpoint (their steps will be redone).
    void truncateLogs() {
        std::ifstream in(path("log.jsonl"));
        std::string kept, keptCsv = kCsvHeader, line;
        while (std::getline(in, line)) {
            try {
                const nlohmann::json record = nlohmann::json::parse(line);
                if (record.at("step").get<int64_t>() > step)
                    continue;
                kept += line + "\n";
                keptCsv += csvLine(record);
            } catch (const nlohmann::json::exception&) {
                // a line cut short by a kill
            }
        }
        AtomicFile::writeAll(path("log.jsonl"), kept);
        AtomicFile::writeAll(path("log.csv"), keptCsv);
    }

    void openLogs() {
        const bool newCsv = !fs::exists(path("log.csv"));
        jsonLog.open(path("log.jsonl"), std::ios::app);
        csvLog.open(path("log.csv"), std::ios::app);
        if (!jsonLog || !csvLog)
            throw Error(path("log.jsonl"), "cannot open the run's log for writing");
        if (newCsv)
            csvLog << kCsvHeader << std::flush;
    }

    void log(const nlohmann::ordered_json& record) {
        if (!writer())
            return;
        jsonLog << record.dump() << "\n" << std::flush;
        csvLog << csvLine(nlohmann::json::parse(record.dump())) << std::flush;
        if (!jsonLog || !csvLog)
            throw Error(path("log.jsonl"), "cannot write the run's log (disk full?)");
    }

    EpochSummary validate(BatchSource& source, Feedback& feedback) {
        EpochSummary summary;
        std::vector<cv::Mat> ground, satellite;
        source.startEpoch(0, 0);
        while (auto batch = source.next()) {
            if (feedback.isCanceled())
                return summary;
            ground.push_back(model->describe(Branch::Ground, batch->ground));
            satellite.push_back(model->describe(Branch::Satellite, batch->satellite));
        }
        if (ground.empty())
            return summary;
        cv::Mat g, s;
        cv::vconcat(ground, g);
        cv::vconcat(satellite, s);
        torch::NoGradGuard noGrad;
        const torch::Tensor gt = torch::from_blob(g.data, {g.rows, g.cols}, torch::kFloat);
        const torch::Tensor st = torch::from_blob(s.data, {s.rows, s.cols}, torch::kFloat);
        // Queries are ground rows, the gallery satellite rows; rank = tiles strictly nearer.
        const torch::Tensor dist = 2 - 2 * torch::matmul(gt, st.t());
        const torch::Tensor ranks = (dist < dist.diagonal().unsqueeze(1)).sum(1).contiguous();
        metrics::TrueMatchRanks r(ranks.data_ptr<int64_t>(), ranks.data_ptr<int64_t>() + g.rows);
        summary.validationCount = g.rows;
        summary.recallAt1 = metrics::recallAtK(r, 1);
        summary.recallAt5 = metrics::recallAtK(r, 5);
        summary.recallAt10 = metrics::recallAtK(r, 10);
        summary.recallAtOnePercent = metrics::recallAtOnePercent(r, g.rows);
        return summary;
    }
};

Trainer::Trainer(std::string runDirectory, const TrainingConfig& config, bool resume,
                 ProcessGroup* group)
    : mImpl(std::make_unique<Impl>()) {
    mImpl->runDirectory = std::move(runDirectory);
    mImpl->config = config;
    mImpl->group = group;
    const std::string last = mImpl->path("checkpoints/last.ckpt");
    if (resume) {
        if (!fs::exists(last))
            throw Error(last, "no checkpoint to resume from");
        // The device may change between sessions (train on a GPU, continue on a CPU).
        ModelConfig saved = savedConfig(mImpl->runDirectory).model;
        saved.device = config.model.device;
        if (saved.toJson() != config.model.toJson())
            throw Error(last, "the model configuration differs from the checkpoint's");
    } else if (mImpl->writer()) {
        if (fs::exists(last))
            throw Error(mImpl->runDirectory,
                        "the run folder already holds a checkpoint; resume it or choose another "
                        "folder");
        std::error_code ec;
        fs::create_directories(mImpl->path("checkpoints"), ec);
        fs::create_directories(mImpl->path("results"), ec);
        if (ec || !fs::is_directory(mImpl->path("checkpoints")))
            throw Error(mImpl->runDirectory, "cannot create the run folder: " + ec.message());
    }
    mImpl->model = std::make_unique<OriNetModel>(config.model);
    mImpl->collectParameters();
    if (resume) {
        mImpl->loadCheckpoint(last);
        if (mImpl->writer())
            mImpl->truncateLogs();
    }
}

Trainer::~Trainer() = default;

TrainingConfig Trainer::savedConfig(const std::string& runDirectory) {
    const std::string last = (fs::path(runDirectory) / "checkpoints/last.ckpt").string();
    const SafeTensors st = SafeTensors::load(last);
    auto it = st.metadata.find("config");
    if (it == st.metadata.end())
        throw Error(last, "not an OriNet Studio checkpoint (no configuration)");
    return TrainingConfig::fromJson(it->second, last);
}

const TrainingConfig& Trainer::config() const {
    return mImpl->config;
}

OriNetModel& Trainer::model() {
    return *mImpl->model;
}

int64_t Trainer::completedSteps() const {
    return mImpl->step;
}

void Trainer::setLossScaleHookForTesting(std::function<double(int64_t)> hook) {
    mImpl->lossHook = std::move(hook);
}

TrainingResult Trainer::run(BatchSource& train, BatchSource* validation, Feedback& feedback,
                            const TrainingCallbacks& callbacks) {
    Impl& d = *mImpl;
    const TrainingConfig& c = d.config;
    const int64_t perEpoch = static_cast<int64_t>(train.batchesPerEpoch());
    if (perEpoch < 1)
        throw Error("the training set yields no batch (fewer pairs than the batch size?)");
    if (d.savedStepsPerEpoch > 0 && d.savedStepsPerEpoch != perEpoch)
        throw Error(d.path("checkpoints/last.ckpt"),
                    "the checkpoint was made with " + std::to_string(d.savedStepsPerEpoch) +
                        " steps per epoch, the data now gives " + std::to_string(perEpoch) +
                        " (different dataset or batch size)");
    if (d.writer()) {
        AtomicFile::writeAll(d.path("config.json"), c.toJson() + "\n");
        d.openLogs();
    }
    if (d.step == 0)
        torch::manual_seed(c.seed);
    if (d.distributed()) {
        std::vector<torch::Tensor> parameters;
        for (auto& [name, p] : d.parameters)
            parameters.push_back(p);
        d.broadcastFromRankZero(parameters);
    }

    TrainingResult result;
    result.bestRecallAtOnePercent = d.bestRecall;
    const int64_t totalSteps = perEpoch * c.epochs;
    const int64_t firstStep = d.step;
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    auto saveLast = [&]() -> std::string {
        if (!d.writer())
            return {};
        const std::string bytes = d.serializeCheckpoint(perEpoch);
        AtomicFile::writeAll(d.path("checkpoints/last.ckpt"), bytes);
        return bytes;
    };

    for (int64_t epoch = d.step / perEpoch; epoch < c.epochs; ++epoch) {
        const int64_t skip = d.step - epoch * perEpoch;
        if (skip == 0)
            d.epochLossSum = 0;
        train.startEpoch(static_cast<uint64_t>(epoch), static_cast<size_t>(skip));
        int64_t inEpoch = skip;
        while (inEpoch < perEpoch) {
            if (d.distributed()) {
                // A cancel on any rank stops all of them at the same step.
                std::vector<float> flag{feedback.isCanceled() ? 1.f : 0.f};
                d.group->allReduceSum(flag);
                if (flag[0] > 0)
                    feedback.cancel();
            }
            if (feedback.isCanceled()) {
                saveLast();
                result.canceled = true;
                result.steps = d.step;
                return result;
            }
            std::optional<Batch> batch = train.next();
            if (!batch)
                break;
            if (batch->size() < 2)
                throw Error("batch " + std::to_string(inEpoch + 1) + " of epoch " +
                            std::to_string(epoch + 1) +
                            " has fewer than 2 pairs; the loss "
                            "needs negatives (drop the last incomplete batch)");
            OriNetModel& model = *d.model;
            model.setTraining(true);
            if (d.distributed())
                d.broadcastFromRankZero(d.floatBuffers());
            auto forward = [&](Branch branch, const TensorBuffer& buffer) {
                const torch::Tensor input = detail::inputTensor(model, branch, buffer);
                if (c.normalizationShards <= 1)
                    return detail::forwardBranch(model, branch, input);
                if (input.size(0) % c.normalizationShards != 0)
                    throw Error("the batch of " + std::to_string(input.size(0)) +
                                " pairs does not split into " +
                                std::to_string(c.normalizationShards) + " normalisation shards");
                std::vector<torch::Tensor> parts;
                for (const torch::Tensor& chunk : input.chunk(c.normalizationShards, 0))
                    parts.push_back(detail::forwardBranch(model, branch, chunk));
                return torch::cat(parts);
            };
            torch::Tensor ground = forward(Branch::Ground, batch->ground);
            torch::Tensor satellite = forward(Branch::Satellite, batch->satellite);
            torch::Tensor positions;
            if (c.maskNearbyNegatives && batch->hasPositions()) {
                positions = torch::empty({static_cast<int64_t>(batch->size()), 2}, torch::kDouble);
                for (size_t i = 0; i < batch->size(); ++i) {
                    positions[i][0] = batch->easting[i];
                    positions[i][1] = batch->northing[i];
                }
                positions = positions.to(satellite.device());
            }
            const bool gather = d.distributed() && c.gatherDescriptors;
            if (gather) {
                ground = d.gatherRows(ground);
                satellite = d.gatherRows(satellite);
                if (positions.defined())
                    positions = d.gatherPositions(positions);
            }
            torch::Tensor loss = detail::tripletLoss(satellite, ground, c.loss, positions);
            if (d.lossHook)
                loss = loss * d.lossHook(d.step + 1);
            double value = loss.item<double>();
            if (d.distributed() && !gather) {
                // Every rank must see the same value, or one would stop and the rest hang.
                std::vector<float> v{static_cast<float>(value)};
                d.group->allReduceSum(v);
                value = static_cast<double>(v[0]) / d.group->worldSize();
            }
            if (!std::isfinite(value))
                throw Error("training stopped at step " + std::to_string(d.step + 1) + " (epoch " +
                            std::to_string(epoch + 1) + "): the loss is " +
                            (std::isnan(value) ? "NaN" : "infinite") +
                            "; the last good checkpoint " + d.path("checkpoints/last.ckpt") +
                            " is kept. Try a lower learning rate.");
            // Zero in place: reallocating 123 MB of gradients each step costs page faults.
            for (auto& [name, p] : d.parameters)
                if (p.grad().defined())
                    p.mutable_grad().zero_();
            loss.backward();
            if (d.distributed()) {
                std::vector<torch::Tensor> grads;
                for (auto& [name, p] : d.parameters)
                    grads.push_back(p.grad());
                std::vector<float> flat = Impl::flatten(grads);
                d.group->allReduceSum(flat);
                // With gathered descriptors each rank holds one part of the global loss's
                // gradient: their sum is the whole. Otherwise average the ranks' gradients.
                if (!gather)
                    for (float& g : flat)
                        g /= static_cast<float>(d.group->worldSize());
                Impl::unflatten(flat, grads);
            }
            ++d.step;
            d.adamStep();
            ++inEpoch;
            d.epochLossSum += value;

            TrainingProgress progress;
            progress.epoch = static_cast<int>(epoch + 1);
            progress.epochs = c.epochs;
            progress.step = d.step;
            progress.totalSteps = totalSteps;
            progress.stepInEpoch = inEpoch;
            progress.stepsPerEpoch = perEpoch;
            progress.loss = value;
            progress.elapsedSeconds = elapsed();
            progress.etaSeconds = progress.elapsedSeconds /
                                  static_cast<double>(d.step - firstStep) *
                                  static_cast<double>(totalSteps - d.step);
            nlohmann::ordered_json record;
            record["type"] = "step";
            record["epoch"] = progress.epoch;
            record["step"] = d.step;
            record["loss"] = value;
            record["lr"] = c.learningRate;
            record["elapsed_s"] = progress.elapsedSeconds;
            d.log(record);
            if (callbacks.step)
                callbacks.step(progress);
            feedback.report(static_cast<double>(d.step) / static_cast<double>(totalSteps),
                            "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(c.epochs) +
                                ", step " + std::to_string(d.step) + "/" +
                                std::to_string(totalSteps) + ", loss " + number(value));
            if (c.checkpointEverySteps > 0 && d.step % c.checkpointEverySteps == 0 &&
                inEpoch < perEpoch)
                saveLast();
        }

        EpochSummary summary;
        if (validation && d.writer() && !feedback.isCanceled())
            summary = d.validate(*validation, feedback);
        if (feedback.isCanceled())
            continue; // the loop head of the next step writes the checkpoint and returns
        summary.epoch = static_cast<int>(epoch + 1);
        summary.step = d.step;
        summary.meanLoss = d.epochLossSum / static_cast<double>(std::max<int64_t>(inEpoch, 1));
        nlohmann::ordered_json record;
        record["type"] = "epoch";
        record["epoch"] = summary.epoch;
        record["step"] = d.step;
        record["loss"] = summary.meanLoss;
        if (summary.validationCount > 0) {
            record["val_r1"] = summary.recallAt1;
            record["val_r5"] = summary.recallAt5;
            record["val_r10"] = summary.recallAt10;
            record["val_r1p"] = summary.recallAtOnePercent;
            record["val_count"] = summary.validationCount;
        }
        record["elapsed_s"] = elapsed();
        d.log(record);
        const bool best = summary.validationCount > 0 && summary.recallAtOnePercent > d.bestRecall;
        if (best)
            d.bestRecall = summary.recallAtOnePercent;
        const std::string bytes = saveLast();
        if (best && d.writer())
            AtomicFile::writeAll(d.path("checkpoints/best.ckpt"), bytes);
        result.bestRecallAtOnePercent = d.bestRecall;
        result.epochs.push_back(summary);
        if (callbacks.epoch)
            callbacks.epoch(summary);
    }
    if (feedback.isCanceled()) {
        saveLast();
        result.canceled = true;
    }
    result.steps = d.step;

    nlohmann::ordered_json out;
    out["steps"] = d.step;
    out["epochs"] = c.epochs;
    out["parameters"] = d.model->parameterCount();
    out["best_val_r1p"] = d.bestRecall;
    out["config"] = nlohmann::ordered_json::parse(c.toJson());
    nlohmann::ordered_json history = nlohmann::ordered_json::array();
    for (const EpochSummary& s : result.epochs)
        history.push_back({{"epoch", s.epoch},
                           {"loss", s.meanLoss},
                           {"val_r1", s.recallAt1},
                           {"val_r5", s.recallAt5},
                           {"val_r10", s.recallAt10},
                           {"val_r1p", s.recallAtOnePercent}});
    out["epochs_this_session"] = history;
    if (d.writer())
        AtomicFile::writeAll(d.path("results/summary.json"), out.dump(2) + "\n");
    return result;
}

} // namespace orinet
