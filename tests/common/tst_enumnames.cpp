#include "common/enumnames.h"
#include "dataset/datasetlayout.h"
#include "dataset/inputpreset.h"
#include "dataset/rotationdraw.h"
#include "linalg/cpuisa.h"
#include "linalg/sgemm.h"
#include "metrics/direction.h"
#include "model/namedtensor.h"
#include "model/normalization.h"
#include "retrieval/retrieval.h"
#include "run/runfolder.h"

#include <QtTest>

#include <set>

using namespace orinet;

//! Every enum named by EnumNames: the names the CLI, JSON and files use are unique, each value
//! reads back as itself, and an unknown word is refused with the kind and every known name.
class TestEnumNames : public QObject {
    Q_OBJECT
private slots:
    void everyTableRoundTrips();
    void namesWrittenToFilesAreStable();
    void anUnknownNameListsTheKnownOnes();
    void aValueOutsideTheTableIsNotNamed();
};

namespace {

template <typename E> void checkTable(const char* what) {
    const std::vector<E> values = enumValues<E>();
    const std::vector<std::string> names = enumNames<E>();
    QVERIFY2(!values.empty(), what);
    QCOMPARE(names.size(), values.size());
    QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
    for (size_t i = 0; i < values.size(); ++i) {
        QVERIFY2(!names[i].empty(), what);
        QCOMPARE(toString(values[i]), names[i]);
        QVERIFY2(fromString<E>(names[i]) == values[i],
                 (std::string(what) + ": " + names[i]).c_str());
        // Values are distinct too (two names for one value would read back as the first).
        for (size_t j = 0; j < i; ++j)
            QVERIFY2(values[j] != values[i], (std::string(what) + ": " + names[i]).c_str());
    }
}

} // namespace

void TestEnumNames::everyTableRoundTrips() {
    checkTable<Normalization>("Normalization");
    checkTable<metrics::Direction>("Direction");
    checkTable<OrientationMode>("OrientationMode");
    checkTable<DatasetLayout>("DatasetLayout");
    checkTable<RotationDraw>("RotationDraw");
    checkTable<RetrievalBackend>("RetrievalBackend");
    checkTable<CheckpointChoice>("CheckpointChoice");
    checkTable<TensorDType>("TensorDType");
    checkTable<SgemmKernel>("SgemmKernel");
    checkTable<CpuIsa>("CpuIsa");
}

void TestEnumNames::namesWrittenToFilesAreStable() {
    // These words are in run folders, results files and scripts already written: a rename
    // would make them unreadable.
    QCOMPARE(toString(Normalization::Original), std::string("original"));
    QCOMPARE(toString(Normalization::Recalibrated), std::string("recalibrated"));
    QCOMPARE(toString(Normalization::Running), std::string("running"));
    QCOMPARE(toString(Normalization::Adapted), std::string("adapted"));
    QCOMPARE(metrics::toString(metrics::Direction::GroundToSatellite), std::string("g2s"));
    QCOMPARE(metrics::toString(metrics::Direction::SatelliteToGround), std::string("s2g"));
    QCOMPARE(toString(OrientationMode::None), std::string("none"));
    QCOMPARE(toString(DatasetLayout::Csv), std::string("csv"));
    QCOMPARE(toString(RotationDraw::Uniform), std::string("uniform"));
    QCOMPARE(toString(RetrievalBackend::FaissIvfPq), std::string("faiss-ivfpq"));
    QCOMPARE(toString(CheckpointChoice::Best), std::string("best"));
    QCOMPARE(toString(TensorDType::UInt8), std::string("U8"));
    // The order is the order offered to users: the paper's choice first.
    QVERIFY(enumValues<Normalization>().front() == kDefaultSplitNormalization);
    QVERIFY(enumValues<metrics::Direction>().front() == metrics::Direction::GroundToSatellite);
    QVERIFY(enumValues<CheckpointChoice>().front() == CheckpointChoice::Last);
}

void TestEnumNames::anUnknownNameListsTheKnownOnes() {
    try {
        fromString<Normalization>("Original"); // names are case-sensitive, as in files
        QFAIL("a wrong-case name was accepted");
    } catch (const Error& e) {
        QCOMPARE(QString(e.what()), QString("unknown BatchNorm mode 'Original' (known: original, "
                                            "recalibrated, running, adapted)"));
    }
    try {
        fromString<metrics::Direction>("");
        QFAIL("an empty name was accepted");
    } catch (const Error& e) {
        QCOMPARE(QString(e.what()), QString("unknown direction '' (known: g2s, s2g)"));
    }
}

void TestEnumNames::aValueOutsideTheTableIsNotNamed() {
    // A value cast from a corrupt integer must not read as a real choice.
    QCOMPARE(toString(static_cast<RotationDraw>(17)), std::string("?"));
    QVERIFY_THROWS_EXCEPTION(Error, fromString<RotationDraw>("?"));
}

QTEST_GUILESS_MAIN(TestEnumNames)
#include "tst_enumnames.moc"
