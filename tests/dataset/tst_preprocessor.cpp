#include "common/error.h"
#include "dataset/batch.h"
#include "dataset/preprocessor.h"
#include "orientation/orientationmap.h"

#include "datasetfixture.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace orinet;
using namespace orinet::testing;

namespace {

//! Area-resize weights of source cells for output cell `i` when `from` cells become `to`:
//! the overlap of [k, k+1) with [i·s, (i+1)·s), s = from/to. Written out here, independently
//! of OpenCV, to check what the preprocessing computed.
std::vector<std::pair<int, double>> areaWeights(int i, int from, int to) {
    const double s = double(from) / to, a = i * s, b = (i + 1) * s;
    std::vector<std::pair<int, double>> w;
    for (int k = int(std::floor(a)); k < int(std::ceil(b)) && k < from; ++k) {
        const double overlap = std::min(b, k + 1.0) - std::max(a, double(k));
        if (overlap > 1e-12)
            w.emplace_back(k, overlap / s);
    }
    return w;
}

//! Network colour channel `ch` of output pixel (r, c) when rows [firstRow, firstRow + rows)
//! of `src` are area-resized to outRows x outCols.
double referenceColour(const cv::Mat& src, int firstRow, int rows, int outRows, int outCols, int r,
                       int c, int ch) {
    double v = 0;
    for (auto [y, wy] : areaWeights(r, rows, outRows))
        for (auto [x, wx] : areaWeights(c, src.cols, outCols))
            v += wy * wx * src.at<cv::Vec3b>(firstRow + y, x)[ch];
    return v / 255.0 * 2.0 - 1.0;
}

//! Colour byte of network channel value v.
int byteOf(float v) {
    return static_cast<int>(std::lround((v + 1.0) / 2.0 * 255.0));
}

const QString kSample = QStringLiteral(ORINET_SHARED_DATA "/cvact-sample");

} // namespace

class TestPreprocessor : public QObject {
    Q_OBJECT
private slots:
    void cvactSampleGround();
    void cvactSampleSatellite();
    void groundKeepsBgrAndSize();
    void noOrientationHasThreeChannels();
    void panoramaShiftKeepsPairs_data();
    void panoramaShiftKeepsPairs();
    void satelliteRotationKeepsPairs();
    void satelliteCropZoomsTheMap();
    void augmentationDraws();
    void augmentationCropsAsTheOriginal_data();
    void augmentationCropsAsTheOriginal();
    void augmentationRotation();
    void errorsNameTheFile();
    void copyToBufferIsPlanar();
    void processIntoMatchesProcess();
};

void TestPreprocessor::cvactSampleGround() {
    if (!QFile::exists(kSample + "/pano.png"))
        QSKIP("shared reference data absent: " ORINET_SHARED_DATA "/cvact-sample/pano.png");
    const cv::Mat src = Preprocessor::readImage((kSample + "/pano.png").toStdString());
    QCOMPARE(src.rows, 832);
    QCOMPARE(src.cols, 1664);
    const Preprocessor pre(InputPreset::byName("paper"), OrientationMode::Input,
                           DatasetLayout::Cvact);
    QVERIFY(pre.cropsMiddleRows());
    const cv::Mat out = pre.ground(src);
    QCOMPARE(out.rows, 224);
    QCOMPARE(out.cols, 1232);
    QCOMPARE(out.type(), CV_32FC(5));
    double lo = 0, hi = 0;
    std::vector<cv::Mat> ch;
    cv::split(out, ch);
    for (int k = 0; k < 3; ++k) {
        cv::minMaxLoc(ch[k], &lo, &hi);
        QVERIFY(lo >= -1.0 - 1e-6 && hi <= 1.0 + 1e-6);
    }
    QVERIFY(hi - lo > 1.0); // a real photo, not a flat image

    // Rows 208..623 were kept: output rows match the area-resize of those source rows, and
    // clearly not of the top half.
    for (int r : {0, 100, 223}) {
        double err = 0, wrongCropErr = 0;
        for (int c = 0; c < 1232; c += 7)
            for (int k = 0; k < 3; ++k) {
                const float v = out.ptr<float>(r)[c * 5 + k];
                err =
                    std::max(err, std::abs(v - referenceColour(src, 208, 416, 224, 1232, r, c, k)));
                wrongCropErr += std::abs(v - referenceColour(src, 0, 416, 224, 1232, r, c, k));
            }
        QVERIFY2(err < 0.01, qPrintable(QString("row %1: max error %2").arg(r).arg(err)));
        QVERIFY2(wrongCropErr / (176 * 3) > 0.05, qPrintable(QString::number(wrongCropErr)));
    }

    // Orientation: area averages of the full panorama's yaw/π and pitch/π over the same cells.
    for (int r : {0, 111, 223})
        for (int c : {0, 1, 616, 1231}) {
            double yaw = 0, pitch = 0;
            for (auto [y, w] : areaWeights(r, 416, 224))
                pitch += w * (208 + y - 415.5) * 2.0 / 1663.0;
            for (auto [x, w] : areaWeights(c, 1664, 1232))
                yaw += w * (-1.0 + x * 2.0 / 1663.0);
            QVERIFY(std::abs(out.ptr<float>(r)[c * 5 + 3] - yaw) < 1e-4);
            QVERIFY(std::abs(out.ptr<float>(r)[c * 5 + 4] - pitch) < 1e-4);
        }
    // The crop keeps the horizon band: pitch stays within ±π/4 (±0.25 after /π).
    cv::minMaxLoc(ch[4], &lo, &hi);
    QVERIFY(lo > -0.26 && hi < 0.26 && lo < -0.24 && hi > 0.24);

    // process() on the files gives the same tensor.
    PairRecord pair{"sample",
                    (kSample + "/pano.png").toStdString(),
                    (kSample + "/sat.png").toStdString(),
                    {},
                    {}};
    const PreprocessedPair p = pre.process(pair);
    QCOMPARE(cv::norm(p.ground, out, cv::NORM_INF), 0.0);
    QVERIFY(p.augmentation.isIdentity());
}

void TestPreprocessor::cvactSampleSatellite() {
    if (!QFile::exists(kSample + "/sat.png"))
        QSKIP("shared reference data absent: " ORINET_SHARED_DATA "/cvact-sample/sat.png");
    const cv::Mat src = Preprocessor::readImage((kSample + "/sat.png").toStdString());
    QCOMPARE(src.rows, 1200);
    const Preprocessor pre(InputPreset::byName("paper"), OrientationMode::Input,
                           DatasetLayout::Cvact);
    const cv::Mat out = pre.satellite(src);
    QCOMPARE(out.rows, 512);
    QCOMPARE(out.cols, 512);
    QCOMPARE(out.channels(), 5);
    for (int r : {0, 200, 511})
        for (int c : {3, 256, 500})
            for (int k = 0; k < 3; ++k) {
                const float v = out.ptr<float>(r)[c * 5 + k];
                QVERIFY(std::abs(v - referenceColour(src, 0, 1200, 512, 512, r, c, k)) < 0.01);
            }
    // North at the top centre, east at the right middle, 0 in the corners.
    auto at = [&](int r, int c, int k) { return out.ptr<float>(r)[c * 5 + k]; };
    QVERIFY(std::abs(at(0, 256, 3)) < 0.01);
    QVERIFY(std::abs(at(256, 511, 3) - 0.5f) < 0.01);
    QVERIFY(std::abs(at(256, 0, 3) + 0.5f) < 0.01);
    QVERIFY(std::abs(at(256, 511, 4) - ((255.5 / 256 - 0.5) * 2)) < 0.01);
    QCOMPARE(at(0, 0, 3), 0.0f);
    QCOMPARE(at(0, 0, 4), 0.0f);
}

void TestPreprocessor::groundKeepsBgrAndSize() {
    // A CVUSA-size panorama at the paper preset: no resize, so values are exact.
    cv::Mat src(224, 1232, CV_8UC3, cv::Scalar(255, 0, 128)); // B, G, R
    const Preprocessor pre(InputPreset::byName("paper"), OrientationMode::Input,
                           DatasetLayout::Cvusa);
    QVERIFY(!pre.cropsMiddleRows());
    const cv::Mat out = pre.ground(src);
    QCOMPARE(out.size(), cv::Size(1232, 224));
    const float* p = out.ptr<float>(0);
    QVERIFY(std::abs(p[0] - 1.0) < 1e-6);
    QVERIFY(std::abs(p[1] + 1.0) < 1e-6);
    QVERIFY(std::abs(p[2] - (128.0 / 255.0 * 2.0 - 1.0)) < 1e-6);
    QCOMPARE(p[3], -1.0f);                                    // yaw/π of column 0
    QVERIFY(std::abs(p[4] - (-111.5 * 2.0 / 1231.0)) < 1e-6); // pitch/π of row 0
    QVERIFY(std::abs(out.ptr<float>(0)[1231 * 5 + 3] - 1.0f) < 1e-6);

    // A larger panorama is shrunk with area averaging: a 2x2 checker becomes flat grey.
    cv::Mat checker(448, 2464, CV_8UC3);
    for (int r = 0; r < checker.rows; ++r)
        for (int c = 0; c < checker.cols; ++c)
            checker.at<cv::Vec3b>(r, c) =
                (r + c) % 2 ? cv::Vec3b(200, 200, 200) : cv::Vec3b(0, 0, 0);
    const cv::Mat small = pre.ground(checker);
    QVERIFY(std::abs(small.ptr<float>(10)[20 * 5] - float(100.0 / 255.0 * 2.0 - 1.0)) < 1e-5);
}

void TestPreprocessor::noOrientationHasThreeChannels() {
    const Preprocessor pre(InputPreset::byName("tiny"), OrientationMode::None, DatasetLayout::Csv);
    cv::Mat pano(40, 200, CV_8UC3, cv::Scalar(10, 20, 30)), tile(200, 200, CV_8UC3);
    QCOMPARE(pre.ground(pano).type(), CV_32FC3);
    QCOMPARE(pre.ground(pano).size(), cv::Size(308, 56)); // enlarged bilinearly
    QCOMPARE(pre.satellite(tile, 150, 1).type(), CV_32FC3);
    QCOMPARE(pre.channels(), 3);
}

void TestPreprocessor::panoramaShiftKeepsPairs_data() {
    QTest::addColumn<int>("shift");
    for (int k : {0, 1, 77, 307})
        QTest::newRow(qPrintable(QString::number(k))) << k;
}

void TestPreprocessor::panoramaShiftKeepsPairs() {
    QFETCH(int, shift);
    // Column c is tagged in its colour; after the shift each pixel's yaw must still be the yaw
    // of the column its colour came from.
    cv::Mat src(56, 308, CV_8UC3);
    for (int r = 0; r < 56; ++r)
        for (int c = 0; c < 308; ++c)
            src.at<cv::Vec3b>(r, c) = cv::Vec3b(c % 256, (c / 256) * 100, r);
    const Preprocessor pre(InputPreset::byName("tiny"), OrientationMode::Input, DatasetLayout::Csv);
    const cv::Mat out = pre.ground(src, shift);
    for (int r = 0; r < 56; r += 5)
        for (int c = 0; c < 308; ++c) {
            const float* px = out.ptr<float>(r) + c * 5;
            const int source = byteOf(px[0]) + (byteOf(px[1]) / 100) * 256;
            QCOMPARE(source, ((c - shift) % 308 + 308) % 308);
            QVERIFY(std::abs(px[3] - (-1.0 + source * 2.0 / 307.0)) < 1e-6);
            QVERIFY(std::abs(px[4] - (r - 27.5) * 2.0 / 307.0) < 1e-6);
        }
}

void TestPreprocessor::satelliteRotationKeepsPairs() {
    // A tile at the input size (no resize) tagged with its coordinates; side draws never crop
    // it (side <= S-2 < input size), only rotate.
    cv::Mat src(128, 128, CV_8UC3);
    for (int y = 0; y < 128; ++y)
        for (int x = 0; x < 128; ++x)
            src.at<cv::Vec3b>(y, x) = cv::Vec3b(x * 2, y * 2, 0);
    const Preprocessor pre(InputPreset::byName("tiny"), OrientationMode::Input, DatasetLayout::Csv);
    const cv::Mat map = OrientationMap::satelliteChannels(128);
    for (int turns = 0; turns < 4; ++turns) {
        const cv::Mat out = pre.satellite(src, 0, turns);
        for (int y = 0; y < 128; ++y)
            for (int x = 0; x < 128; ++x) {
                const float* px = out.ptr<float>(y) + x * 5;
                const int sx = byteOf(px[0]) / 2, sy = byteOf(px[1]) / 2;
                const cv::Vec2f expected = map.at<cv::Vec2f>(sy, sx);
                QCOMPARE(px[3], expected[0]);
                QCOMPARE(px[4], expected[1]);
            }
        // One clockwise turn moves the top centre (north) to the right middle.
        if (turns == 1) {
            const float* px = out.ptr<float>(64) + 127 * 5;
            QCOMPARE(byteOf(px[1]) / 2, 0);
        }
    }
}

void TestPreprocessor::satelliteCropZoomsTheMap() {
    // 300 px tile, centred crop of 200 resized to 128: the map must be the original's, cropped
    // with the image (radius ~0.67 at the crop border, not 1).
    const int s = 300;
    cv::Mat src(s, s, CV_8UC3);
    for (int y = 0; y < s; ++y)
        for (int x = 0; x < s; ++x)
            src.at<cv::Vec3b>(y, x) =
                cv::Vec3b(std::lround(x * 255.0 / (s - 1)), std::lround(y * 255.0 / (s - 1)), 0);
    const Preprocessor pre(InputPreset::byName("tiny"), OrientationMode::Input, DatasetLayout::Csv);
    for (int turns : {0, 3}) {
        const cv::Mat out = pre.satellite(src, 200, turns);
        QCOMPARE(out.size(), cv::Size(128, 128));
        int checked = 0;
        for (int y = 2; y < 126; y += 3)
            for (int x = 2; x < 126; x += 3) {
                const float* px = out.ptr<float>(y) + x * 5;
                // Where in the original did this pixel come from? Its colour says.
                const double sx = (px[0] + 1.0) / 2.0 * (s - 1), sy = (px[1] + 1.0) / 2.0 * (s - 1);
                const double east = sx - (s - 1) / 2.0, north = (s - 1) / 2.0 - sy;
                const double radius = std::hypot(east, north) / (s / 2.0);
                QVERIFY2(std::abs(px[4] - (radius - 0.5) * 2.0) < 0.03,
                         qPrintable(QString("radius at %1,%2").arg(y).arg(x)));
                const double azimuth = std::atan2(east, north) / M_PI;
                if (radius > 0.2 && std::abs(azimuth) < 0.9) { // away from centre and seam
                    QVERIFY2(std::abs(px[3] - azimuth) < 0.03,
                             qPrintable(QString("azimuth at %1,%2").arg(y).arg(x)));
                    ++checked;
                }
            }
        QVERIFY(checked > 1000);
    }
    const cv::Mat out = pre.satellite(src, 200, 0);
    QVERIFY(std::abs(out.ptr<float>(64)[0 * 5 + 4] - 0.323) < 0.03);
}

void TestPreprocessor::augmentationDraws() {
    const InputPreset tiny = InputPreset::byName("tiny"); // 308 columns, tiles 128
    const Augmentation a = Augmentation::draw(42, tiny, 750, DatasetLayout::Cvusa);
    const Augmentation b = Augmentation::draw(42, tiny, 750, DatasetLayout::Cvusa);
    QCOMPARE(a.panoramaShift, b.panoramaShift);
    QCOMPARE(a.satelliteCropSide, b.satelliteCropSide);
    QCOMPARE(a.satelliteQuarterTurns, b.satelliteQuarterTurns);
    int minShift = 1000, maxShift = -1;
    const int n = 6000;
    for (int seed = 0; seed < n; ++seed) {
        const Augmentation d = Augmentation::draw(seed, tiny, 750, DatasetLayout::Cvusa);
        QVERIFY(d.panoramaShift >= 0 && d.panoramaShift < 308);
        minShift = std::min(minShift, d.panoramaShift);
        maxShift = std::max(maxShift, d.panoramaShift);
    }
    QCOMPARE(minShift, 0);
    QCOMPARE(maxShift, 307);
    // A tile of 2 px or less has nothing to crop.
    for (int seed = 0; seed < 200; ++seed)
        QCOMPARE(Augmentation::draw(seed, tiny, 2, DatasetLayout::Cvusa).satelliteCropSide, 0);
}

void TestPreprocessor::augmentationCropsAsTheOriginal_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("layout");
    QTest::addColumn<int>("source");
    QTest::addColumn<int>("firstCrop"); // smallest side that crops
    // The original: side ~ randint(1, S-2), crop when side > 512 of its 750 / 1200 px tiles.
    for (const char* preset : {"tiny", "small", "paper"}) {
        QTest::addRow("cvusa-%s", preset) << preset << int(DatasetLayout::Cvusa) << 750 << 513;
        QTest::addRow("cvact-%s", preset) << preset << int(DatasetLayout::Cvact) << 1200 << 513;
    }
    // Other source sizes keep the same fraction of the tile: 512/750 of 256 is 174.8.
    QTest::addRow("csv-256") << "tiny" << int(DatasetLayout::Csv) << 256 << 175;
    QTest::addRow("cvact-600") << "tiny" << int(DatasetLayout::Cvact) << 600 << 257;
}

void TestPreprocessor::augmentationCropsAsTheOriginal() {
    QFETCH(QString, preset);
    QFETCH(int, layout);
    QFETCH(int, source);
    QFETCH(int, firstCrop);
    const InputPreset p = InputPreset::byName(preset.toStdString());
    const auto l = static_cast<DatasetLayout>(layout);
    QVERIFY(Augmentation::cropsAt(firstCrop, source, l));
    QVERIFY(!Augmentation::cropsAt(firstCrop - 1, source, l));
    const int n = 8000;
    int crops = 0, minSide = 1 << 30, maxSide = 0;
    for (int seed = 0; seed < n; ++seed) {
        const int side = Augmentation::draw(seed, p, source, l).satelliteCropSide;
        if (!side)
            continue;
        ++crops;
        minSide = std::min(minSide, side);
        maxSide = std::max(maxSide, side);
    }
    // side ~ U{1..S-2}: crops (S-2 - firstCrop + 1) / (S-2) of the time, zoom S/side in
    // [S/(S-2), S/firstCrop] (CVUSA 31.6 %, zoom <= 1.46; CVACT 57.3 %, zoom <= 2.34).
    const double expected = double(source - 2 - firstCrop + 1) / (source - 2);
    QVERIFY2(std::abs(double(crops) / n - expected) < 0.02,
             qPrintable(QString("%1 crops of %2, expected %3").arg(crops).arg(n).arg(expected)));
    QVERIFY(minSide >= firstCrop && minSide < firstCrop + 15);
    QVERIFY(maxSide <= source - 2 && maxSide > source - 15);
}

void TestPreprocessor::augmentationRotation() {
    const InputPreset tiny = InputPreset::byName("tiny");
    const int n = 10000;
    for (const RotationDraw rotation : {RotationDraw::Original, RotationDraw::Uniform}) {
        std::vector<int> turns(4, 0);
        for (int seed = 0; seed < n; ++seed) {
            const int k = Augmentation::draw(seed, tiny, 750, DatasetLayout::Cvusa, rotation)
                              .satelliteQuarterTurns;
            QVERIFY(k >= 0 && k < 4);
            ++turns[k];
        }
        // original: randint(0, 4) inclusive, so 0 deg (0 or 4) 0.4 and 0.2 for each other
        for (int k = 0; k < 4; ++k) {
            const double p = rotation == RotationDraw::Uniform ? 0.25 : (k == 0 ? 0.4 : 0.2);
            QVERIFY2(std::abs(double(turns[k]) / n - p) < 0.02,
                     qPrintable(QString("turn %1: %2").arg(k).arg(turns[k])));
        }
    }
    QVERIFY(fromString<RotationDraw>("uniform") == RotationDraw::Uniform);
    QCOMPARE(toString(RotationDraw::Original), std::string("original"));
    QVERIFY_THROWS_EXCEPTION(Error, fromString<RotationDraw>("random"));
}

void TestPreprocessor::errorsNameTheFile() {
    QTemporaryDir dir;
    writeCorruptJpeg(dir.path() + "/bad.jpg");
    writeImage(dir.path() + "/pano.jpg", 20, 80);
    writeImage(dir.path() + "/wide.jpg", 20, 30);
    const Preprocessor pre(InputPreset::byName("tiny"), OrientationMode::Input, DatasetLayout::Csv);
    auto messageFor = [&](const PairRecord& pair) {
        try {
            pre.process(pair);
        } catch (const Error& e) {
            return QString(e.what());
        }
        return QString();
    };
    const std::string d = dir.path().toStdString();
    QString m = messageFor({"x", d + "/pano.jpg", d + "/bad.jpg", {}, {}});
    QVERIFY2(m.startsWith(dir.path() + "/bad.jpg: corrupt JPEG"), qPrintable(m));
    m = messageFor({"x", d + "/gone.jpg", d + "/pano.jpg", {}, {}});
    QVERIFY2(m.startsWith(dir.path() + "/gone.jpg: image file is missing"), qPrintable(m));
    m = messageFor({"x", d + "/pano.jpg", d + "/wide.jpg", {}, {}});
    QVERIFY2(m.startsWith(dir.path() + "/wide.jpg: satellite tile is 30x20; expected square"),
             qPrintable(m));
}

void TestPreprocessor::copyToBufferIsPlanar() {
    cv::Mat image(2, 3, CV_32FC(5));
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 3; ++c)
            for (int k = 0; k < 5; ++k)
                image.ptr<float>(r)[c * 5 + k] = float(100 * k + 10 * r + c);
    TensorBuffer buffer;
    buffer.shape = {2, 5, 2, 3};
    buffer.data.assign(buffer.count(), -7.0f);
    Preprocessor::copyToBuffer(image, buffer, 1);
    QCOMPARE(buffer.data[0], -7.0f); // sample 0 untouched
    // data[n][k][r][c]
    QCOMPARE(buffer.data[30 + 3 * 6 + 1 * 3 + 2], 312.0f);
    QCOMPARE(buffer.data[30 + 0], 0.0f);
    QVERIFY_THROWS_EXCEPTION(Error, Preprocessor::copyToBuffer(image, buffer, 2));
}

void TestPreprocessor::processIntoMatchesProcess() {
    QTemporaryDir dir;
    writeImage(dir.path() + "/p.jpg", 80, 160, 3);
    writeImage(dir.path() + "/s.png", 300, 300, 4);
    const PairRecord pair{
        "x", (dir.path() + "/p.jpg").toStdString(), (dir.path() + "/s.png").toStdString(), {}, {}};
    for (OrientationMode mode : {OrientationMode::Input, OrientationMode::None})
        for (uint64_t seed : {uint64_t(1), uint64_t(2), uint64_t(3)}) {
            const Preprocessor pre(InputPreset::byName("tiny"), mode, DatasetLayout::Cvact);
            const int c = pre.channels();
            TensorBuffer g, s, g2, s2;
            g.shape = g2.shape = {2, c, 56, 308};
            s.shape = s2.shape = {2, c, 128, 128};
            for (TensorBuffer* b : {&g, &s, &g2, &s2})
                b->data.assign(b->count(), 0.0f);
            const Augmentation a = pre.processInto(pair, &seed, g, s, 1);
            const PreprocessedPair p = pre.process(pair, &seed);
            QCOMPARE(a.panoramaShift, p.augmentation.panoramaShift);
            Preprocessor::copyToBuffer(p.ground, g2, 1);
            Preprocessor::copyToBuffer(p.satellite, s2, 1);
            QVERIFY(g.data == g2.data);
            QVERIFY(s.data == s2.data);
            QVERIFY(std::any_of(s.data.begin(), s.data.end(), [](float v) { return v != 0; }));
        }
}

QTEST_APPLESS_MAIN(TestPreprocessor)
#include "tst_preprocessor.moc"
