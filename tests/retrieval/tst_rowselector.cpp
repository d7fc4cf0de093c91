#include "retrieval/rowselector_p.h"

#include <QtTest>

#include <algorithm>
#include <limits>
#include <random>

using namespace orinet;

// Row contents: scores on a coarse grid (many ties), or the first bar's awkward cases: every
// score equal, scores near ±FLT_MAX (their range overflows), scores a few ulps apart, scores
// that are subnormal numbers.
enum class Values { Grid, Constant, Extreme, Narrow, Subnormal };

class TestRowSelector : public QObject {
    Q_OBJECT
private slots:
    void everyWidthMatchesSorting_data();
    void everyWidthMatchesSorting();
};

void TestRowSelector::everyWidthMatchesSorting_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("pieces");
    QTest::addColumn<int>("values");
    for (auto w : {RowSelector::Width::Avx512, RowSelector::Width::Avx2, RowSelector::Width::Sse2})
        for (int k : {0, 1, 7, 100})
            for (int pieces : {1, 5})
                QTest::addRow("%s, k %d, %d pieces", RowSelector::name(w), k, pieces)
                    << int(w) << k << pieces << int(Values::Grid);
    // The first bar of a long row comes from a histogram of group maxima; rows where its range
    // is empty, overflows, is below float resolution or subnormal.
    const char* names[] = {"grid", "constant", "extreme", "narrow", "subnormal"};
    for (auto w : {RowSelector::Width::Avx512, RowSelector::Width::Sse2})
        for (int values = int(Values::Constant); values <= int(Values::Subnormal); ++values)
            QTest::addRow("%s, k 100, %s values", RowSelector::name(w), names[values])
                << int(w) << 100 << 1 << values;
}

// Random rows with ties (scores on a coarse grid), streamed in uneven pieces as the blocked
// engine does across gallery blocks: the kept entries are the k best by (score, then id), and
// the count is the number of scores strictly above the truth.
void TestRowSelector::everyWidthMatchesSorting() {
    QFETCH(int, width);
    QFETCH(int, k);
    QFETCH(int, pieces);
    QFETCH(int, values);
    const auto w = static_cast<RowSelector::Width>(width);
    if (!RowSelector::supported(w))
        QSKIP("this CPU does not run this width");
    std::mt19937 rng(uint32_t(width * 1000 + k * 10 + pieces + values * 100000));
    std::uniform_int_distribution<int> grid(-300, 300);
    for (int trial = 0; trial < 20; ++trial) {
        // long enough rows (>= 32 k) for the first bar from group maxima in the special cases
        const int n =
            values == int(Values::Grid) ? 1 + int(rng() % 6000) : 3200 + int(rng() % 2800);
        std::vector<float> row(static_cast<size_t>(n));
        for (float& v : row) {
            const int step = grid(rng);
            switch (static_cast<Values>(values)) {
            case Values::Grid:
                v = float(step) / 300.0f;
                break;
            case Values::Constant:
                v = 0.25f;
                break;
            case Values::Extreme:
                v = step % 3 == 0 ? std::numeric_limits<float>::max() * float(step) / 300.0f
                                  : float(step);
                break;
            case Values::Narrow:
                v = 1.0f + float(step % 50) * std::numeric_limits<float>::epsilon();
                break;
            case Values::Subnormal:
                v = float(step) * std::numeric_limits<float>::denorm_min();
                break;
            }
        }
        const float truth = row[rng() % size_t(n)];

        std::vector<RowSelector::Entry> scratch(size_t(RowSelector::capacity(k)));
        std::vector<RowSelector::Entry> kept(static_cast<size_t>(k));
        RowSelector selector(scratch.data(), k, w);
        int64_t size = 0, count = 0;
        float bar = -std::numeric_limits<float>::infinity();
        for (int p = 0, start = 0; p < pieces; ++p) {
            const int end = p + 1 == pieces ? n : std::min(n, start + int(rng() % size_t(n)));
            selector.begin(kept.data(), size, bar);
            count += selector.scan(row.data() + start, end - start, start, truth);
            size = selector.end();
            bar = selector.bar();
            start = end;
        }

        QCOMPARE(count, int64_t(std::count_if(row.begin(), row.end(),
                                              [&](float v) { return v > truth; })));
        std::vector<RowSelector::Entry> expected;
        for (int i = 0; i < n; ++i)
            expected.push_back({row[size_t(i)], i});
        std::sort(expected.begin(), expected.end(), RowSelector::nearer);
        expected.resize(std::min<size_t>(size_t(k), expected.size()));
        QCOMPARE(size, int64_t(expected.size()));
        std::vector<RowSelector::Entry> got(kept.begin(), kept.begin() + size);
        std::sort(got.begin(), got.end(), RowSelector::nearer);
        for (size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].id, expected[i].id);
            QCOMPARE(got[i].score, expected[i].score);
        }
    }
}

QTEST_APPLESS_MAIN(TestRowSelector)
#include "tst_rowselector.moc"
