#include "common/error.h"
#include "io/matfile.h"
#include "matelements.h"

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
    void arrayHoldingOtherThanItsDimensions_data();
    void arrayHoldingOtherThanItsDimensions();
    void corruptLengthInsideCompressedVariable_data();
    void corruptLengthInsideCompressedVariable();
    void version4SizesAreChecked();

private:
    //! Writes a v5 file of the given elements; returns its path.
    std::string writeElements(const QString& name, const std::string& elements);

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
        QVERIFY2(text.contains("big.mat") && text.contains("'utm' claims 4026531840 bytes"),
                 e.what());
    }
}

std::string TestMatFile::writeElements(const QString& name, const std::string& elements) {
    const std::string path = mDir.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << testing::mat::header() << elements;
    return path;
}

// matio reads as many values as the dimensions declare, whatever the data element holds: the
// missing ones came from the bytes of the next variable, silently. Every array, nested ones and
// those inside compressed variables included, must hold exactly what it declares.
void TestMatFile::arrayHoldingOtherThanItsDimensions_data() {
    namespace mat = testing::mat;
    QTest::addColumn<QByteArray>("bad");   // the variable under test
    QTest::addColumn<QString>("where");    // the name the error must give
    QTest::addColumn<QString>("declared"); // the size it must state
    const std::vector<double> eight = {1, 2, 3, 4, 5, 6, 7, 8};
    const std::string utm = mat::doubles("utm", 60, 2, eight);
    const std::string field = mat::structOf("valSet", "valInd", mat::doubles("", 60, 1, eight));
    auto bytes = [](const std::string& s) { return QByteArray(s.data(), int(s.size())); };
    QTest::newRow("utm 60x2 holding 8") << bytes(utm) << "'utm'"
                                        << "60x2 (120 values)";
    QTest::newRow("utm 60x2 holding 8, compressed") << bytes(mat::compressed(utm)) << "'utm'"
                                                    << "60x2 (120 values)";
    QTest::newRow("struct field 60x1 holding 8") << bytes(field) << "'valSet.valInd'"
                                                 << "60x1 (60 values)";
    QTest::newRow("struct field 60x1 holding 8, compressed")
        << bytes(mat::compressed(field)) << "'valSet.valInd'"
        << "60x1 (60 values)";
    QTest::newRow("utm 2x2 holding 8") << bytes(mat::doubles("utm", 2, 2, eight)) << "'utm'"
                                       << "2x2 (4 values)";
    const std::string chars = mat::matrix(4, {1, 5}, "", mat::element(16, "abc"));
    QTest::newRow("string of 5 characters holding 3, in a compressed cell")
        << bytes(mat::compressed(mat::matrix(1, {1, 1}, "panoIds", chars))) << "'panoIds{1}'"
        << "1x5 (5 characters)";
}

void TestMatFile::arrayHoldingOtherThanItsDimensions() {
    namespace mat = testing::mat;
    QFETCH(QByteArray, bad);
    QFETCH(QString, where);
    QFETCH(QString, declared);
    // A whole variable follows: the one matio would have taken the missing values from.
    const std::string after = mat::doubles("after", 1, 4, {9, 9, 9, 9});
    const std::string path = writeElements("short.mat", bad.toStdString() + after);
    try {
        MatFile file(path, MatFile::Mode::Read);
        file.readAllVariables();
        QFAIL("an array holding other than its dimensions was accepted");
    } catch (const orinet::Error& e) {
        const QString text = e.what();
        QVERIFY2(text.contains("short.mat") && text.contains(where) &&
                     text.contains("declared " + declared),
                 e.what());
    }
    // The same variables made whole read back as written (the builder is right).
    const std::string good = writeElements(
        "whole.mat",
        mat::compressed(mat::doubles("utm", 4, 2, {1, 2, 3, 4, 5, 6, 7, 8})) +
            mat::structOf("valSet", "valInd", mat::doubles("", 2, 1, {3, 4})) +
            mat::compressed(mat::matrix(1, {1, 1}, "panoIds",
                                        mat::matrix(4, {1, 3}, "", mat::element(16, "abc")))) +
            after);
    MatFile file(good, MatFile::Mode::Read);
    file.readAllVariables();
    QCOMPARE(file.readNumeric("utm").at(3, 1), 8.0);
    QCOMPARE(file.readNumeric("valSet.valInd").at(1), 4.0);
    QCOMPARE(file.readStrings("panoIds"), std::vector<std::string>{"abc"});
    QCOMPARE(file.readNumeric("after").count(), size_t(4));
}

// Sizes inside a compressed variable that matio would allocate before reading: a string's
// length of ~4 GB, dimensions of 3.8 GB of doubles, a cell array of a billion cells. Each is
// refused when the file is opened, naming the variable.
void TestMatFile::corruptLengthInsideCompressedVariable_data() {
    namespace mat = testing::mat;
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("problem");
    auto bytes = [](const std::string& s) { return QByteArray(s.data(), int(s.size())); };
    std::string hugeString;
    mat::appendU32(hugeString, 16); // miUTF8
    mat::appendU32(hugeString, 0xF0000000u);
    hugeString += std::string("abc\0\0\0\0\0", 8);
    const std::string cells = mat::matrix(4, {1, 3}, "", mat::element(16, "abc")) +
                              mat::matrix(4, {1, 3}, "", hugeString);
    QTest::newRow("string length of 4 GB in a cell")
        << bytes(mat::compressed(mat::matrix(1, {1, 2}, "panoIds", cells))) << "'panoIds{2}'"
        << "4026531840 bytes";
    QTest::newRow("3.8 GB of doubles declared, 8 stored")
        << bytes(mat::compressed(mat::doubles("utm", 40000, 12000, {1, 2, 3, 4, 5, 6, 7, 8})))
        << "'utm'"
        << "declared 40000x12000 (480000000 values)";
    QTest::newRow("a billion cells declared, one stored")
        << bytes(mat::compressed(mat::matrix(1, {1, 1000000000}, "panoIds",
                                             mat::matrix(4, {1, 3}, "", mat::element(16, "abc")))))
        << "'panoIds'"
        << "1000000000 cells";
}

void TestMatFile::corruptLengthInsideCompressedVariable() {
    QFETCH(QByteArray, bad);
    QFETCH(QString, where);
    QFETCH(QString, problem);
    const std::string path = writeElements("corrupt.mat", bad.toStdString());
    try {
        MatFile file(path, MatFile::Mode::Read);
        file.readAllVariables();
        QFAIL("a corrupt size inside a compressed variable was accepted");
    } catch (const orinet::Error& e) {
        const QString text = e.what();
        QVERIFY2(text.contains("corrupt.mat") && text.contains(where) && text.contains(problem),
                 e.what());
    }
}

// MAT v4 (no header, a 20-byte header per variable): matio allocates the declared rows x
// columns, and the name length, before reading. The fuzz target found a 36-byte file that made
// it allocate 1.2 GB. Sizes are checked against the file first.
void TestMatFile::version4SizesAreChecked() {
    auto v4 = [](uint32_t rows, uint32_t cols, const std::vector<double>& values) {
        std::string bytes;
        for (uint32_t word : {0u, rows, cols, 0u, 4u}) // type 0: little-endian doubles
            testing::mat::appendU32(bytes, word);
        bytes += std::string("utm\0", 4);
        bytes.append(reinterpret_cast<const char*>(values.data()), values.size() * 8);
        return bytes;
    };
    const std::string good = mDir.filePath("v4.mat").toStdString();
    std::ofstream(good, std::ios::binary) << v4(2, 2, {1, 2, 3, 4});
    {
        MatFile file(good, MatFile::Mode::Read);
        file.readAllVariables();
        QCOMPARE(file.readNumeric("utm").at(1, 1), 4.0);
    }
    const std::string bad = mDir.filePath("v4bad.mat").toStdString();
    std::ofstream(bad, std::ios::binary) << v4(20000, 8000, {1, 2, 3, 4, 5, 6, 7, 8});
    try {
        MatFile file(bad, MatFile::Mode::Read);
        file.readAllVariables();
        QFAIL("a v4 variable declaring 1.28 GB in 100 bytes was accepted");
    } catch (const orinet::Error& e) {
        const QString text = e.what();
        QVERIFY2(text.contains("v4bad.mat") && text.contains("'utm' is declared 20000x8000"),
                 e.what());
    }
}

QTEST_APPLESS_MAIN(TestMatFile)
#include "tst_matfile.moc"
