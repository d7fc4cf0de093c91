#include "common/error.h"
#include "io/matfile.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>
#include <iterator>

#include <zlib.h>

using namespace orinet;

class TestMatFile : public QObject {
    Q_OBJECT
private slots:
    void writeAndReadBack();
    void missingVariableAndFieldAreNamed();
    void notAMatFile();
    void compressedVariableClaimingTooMuchIsRefused();

private:
    QTemporaryDir mDir;
};

void TestMatFile::writeAndReadBack() {
    const std::string path = mDir.filePath("d.mat").toStdString();
    const std::vector<float> m = {1, 2, 3, 4, 5, 6}; // 2 x 3, row-major
    const std::vector<double> utm = {1.5, 2.5};
    {
        MatFile file(path, MatFile::Mode::Write);
        file.writeSingle("sat_global_descriptor", m.data(), 2, 3);
        file.writeDouble("utm", utm.data(), 1, 2);
        file.writeStrings("panoIds", {"abc", "__xy-z", ""});
        file.writeStructOfVectors("trainSet", {{"trainInd", {1, 2, 3}}, {"other", {9}}});
    }
    MatFile file(path, MatFile::Mode::Read);
    QVERIFY(file.contains("sat_global_descriptor"));
    const MatArray d = file.readNumeric("sat_global_descriptor");
    QCOMPARE(d.dims, (std::vector<size_t>{2, 3}));
    QCOMPARE(d.at(1, 2), 6.0); // row 1, column 2 of the row-major input
    QCOMPARE(d.at(0, 1), 2.0);
    QCOMPARE(file.readNumeric("utm").at(0, 1), 2.5);
    QCOMPARE(file.readStrings("panoIds"), (std::vector<std::string>{"abc", "__xy-z", ""}));
    const MatArray ind = file.readNumeric("trainSet.trainInd");
    QCOMPARE(ind.count(), size_t(3));
    QCOMPARE(ind.at(2), 3.0);
}

void TestMatFile::missingVariableAndFieldAreNamed() {
    const std::string path = mDir.filePath("e.mat").toStdString();
    {
        MatFile file(path, MatFile::Mode::Write);
        file.writeStructOfVectors("valSet", {{"valInd", {1}}});
    }
    MatFile file(path, MatFile::Mode::Read);
    try {
        file.readNumeric("utm");
        QFAIL("missing variable read");
    } catch (const orinet::Error& e) {
        QVERIFY(QString(e.what()).contains("'utm' is missing"));
        QVERIFY(QString(e.what()).contains("e.mat"));
    }
    try {
        file.readNumeric("valSet.valIndex");
        QFAIL("missing field read");
    } catch (const orinet::Error& e) {
        QVERIFY2(QString(e.what()).contains("no field 'valIndex'"), e.what());
    }
}

void TestMatFile::notAMatFile() {
    const std::string path = mDir.filePath("f.mat").toStdString();
    std::ofstream(path) << "id,panorama,satellite\n";
    QVERIFY_THROWS_EXCEPTION(orinet::Error, MatFile(path, MatFile::Mode::Read));
    QVERIFY_THROWS_EXCEPTION(
        orinet::Error, MatFile(mDir.filePath("missing.mat").toStdString(), MatFile::Mode::Read));
}

// A few bytes whose inflated header claims gigabytes: matio would allocate the claimed size
// before reading. The file is refused when opened, naming the variable and the sizes.
void TestMatFile::compressedVariableClaimingTooMuchIsRefused() {
    const std::string path = mDir.filePath("big.mat").toStdString();
    const std::vector<double> utm = {1.5, 2.5, 3.5, 4.5};
    {
        MatFile file(path, MatFile::Mode::Write);
        file.writeDouble("utm", utm.data(), 2, 2);
    }
    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    // The first element after the 128-byte header: tag (type 15 = compressed, size), then zlib.
    uint32_t tag[2];
    std::memcpy(tag, bytes.data() + 128, 8);
    QCOMPARE(tag[0], 15u);
    std::vector<uint8_t> plain(4096);
    uLongf plainSize = plain.size();
    QCOMPARE(uncompress(plain.data(), &plainSize,
                        reinterpret_cast<const Bytef*>(bytes.data() + 136), tag[1]),
             Z_OK);
    plain.resize(plainSize);
    const uint32_t claimed = 0xF0000000u; // ~4 GB for the matrix element
    std::memcpy(plain.data() + 4, &claimed, 4);
    std::vector<uint8_t> packed(compressBound(plain.size()));
    uLongf packedSize = packed.size();
    QCOMPARE(compress2(packed.data(), &packedSize, plain.data(), plain.size(), 9), Z_OK);
    const uint32_t newTag[2] = {15u, static_cast<uint32_t>(packedSize)};
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), 128);
        out.write(reinterpret_cast<const char*>(newTag), 8);
        out.write(reinterpret_cast<const char*>(packed.data()),
                  static_cast<std::streamsize>(packedSize));
    }
    try {
        MatFile file(path, MatFile::Mode::Read);
        file.readAllVariables();
        QFAIL("a variable claiming 4 GB from a few bytes was accepted");
    } catch (const orinet::Error& e) {
        const QString text = e.what();
        QVERIFY2(text.contains("big.mat") && text.contains("claims 4026531840 bytes"), e.what());
    }
}

QTEST_APPLESS_MAIN(TestMatFile)
#include "tst_matfile.moc"
