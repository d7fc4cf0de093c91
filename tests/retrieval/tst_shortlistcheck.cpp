#include "common/error.h"
#include "common/feedback.h"
#include "metrics/evaluationreport.h"
#include "retrieval/blockedsearch.h"
#include "retrieval/descriptorset.h"
#include "retrieval/evaluation.h"
#include "retrieval/shortlistcheck.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <algorithm>
#include <random>
#include <set>

using namespace orinet;

namespace {

cv::Mat randomUnit(int rows, int d, uint64_t seed) {
    cv::Mat m(rows, d, CV_32F);
    cv::RNG rng(seed);
    rng.fill(m, cv::RNG::NORMAL, 0, 1);
    for (int i = 0; i < rows; ++i)
        cv::normalize(m.row(i), m.row(i));
    return m;
}

// Unstructured descriptors: a random unit gallery and queries that are noisy copies of its
// items (query i's true match is item i), noisy enough that a coarse index misses some.
void noisyCopies(int m, int d, double noise, cv::Mat& gallery, cv::Mat& queries) {
    gallery = randomUnit(m, d, 11);
    queries = gallery.clone();
    cv::Mat n(m, d, CV_32F);
    cv::RNG(12).fill(n, cv::RNG::NORMAL, 0, noise / std::sqrt(double(d)));
    queries += n;
    for (int i = 0; i < m; ++i)
        cv::normalize(queries.row(i), queries.row(i));
}

bool contains(const int64_t* ids, int64_t k, int64_t id) {
    return std::find(ids, ids + k, id) != ids + k;
}

bool within(double value, const metrics::ProportionInterval& i) {
    return i.low <= value && value <= i.high;
}

} // namespace

class TestShortlistCheck : public QObject {
    Q_OBJECT
private slots:
    void sampleIsSeededAndUniform();
    void sampledTrueMatchesRankAsTheFullSearch();
    void constructedShortlistCoverage();
    void ivfPqCoverageMatchesAllQueries();
    void smallGalleryWarnsAndTheFileKeepsIt();
    void exactBackendsAreNotChecked();
};

void TestShortlistCheck::sampleIsSeededAndUniform() {
    const std::vector<int64_t> a = ShortlistCheck::sample(10000, 300, 7);
    QCOMPARE(a, ShortlistCheck::sample(10000, 300, 7));
    QVERIFY(a != ShortlistCheck::sample(10000, 300, 8));
    QCOMPARE(a.size(), size_t(300));
    QVERIFY(std::is_sorted(a.begin(), a.end()));
    QCOMPARE(std::set<int64_t>(a.begin(), a.end()).size(), size_t(300));
    QVERIFY(a.front() >= 0 && a.back() < 10000);
    QCOMPARE(ShortlistCheck::sample(50, 300, 7).size(), size_t(50)); // all of a small set
    QVERIFY(ShortlistCheck::sample(0, 300, 7).empty());
    // Uniform: over many seeds, each tenth of the range gets about a tenth of the draws.
    std::vector<int> tenths(10, 0);
    for (uint64_t seed = 0; seed < 200; ++seed)
        for (int64_t i : ShortlistCheck::sample(1000, 30, seed))
            ++tenths[size_t(i / 100)];
    for (int count : tenths) // 600 expected, sd ~23
        QVERIFY2(count > 500 && count < 700, qPrintable(QString::number(count)));
}

void TestShortlistCheck::sampledTrueMatchesRankAsTheFullSearch() {
    cv::Mat g, q;
    noisyCopies(1500, 24, 1.2, g, q);
    RetrievalOptions options;
    options.k = 3;
    Feedback feedback;
    const RetrievalResult full = BlockedSearch::search(q, g, options, feedback);
    const std::vector<int64_t> picked = ShortlistCheck::sample(q.rows, 200, 3);
    cv::Mat rows(int(picked.size()), q.cols, CV_32F);
    for (size_t r = 0; r < picked.size(); ++r)
        q.row(int(picked[r])).copyTo(rows.row(int(r)));
    const RetrievalResult part = BlockedSearch::search(rows, g, picked, options, feedback);
    int64_t ranked = 0;
    for (size_t r = 0; r < picked.size(); ++r) {
        QCOMPARE(part.ranks[r], full.ranks[size_t(picked[r])]);
        QCOMPARE(part.idsOf(int64_t(r))[0], full.idsOf(picked[r])[0]);
        ranked += part.ranks[r] > 0;
    }
    QVERIFY(ranked > 0); // the noise puts some true matches behind other items
    QVERIFY_THROWS_EXCEPTION(
        Error, BlockedSearch::search(rows, g, std::vector<int64_t>(3, 0), options, feedback));
    std::vector<int64_t> outside = picked;
    outside.back() = g.rows;
    QVERIFY_THROWS_EXCEPTION(Error, BlockedSearch::search(rows, g, outside, options, feedback));
}

// A shortlist built from the exact one with known holes: for a quarter of the queries (drawn
// independently of the check's sample) the exact top-1 is taken out, for another draw of a sixth
// the true match. The coverage over all queries is counted here; the check's figure from 300 of
// them must hold it within its 95 % interval, and over many seeds it does so about 95 % of the
// time.
void TestShortlistCheck::constructedShortlistCoverage() {
    const int m = 3000, d = 24, depth = 20;
    cv::Mat g, q;
    noisyCopies(m, d, 1.0, g, q);
    RetrievalOptions options;
    options.k = depth + 2;
    Feedback feedback;
    const RetrievalResult exact = BlockedSearch::search(q, g, options, feedback);
    RetrievalResult approximate;
    approximate.queryCount = m;
    approximate.k = depth;
    approximate.ranksExact = false;
    approximate.rankDepth = depth;
    approximate.ids.resize(size_t(m) * depth);
    approximate.scores.assign(approximate.ids.size(), 0.f);
    approximate.ranks.assign(size_t(m), depth);
    std::mt19937_64 draw(99);
    std::uniform_real_distribution<double> uniform(0, 1);
    int64_t top1Held = 0, truthWithin = 0, truthHeld = 0;
    for (int i = 0; i < m; ++i) {
        const int64_t* best = exact.idsOf(i);
        const bool dropTop1 = uniform(draw) < 0.25, dropTruth = uniform(draw) < 1.0 / 6;
        std::vector<int64_t> list;
        for (int64_t j = 0; j < exact.k && int(list.size()) < depth; ++j) {
            if ((dropTop1 && best[j] == best[0]) || (dropTruth && best[j] == i))
                continue;
            list.push_back(best[j]);
        }
        std::copy(list.begin(), list.end(), approximate.ids.begin() + size_t(i) * depth);
        for (size_t j = 0; j < list.size(); ++j)
            if (list[j] == i)
                approximate.ranks[size_t(i)] = int64_t(j);
        // The truth, counted over every query from the lists themselves.
        top1Held += contains(list.data(), int64_t(list.size()), best[0]);
        if (exact.ranks[size_t(i)] < depth) {
            ++truthWithin;
            truthHeld += contains(list.data(), int64_t(list.size()), i);
        }
    }
    const double top1Truth = double(top1Held) / m, truthTruth = double(truthHeld) / truthWithin;
    QVERIFY2(top1Truth > 0.6 && top1Truth < 0.9, qPrintable(QString::number(top1Truth)));
    QVERIFY2(truthTruth > 0.6 && truthTruth < 0.95, qPrintable(QString::number(truthTruth)));

    const metrics::ApproximationCheck check =
        ShortlistCheck::run(approximate, q, g, options, 1.0, 300, 5, feedback);
    QCOMPARE(check.sampled, int64_t(300));
    QCOMPARE(check.depth, int64_t(depth));
    QVERIFY2(within(top1Truth, check.exactTop1Interval()),
             qPrintable(QString("%1 not in [%2, %3]")
                            .arg(top1Truth)
                            .arg(check.exactTop1Interval().low)
                            .arg(check.exactTop1Interval().high)));
    QVERIFY(within(truthTruth, check.trueMatchInterval()));
    QVERIFY(check.trueMatchWithinDepth > 250); // the noise leaves most true matches near
    // Over 40 seeds the intervals hold the truth about 95 % of the time (at least 34 of 40
    // fails with probability ~1 % when they are right; a wrong formula fails far more often).
    int covered = 0;
    for (uint64_t seed = 100; seed < 140; ++seed)
        covered += within(top1Truth,
                          ShortlistCheck::run(approximate, q, g, options, 1.0, 300, seed, feedback)
                              .exactTop1Interval());
    QVERIFY2(covered >= 34, qPrintable(QString::number(covered)));
}

// A real IVF-PQ search, coarse enough (one list of 64 visited, a short shortlist) to miss the
// true match of many noisy copies: the evaluation's check of 300 queries against the coverage
// over all 4,000 computed here from an exact search of them all.
void TestShortlistCheck::ivfPqCoverageMatchesAllQueries() {
    const int m = 4000, d = 32;
    DescriptorSet set;
    noisyCopies(m, d, 1.0, set.satellite, set.ground);
    QTemporaryDir dir;
    EvaluationOptions options;
    options.top = 10;
    options.geoMetres = {};
    options.backend = RetrievalBackend::FaissIvfPq;
    options.retrieval.ivfLists = 64;
    options.retrieval.nprobe = 1;
    options.retrieval.k = 10;
    options.retrieval.shortlist = 30;
    options.retrieval.threads = 2;
    options.retrieval.indexPath = dir.filePath("g.ivfpq").toStdString();
    Feedback feedback;
    const metrics::EvaluationReport approximate = Evaluation::run(set, options, {}, feedback);
    QVERIFY(approximate.approximation);
    const metrics::ApproximationCheck& check = *approximate.approximation;
    QCOMPARE(check.sampled, int64_t(300));
    QCOMPARE(check.depth, int64_t(30));

    EvaluationOptions exactOptions = options;
    exactOptions.backend = RetrievalBackend::Blocked;
    const metrics::EvaluationReport exact = Evaluation::run(set, exactOptions, {}, feedback);
    QVERIFY(!exact.approximation);
    // Re-ranked with exact scores, a shortlisted exact nearest item comes first.
    int64_t top1Held = 0, truthWithin = 0, truthHeld = 0;
    for (int i = 0; i < m; ++i) {
        top1Held += approximate.nearest[size_t(i)] == exact.nearest[size_t(i)];
        if (exact.ranks[size_t(i)] < check.depth) {
            ++truthWithin;
            truthHeld += approximate.ranks[size_t(i)] < check.depth;
        }
    }
    const double top1Truth = double(top1Held) / m, truthTruth = double(truthHeld) / truthWithin;
    // Far from both ends, or the comparison would say little.
    QVERIFY2(top1Truth > 0.2 && top1Truth < 0.9, qPrintable(QString::number(top1Truth)));
    QVERIFY2(within(top1Truth, check.exactTop1Interval()),
             qPrintable(QString("%1 not in [%2, %3]")
                            .arg(top1Truth)
                            .arg(check.exactTop1Interval().low)
                            .arg(check.exactTop1Interval().high)));
    QVERIFY2(within(truthTruth, check.trueMatchInterval()),
             qPrintable(QString("%1 not in [%2, %3]")
                            .arg(truthTruth)
                            .arg(check.trueMatchInterval().low)
                            .arg(check.trueMatchInterval().high)));
}

void TestShortlistCheck::smallGalleryWarnsAndTheFileKeepsIt() {
    DescriptorSet set;
    noisyCopies(2000, 16, 0.5, set.satellite, set.ground);
    EvaluationOptions options;
    options.top = 5;
    options.geoMetres = {};
    options.backend = RetrievalBackend::FaissIvfPq;
    options.retrieval.threads = 2;
    options.checkSample = 100;
    Feedback feedback;
    metrics::EvaluationReport report = Evaluation::run(set, options, {}, feedback);
    QVERIFY(report.approximation);
    const metrics::ApproximationCheck& check = *report.approximation;
    // 2,000 items: one score block of the default 128 MiB holds them for 256 queries.
    QVERIFY(check.galleryFitsBudget);
    QVERIFY(check.exactSecondsEstimate > 0);
    const std::vector<std::string> warnings = check.warnings();
    QVERIFY(!warnings.empty());
    bool suggestsExact = false;
    for (const std::string& w : warnings)
        suggestsExact |= w.find("--backend blocked") != std::string::npos;
    QVERIFY(suggestsExact);

    // The results file holds the check, its intervals and the warnings; read back, the same.
    QTemporaryDir dir;
    report.save(dir.path().toStdString());
    const QString json = dir.filePath("eval_g2s.json");
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject c = o["approximation_check"].toObject();
    QCOMPARE(c["sampled"].toInt(), 100);
    QCOMPARE(c["exact_top1_held"].toInt(), int(check.exactTop1Held));
    QCOMPARE(c["exact_top1_ci95"].toArray().size(), 2);
    QCOMPARE(c["exact_top1_ci95"].toArray()[0].toDouble(), check.exactTop1Interval().low);
    QCOMPARE(c["summary"].toArray().size(), 2);
    QCOMPARE(o["warnings"].toArray().size(), qsizetype(warnings.size()));
    const metrics::EvaluationReport loaded =
        metrics::EvaluationReport::loadJson(json.toStdString());
    QVERIFY(loaded.approximation);
    QCOMPARE(loaded.approximation->exactTop1Held, check.exactTop1Held);
    QCOMPARE(loaded.approximation->trueMatchHeld, check.trueMatchHeld);
    QCOMPARE(loaded.approximation->trueMatchWithinDepth, check.trueMatchWithinDepth);
    QCOMPARE(loaded.approximation->depth, check.depth);
    QCOMPARE(loaded.approximation->seed, check.seed);
    QCOMPARE(loaded.approximation->warnings(), warnings);

    // A budget too small for the whole gallery in one block: no such warning.
    options.retrieval.memoryBudget = 64 << 10;
    report = Evaluation::run(set, options, {}, feedback);
    QVERIFY(!report.approximation->galleryFitsBudget);
}

void TestShortlistCheck::exactBackendsAreNotChecked() {
    DescriptorSet set;
    noisyCopies(500, 8, 0.5, set.satellite, set.ground);
    EvaluationOptions options;
    options.top = 5;
    options.geoMetres = {};
    Feedback feedback;
    for (RetrievalBackend backend : {RetrievalBackend::Blocked, RetrievalBackend::FaissFlat}) {
        options.backend = backend;
        const metrics::EvaluationReport report = Evaluation::run(set, options, {}, feedback);
        QVERIFY(!report.approximation);
        QVERIFY(!QString::fromStdString(report.toJson(false)).contains("approximation_check"));
    }
    options.backend = RetrievalBackend::FaissIvfPq;
    options.checkSample = 0; // asked for no check
    QVERIFY(!Evaluation::run(set, options, {}, feedback).approximation);
}

QTEST_APPLESS_MAIN(TestShortlistCheck)
#include "tst_shortlistcheck.moc"
