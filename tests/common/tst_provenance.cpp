#include "common/error.h"
#include "common/provenance.h"

#include <QtTest>

using namespace orinet;

//! Provenance names results folders (key) and legends (label, origin): two evaluations that
//! differ in split, checkpoint, BatchNorm mode or inputs must never share a key.
class TestProvenance : public QObject {
    Q_OBJECT
private slots:
    void keysTellEvaluationsApart();
    void labelsSayWhatANumberComesFrom();
    void jsonRoundTripAndErrors();
};

namespace {

Provenance lastEpoch20() {
    Provenance p;
    p.split = "test";
    p.checkpoint = "/runs/a/checkpoints/last.ckpt";
    p.checkpointKind = "last";
    p.epoch = 20;
    p.step = 1680;
    p.normalization = "recalibrated";
    p.preset = "tiny";
    return p;
}

} // namespace

void TestProvenance::keysTellEvaluationsApart() {
    const Provenance p = lastEpoch20();
    QCOMPARE(QString::fromStdString(p.key()), QString("test_last-e20_recalibrated"));
    Provenance val = p;
    val.split = "val";
    Provenance best = p;
    best.checkpointKind = "best";
    best.epoch = 14;
    Provenance original = p;
    original.normalization = "original";
    Provenance turned = p;
    turned.inputs = "random orientation, seed 1";
    const QStringList keys = {QString::fromStdString(p.key()), QString::fromStdString(val.key()),
                              QString::fromStdString(best.key()),
                              QString::fromStdString(original.key()),
                              QString::fromStdString(turned.key())};
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), keys.size());
    for (const QString& k : keys) // file-name safe
        QVERIFY2(!k.contains('/') && !k.contains(' ') && !k.contains(','), qPrintable(k));
    // Descriptors made elsewhere know only their split.
    Provenance bare;
    bare.split = "val";
    QCOMPARE(QString::fromStdString(bare.key()), QString("val"));
}

void TestProvenance::labelsSayWhatANumberComesFrom() {
    Provenance p = lastEpoch20();
    QCOMPARE(QString::fromStdString(p.origin()), QString("last.ckpt, epoch 20 · BN recalibrated"));
    QCOMPARE(QString::fromStdString(p.label()),
             QString("test · last.ckpt, epoch 20 · BN recalibrated"));
    p.inputs = "random orientation, seed 2";
    QVERIFY(QString::fromStdString(p.origin()).endsWith(" · random orientation, seed 2"));
    Provenance imported;
    imported.split = "test";
    imported.checkpointKind = Provenance::kImported;
    imported.method = "Sample4Geo";
    QVERIFY(imported.isImported() && !p.isImported());
    QCOMPARE(QString::fromStdString(imported.key()), QString("test_imported"));
    QCOMPARE(QString::fromStdString(imported.label()),
             QString("test · imported descriptors (Sample4Geo)"));
    Provenance bare;
    QVERIFY(bare.origin().empty());
    QCOMPARE(QString::fromStdString(bare.label()), QString("unknown split"));
}

void TestProvenance::jsonRoundTripAndErrors() {
    Provenance p = lastEpoch20();
    p.inputs = "random orientation, seed 3";
    const Provenance back = Provenance::fromJson(p.toJson(), "descriptors.json");
    QCOMPARE(back.key(), p.key());
    QCOMPARE(back.label(), p.label());
    QCOMPARE(back.step, p.step);
    QCOMPARE(back.preset, p.preset);
    QCOMPARE(back.checkpoint, p.checkpoint);
    // The method of imported descriptors travels too; this tool's own have none.
    QVERIFY(p.toJson().find("method") == std::string::npos);
    p.checkpointKind = Provenance::kImported;
    p.method = "Sample4Geo";
    const Provenance imported = Provenance::fromJson(p.toJson(), "descriptors.json");
    QCOMPARE(imported.method, p.method);
    QVERIFY(imported.isImported());
    // Missing fields stay unknown.
    const Provenance partial = Provenance::fromJson(R"({"split": "val"})", "x.json");
    QCOMPARE(partial.epoch, -1);
    QVERIFY(partial.normalization.empty());
    // A field of the wrong type is an error naming the file.
    try {
        Provenance::fromJson(R"({"split": "val", "epoch": "twenty"})", "results/eval_g2s.json");
        QFAIL("a text epoch was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("eval_g2s.json"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(Error, Provenance::fromJson("[1, 2]", "x.json"));
}

QTEST_APPLESS_MAIN(TestProvenance)
#include "tst_provenance.moc"
