#include "explain/matchexplainer.h"

#include "common/error.h"
#include "dataset/batch.h"
#include "dataset/preprocessor.h"
#include "model/modelcard.h"
#include "model/orinetmodel.h"
#include "model/torchscriptmodel.h"
#include "run/checkpoint.h"
#include "run/runfolder.h"

#include <opencv2/core.hpp>

#include <filesystem>

namespace orinet {

namespace {

TensorBuffer bufferOf(const cv::Mat& image) {
    TensorBuffer buffer;
    buffer.shape = {1, image.channels(), image.rows, image.cols};
    buffer.data.resize(buffer.count());
    Preprocessor::copyToBuffer(image, buffer, 0);
    return buffer;
}

} // namespace

std::string MatchExplainer::cardOf(const std::string& modelFile) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path file = fs::absolute(modelFile, ec);
    if (ec || !fs::is_regular_file(file, ec))
        return {};
    const RunFolder run(file.parent_path().parent_path().string());
    if (!run.hasScriptedModel() || !fs::equivalent(run.scriptedModelFile(), file, ec) ||
        !fs::is_regular_file(run.modelCardFile(), ec))
        return {};
    return run.modelCardFile();
}

MatchExplainer::MatchExplainer(const Settings& settings) {
    mNormalization = settings.normalization;
    const std::string card = cardOf(settings.checkpoint);
    if (!card.empty()) {
        // Another method's model: BatchNorm is whatever its eval mode does.
        mScripted =
            std::make_unique<TorchScriptModel>(settings.checkpoint, ModelCard::load(card), "cpu");
        const ModelCard& c = mScripted->card();
        mMethod = c.method;
        mPreprocessor =
            std::make_unique<Preprocessor>(c.preset(), c.orientation(), settings.layout);
        return;
    }
    mModel = Checkpoint::loadForSingleImages(
        settings.checkpoint, settings.fallbackPreset,
        "a match is explained on one panorama and one tile, each described alone", mNormalization,
        mNote);
    const ModelConfig& config = mModel->config();
    mPreprocessor =
        std::make_unique<Preprocessor>(config.preset, config.orientation, settings.layout);
}

MatchExplainer::~MatchExplainer() = default;

MatchExplainer::Inputs MatchExplainer::prepare(const std::string& panoramaPath,
                                               const std::string& tilePath) const {
    Inputs inputs;
    try {
        inputs.ground = mPreprocessor->ground(mPreprocessor->readInput(panoramaPath, true));
    } catch (const Error& e) {
        throw Error(panoramaPath, e.what());
    }
    try {
        inputs.satellite = mPreprocessor->satellite(mPreprocessor->readInput(tilePath, false));
    } catch (const Error& e) {
        throw Error(tilePath, e.what());
    }
    return inputs;
}

MatchExplanation MatchExplainer::explain(const Inputs& inputs) {
    if (mScripted) {
        const TorchScriptModel::Attribution a =
            mScripted->attribute(bufferOf(inputs.ground), bufferOf(inputs.satellite));
        return MatchExplanation::fromGradientTimesInput(a.similarity, a.ground, a.satellite);
    }
    return MatchExplanation(mModel->describeCells(Branch::Ground, bufferOf(inputs.ground)),
                            mModel->describeCells(Branch::Satellite, bufferOf(inputs.satellite)));
}

double MatchExplainer::similarity(const Inputs& inputs) {
    if (mScripted) {
        cv::Mat g, s;
        mScripted->describePairs(bufferOf(inputs.ground), bufferOf(inputs.satellite), g, s);
        return g.dot(s);
    }
    const cv::Mat g = mModel->describe(Branch::Ground, bufferOf(inputs.ground));
    const cv::Mat s = mModel->describe(Branch::Satellite, bufferOf(inputs.satellite));
    return g.dot(s);
}

cv::Rect MatchExplainer::cellRegion(bool ground, int cell) const {
    if (mScripted)
        throw Error(mScripted->path(), "is another method's TorchScript model ('" + mMethod +
                                           "'): it has no cells (gradient × input explains "
                                           "it per pixel)");
    const auto grid = mModel->featureMapSize(ground ? Branch::Ground : Branch::Satellite);
    const InputPreset& preset = mModel->config().preset;
    const int height = ground ? preset.groundRows : preset.satelliteSize;
    const int width = ground ? preset.groundCols : preset.satelliteSize;
    const int rows = static_cast<int>(grid[0]), cols = static_cast<int>(grid[1]);
    if (cell < 0 || cell >= rows * cols)
        throw Error("cell " + std::to_string(cell) + " is outside the " + std::to_string(rows) +
                    " x " + std::to_string(cols) + " grid");
    const int r = cell / cols, c = cell % cols;
    const int top = r * height / rows, bottom = (r + 1) * height / rows;
    const int left = c * width / cols, right = (c + 1) * width / cols;
    return {left, top, right - left, bottom - top};
}

MatchExplainer::Inputs MatchExplainer::masked(const Inputs& inputs, bool ground,
                                              const cv::Rect& region) {
    Inputs out{inputs.ground.clone(), inputs.satellite.clone()};
    cv::Mat& image = ground ? out.ground : out.satellite;
    const cv::Rect inside = region & cv::Rect(0, 0, image.cols, image.rows);
    const int channels = image.channels();
    for (int y = inside.y; y < inside.y + inside.height; ++y) {
        float* p = image.ptr<float>(y) + inside.x * channels;
        for (int x = 0; x < inside.width; ++x, p += channels)
            p[0] = p[1] = p[2] = 0.0f; // colour only: channels 3 and 4 are the orientation
    }
    return out;
}

cv::Mat MatchExplainer::visible(const cv::Mat& input) {
    std::vector<cv::Mat> planes;
    cv::split(input, planes);
    planes.resize(3);
    cv::Mat bgr;
    cv::merge(planes, bgr);
    cv::Mat out;
    bgr.convertTo(out, CV_8UC3, 127.5, 127.5); // [-1, 1] back to [0, 255]
    return out;
}

} // namespace orinet
