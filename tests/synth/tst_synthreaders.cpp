// The synthetic world read back through the project's dataset readers (core/dataset), in all
// three layouts it offers: ROOT/cvusa, ROOT/cvact and ROOT itself (pairs.csv).
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "synth/syntheticworld.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

class TestSynthReaders : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cvusaLayout();
    void cvactLayout();
    void csvLayoutAtTheRoot();

private:
    QTemporaryDir mDir;
    SynthSummary mSummary;
    OpenOptions mOptions;
};

void TestSynthReaders::initTestCase() {
    SynthOptions o;
    o.outDir = mDir.filePath("w").toStdString();
    o.pairs = 20;
    o.seed = 9;
    o.tileSize = 48;
    o.tileMetres = 50;
    o.cvusaPanoWidth = 66;
    o.cvactPanoWidth = 64;
    o.worldMetres = 300;
    Feedback feedback;
    mSummary = SyntheticWorld::generate(o, feedback);
    mOptions.checkImages = true; // image headers too: square tiles, 2:1 CVACT spheres
}

void TestSynthReaders::cvusaLayout() {
    const Dataset d = Dataset::open(mSummary.cvusaRoot, DatasetLayout::Auto, mOptions);
    QCOMPARE(toString(d.layout()), toString(DatasetLayout::Cvusa));
    QCOMPARE(d.split("train").size(), size_t(mSummary.trainCount));
    QCOMPARE(d.split("val").size(), size_t(mSummary.valCount));
}

void TestSynthReaders::cvactLayout() {
    const Dataset d = Dataset::open(mSummary.cvactRoot, DatasetLayout::Auto, mOptions);
    QCOMPARE(toString(d.layout()), toString(DatasetLayout::Cvact));
    QCOMPARE(d.pairs().size(), mSummary.pairs.size());
    QVERIFY(d.hasPositions());
    QCOMPARE(d.split("train").size(), size_t(mSummary.trainCount));
    QCOMPARE(d.split("val").size(), size_t(mSummary.valCount));
    QCOMPARE(d.split("test").size(), size_t(mSummary.testCount));
    for (size_t i = 0; i < d.pairs().size(); ++i)
        QCOMPARE(d.pairs()[i].id, mSummary.pairs[i].id);
}

void TestSynthReaders::csvLayoutAtTheRoot() {
    const Dataset d = Dataset::open(mSummary.root, DatasetLayout::Auto, mOptions);
    QCOMPARE(toString(d.layout()), toString(DatasetLayout::Csv));
    QCOMPARE(d.pairs().size(), mSummary.pairs.size());
    QVERIFY(d.hasPositions());
    QCOMPARE(d.split("test").size(), size_t(mSummary.testCount));
}

QTEST_APPLESS_MAIN(TestSynthReaders)
#include "tst_synthreaders.moc"
