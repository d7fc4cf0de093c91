#include "common/error.h"
#include "io/matfile.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace orinet;

class TestMatFile : public QObject {
    Q_OBJECT
private slots:
    void writeAndReadBack();
    void missingVariableAndFieldAreNamed();
    void notAMatFile();

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

QTEST_APPLESS_MAIN(TestMatFile)
#include "tst_matfile.moc"
