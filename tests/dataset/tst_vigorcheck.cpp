// `orinet dataset --check` on a VIGOR-layout root (docs/vigor.md): every panorama's and tile's
// header read once, and each missing, damaged or odd-sized file named by path.

#include "datasetfixture.h"

#include "common/feedback.h"
#include "synth/vigorworld.h"

#include "clirunner.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace orinet;
using namespace orinet::testing;

class TestVigorCheck : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanWorldPasses();
    void damagedFilesAreNamed();

private:
    //! A small world (12 panoramas and 16 tiles a city) in `dir`/world.
    static VigorWorldSummary generate(const QTemporaryDir& dir) {
        VigorWorldOptions options;
        options.outDir = dir.filePath("world").toStdString();
        Feedback feedback;
        return VigorWorld::generate(options, feedback);
    }
    QString tilePath(const VigorWorldSummary& w, int city, int k) const {
        return QString::fromStdString(w.root + "/" + w.cities[size_t(city)] + "/satellite/" +
                                      w.tileNames[size_t(city)][size_t(k)]);
    }
    QString panoramaPath(const VigorWorldSummary& w, const std::string& city) const {
        for (const VigorWorldPanorama& p : w.panoramas)
            if (p.city == city)
                return QString::fromStdString(w.root + "/" + city + "/panorama/" + p.name);
        return {};
    }

    QTemporaryDir mCleanDir, mDamagedDir;
    VigorWorldSummary mClean, mDamaged;
    qint64 mImages = 0;
};

void TestVigorCheck::initTestCase() {
    QVERIFY(mCleanDir.isValid() && mDamagedDir.isValid());
    mClean = generate(mCleanDir);
    mDamaged = generate(mDamagedDir);
    mImages = qint64(mClean.panoramas.size()) + qint64(mClean.tilesPerCity) * 4;
    QVERIFY(mImages > 50);
}

void TestVigorCheck::cleanWorldPasses() {
    const QString root = QString::fromStdString(mClean.root);
    CliResult r = runCli({"dataset", "--dataset", root, "--check"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    // Both protocols' four splits name each file of the world, and each is read once.
    QVERIFY2(r.out.contains(QString("checked %1 images (headers read)").arg(mImages)),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QString("no problems found in %1 images").arg(mImages)),
             qPrintable(r.out));
    r = runCli({"dataset", "--dataset", root, "--check", "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json.value("checked_images").toInteger(), mImages);
    QCOMPARE(json.value("images_checked").toBool(), true);
    QCOMPARE(json.value("ok").toBool(), true);
}

void TestVigorCheck::damagedFilesAreNamed() {
    // A tile whose PNG header is overwritten.
    const QString corrupt = tilePath(mDamaged, 0, 2);
    {
        QFile f(corrupt);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        bytes.replace(12, 4, "XXXX"); // the IHDR chunk's name
        QVERIFY(f.seek(0));
        f.write(bytes);
    }
    // A panorama cut short, as by a broken download.
    const QString truncated = panoramaPath(mDamaged, "Seattle");
    QVERIFY(QFile::resize(truncated, QFileInfo(truncated).size() / 2));
    // A listed tile that is gone.
    const QString missing = tilePath(mDamaged, 2, 5);
    QVERIFY(QFile::remove(missing));
    // A tile of another size than the rest of its city's.
    const QString small = tilePath(mDamaged, 3, 1);
    writeImage(small, 32, 32);

    const QString root = QString::fromStdString(mDamaged.root);
    CliResult r = runCli({"dataset", "--dataset", root, "--check"});
    QCOMPARE(r.exitCode, 1);
    const QString tiles = QString::number(mDamaged.tilesPerCity);
    for (const QString& line :
         {corrupt + ": truncated or corrupt PNG header",
          truncated + ": truncated JPEG (no end-of-image marker)", missing + ": missing",
          small + ": satellite tile is 32x32; " + QString::number(mDamaged.tilesPerCity - 1) +
              " of the " + tiles + " satellite tiles of Chicago read are 64x64"})
        QVERIFY2(r.out.contains(line), qPrintable(line + "\n---\n" + r.out));
    QVERIFY2(r.out.contains(QString("4 problems in %1 images:").arg(mImages)), qPrintable(r.out));
    // The splits still read: the missing file is the check's finding, not an unreadable split.
    QVERIFY2(!r.out.contains("unreadable"), qPrintable(r.out));

    r = runCli({"dataset", "--dataset", root, "--check", "--json"});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json.value("ok").toBool(), false);
    std::set<QString> named;
    for (const QJsonValue& issue : json.value("issues").toArray())
        named.insert(issue.toObject().value("file").toString());
    QCOMPARE(named, (std::set<QString>{corrupt, truncated, missing, small}));

    // Without --check the missing tile still makes its splits unreadable, as before.
    r = runCli({"dataset", "--dataset", root});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("unreadable") && !r.out.contains(small), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestVigorCheck)
#include "tst_vigorcheck.moc"
