#include "common/error.h"
#include "io/npyarray.h"

#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>

#include <fstream>

using namespace orinet;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

class TestNpyArray : public QObject {
    Q_OBJECT
private slots:
    void init() { QVERIFY(mDir.isValid()); }
    void roundTrip3dFloat64();
    void roundTrip2dFloat32And1d();
    void headerIsNumpyCompatible();
    void float16RoundTrip();
    void rejectsMalformedFiles_data();
    void rejectsMalformedFiles();
    void saveToMissingFolderNamesThePath();

private:
    std::string file(const char* name) const { return mDir.filePath(name).toStdString(); }
    QTemporaryDir mDir;
};

void TestNpyArray::roundTrip3dFloat64() {
    cv::Mat m(5, 7, CV_64FC2);
    cv::randu(m, -10, 10);
    NpyArray::fromMat(m).save(file("a.npy"));
    const NpyArray back = NpyArray::load(file("a.npy"));
    QCOMPARE(back.dtype(), NpyArray::DType::Float64);
    QCOMPARE(back.shape(), (std::vector<size_t>{5, 7, 2}));
    const cv::Mat mb = back.toMat();
    QCOMPARE(cv::norm(mb, m, cv::NORM_INF), 0.0);
}

void TestNpyArray::roundTrip2dFloat32And1d() {
    NpyArray a(NpyArray::DType::Float32, {3, 4});
    for (size_t i = 0; i < 12; ++i)
        a.data<float>()[i] = static_cast<float>(i) * 0.5f;
    a.save(file("b.npy"));
    const NpyArray b = NpyArray::load(file("b.npy"));
    QCOMPARE(b.shape(), (std::vector<size_t>{3, 4}));
    QCOMPARE(b.data<float>()[11], 5.5f);

    NpyArray ids(NpyArray::DType::Int64, {6});
    ids.data<int64_t>()[5] = -42;
    ids.save(file("c.npy"));
    const NpyArray c = NpyArray::load(file("c.npy"));
    QCOMPARE(c.shape(), (std::vector<size_t>{6}));
    QCOMPARE(c.data<int64_t>()[5], int64_t(-42));
    QVERIFY(readAll(file("c.npy")).find("'shape': (6,)") != std::string::npos);
}

void TestNpyArray::headerIsNumpyCompatible() {
    NpyArray a(NpyArray::DType::Float64, {224, 1232, 2});
    a.save(file("h.npy"));
    const std::string bytes = readAll(file("h.npy"));
    QCOMPARE(bytes.substr(0, 6), std::string("\x93NUMPY", 6));
    QCOMPARE(int(bytes[6]), 1);
    const size_t headerLength =
        static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
    // NumPy requires the data to start on a 64-byte boundary and the header to end in '\n'.
    QCOMPARE((10 + headerLength) % 64, size_t(0));
    QCOMPARE(bytes[10 + headerLength - 1], '\n');
    QVERIFY(bytes.find("{'descr': '<f8', 'fortran_order': False, 'shape': (224, 1232, 2), }") !=
            std::string::npos);
    QCOMPARE(bytes.size(), 10 + headerLength + 224 * 1232 * 2 * 8);
}

void TestNpyArray::float16RoundTrip() {
    // Half-precision descriptors, as torch's .half() or numpy's float16 write them.
    cv::Mat m(3, 5, CV_32F);
    cv::randu(m, -2, 2);
    cv::Mat half;
    m.convertTo(half, CV_16F);
    NpyArray::fromMat(half).save(file("f2.npy"));
    QVERIFY(readAll(file("f2.npy")).find("'descr': '<f2'") != std::string::npos);
    const NpyArray back = NpyArray::load(file("f2.npy"));
    QCOMPARE(back.dtype(), NpyArray::DType::Float16);
    QCOMPARE(back.elementSize(), size_t{2});
    cv::Mat values;
    back.toMat().convertTo(values, CV_32F);
    // 11 significant bits: within 2^-10 of values below 2 in magnitude.
    QVERIFY(cv::norm(values, m, cv::NORM_INF) <= 1.0 / 1024);
    QVERIFY(cv::norm(values, m, cv::NORM_INF) > 0);
}

void TestNpyArray::rejectsMalformedFiles_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    NpyArray a(NpyArray::DType::Float32, {4, 4});
    a.save(mDir.filePath("good.npy").toStdString());
    const QByteArray good =
        QByteArray::fromStdString(readAll(mDir.filePath("good.npy").toStdString()));

    QTest::newRow("empty") << QByteArray() << "bad magic";
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n....") << "bad magic";
    QTest::newRow("truncated data") << good.left(good.size() - 5) << "truncated";
    QTest::newRow("truncated header") << good.left(20) << "truncated";
    QByteArray fortran = good;
    fortran.replace("'fortran_order': False", "'fortran_order': True ");
    QTest::newRow("fortran") << fortran << "Fortran";
    QByteArray dtype = good;
    dtype.replace("'<f4'", "'<c8'");
    QTest::newRow("complex dtype") << dtype << "unsupported dtype";
    QByteArray big = good;
    big.replace("(4, 4)", "(99999999999, 99999999999)");
    QTest::newRow("huge shape") << big << "truncated";
    QByteArray version = good;
    version[6] = 9;
    QTest::newRow("version") << version << "version";
}

void TestNpyArray::rejectsMalformedFiles() {
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const std::string path = file("bad.npy");
    writeAll(path, content.toStdString());
    try {
        NpyArray::load(path);
        QFAIL("malformed file was accepted");
    } catch (const orinet::Error& e) {
        const QString what = QString::fromStdString(e.what());
        QVERIFY2(what.contains(message), qPrintable(what));
        QVERIFY2(what.contains("bad.npy"), qPrintable(what));
    }
}

void TestNpyArray::saveToMissingFolderNamesThePath() {
    NpyArray a(NpyArray::DType::Float32, {2});
    const std::string path = file("no/such/folder/x.npy");
    try {
        a.save(path);
        QFAIL("saving into a missing folder succeeded");
    } catch (const orinet::Error& e) {
        QVERIFY(QString(e.what()).contains("x.npy"));
    }
}

QTEST_APPLESS_MAIN(TestNpyArray)
#include "tst_npyarray.moc"
