#include "common/error.h"
#include "common/feedback.h"
#include "model/safetensors.h"
#include "training/processgroup.h"
#include "training/trainer.h"

#include "synthetictrainingdata.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <random>
#include <unistd.h>

using namespace orinet;

namespace {

constexpr int kWorld = 2;
constexpr int64_t kPerRank = 4;
constexpr size_t kSteps = 3;

//! Step k's global batch holds pairs 8k .. 8k+7; a shard yields rows [first, first+count).
//! Pairs 20 m apart along a street, so the CVACT mask (25 m) applies to neighbours: this also
//! checks that UTM metres survive the all-gather.
class ShardSource : public BatchSource {
public:
    ShardSource(int64_t first, int64_t count)
        : mFirst(first)
        , mCount(count) {}
    size_t batchesPerEpoch() const override { return kSteps; }
    void startEpoch(uint64_t, size_t skip) override { mNext = skip; }
    std::optional<Batch> next() override {
        if (mNext >= kSteps)
            return std::nullopt;
        Batch b = testing::tinyBatch(mCount);
        const size_t gPer = b.ground.count() / mCount, sPer = b.satellite.count() / mCount;
        for (int64_t i = 0; i < mCount; ++i) {
            const size_t pair = mNext * kWorld * kPerRank + static_cast<size_t>(mFirst + i);
            std::mt19937 rng(static_cast<uint32_t>(pair) + 17u);
            std::uniform_real_distribution<float> u(-1.f, 1.f);
            const float tone = u(rng);
            for (size_t k = 0; k < gPer; ++k)
                b.ground.data[i * gPer + k] = 0.5f * tone + 0.5f * u(rng);
            for (size_t k = 0; k < sPer; ++k)
                b.satellite.data[i * sPer + k] = 0.5f * tone + 0.5f * u(rng);
            b.indices.push_back(pair);
            b.ids.push_back(std::to_string(pair));
            b.easting.push_back(600000.0 + 20.0 * static_cast<double>(pair));
            b.northing.push_back(6090000.25);
        }
        ++mNext;
        return b;
    }

private:
    int64_t mFirst, mCount;
    size_t mNext = 0;
};

TrainingConfig config() {
    TrainingConfig c;
    c.model.preset = InputPreset::byName("tiny");
    c.model.initSeed = 9;
    c.seed = 9;
    c.epochs = 1;
    c.learningRate = 1e-4;
    return c;
}

//! The body of one rank (this executable started with --worker RANK PORT DIR).
int worker(int rank, int port, const std::string& dir) {
    try {
        DistributedOptions o;
        o.worldSize = kWorld;
        o.rank = rank;
        o.masterPort = port;
        o.timeoutSeconds = 240;
        ProcessGroup group(o);
        TrainingConfig c = config();
        c.batchSize = kPerRank;
        Trainer trainer(dir, c, false, &group);
        ShardSource source(rank * kPerRank, kPerRank);
        Feedback feedback;
        trainer.run({&source}, feedback);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "rank %d: %s\n", rank, e.what());
        return 1;
    }
}

QString sProgram;

} // namespace

//! Two processes on 127.0.0.1 (Gloo) against one process on the combined batch.
class TestDistributed : public QObject {
    Q_OBJECT
private slots:
    void twoRanksMatchOneProcessOnTheCombinedBatch();
    void badRankIsRejected();
};

void TestDistributed::twoRanksMatchOneProcessOnTheCombinedBatch() {
    QTemporaryDir dir(QDir("/dev/shm").exists() ? QStringLiteral("/dev/shm/orinet-test-XXXXXX")
                                                : QString());
    const int port = 20000 + static_cast<int>(::getpid() % 20000);
    std::vector<std::unique_ptr<QProcess>> ranks;
    for (int r = 0; r < kWorld; ++r) {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(sProgram, {"--worker", QString::number(r), QString::number(port),
                            dir.filePath(r == 0 ? "distributed" : "rank1")});
        QVERIFY(p->waitForStarted());
        ranks.push_back(std::move(p));
    }
    for (auto& p : ranks) {
        QVERIFY(p->waitForFinished(280000));
        QCOMPARE(p->exitCode(), 0);
    }
    // Only rank 0 writes the run folder.
    QVERIFY(QFile::exists(dir.filePath("distributed/checkpoints/last.ckpt")));
    QVERIFY(!QFile::exists(dir.filePath("rank1/checkpoints/last.ckpt")));

    // The same steps in one process: the combined batch of 8, BatchNorm over the two halves.
    TrainingConfig c = config();
    c.batchSize = kWorld * kPerRank;
    c.normalizationShards = kWorld;
    {
        Trainer single(dir.filePath("single").toStdString(), c, false);
        ShardSource source(0, kWorld * kPerRank);
        Feedback feedback;
        single.run({&source}, feedback);
    }
    const SafeTensors a =
        SafeTensors::load(dir.filePath("distributed/checkpoints/last.ckpt").toStdString());
    const SafeTensors b =
        SafeTensors::load(dir.filePath("single/checkpoints/last.ckpt").toStdString());
    double maxDiff = 0, maxChange = 0;
    int compared = 0;
    for (const NamedTensor& t : b.tensors) {
        // Parameters only: running statistics are updated per shard, as in PyTorch's DDP.
        if (t.dtype != TensorDType::Float32 || t.name.find("running_") != std::string::npos ||
            t.name.find("optimizer.") == 0)
            continue;
        const NamedTensor* u = a.find(t.name);
        QVERIFY(u && u->bytes.size() == t.bytes.size());
        const float* x = reinterpret_cast<const float*>(t.bytes.data());
        const float* y = reinterpret_cast<const float*>(u->bytes.data());
        for (int64_t i = 0; i < t.elementCount(); ++i)
            maxDiff = std::max(maxDiff, double(std::abs(x[i] - y[i])));
        const NamedTensor* m = b.find("optimizer.exp_avg." + t.name);
        QVERIFY(m);
        const float* mm = reinterpret_cast<const float*>(m->bytes.data());
        for (int64_t i = 0; i < t.elementCount(); ++i)
            maxChange = std::max(maxChange, double(std::abs(mm[i])));
        ++compared;
    }
    QCOMPARE(compared, 2 * (7 * 2 + 6 * 2));
    qInfo("max weight difference %.3g after %zu steps (Adam moments up to %.3g)", maxDiff, kSteps,
          maxChange);
    QVERIFY(maxChange > 0);                                         // training did move the weights
    QVERIFY2(maxDiff < 2e-6, qPrintable(QString::number(maxDiff))); // lr 1e-4, 3 steps
}

void TestDistributed::badRankIsRejected() {
    DistributedOptions o;
    o.worldSize = 2;
    o.rank = 2;
    QVERIFY_THROWS_EXCEPTION(Error, ProcessGroup{o});
}

int main(int argc, char* argv[]) {
    if (argc == 5 && std::string(argv[1]) == "--worker")
        return worker(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
    QCoreApplication app(argc, argv);
    sProgram = QCoreApplication::applicationFilePath();
    TestDistributed test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_distributed.moc"
