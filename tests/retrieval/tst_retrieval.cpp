#include "common/error.h"
#include "common/feedback.h"
#include "retrieval/blockedsearch.h"
#include "retrieval/faissindex.h"
#include "retrieval/retrieval.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

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

// Reference scores in double precision: the full matrix, fine for the small sizes here.
std::vector<double> bruteScores(const cv::Mat& q, const cv::Mat& g) {
    std::vector<double> s(static_cast<size_t>(q.rows) * g.rows);
    for (int i = 0; i < q.rows; ++i)
        for (int j = 0; j < g.rows; ++j) {
            double sum = 0;
            for (int c = 0; c < q.cols; ++c)
                sum += double(q.at<float>(i, c)) * g.at<float>(j, c);
            s[size_t(i) * g.rows + j] = sum;
        }
    return s;
}

// Checks `r` against the exact scores: every row holds the k best scores (same multiset up to
// float precision), each id's exact score matches its reported score, scores are sorted, and
// each rank lies between the counts of items nearer by more / less than float precision.
void checkAgainstBruteForce(const RetrievalResult& r, const cv::Mat& q, const cv::Mat& g, int64_t k,
                            bool ranks) {
    constexpr double eps = 1e-5;
    const std::vector<double> s = bruteScores(q, g);
    const int64_t m = g.rows;
    QCOMPARE(r.queryCount, int64_t(q.rows));
    QCOMPARE(r.k, std::min<int64_t>(k, m));
    for (int64_t i = 0; i < q.rows; ++i) {
        const double* row = s.data() + i * m;
        std::vector<double> sorted(row, row + m);
        std::sort(sorted.begin(), sorted.end(), std::greater<double>());
        std::vector<int64_t> seen;
        for (int64_t j = 0; j < r.k; ++j) {
            const int64_t id = r.idsOf(i)[j];
            QVERIFY(id >= 0 && id < m);
            seen.push_back(id);
            QVERIFY2(std::abs(row[id] - r.scoresOf(i)[j]) < eps, "reported score is wrong");
            QVERIFY2(std::abs(sorted[size_t(j)] - r.scoresOf(i)[j]) < eps,
                     qPrintable(QString("query %1 position %2: %3 instead of %4")
                                    .arg(i)
                                    .arg(j)
                                    .arg(r.scoresOf(i)[j])
                                    .arg(sorted[size_t(j)])));
            if (j > 0)
                QVERIFY(r.scoresOf(i)[j] <= r.scoresOf(i)[j - 1]);
        }
        std::sort(seen.begin(), seen.end());
        QVERIFY2(std::adjacent_find(seen.begin(), seen.end()) == seen.end(), "duplicate id");
        if (ranks) {
            const double t = row[i];
            int64_t lower = 0, upper = 0;
            for (int64_t j = 0; j < m; ++j) {
                if (j == i)
                    continue;
                lower += row[j] > t + eps;
                upper += row[j] > t - eps;
            }
            const int64_t rank = r.ranks[size_t(i)];
            QVERIFY2(
                rank >= lower && rank <= upper,
                qPrintable(QString("rank %1 outside [%2, %3]").arg(rank).arg(lower).arg(upper)));
        }
    }
}

} // namespace

class TestRetrieval : public QObject {
    Q_OBJECT
private slots:
    void blockedMatchesBruteForce_data();
    void blockedMatchesBruteForce();
    void faissFlatMatchesBruteForce();
    void tiesWithTrueMatchDoNotCount();
    void handMadeRanksAndBlocks_data();
    void handMadeRanksAndBlocks();
    void blockSizesRespectBudget();
    void ivfPqFindsClusteredNeighboursAndPersists();
    void ivfPqShortlistIsReRankedExactly();
    void ivfPqIndexOfAnotherGalleryIsNotReused();
    void badInput();
    void cancelStops();

private:
    QTemporaryDir mDir;
};

void TestRetrieval::blockedMatchesBruteForce_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("d");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("queryBlock");
    QTest::addColumn<int>("galleryBlock");
    QTest::newRow("square, one block") << 200 << 200 << 32 << 10 << 0 << 0;
    QTest::newRow("uneven blocks") << 157 << 301 << 48 << 7 << 13 << 29;
    QTest::newRow("k larger than gallery block") << 90 << 250 << 16 << 40 << 17 << 11;
    QTest::newRow("k larger than gallery") << 20 << 30 << 8 << 50 << 0 << 0;
    QTest::newRow("single query rows") << 40 << 64 << 64 << 5 << 1 << 64;
    QTest::newRow("k = 1") << 120 << 500 << 24 << 1 << 50 << 100;
}

void TestRetrieval::blockedMatchesBruteForce() {
    QFETCH(int, n);
    QFETCH(int, m);
    QFETCH(int, d);
    QFETCH(int, k);
    QFETCH(int, queryBlock);
    QFETCH(int, galleryBlock);
    const cv::Mat q = randomUnit(n, d, 100 + n);
    const cv::Mat g = randomUnit(m, d, 200 + m);
    RetrievalOptions options;
    options.k = k;
    options.queryBlock = queryBlock;
    options.galleryBlock = galleryBlock;
    options.threads = 2;
    Feedback feedback;
    const RetrievalResult r = Retrieval::search(q, g, RetrievalBackend::Blocked, options, feedback);
    checkAgainstBruteForce(r, q, g, k, true);
    QCOMPARE(feedback.progress(), 1.0);
}

void TestRetrieval::faissFlatMatchesBruteForce() {
    for (const auto& [n, m, k] :
         std::vector<std::tuple<int, int, int>>{{150, 150, 10}, {64, 333, 25}, {10, 40, 100}}) {
        const cv::Mat q = randomUnit(n, 32, 7 + n);
        const cv::Mat g = randomUnit(m, 32, 9 + m);
        RetrievalOptions options;
        options.k = k;
        options.threads = 2;
        Feedback feedback;
        const RetrievalResult flat =
            Retrieval::search(q, g, RetrievalBackend::FaissFlat, options, feedback);
        checkAgainstBruteForce(flat, q, g, k, true);
        const RetrievalResult blocked =
            Retrieval::search(q, g, RetrievalBackend::Blocked, options, feedback);
        QCOMPARE(blocked.ranks, flat.ranks);
        // Same lists; only the order of scores equal to float precision may differ.
        for (size_t i = 0; i < flat.ids.size(); ++i)
            if (flat.ids[i] != blocked.ids[i])
                QVERIFY(std::abs(flat.scores[i] - blocked.scores[i]) < 1e-6f);
    }
}

// Exact small numbers: every inner product below is exact in float, whatever the summation
// order, so ties are real ties.
void TestRetrieval::tiesWithTrueMatchDoNotCount() {
    const float q[] = {1, 0, /**/ 0, 1};
    const float g[] = {0.5f,  0.25f,  // 0: query 0's true match, score 0.5
                       0.25f, 0.5f,   // 1: query 1's true match, score 0.5
                       0.5f,  -0.75f, // 2: ties with 0 for query 0
                       0.75f, 0.5f,   // 3: nearer for query 0 (0.75), tie for query 1 (0.5)
                       0,     0.5f};  // 4: tie for query 1
    const cv::Mat queries(2, 2, CV_32F, const_cast<float*>(q));
    const cv::Mat gallery(5, 2, CV_32F, const_cast<float*>(g));
    for (auto backend : {RetrievalBackend::Blocked, RetrievalBackend::FaissFlat}) {
        for (int galleryBlock : {0, 1, 2}) {
            RetrievalOptions options;
            options.k = 5;
            options.galleryBlock = galleryBlock;
            Feedback feedback;
            const RetrievalResult r =
                Retrieval::search(queries, gallery, backend, options, feedback);
            QCOMPARE(r.ranks, (metrics::TrueMatchRanks{1, 0}));
            if (backend == RetrievalBackend::Blocked) {
                // ties in the list are ordered by gallery index
                QCOMPARE(std::vector<int64_t>(r.idsOf(0), r.idsOf(0) + 5),
                         (std::vector<int64_t>{3, 0, 2, 1, 4}));
                QCOMPARE(std::vector<int64_t>(r.idsOf(1), r.idsOf(1) + 5),
                         (std::vector<int64_t>{1, 3, 4, 0, 2}));
            }
        }
    }
}

void TestRetrieval::handMadeRanksAndBlocks_data() {
    QTest::addColumn<int>("queryBlock");
    QTest::addColumn<int>("galleryBlock");
    QTest::newRow("auto") << 0 << 0;
    QTest::newRow("7 x 13") << 7 << 13;
    QTest::newRow("50 x 1") << 50 << 1;
    QTest::newRow("1 x 30") << 1 << 30;
}

// 100 pairs, gallery item j = e_j. Query i = e_i + 2·(e of (i % 4) other items) + e of one
// more item: exactly i % 4 items are nearer than the true match, one ties with it.
void TestRetrieval::handMadeRanksAndBlocks() {
    QFETCH(int, queryBlock);
    QFETCH(int, galleryBlock);
    const int n = 100;
    cv::Mat gallery = cv::Mat::eye(n, n, CV_32F);
    cv::Mat queries = cv::Mat::zeros(n, n, CV_32F);
    for (int i = 0; i < n; ++i) {
        queries.at<float>(i, i) = 1;
        for (int j = 1; j <= i % 4; ++j)
            queries.at<float>(i, (i + 10 * j) % n) = 2;
        queries.at<float>(i, (i + 50) % n) = 1; // tie
    }
    RetrievalOptions options;
    options.k = 3;
    options.queryBlock = queryBlock;
    options.galleryBlock = galleryBlock;
    Feedback feedback;
    const RetrievalResult r =
        Retrieval::search(queries, gallery, RetrievalBackend::Blocked, options, feedback);
    for (int i = 0; i < n; ++i) {
        QCOMPARE(r.ranks[size_t(i)], int64_t(i % 4));
        if (i % 4 == 0) // true match and its tie lead, lower index first
            QCOMPARE(r.idsOf(i)[0], int64_t(std::min(i, (i + 50) % n)));
        else
            QCOMPARE(r.scoresOf(i)[0], 2.0f);
    }
    // N = 100: floor(0.01·N) + 1 = 2, so ranks 0 and 1 count (50 %); strict: rank 0 (25 %)
    QCOMPARE(metrics::recallAtOnePercent(r.ranks, n), 0.5);
    QCOMPARE(metrics::recallAtOnePercent(r.ranks, n, metrics::OnePercentVariant::Strict), 0.25);
}

void TestRetrieval::blockSizesRespectBudget() {
    RetrievalOptions options;
    options.memoryBudget = size_t(64) << 20;
    const auto [qb, gb] = BlockedSearch::blockSizes(92802, 92802, options);
    QVERIFY(qb * gb * 4 <= int64_t(64) << 20);
    QVERIFY(qb >= 128);
    options.memoryBudget = 1000; // tiny: still makes progress
    const auto [qb2, gb2] = BlockedSearch::blockSizes(10, 10, options);
    QVERIFY(qb2 >= 1 && gb2 >= 1 && qb2 * gb2 * 4 <= 1000);
}

void TestRetrieval::ivfPqFindsClusteredNeighboursAndPersists() {
    // Gallery: 4000 unit vectors; queries: slightly perturbed copies of the first 500, so the
    // true match is clearly the nearest and an approximate index must find most of them.
    const int m = 4000, n = 500, d = 64;
    const cv::Mat g = randomUnit(m, d, 42);
    cv::Mat q = g.rowRange(0, n).clone();
    cv::Mat noise(n, d, CV_32F);
    cv::RNG(43).fill(noise, cv::RNG::NORMAL, 0, 0.02);
    q += noise;
    for (int i = 0; i < n; ++i)
        cv::normalize(q.row(i), q.row(i));
    RetrievalOptions options;
    options.k = 10;
    options.nprobe = 8;
    options.indexPath = mDir.filePath("gallery.ivfpq").toStdString();
    Feedback feedback;
    const RetrievalResult first =
        Retrieval::search(q, g, RetrievalBackend::FaissIvfPq, options, feedback);
    QVERIFY(!first.ranksExact);
    QVERIFY(QFile::exists(mDir.filePath("gallery.ivfpq")));
    const double r1 = metrics::recallAtK(first.ranks, 1);
    QVERIFY2(r1 > 0.9, qPrintable(QString("IVF-PQ recall@1 %1").arg(r1)));

    // Second run loads the saved index and returns the same answer.
    const RetrievalResult second =
        Retrieval::search(q, g, RetrievalBackend::FaissIvfPq, options, feedback);
    QCOMPARE(second.ids, first.ids);
    const FaissIndex loaded = FaissIndex::load(options.indexPath);
    QCOMPARE(loaded.kind(), FaissIndex::Kind::IvfPq);
    QCOMPARE(loaded.size(), int64_t(m));
    QCOMPARE(loaded.dimension(), d);

    // A saved index of another gallery is refused, not silently used (same shape: see
    // ivfPqIndexOfAnotherGalleryIsNotReused).
    const cv::Mat other = randomUnit(m - 1, d, 44);
    QVERIFY_THROWS_EXCEPTION(
        orinet::Error,
        Retrieval::search(q, other, RetrievalBackend::FaissIvfPq, options, feedback));
    QFile junk(mDir.filePath("junk.index"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not an index");
    junk.close();
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             FaissIndex::load(mDir.filePath("junk.index").toStdString()));
}

namespace {

// Clustered descriptors, as a trained model's are: 40 centres, items spread around them, and
// queries that are noisy copies of the first items (query i's true match is item i).
void clusteredWorld(int m, int n, int d, cv::Mat& gallery, cv::Mat& queries) {
    const cv::Mat centres = randomUnit(40, d, 71);
    cv::RNG rng(72);
    gallery.create(m, d, CV_32F);
    rng.fill(gallery, cv::RNG::NORMAL, 0, 0.35 / std::sqrt(double(d)));
    for (int i = 0; i < m; ++i) {
        gallery.row(i) += centres.row(i % 40);
        cv::normalize(gallery.row(i), gallery.row(i));
    }
    queries = gallery.rowRange(0, n).clone();
    cv::Mat noise(n, d, CV_32F);
    rng.fill(noise, cv::RNG::NORMAL, 0, 0.25 / std::sqrt(double(d)));
    queries += noise;
    for (int i = 0; i < n; ++i)
        cv::normalize(queries.row(i), queries.row(i));
}

} // namespace

// With a shortlist, every returned score is the exact inner product, the list is the exact
// top-k of the shortlisted items, and a rank counts the shortlisted items nearer than the true
// match (the shortlist's length when it was missed).
void TestRetrieval::ivfPqShortlistIsReRankedExactly() {
    const int m = 3000, n = 300, d = 48, k = 10, shortlist = 60;
    cv::Mat g, q;
    clusteredWorld(m, n, d, g, q);
    RetrievalOptions options;
    options.k = k;
    options.nprobe = 4;
    options.pqSubquantizers = 6; // coarse codes, so that re-ranking has something to fix
    options.indexPath = mDir.filePath("rerank.ivfpq").toStdString();
    Feedback feedback;
    // The raw shortlist: the index's own top-`shortlist`, without re-ranking.
    options.k = shortlist;
    options.shortlist = 0;
    const RetrievalResult raw =
        Retrieval::search(q, g, RetrievalBackend::FaissIvfPq, options, feedback);
    QCOMPARE(raw.rankDepth, int64_t(shortlist));
    options.k = k;
    options.shortlist = shortlist;
    const RetrievalResult reranked =
        Retrieval::search(q, g, RetrievalBackend::FaissIvfPq, options, feedback);
    QVERIFY(!reranked.ranksExact);
    QCOMPARE(reranked.k, int64_t(k));
    QCOMPARE(reranked.rankDepth, int64_t(shortlist));
    const std::vector<double> exact = bruteScores(q, g);
    for (int i = 0; i < n; ++i) {
        const double* row = exact.data() + size_t(i) * m;
        std::vector<std::pair<double, int64_t>> candidates;
        bool shortlisted = false;
        for (int j = 0; j < shortlist; ++j) {
            const int64_t id = raw.idsOf(i)[j];
            if (id < 0)
                continue;
            candidates.push_back({row[id], id});
            shortlisted |= id == i;
        }
        std::sort(candidates.begin(), candidates.end(),
                  [](const auto& a, const auto& b) { return a.first > b.first; });
        for (int j = 0; j < k; ++j) {
            QVERIFY(std::abs(reranked.scoresOf(i)[j] - row[reranked.idsOf(i)[j]]) < 1e-5);
            QVERIFY2(std::abs(reranked.scoresOf(i)[j] - candidates[size_t(j)].first) < 1e-5,
                     qPrintable(QString("query %1 position %2").arg(i).arg(j)));
        }
        int64_t nearer = shortlist;
        if (shortlisted) {
            nearer = 0;
            for (const auto& c : candidates)
                nearer += c.first > row[i] + 1e-6;
        }
        QVERIFY2(std::abs(reranked.ranks[size_t(i)] - nearer) <= (shortlisted ? 1 : 0),
                 qPrintable(QString("query %1: rank %2, expected %3")
                                .arg(i)
                                .arg(reranked.ranks[size_t(i)])
                                .arg(nearer)));
    }
    // Exact scores put found true matches first far more often than the coarse codes did.
    const double rawR1 = metrics::recallAtK(raw.ranks, 1);
    const double rerankedR1 = metrics::recallAtK(reranked.ranks, 1);
    QVERIFY2(rerankedR1 > rawR1,
             qPrintable(QString("recall@1 %1 re-ranked, %2 raw").arg(rerankedR1).arg(rawR1)));
}

void TestRetrieval::ivfPqIndexOfAnotherGalleryIsNotReused() {
    const int m = 2000, n = 100, d = 32;
    cv::Mat g, q;
    clusteredWorld(m, n, d, g, q);
    RetrievalOptions options;
    options.k = 5;
    options.indexPath = mDir.filePath("stale.ivfpq").toStdString();
    Feedback feedback;
    Retrieval::search(q, g, RetrievalBackend::FaissIvfPq, options, feedback);
    QCOMPARE(FaissIndex::load(options.indexPath).galleryFingerprint(), FaissIndex::fingerprint(g));
    QFile saved(QString::fromStdString(options.indexPath));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray bytes = saved.readAll();
    saved.close();

    // Same shape, one value changed: a different gallery.
    cv::Mat other = g.clone();
    other.at<float>(1234, 5) += 0.001f;
    QVERIFY(FaissIndex::fingerprint(other) != FaissIndex::fingerprint(g));
    try {
        Retrieval::search(q, other, RetrievalBackend::FaissIvfPq, options, feedback);
        QFAIL("an index built for another gallery was used");
    } catch (const orinet::Error& e) {
        QCOMPARE(QString::fromStdString(e.path()), QString::fromStdString(options.indexPath));
        QVERIFY2(QString(e.what()).contains("another gallery"), e.what());
    }
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), bytes); // refused, and left as it was
    saved.close();

    // As a cache it is rebuilt for the new gallery instead.
    options.replaceStaleIndex = true;
    Retrieval::search(q, other, RetrievalBackend::FaissIvfPq, options, feedback);
    QCOMPARE(FaissIndex::load(options.indexPath).galleryFingerprint(),
             FaissIndex::fingerprint(other));

    // Damaged files name themselves: cut short, or without the header that records the
    // gallery.
    QFile cut(mDir.filePath("cut.ivfpq"));
    for (const QByteArray& content : {bytes.left(bytes.size() / 2), bytes.mid(8 + 8 + 200)}) {
        QVERIFY(cut.open(QIODevice::WriteOnly));
        cut.write(content);
        cut.close();
        try {
            FaissIndex::load(cut.fileName().toStdString());
            QFAIL("a damaged index file was loaded");
        } catch (const orinet::Error& e) {
            QCOMPARE(QString::fromStdString(e.path()), cut.fileName());
        }
    }
}

void TestRetrieval::badInput() {
    const cv::Mat q = randomUnit(10, 8, 1);
    const cv::Mat g = randomUnit(12, 8, 2);
    Feedback feedback;
    RetrievalOptions options;
    for (auto backend :
         {RetrievalBackend::Blocked, RetrievalBackend::FaissFlat, RetrievalBackend::FaissIvfPq}) {
        QVERIFY_THROWS_EXCEPTION(orinet::Error,
                                 Retrieval::search(cv::Mat(), g, backend, options, feedback));
        QVERIFY_THROWS_EXCEPTION(
            orinet::Error, Retrieval::search(q, randomUnit(12, 7, 3), backend, options, feedback));
        QVERIFY_THROWS_EXCEPTION(orinet::Error, Retrieval::search(g, q, backend, options,
                                                                  feedback)); // N > M with ranks
        cv::Mat nan = q.clone();
        nan.at<float>(4, 4) = std::numeric_limits<float>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(orinet::Error,
                                 Retrieval::search(nan, g, backend, options, feedback));
        cv::Mat doubles;
        q.convertTo(doubles, CV_64F);
        QVERIFY_THROWS_EXCEPTION(orinet::Error,
                                 Retrieval::search(doubles, g, backend, options, feedback));
    }
    options.k = 0;
    QVERIFY_THROWS_EXCEPTION(orinet::Error,
                             Retrieval::search(q, g, RetrievalBackend::Blocked, options, feedback));
    QVERIFY_THROWS_EXCEPTION(orinet::Error, fromString<RetrievalBackend>("annoy"));
    QVERIFY(fromString<RetrievalBackend>("faiss-ivfpq") == RetrievalBackend::FaissIvfPq);
}

void TestRetrieval::cancelStops() {
    const cv::Mat q = randomUnit(64, 16, 5);
    const cv::Mat g = randomUnit(64, 16, 6);
    Feedback feedback;
    feedback.cancel();
    RetrievalOptions options;
    for (auto backend : {RetrievalBackend::Blocked, RetrievalBackend::FaissFlat})
        QVERIFY_THROWS_EXCEPTION(orinet::Canceled,
                                 Retrieval::search(q, g, backend, options, feedback));
}

QTEST_APPLESS_MAIN(TestRetrieval)
#include "tst_retrieval.moc"
