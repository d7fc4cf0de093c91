#include "explain/matchexplainer.h"
#include "explain/matchexplanation.h"

#include "clirunner.h"
#include "common/error.h"
#include "dataset/batch.h"
#include "dataset/dataset.h"
#include "dataset/preprocessor.h"
#include "heatmapworld.h"
#include "retrieval/descriptorset.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>

using namespace orinet;

//! The exact split of a similarity over the cells (docs/explain.md), on untrained models: the
//! split is a property of the network's pooling, not of what it learned.
class TestMatchExplanation : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sharesAddUpToTheSimilarity();
    void realPairAtThePapersSize();
    void overlayIsSmoothAndWrapsAroundThePanorama();
    void aCellsRegionIsWhereItsFeaturesComeFrom();
    void originalBatchNormIsRefused();
    void cliWritesTheSharesAndAPicture();
    void cliTopFollowsTheRunsRankingAndWritesAVectorFigure();

private:
    //! An explainer for an untrained model of `preset` (weights file, running statistics).
    std::unique_ptr<MatchExplainer> explainer(const std::string& preset, DatasetLayout layout);

    QTemporaryDir mDir;
    std::unique_ptr<Dataset> mWorld;
};

void TestMatchExplanation::initTestCase() {
    QVERIFY(mDir.isValid());
    testing::generateHeatMapWorld(mDir.filePath("world").toStdString(), 7);
    mWorld = std::make_unique<Dataset>(
        Dataset::open(mDir.filePath("world/cvact").toStdString(), DatasetLayout::Auto));
    QVERIFY(mWorld->pairs().size() >= 12);
}

std::unique_ptr<MatchExplainer> TestMatchExplanation::explainer(const std::string& preset,
                                                                DatasetLayout layout) {
    ModelConfig config;
    config.preset = InputPreset::byName(preset);
    config.initSeed = 11;
    const OriNetModel model(config);
    SafeTensors weights;
    weights.tensors = model.namedTensors();
    weights.metadata["orinet.model_config"] = config.toJson();
    const std::string path =
        mDir.filePath(QString::fromStdString(preset) + ".safetensors").toStdString();
    weights.save(path);
    MatchExplainer::Settings settings;
    settings.checkpoint = path;
    settings.layout = layout;
    return std::make_unique<MatchExplainer>(settings);
}

void TestMatchExplanation::sharesAddUpToTheSimilarity() {
    auto explain = explainer("small", mWorld->layout()); // 1 x 5 ground, 2 x 2 satellite cells
    // A true pair and another pair's tile.
    for (const auto& [g, s] : {std::pair<size_t, size_t>{0, 0}, std::pair<size_t, size_t>{5, 6}}) {
        const auto inputs =
            explain->prepare(mWorld->pairs()[g].panoramaPath, mWorld->pairs()[s].satellitePath);
        const MatchExplanation e = explain->explain(inputs);
        // The similarity the model computes (describe(): pooled in LibTorch, float).
        const double similarity = explain->similarity(inputs);
        QVERIFY2(std::abs(e.similarity() - similarity) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(e.similarity()).arg(similarity)));
        QCOMPARE(e.groundShares().rows, 1);
        QCOMPARE(e.groundShares().cols, 5);
        QCOMPARE(e.satelliteShares().rows, 2);
        QCOMPARE(e.satelliteShares().cols, 2);
        QCOMPARE(e.cellPairs().rows, 5);
        QCOMPARE(e.cellPairs().cols, 4);
        for (const cv::Mat* shares : {&e.groundShares(), &e.satelliteShares(), &e.cellPairs()}) {
            QVERIFY(std::abs(cv::sum(*shares)[0] - e.similarity()) < 1e-9);
            double low = 0;
            cv::minMaxLoc(*shares, &low);
            QVERIFY(low >= 0);
        }
        // A ground cell's share is its row of the pair matrix.
        cv::Mat rows;
        cv::reduce(e.cellPairs(), rows, 1, cv::REDUCE_SUM, CV_64F);
        QVERIFY(cv::norm(rows.reshape(1, 1), e.groundShares().reshape(1, 1), cv::NORM_INF) < 1e-12);
        // Shares are not uniform: the split says something.
        double low = 0, high = 0;
        cv::minMaxLoc(e.groundShares(), &low, &high);
        QVERIFY(high > low * 1.01);
    }
}

void TestMatchExplanation::realPairAtThePapersSize() {
    const QString sample = QStringLiteral(ORINET_SHARED_DATA "/cvact-sample");
    if (!QFileInfo::exists(sample + "/pano.png"))
        QSKIP("shared reference data absent: " ORINET_SHARED_DATA "/cvact-sample/pano.png");
    auto explain = explainer("paper", DatasetLayout::Cvact);
    const auto inputs =
        explain->prepare((sample + "/pano.png").toStdString(), (sample + "/sat.png").toStdString());
    const MatchExplanation e = explain->explain(inputs);
    QCOMPARE(e.groundShares().rows, 2); // the paper's 2 x 10 and 4 x 4 grids
    QCOMPARE(e.groundShares().cols, 10);
    QCOMPARE(e.satelliteShares().rows, 4);
    QCOMPARE(e.satelliteShares().cols, 4);
    const double similarity = explain->similarity(inputs);
    QVERIFY2(std::abs(e.similarity() - similarity) < 1e-5,
             qPrintable(QString("%1 vs %2").arg(e.similarity()).arg(similarity)));
    QVERIFY(std::abs(cv::sum(e.groundShares())[0] - similarity) < 1e-4);
    QVERIFY(std::abs(cv::sum(e.satelliteShares())[0] - similarity) < 1e-4);
    QVERIFY(std::abs(cv::sum(e.cellPairs())[0] - similarity) < 1e-4);
    // Each cell is the input's even share of the grid.
    QCOMPARE(explain->cellRegion(true, 0), cv::Rect(0, 0, 123, 112));
    QCOMPARE(explain->cellRegion(true, 19), cv::Rect(1108, 112, 124, 112));
    QCOMPARE(explain->cellRegion(false, 5), cv::Rect(128, 128, 128, 128));
}

void TestMatchExplanation::overlayIsSmoothAndWrapsAroundThePanorama() {
    cv::Mat shares = (cv::Mat_<double>(2, 4) << 1, 2, 3, 4, 5, 6, 7, 8);
    const cv::Mat map = MatchExplanation::overlay(shares, {400, 100}, true);
    QCOMPARE(map.type(), CV_32F);
    // At a cell centre the map is the cell's share; between centres it blends.
    // Cell (0, 1)'s centre is at x = 150, between pixels 149 and 150.
    QVERIFY(std::abs(map.at<float>(24, 149) - 2.0f) < 0.006f);
    QVERIFY(std::abs(map.at<float>(24, 150) - 2.0f) < 0.006f);
    QVERIFY(std::abs(map.at<float>(24, 199) - 2.5f) < 0.006f);
    // Columns wrap: the first and the last column blend cells 0 and 3 alike.
    QVERIFY(std::abs(map.at<float>(24, 0) - map.at<float>(24, 399)) < 0.05f);
    QVERIFY(std::abs(map.at<float>(24, 0) - 2.5f) < 0.05f);
    // Rows do not wrap: above the first centre the top row's value is kept.
    QCOMPARE(map.at<float>(0, 149), map.at<float>(24, 149));
    // A tile's columns are clamped, not wrapped.
    const cv::Mat tile = MatchExplanation::overlay(shares, {400, 100}, false);
    QCOMPARE(tile.at<float>(24, 0), 1.0f);
    QCOMPARE(tile.at<float>(24, 399), 4.0f);
}

void TestMatchExplanation::aCellsRegionIsWhereItsFeaturesComeFrom() {
    // The shares are drawn over cellRegion(): greying a cell's region must change that cell's
    // features more than any other cell's (receptive fields overlap, their centres do not).
    ModelConfig config;
    config.preset = InputPreset::byName("small");
    config.initSeed = 11;
    OriNetModel model(config);
    auto explain = explainer("small", mWorld->layout());
    const PairRecord& pair = mWorld->pairs()[3];
    const auto inputs = explain->prepare(pair.panoramaPath, pair.satellitePath);
    auto cellsOf = [&model](bool ground, const cv::Mat& image) {
        TensorBuffer buffer;
        buffer.shape = {1, image.channels(), image.rows, image.cols};
        buffer.data.resize(buffer.count());
        Preprocessor::copyToBuffer(image, buffer, 0);
        return model.describeCells(ground ? Branch::Ground : Branch::Satellite, buffer);
    };
    for (const bool ground : {true, false}) {
        const CellFeatures plain = cellsOf(ground, ground ? inputs.ground : inputs.satellite);
        QCOMPARE(plain.cellCount(), ground ? 5 : 4);
        for (int cell = 0; cell < plain.cellCount(); ++cell) {
            const auto masked =
                MatchExplainer::masked(inputs, ground, explain->cellRegion(ground, cell));
            const CellFeatures changed = cellsOf(ground, ground ? masked.ground : masked.satellite);
            int most = -1;
            double largest = -1;
            for (int other = 0; other < plain.cellCount(); ++other) {
                const double change =
                    cv::norm(plain.values.row(other), changed.values.row(other), cv::NORM_L2);
                if (change > largest)
                    largest = change, most = other;
            }
            QVERIFY2(most == cell, qPrintable(QString("%1 cell %2: cell %3 changed most")
                                                  .arg(ground ? "ground" : "satellite")
                                                  .arg(cell)
                                                  .arg(most)));
        }
    }
}

void TestMatchExplanation::originalBatchNormIsRefused() {
    MatchExplainer::Settings settings;
    settings.checkpoint = mDir.filePath("small.safetensors").toStdString();
    settings.normalization = Normalization::Original;
    try {
        MatchExplainer refused(settings);
        QFAIL("batch statistics were accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("'original'"), e.what());
    }
}

void TestMatchExplanation::cliWritesTheSharesAndAPicture() {
    const std::vector<size_t>& test = mWorld->split("test");
    QVERIFY(test.size() >= 2);
    const QString query = QString::fromStdString(mWorld->pairs()[test[0]].id);
    const QString other = QString::fromStdString(mWorld->pairs()[test[1]].id);
    const QString png = mDir.filePath("explained.png");
    const QStringList common{"--checkpoint", mDir.filePath("small.safetensors"),
                             "--dataset",    mDir.filePath("world/cvact"),
                             "--split",      "test"};
    testing::CliResult r = testing::runCli(
        QStringList{"explain", "--query", query, "--tile", other, "--png", png, "--json"} + common);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(result["bn"].toString(), QString("running")); // a weights file has no recalibrated
    const QJsonArray matches = result["matches"].toArray();
    QCOMPARE(matches.size(), 2);
    QVERIFY(matches[0].toObject()["true_match"].toBool());
    for (const QJsonValue& match : matches) {
        double ground = 0, satellite = 0;
        for (const QJsonValue& row : match.toObject()["ground_shares"].toArray())
            for (const QJsonValue& v : row.toArray())
                ground += v.toDouble();
        for (const QJsonValue& row : match.toObject()["satellite_shares"].toArray())
            for (const QJsonValue& v : row.toArray())
                satellite += v.toDouble();
        const double similarity = match.toObject()["similarity"].toDouble();
        QVERIFY(std::abs(ground - similarity) < 1e-9 && std::abs(satellite - similarity) < 1e-9);
    }
    const cv::Mat picture = cv::imread(png.toStdString());
    QVERIFY(picture.cols > 1000 && picture.rows > 300); // two matches side by side

    // A file of the user's is never replaced; --query all is for --deletion.
    const QString notes = mDir.filePath("notes.png");
    {
        QFile file(notes);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("my notes, not a picture");
    }
    r = testing::runCli(QStringList{"explain", "--query", query, "--png", notes} + common);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(notes), qPrintable(r.err));
    QFile file(notes);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("my notes, not a picture"));
    r = testing::runCli(QStringList{"explain", "--query", "all"} + common);
    QCOMPARE(r.exitCode, 2);
}

void TestMatchExplanation::cliTopFollowsTheRunsRankingAndWritesAVectorFigure() {
    // A run whose stored descriptors of the test split rank, for the first query, the last
    // pair's tile first and the true tile second; a set of another split beside it must not be
    // used.
    std::vector<std::string> ids;
    for (size_t i : mWorld->split("test"))
        ids.push_back(mWorld->pairs()[i].id);
    const int n = static_cast<int>(ids.size()), dimension = 2 * n;
    QVERIFY(n >= 2);
    const int winner = n - 1;
    DescriptorSet set;
    set.ids = ids;
    set.ground = cv::Mat::zeros(n, dimension, CV_32F);
    set.satellite = cv::Mat::zeros(n, dimension, CV_32F);
    for (int i = 0; i < n; ++i) {
        set.ground.at<float>(i, i) = 1;
        set.satellite.at<float>(i, n + i) = 1; // every other tile: orthogonal to every query
    }
    set.satellite.row(0).setTo(0);
    set.satellite.at<float>(0, 0) = 0.8f; // the true tile: similarity 0.8
    set.satellite.at<float>(0, n) = 0.6f;
    set.satellite.row(winner).setTo(0);
    set.satellite.at<float>(winner, 0) = 1; // the winner: 1.0
    set.provenance.split = "test";
    set.provenance.checkpointKind = "file";
    set.provenance.normalization = "original";
    const QString run = mDir.filePath("ranked-run");
    set.save(QDir(run).filePath("descriptors/test_file_original").toStdString());
    DescriptorSet other = set;
    other.provenance.split = "val";
    std::swap(other.satellite, other.ground); // another ranking altogether
    other.save(QDir(run).filePath("descriptors/val_file_original").toStdString());

    const QString svg = mDir.filePath("explained.svg");
    testing::CliResult r = testing::runCli(
        {"explain", "--checkpoint", mDir.filePath("small.safetensors"), "--run", run, "--dataset",
         mDir.filePath("world/cvact"), "--split", "test", "--query", QString::fromStdString(ids[0]),
         "--top", "2", "--svg", svg, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("ranked with BatchNorm 'original'"), qPrintable(r.err));
    const QJsonObject result = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonArray top = result["top"].toArray();
    QCOMPARE(top.size(), 2);
    QCOMPARE(top[0].toObject()["tile"].toString(), QString::fromStdString(ids[winner]));
    QVERIFY(std::abs(top[0].toObject()["score"].toDouble() - 1.0) < 1e-6);
    QCOMPARE(top[1].toObject()["tile"].toString(), QString::fromStdString(ids[0]));
    QVERIFY(std::abs(top[1].toObject()["score"].toDouble() - 0.8) < 1e-6);
    // The true tile, then the winner; the true tile at rank 2 is not explained twice.
    const QJsonArray matches = result["matches"].toArray();
    QCOMPARE(matches.size(), 2);
    QCOMPARE(matches[0].toObject()["tile"].toString(), QString::fromStdString(ids[0]));
    QCOMPARE(matches[1].toObject()["tile"].toString(), QString::fromStdString(ids[winner]));

    // The figure is SVG with its words as text and both matches' images embedded.
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains(">" + QString::fromStdString(ids[0]) + " with its true tile</text>"));
    QVERIFY(text.contains(QString::fromStdString(ids[0]) + " with its rank 1 tile " +
                          QString::fromStdString(ids[winner]) + "</text>"));
    QCOMPARE(text.count("data:image/png;base64,"), 4);
    QVERIFY(text.contains("share of the similarity per cell"));

    // Without a stored set of the split, --top says what to do.
    r = testing::runCli({"explain", "--checkpoint", mDir.filePath("small.safetensors"), "--run",
                         mDir.filePath("world"), "--dataset", mDir.filePath("world/cvact"),
                         "--split", "test", "--query", QString::fromStdString(ids[0]), "--top",
                         "1"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no descriptors of split 'test'"), qPrintable(r.err));
}

QTEST_MAIN(TestMatchExplanation)
#include "tst_matchexplanation.moc"
