#include "gui/evaluation/evaluationworkspace.h"
#include "gui/evaluation/explanationpanel.h"
#include "gui/evaluation/failureinspector.h"
#include "gui/evaluation/importmodeldialog.h"

#include "dataset/dataset.h"
#include "evaluationfixture.h"
#include "matchexplanationview.h"
#include "metrics/evaluationreport.h"
#include "run/runfolder.h"
#include "torchpython.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace orinet;

namespace {

//! argv[1]/region.pt: a small model of "another method" (a linear layer over a region of each
//! input, then tanh) with embed_ground / embed_satellite.
const char* kScript = R"(
torch.manual_seed(2)

class Region(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.g = torch.nn.Linear(3 * 8 * 16, 16)
        self.s = torch.nn.Linear(3 * 8 * 8, 16)
    @torch.jit.export
    def embed_ground(self, x):
        return torch.tanh(self.g(x[:, :, 4:12, 8:24].flatten(1)))
    @torch.jit.export
    def embed_satellite(self, x):
        return torch.tanh(self.s(x[:, :, 4:12, 4:12].flatten(1)))
    def forward(self, g, s):
        return self.embed_ground(g), self.embed_satellite(s)

torch.jit.script(Region().eval()).save(sys.argv[1] + "/region.pt")
)";

QString card(int dimension) {
    return QStringLiteral(R"({
  "method": "Region model",
  "ground": {"height": 16, "width": 32}, "satellite": {"height": 16, "width": 16},
  "colour": {"order": "rgb", "scale": 0.00392156862745098,
             "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
  "orientation_channels": false,
  "call": {"ground": "embed_ground", "satellite": "embed_satellite"},
  "descriptor_dimension": %1
})")
        .arg(dimension);
}

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

} // namespace

//! The studio's way to another method's TorchScript model (ImportModelDialog): Preview loads it
//! and runs the probe batch, saying what it found or what is wrong, before anything is written;
//! a folder of the user's is refused; the imported run is evaluated, and "Why this match?"
//! explains it by gradient × input, said to be an approximation, with no cells to hover.
class TestImportModelDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void previewsImportsEvaluatesAndExplains();

private:
    QString path(const QString& name) const { return mDir.filePath(name); }

    QTemporaryDir mDir;
    std::shared_ptr<const Dataset> mDataset;
    QString mPython;
};

void TestImportModelDialog::initTestCase() {
    QVERIFY(mDir.isValid());
    testing::writeEvalDataset(path("world"));
    mDataset = std::make_shared<const Dataset>(
        Dataset::open(path("world").toStdString(), DatasetLayout::Auto));
    QDir().mkpath(path("method"));
    writeText(path("method/card.json"), card(16));
    writeText(path("method/wrong.json"), card(24));
    orinet::testing::PythonResult made;
    mPython = orinet::testing::runWithPython({"torch"}, kScript, path("make.py"), {path("method")},
                                             &made);
    if (!mPython.isEmpty())
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
}

void TestImportModelDialog::previewsImportsEvaluatesAndExplains() {
    if (mPython.isEmpty())
        QSKIP("no python3 with PyTorch (Debian: python3-torch): the TorchScript model is made "
              "by PyTorch itself, so importing it from the studio is not tested");
    EvaluationWorkspace workspace;
    workspace.setDataset(mDataset);
    ImportModelDialog* dialog = nullptr;
    connect(&workspace, &EvaluationWorkspace::importModelDialogOpened,
            [&](ImportModelDialog* d) { dialog = d; });
    workspace.show();
    workspace.importModel();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QCheckBox*>("evaluate")->isChecked());
    auto* model = dialog->findChild<QLineEdit*>("model");
    auto* cardField = dialog->findChild<QLineEdit*>("card");
    auto* out = dialog->findChild<QLineEdit*>("out");
    auto* found = dialog->findChild<QLabel*>("found");
    auto* importButton = dialog->findChild<QPushButton*>("import");
    QSignalSpy ended(dialog, &ImportModelDialog::jobEnded);
    model->setText(path("method/region.pt"));
    // The run folder is suggested beside the model until the user names one.
    QCOMPARE(out->text(), path("method/region-run"));

    // A card that disagrees with the model: said plainly, naming both, and nothing to import.
    cardField->setText(path("method/wrong.json"));
    dialog->preview();
    QVERIFY(ended.wait(20000));
    QVERIFY2(found->text().contains("region.pt") && found->text().contains("wrong.json") &&
                 found->text().contains("descriptor_dimension 24"),
             qPrintable(found->text()));
    QVERIFY(!importButton->isEnabled());

    // The right card: what was found, and the folder named after the method.
    cardField->setText(path("method/card.json"));
    dialog->preview();
    QVERIFY(ended.wait(20000));
    const QString text = found->text();
    QVERIFY2(text.contains("Region model") && text.contains("embed_ground") &&
                 text.contains("forward") && text.contains("ground 16 × 32, satellite 16 × 16") &&
                 text.contains("Descriptor dimension: <b>16</b>"),
             qPrintable(text));
    QVERIFY(importButton->isEnabled());
    QCOMPARE(out->text(), path("method/region-model-run"));
    QVERIFY(!QFileInfo::exists(out->text())); // a preview writes nothing
    dialog->grab().save(QDir(testing::outputFolder()).filePath("import-model.png"));

    // A folder of the user's is refused, its file untouched.
    const QString mine = path("mine");
    QDir().mkpath(mine);
    {
        QFile file(QDir(mine).filePath("notes.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("mine");
    }
    out->setText(mine);
    dialog->import();
    QVERIFY(ended.wait(20000));
    QVERIFY(dialog->isVisible());
    QVERIFY2(found->text().contains(mine), qPrintable(found->text()));
    QCOMPARE(QDir(mine).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{"notes.txt"});

    // Imported and evaluated.
    const QString run = path("method/region-model-run");
    out->setText(run);
    QSignalSpy evaluated(&workspace, &EvaluationWorkspace::evaluated);
    dialog->import();
    QVERIFY(evaluated.wait(30000));
    QVERIFY(RunFolder(run.toStdString()).hasScriptedModel());
    const metrics::EvaluationReport* report = workspace.report();
    QVERIFY(report);
    QVERIFY(report->provenance.isTorchScript());
    QCOMPARE(report->queryCount, size_t{testing::kEvalPairs});

    // Why this match? by gradient × input: offered, explained, said to be an approximation.
    FailureInspector* inspector = workspace.inspector();
    QVERIFY2(inspector->explainButton()->isEnabled(),
             qPrintable(inspector->explainButton()->toolTip()));
    QSignalSpy explained(inspector->explanation(), &ExplanationPanel::explained);
    inspector->setExplaining(true);
    QVERIFY(explained.wait(30000));
    MatchExplanationView* view = inspector->explanation()->view();
    QVERIFY(!view->matches().empty());
    for (const MatchExplanationView::Match& m : view->matches()) {
        QVERIFY(!m.explanation.isExact());
        QCOMPARE(m.explanation.groundAttribution().cols, 32);
    }
    QVERIFY2(inspector->explanation()->statusText().contains("an approximation, not an exact "
                                                             "split"),
             qPrintable(inspector->explanation()->statusText()));
    QVERIFY2(view->hoverText().contains("an approximation, not an exact split"),
             qPrintable(view->hoverText()));
    // No cells: hovering shows nothing.
    view->hoverCell(0, true, 0);
    QCOMPARE(view->hovered().match, -1);
    QCOMPARE(view->cellAt(0, true, QPointF(10, 10)), -1);
}

QTEST_MAIN(TestImportModelDialog)
#include "tst_importmodeldialog.moc"
