#include "common/error.h"
#include "synth/histogrambaseline.h"

#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using namespace orinet;

class TestHistogramBaseline : public QObject {
    Q_OBJECT
private slots:
    void matchingColoursRankFirst();
    void onlyTheGroundHalfOfThePanoramaCounts();
    void badInputThrows();
};

namespace {

const cv::Scalar kColours[] = {{0, 0, 255}, {0, 255, 0}, {255, 0, 0}, {0, 255, 255}};

cv::Mat panorama(const cv::Scalar& ground, const cv::Scalar& sky = {230, 200, 150}) {
    cv::Mat p(20, 80, CV_8UC3, sky);
    p.rowRange(10, 20).setTo(ground);
    return p;
}

} // namespace

void TestHistogramBaseline::matchingColoursRankFirst() {
    std::vector<cv::Mat> panoramas;
    std::vector<cv::Mat> tiles;
    for (const cv::Scalar& c : kColours) {
        panoramas.push_back(panorama(c));
        tiles.push_back(cv::Mat(16, 16, CV_8UC3, c));
    }
    const auto ranks = HistogramBaseline::ranks(panoramas, tiles);
    QCOMPARE(ranks, (metrics::TrueMatchRanks{0, 0, 0, 0}));
    // with the gallery rotated by one, every true tile is beaten by the matching one
    std::rotate(tiles.begin(), tiles.begin() + 1, tiles.end());
    for (int64_t r : HistogramBaseline::ranks(panoramas, tiles))
        QCOMPARE(r, int64_t(1));
}

void TestHistogramBaseline::onlyTheGroundHalfOfThePanoramaCounts() {
    // a sky of the tile's colour must not help
    const cv::Mat h = HistogramBaseline::panoramaHistogram(panorama(kColours[0], kColours[1]));
    const cv::Mat t = HistogramBaseline::tileHistogram(cv::Mat(8, 8, CV_8UC3, kColours[1]));
    QCOMPARE(cv::compareHist(h, t, cv::HISTCMP_INTERSECT), 0.0);
    QVERIFY(std::abs(cv::sum(h)[0] - 1.0) < 1e-5);
}

void TestHistogramBaseline::badInputThrows() {
    QVERIFY_THROWS_EXCEPTION(Error, HistogramBaseline::ranks({}, {}));
    QVERIFY_THROWS_EXCEPTION(Error, HistogramBaseline::ranks({panorama(kColours[0])}, {}));
    QVERIFY_THROWS_EXCEPTION(Error, HistogramBaseline::histogram(cv::Mat(4, 4, CV_8UC1)));
}

QTEST_APPLESS_MAIN(TestHistogramBaseline)
#include "tst_histogrambaseline.moc"
