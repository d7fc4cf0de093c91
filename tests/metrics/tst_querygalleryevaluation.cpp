// Query/gallery metrics (docs/vigor.md, "Metrics") against independent computations: hand-made
// rankings whose answers are known, a brute-force argsort in this test, and a line-by-line
// numpy port of Sample4Geo's calculate_scores and VIGOR's validate_top / distance_accuracy run
// by a python with numpy (skipped, saying so, when there is none).

#include "../support/torchpython.h"
#include "common/error.h"
#include "dataset/querygallery.h"
#include "metrics/querygalleryevaluation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>

using namespace orinet;
using namespace orinet::metrics;

class TestQueryGalleryEvaluation : public QObject {
    Q_OBJECT

private slots:
    void handMadeRankings();
    void bruteForce();
    void numpyPortOfSample4GeoAndVigor();
    void rejectsMismatchedSizes();
};

namespace {

//! The test's own great-circle distance (haversine, radius 6371008.8 m).
double metresBetween(const LatLon& a, const LatLon& b) {
    const double rad = M_PI / 180;
    const double dLat = (b.latitude - a.latitude) * rad;
    const double dLon = (b.longitude - a.longitude) * rad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(a.latitude * rad) * std::cos(b.latitude * rad) * std::sin(dLon / 2) *
                         std::sin(dLon / 2);
    return 2 * 6371008.8 * std::asin(std::sqrt(h));
}

//! Random truth: gallery items spread over ~5 km, each query near its positive, three distinct
//! semi-positives other than the positive; integer descriptors (query = positive's + noise) so
//! that every inner product is exact in float whatever the summation order, and ties happen.
struct RandomCase {
    int64_t queries = 150, gallery = 420, dim = 8;
    QueryGallery truth;
    std::vector<float> q, g;
    std::vector<std::array<int, 4>> labels;
    std::vector<LatLon> qPos, gPos;

    explicit RandomCase(uint64_t seed) {
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<int> value(-3, 3), noise(-2, 2);
        std::uniform_real_distribution<double> spread(0, 0.05), near(-0.0004, 0.0004);
        for (int64_t j = 0; j < gallery; ++j) {
            gPos.push_back({40 + spread(rng), -74 + spread(rng)});
            truth.addGalleryItem({"g" + std::to_string(j), "", "City"}, gPos.back());
            for (int64_t d = 0; d < dim; ++d)
                g.push_back(static_cast<float>(value(rng)));
        }
        std::uniform_int_distribution<int> pick(0, static_cast<int>(gallery) - 1);
        for (int64_t i = 0; i < queries; ++i) {
            std::array<int, 4> l{};
            l[0] = pick(rng);
            for (int k = 1; k < 4; ++k) {
                do
                    l[k] = pick(rng);
                while (std::find(l.begin(), l.begin() + k, l[k]) != l.begin() + k);
            }
            labels.push_back(l);
            const LatLon p = gPos[static_cast<size_t>(l[0])];
            qPos.push_back({p.latitude + near(rng), p.longitude + near(rng)});
            for (int64_t d = 0; d < dim; ++d)
                // every other query also looks like its first semi-positive, so that the hit
                // rate and recall@1 differ
                q.push_back(g[static_cast<size_t>(l[0] * dim + d)] +
                            (i % 2 ? g[static_cast<size_t>(l[1] * dim + d)] : 0.f) +
                            static_cast<float>(noise(rng)));
            const QueryGallery::PixelOffset zero{};
            truth.addQuery({"q" + std::to_string(i), "", "City"}, qPos.back(), l[0],
                           {l[1], l[2], l[3]}, {zero, zero, zero}, &zero);
        }
    }
    std::vector<float> similarity() const {
        std::vector<float> s(static_cast<size_t>(queries * gallery));
        for (int64_t i = 0; i < queries; ++i)
            for (int64_t j = 0; j < gallery; ++j) {
                float dot = 0;
                for (int64_t d = 0; d < dim; ++d)
                    dot +=
                        q[static_cast<size_t>(i * dim + d)] * g[static_cast<size_t>(j * dim + d)];
                s[static_cast<size_t>(i * gallery + j)] = dot;
            }
        return s;
    }
};

} // namespace

void TestQueryGalleryEvaluation::handMadeRankings() {
    // five tiles 0.001° of latitude (111.2 m) apart; queries at tile 0's position
    QueryGallery truth;
    for (int j = 0; j < 5; ++j)
        truth.addGalleryItem({"t" + std::to_string(j), "", ""}, LatLon{40 + 0.001 * j, -74});
    const QueryGallery::PixelOffset z{};
    auto add = [&](int positive, std::vector<int> semi) {
        truth.addQuery({"q", "", ""}, LatLon{40, -74}, positive, semi,
                       std::vector<QueryGallery::PixelOffset>(semi.size(), z), &z);
    };
    add(0, {1});    // q0: semi 1 > other 2 > positive 0
    add(0, {1});    // q1: semi 1 > positive 0 > others
    add(3, {});     // q2: positive 3 tied with 4 at the top; 4 comes later in the gallery
    add(0, {1, 2}); // q3: other 4 first, then the semi-positives, then the positive
    const std::vector<float> sim = {
        0.1f, 0.9f, 0.5f, 0.0f, 0.0f, // q0
        0.5f, 0.9f, 0.1f, 0.0f, 0.0f, // q1
        0.1f, 0.2f, 0.3f, 0.8f, 0.8f, // q2
        0.1f, 0.5f, 0.6f, 0.0f, 0.9f, // q3
    };
    const QueryGalleryEvaluation e = QueryGalleryEvaluation::fromSimilarity(sim, truth);
    QCOMPARE(e.ranks(), (TrueMatchRanks{2, 1, 0, 3}));
    QCOMPARE(e.top1(), (std::vector<int64_t>{1, 1, 3, 4}));
    QCOMPARE(e.recallAt(1), 0.25);
    QCOMPARE(e.recallAt(3), 0.75);
    // hit (VIGOR, Sample4Geo): only semi-positives above the positive -> q1 and q2
    QCOMPARE(e.hitRate(), 0.5);
    // the looser reading, top-1 in {positive, semi-positives}: q0, q1, q2
    QCOMPARE(e.top1CoversRate(), 0.75);
    // 5 tiles: floor(5/100) = 0, so Original counts rank < 1 and Strict counts nothing
    QCOMPARE(e.recallAtOnePercent(OnePercentVariant::Original), 0.25);
    QCOMPARE(e.recallAtOnePercent(OnePercentVariant::Strict), 0.0);
    // top-1 centres: 111.2, 111.2, 333.6, 444.8 m from the queries
    const double step = metresBetween({40, -74}, {40.001, -74});
    QVERIFY(std::abs(step - 111.19) < 0.01);
    QVERIFY(e.hasMetres());
    QVERIFY(std::abs(e.medianMetres() - 2 * step) < 1e-6); // (111.2 + 333.6) / 2
    QVERIFY(std::abs(e.metresPercentile(0) - step) < 1e-6);
    QVERIFY(std::abs(e.metresPercentile(100) - 4 * step) < 1e-6);
    QCOMPARE(e.recallWithinMetres(step - 0.01), 0.0);
    QCOMPARE(e.recallWithinMetres(step + 0.01), 0.5);
    QCOMPARE(e.recallWithinMetres(1000), 1.0);
}

void TestQueryGalleryEvaluation::bruteForce() {
    const RandomCase c(7);
    const std::vector<float> sim = c.similarity();
    const QueryGalleryEvaluation fromSim = QueryGalleryEvaluation::fromSimilarity(sim, c.truth);
    const QueryGalleryEvaluation fromDesc =
        QueryGalleryEvaluation::fromDescriptors(c.q, c.g, c.dim, c.truth);
    // the blocked BLAS path gives the same answers (exact integer products)
    QCOMPARE(fromDesc.ranks(), fromSim.ranks());
    QCOMPARE(fromDesc.top1(), fromSim.top1());
    QCOMPARE(fromDesc.hitRate(), fromSim.hitRate());

    // brute force: a full stable argsort per query, most similar first
    int64_t at1 = 0, at5 = 0, at10 = 0, hits = 0, covers = 0, ties = 0;
    std::vector<double> metres;
    for (int64_t i = 0; i < c.queries; ++i) {
        const float* row = sim.data() + i * c.gallery;
        std::vector<int64_t> order(static_cast<size_t>(c.gallery));
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](int64_t a, int64_t b) { return row[a] > row[b]; });
        const auto& l = c.labels[static_cast<size_t>(i)];
        // position of the first item as similar as the positive: ties count for the query
        int64_t rank = 0;
        while (row[order[static_cast<size_t>(rank)]] > row[l[0]])
            ++rank;
        ties += std::count_if(row, row + c.gallery, [&](float v) { return v == row[l[0]]; }) > 1;
        QCOMPARE(fromSim.ranks()[static_cast<size_t>(i)], rank);
        at1 += rank < 1;
        at5 += rank < 5;
        at10 += rank < 10;
        // hit: walking down the list, the positive comes before any non-semi-positive item
        for (int64_t j : order) {
            if (row[j] <= row[l[0]]) {
                ++hits;
                break;
            }
            if (std::find(l.begin() + 1, l.end(), j) == l.end())
                break;
        }
        const int64_t top = order.front();
        QCOMPARE(fromSim.top1()[static_cast<size_t>(i)], top);
        covers += std::find(l.begin(), l.end(), top) != l.end();
        metres.push_back(
            metresBetween(c.qPos[static_cast<size_t>(i)], c.gPos[static_cast<size_t>(top)]));
    }
    QVERIFY2(ties > 0, "the case should exercise ties with the positive");
    const double n = static_cast<double>(c.queries);
    QCOMPARE(fromSim.recallAt(1), at1 / n);
    QCOMPARE(fromSim.recallAt(5), at5 / n);
    QCOMPARE(fromSim.recallAt(10), at10 / n);
    QCOMPARE(fromSim.hitRate(), hits / n);
    QCOMPARE(fromSim.top1CoversRate(), covers / n);
    QVERIFY(at1 > 0 && at1 < c.queries); // neither trivial nor hopeless
    QVERIFY(hits > at1 && covers > at1); // semi-positives above the positive occur
    for (size_t i = 0; i < metres.size(); ++i)
        QVERIFY(std::abs(fromSim.top1Metres()[i] - metres[i]) < 1e-6);
}

void TestQueryGalleryEvaluation::numpyPortOfSample4GeoAndVigor() {
    const RandomCase c(11);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    {
        std::ofstream(d + "/shape.txt") << c.queries << " " << c.gallery << " " << c.dim << "\n";
        std::ofstream(d + "/q.f32", std::ios::binary)
            .write(reinterpret_cast<const char*>(c.q.data()),
                   static_cast<std::streamsize>(c.q.size() * sizeof(float)));
        std::ofstream(d + "/g.f32", std::ios::binary)
            .write(reinterpret_cast<const char*>(c.g.data()),
                   static_cast<std::streamsize>(c.g.size() * sizeof(float)));
        std::ofstream labels(d + "/labels.txt"), qpos(d + "/qpos.txt"), gpos(d + "/gpos.txt");
        labels.precision(17);
        qpos.precision(17);
        gpos.precision(17);
        for (const auto& l : c.labels)
            labels << l[0] << " " << l[1] << " " << l[2] << " " << l[3] << "\n";
        for (const LatLon& p : c.qPos)
            qpos << p.latitude << " " << p.longitude << "\n";
        for (const LatLon& p : c.gPos)
            gpos << p.latitude << " " << p.longitude << "\n";
    }
    // Sample4Geo sample4geo/evaluate/vigor.py calculate_scores and VIGOR train_SAFA.py
    // validate_top / evaluate_from_npy.py distance_accuracy, as written there (loops and all);
    // distances by haversine on the project's radius (VIGOR: law of cosines, R = 6371004 m)
    const QString script = R"(
import json
import numpy as np
d = sys.argv[1]
Q, G, D = map(int, open(d + '/shape.txt').read().split())
qf = np.fromfile(d + '/q.f32', dtype=np.float32).reshape(Q, D)
gf = np.fromfile(d + '/g.f32', dtype=np.float32).reshape(G, D)
labels = np.loadtxt(d + '/labels.txt', dtype=np.int64).reshape(Q, 4)
qpos = np.loadtxt(d + '/qpos.txt').reshape(Q, 2)
gpos = np.loadtxt(d + '/gpos.txt').reshape(G, 2)
similarity = qf @ gf.T
topk = [1, 5, 10, G // 100]
results = np.zeros([len(topk)])
hit_rate = 0.0
for i in range(Q):
    gt_sim = similarity[i, labels[i][0]]
    higher_sim = similarity[i, :] > gt_sim
    ranking = higher_sim.sum()
    for j, k in enumerate(topk):
        if ranking < k:
            results[j] += 1.
    mask = np.ones(G)
    for near_pos in labels[i][1:]:
        mask[near_pos] = 0
    hit = (higher_sim * mask).sum()
    if hit < 1:
        hit_rate += 1.0
results = results / Q
hit_rate = hit_rate / Q
dist_array = 2 - 2 * similarity
top1_percent = int(dist_array.shape[1] * 0.01) + 1
accuracy = 0.0
for i in range(Q):
    gt_dist = dist_array[i, labels[i][0]]
    prediction = np.sum(dist_array[i, :] < gt_dist)
    if prediction < top1_percent:
        accuracy += 1.0
accuracy /= Q
order = np.argmax(similarity, axis=1)
rad = np.pi / 180.
lat_a, lng_a = qpos[:, 0] * rad, qpos[:, 1] * rad
lat_b, lng_b = gpos[order, 0] * rad, gpos[order, 1] * rad
h = np.sin((lat_b - lat_a) / 2) ** 2 + np.cos(lat_a) * np.cos(lat_b) * np.sin((lng_b - lng_a) / 2) ** 2
distance = 2 * 6371008.8 * np.arcsin(np.sqrt(h))
thresholds = [50., 100., 250., 1000., 3000.]
print(json.dumps({
    'recall': results.tolist(), 'hit_rate': hit_rate, 'one_percent_vigor': accuracy,
    'top1': order.tolist(),
    'percentiles': [float(np.percentile(distance, p)) for p in (10, 25, 50, 75, 90)],
    'median': float(np.median(distance)),
    'within': [float(np.sum((distance < t) * 1.) / distance.shape[0]) for t in thresholds],
    'thresholds': thresholds}), file=open(d + '/out.json', 'w'))
)";
    orinet::testing::PythonResult run;
    const QString python = orinet::testing::runWithPython(
        {"numpy", "json"}, script, dir.filePath("check.py"), {dir.path()}, &run);
    if (python.isEmpty())
        QSKIP("no python3 with numpy (apt-get install python3-numpy): the numpy port of "
              "Sample4Geo's and VIGOR's evaluation was not run");
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QFile out(dir.filePath("out.json"));
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(out.readAll()).object();

    const QueryGalleryEvaluation e =
        QueryGalleryEvaluation::fromDescriptors(c.q, c.g, c.dim, c.truth);
    const QJsonArray recall = o["recall"].toArray();
    QCOMPARE(e.recallAt(1), recall[0].toDouble());
    QCOMPARE(e.recallAt(5), recall[1].toDouble());
    QCOMPARE(e.recallAt(10), recall[2].toDouble());
    QCOMPARE(e.recallAtOnePercent(OnePercentVariant::Strict), recall[3].toDouble());
    QCOMPARE(e.recallAtOnePercent(OnePercentVariant::Original), o["one_percent_vigor"].toDouble());
    QCOMPARE(e.hitRate(), o["hit_rate"].toDouble());
    QVERIFY(e.hitRate() > e.recallAt(1));
    const QJsonArray top1 = o["top1"].toArray();
    for (int i = 0; i < top1.size(); ++i)
        QCOMPARE(e.top1()[static_cast<size_t>(i)], int64_t(top1[i].toInt()));
    const QJsonArray percentiles = o["percentiles"].toArray();
    const double ps[] = {10, 25, 50, 75, 90};
    for (int k = 0; k < 5; ++k)
        QVERIFY2(std::abs(e.metresPercentile(ps[k]) - percentiles[k].toDouble()) < 1e-6,
                 qPrintable(QString("p%1: %2 vs numpy %3")
                                .arg(ps[k])
                                .arg(e.metresPercentile(ps[k]))
                                .arg(percentiles[k].toDouble())));
    QVERIFY(std::abs(e.medianMetres() - o["median"].toDouble()) < 1e-6);
    const QJsonArray within = o["within"].toArray();
    const QJsonArray thresholds = o["thresholds"].toArray();
    for (int k = 0; k < within.size(); ++k)
        QCOMPARE(e.recallWithinMetres(thresholds[k].toDouble()), within[k].toDouble());
    qInfo("numpy (%s): R@1 %.3f, R@1%% %.3f/%.3f, hit %.3f, median %.1f m", qPrintable(python),
          e.recallAt(1), e.recallAtOnePercent(), e.recallAtOnePercent(OnePercentVariant::Strict),
          e.hitRate(), e.medianMetres());
}

void TestQueryGalleryEvaluation::rejectsMismatchedSizes() {
    const RandomCase c(3);
    QVERIFY_THROWS_EXCEPTION(
        Error, QueryGalleryEvaluation::fromSimilarity(std::vector<float>(10), c.truth));
    QVERIFY_THROWS_EXCEPTION(Error,
                             QueryGalleryEvaluation::fromDescriptors(c.q, c.g, c.dim + 1, c.truth));
    QueryGallery noPositions;
    noPositions.addGalleryItem({"g", "", ""});
    noPositions.addQuery({"q", "", ""}, 0);
    const QueryGalleryEvaluation e =
        QueryGalleryEvaluation::fromSimilarity(std::vector<float>{1.f}, noPositions);
    QCOMPARE(e.recallAt(1), 1.0);
    QVERIFY(!e.hasMetres());
    QVERIFY_THROWS_EXCEPTION(Error, e.medianMetres());
}

QTEST_GUILESS_MAIN(TestQueryGalleryEvaluation)
#include "tst_querygalleryevaluation.moc"
