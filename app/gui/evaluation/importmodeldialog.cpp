#include "gui/evaluation/importmodeldialog.h"

#include "common/error.h"
#include "common/feedback.h"
#include "evaluation/modelimport.h"
#include "model/torchscriptmodel.h"
#include "run/runfolder.h"

#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace orinet {

namespace {

//! A folder name from a method's name: "ResNet-18 pair" gives "resnet-18-pair".
QString slugOf(const QString& method) {
    QString name = method.trimmed().toLower();
    name.replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    name.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return name;
}

} // namespace

struct ImportModelDialog::Preview {
    ModelImport::Options options;
    ModelImport::Found found;
};

ImportModelDialog::ImportModelDialog(bool canEvaluate, QWidget* parent)
    : JobDialog(parent)
    , mEvaluate(new QCheckBox) {
    addPreviewAndWrite(
        "import", [] { return tr("Import"); }, [this] { preview(); }, [this] { import(); });
    const auto besideModel = [this] { return mModel->text(); };
    mModel = fileField(
        "model", {Browse::Kind::File, [] { return tr("TorchScript model"); },
                  [] { return tr("TorchScript models (*.pt *.pth *.ts *.zip);;All files (*)"); }});
    mCard = fileField("card",
                      {Browse::Kind::File, [] { return tr("Model card"); },
                       [] { return tr("Model cards (*.json);;All files (*)"); }},
                      besideModel);
    mOut =
        fileField("out", {Browse::Kind::Folder, [] { return tr("Run folder"); }, {}}, besideModel);
    texts().set(this, "windowTitle", [] { return tr("Import a Model of Another Method"); });
    mEvaluate->setObjectName("evaluate");
    texts().setText(mEvaluate,
                    [] { return tr("Evaluate the run on the open dataset afterwards"); });
    mEvaluate->setChecked(canEvaluate);
    mEvaluate->setEnabled(canEvaluate);
    if (!canEvaluate)
        texts().setToolTip(mEvaluate, [] { return tr("Open a dataset to evaluate the run on."); });
    texts().setPlaceholder(mModel, [] { return tr("TorchScript file (torch.jit.save)"); });
    texts().setPlaceholder(mCard, [] { return tr("model card (JSON, docs/torchscript.md)"); });
    texts().setPlaceholder(mOut, [] { return tr("a new folder, or this method's imported run"); });
    statusPanel()->setMinimumHeight(150);
    showStatus([] {
        return tr("Preview loads the model as its card says and runs a probe batch of two pairs "
                  "through it: methods, input sizes, descriptor dimension. Nothing is written "
                  "until Import.");
    });

    auto* form = new QFormLayout;
    form->addRow(texts().label([] { return tr("TorchScript model"); }), row(mModel));
    form->addRow(texts().label([] { return tr("Model card"); }), row(mCard));
    form->addRow(texts().label([] { return tr("Run folder"); }), row(mOut));
    form->addRow(QString(), mEvaluate);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(statusPanel(), 1);
    layout->addWidget(progress());
    layout->addWidget(buttons());
    resize(720, sizeHint().height());

    for (QLineEdit* field : {mModel, mCard})
        connect(field, &QLineEdit::textChanged, this, &ImportModelDialog::previewInvalidated);
    // A run folder beside the model file, named after it, until the user names one (a preview
    // names it after the card's method).
    connect(mModel, &QLineEdit::textChanged, this, [this] {
        if (mOut->isModified() || mModel->text().isEmpty())
            return;
        const QFileInfo model(mModel->text());
        mOut->setText(model.absoluteDir().filePath(model.completeBaseName() + "-run"));
    });
}

// Destroying a running job cancels it and waits: loading a model cannot be interrupted, but
// nothing is written before the probe batch has run.
ImportModelDialog::~ImportModelDialog() = default;

bool ImportModelDialog::evaluateAfterImport() const {
    return mEvaluate->isEnabled() && mEvaluate->isChecked();
}

void ImportModelDialog::previewInvalidated() {
    mPreview.reset();
    setPreviewed(false);
}

void ImportModelDialog::preview() {
    if (jobRunning())
        return;
    previewInvalidated();
    if (mModel->text().trimmed().isEmpty() || mCard->text().trimmed().isEmpty())
        return fail(tr("Choose the TorchScript file and its model card."));
    auto found = std::make_shared<Preview>();
    found->options.modelFile = mModel->text().trimmed().toStdString();
    found->options.cardFile = mCard->text().trimmed().toStdString();
    runJob(
        tr("Checking the model"),
        [found](Feedback&) { found->found = ModelImport::examine(found->options); },
        [this, found] {
            mPreview = found;
            setPreviewed(true);
            if (!mOut->isModified() && !mModel->text().isEmpty()) {
                const QString slug = slugOf(QString::fromStdString(found->found.card.method));
                if (!slug.isEmpty())
                    mOut->setText(QFileInfo(mModel->text()).absoluteDir().filePath(slug + "-run"));
            }
            showPreview(*found);
        });
}

void ImportModelDialog::showPreview(const Preview& preview) {
    showStatus([preview = std::make_shared<Preview>(preview)] {
        const ModelCard& card = preview->found.card;
        const auto file = [](const std::string& path) {
            return QFileInfo(QString::fromStdString(path)).fileName().toHtmlEscaped();
        };
        QString text = tr("<b>%1</b> — the card %2")
                           .arg(QString::fromStdString(card.method).toHtmlEscaped(),
                                file(preview->options.cardFile));
        const int64_t version = preview->found.archiveVersion;
        text +=
            QStringLiteral("<br>") +
            (version >= 0 ? tr("TorchScript %1, file-format version %2 (this LibTorch %3 "
                               "reads up to %4)")
                                .arg(file(preview->options.modelFile))
                                .arg(version)
                                .arg(QString::fromStdString(TorchScriptModel::libtorchVersion()))
                                .arg(TorchScriptModel::supportedArchiveVersion())
                          : tr("TorchScript %1").arg(file(preview->options.modelFile)));
        QStringList methods;
        for (const std::string& m : preview->found.methods)
            methods << QString::fromStdString(m).toHtmlEscaped();
        text += QStringLiteral("<br>") + tr("Its methods: %1").arg(methods.join(", "));
        text += QStringLiteral("<br>") +
                (card.call == ModelCard::Call::Forward
                     ? tr("Called as forward(ground, satellite)")
                     : tr("Called as %1(ground) and %2(satellite)")
                           .arg(QString::fromStdString(card.groundMethod).toHtmlEscaped(),
                                QString::fromStdString(card.satelliteMethod).toHtmlEscaped()));
        text += QStringLiteral("<br>") +
                tr("Input: ground %1 × %2, satellite %3 × %4; colour order %5%6")
                    .arg(card.groundHeight)
                    .arg(card.groundWidth)
                    .arg(card.satelliteHeight)
                    .arg(card.satelliteWidth)
                    .arg(card.rgb ? tr("R, G, B") : tr("B, G, R"))
                    .arg(card.orientationChannels ? tr(", then the two orientation channels")
                                                  : QString());
        text += QStringLiteral("<br>") +
                tr("Descriptor dimension: <b>%1</b>")
                    .arg(QLocale().toString(qlonglong(card.descriptorDimension)));
        text += QStringLiteral("<br>") +
                tr("A probe batch of two pairs ran through it and gave finite descriptors of "
                   "that dimension.");
        return text;
    });
}

void ImportModelDialog::import() {
    if (!mPreview || jobRunning())
        return;
    const QString out = mOut->text().trimmed();
    if (out.isEmpty())
        return fail(tr("Choose the run folder to write."));
    const std::shared_ptr<Preview> preview = mPreview;
    runJob(
        tr("Importing the model"),
        [preview, out](Feedback&) {
            // The folder is checked here, before anything is written: a user's folder or file
            // is refused, and only a run of this same method's model is updated.
            ModelImport::importTorchScript(preview->options, RunFolder(out.toStdString()));
        },
        [this, out] {
            mImportedRun = out;
            accept();
        });
}

} // namespace orinet
