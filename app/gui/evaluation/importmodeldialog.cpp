#include "gui/evaluation/importmodeldialog.h"

#include "common/error.h"
#include "common/feedback.h"
#include "evaluation/modelimport.h"
#include "gui/jobs/backgroundjob.h"
#include "model/torchscriptmodel.h"
#include "run/runfolder.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
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
    : QDialog(parent)
    , mModel(fileField("model", false))
    , mCard(fileField("card", false))
    , mOut(fileField("out", true))
    , mEvaluate(new QCheckBox)
    , mFound(new QLabel)
    , mProgress(new QProgressBar)
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Cancel))
    , mPreviewButton(mButtons->addButton(QString(), QDialogButtonBox::ActionRole))
    , mImportButton(mButtons->addButton(QString(), QDialogButtonBox::AcceptRole)) {
    mTexts.set(this, "windowTitle", [] { return tr("Import a Model of Another Method"); });
    mEvaluate->setObjectName("evaluate");
    mFound->setObjectName("found");
    mPreviewButton->setObjectName("preview");
    mImportButton->setObjectName("import");
    mTexts.setText(mPreviewButton, [] { return tr("Preview"); });
    mTexts.setText(mImportButton, [] { return tr("Import"); });
    mTexts.setText(mEvaluate, [] { return tr("Evaluate the run on the open dataset afterwards"); });
    mEvaluate->setChecked(canEvaluate);
    mEvaluate->setEnabled(canEvaluate);
    if (!canEvaluate)
        mTexts.setToolTip(mEvaluate, [] { return tr("Open a dataset to evaluate the run on."); });
    mTexts.setPlaceholder(mModel, [] { return tr("TorchScript file (torch.jit.save)"); });
    mTexts.setPlaceholder(mCard, [] { return tr("model card (JSON, docs/torchscript.md)"); });
    mTexts.setPlaceholder(mOut, [] { return tr("a new folder, or this method's imported run"); });
    mFound->setWordWrap(true);
    mFound->setTextFormat(Qt::RichText);
    mFound->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mFound->setMinimumHeight(150);
    mFound->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    mFound->setFrameShape(QFrame::StyledPanel);
    mTexts.setText(mFound, [] {
        return tr("Preview loads the model as its card says and runs a probe batch of two pairs "
                  "through it: methods, input sizes, descriptor dimension. Nothing is written "
                  "until Import.");
    });
    mProgress->setTextVisible(false);
    mProgress->hide();
    mImportButton->setEnabled(false);

    auto row = [](QLineEdit* field) {
        auto* box = new QWidget;
        auto* layout = new QHBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(field, 1);
        layout->addWidget(field->property("browseButton").value<QPushButton*>());
        return box;
    };
    auto* form = new QFormLayout;
    form->addRow(mTexts.label([] { return tr("TorchScript model"); }), row(mModel));
    form->addRow(mTexts.label([] { return tr("Model card"); }), row(mCard));
    form->addRow(mTexts.label([] { return tr("Run folder"); }), row(mOut));
    form->addRow(QString(), mEvaluate);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(mFound, 1);
    layout->addWidget(mProgress);
    layout->addWidget(mButtons);
    resize(720, sizeHint().height());

    connect(mPreviewButton, &QPushButton::clicked, this, &ImportModelDialog::preview);
    connect(mImportButton, &QPushButton::clicked, this, &ImportModelDialog::import);
    connect(mButtons, &QDialogButtonBox::rejected, this, [this] {
        if (mJob && mJob->isRunning())
            mJob->cancel();
        else
            reject();
    });
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

QLineEdit* ImportModelDialog::fileField(const QString& name, bool directory) {
    auto* field = new QLineEdit;
    field->setObjectName(name);
    auto* browse = new QPushButton;
    mTexts.setText(browse, [] { return tr("Browse…"); });
    field->setProperty("browseButton", QVariant::fromValue(browse));
    const bool card = name == QStringLiteral("card");
    connect(browse, &QPushButton::clicked, this, [this, field, directory, card] {
        const QString start = field->text().isEmpty() ? mModel->text() : field->text();
        const QString chosen =
            directory ? QFileDialog::getExistingDirectory(this, tr("Run folder"), start)
            : card    ? QFileDialog::getOpenFileName(this, tr("Model card"), start,
                                                     tr("Model cards (*.json);;All files (*)"))
                      : QFileDialog::getOpenFileName(
                            this, tr("TorchScript model"), start,
                            tr("TorchScript models (*.pt *.pth *.ts *.zip);;All files (*)"));
        if (!chosen.isEmpty()) {
            field->setText(chosen);
            field->setModified(true);
        }
    });
    return field;
}

bool ImportModelDialog::evaluateAfterImport() const {
    return mEvaluate->isEnabled() && mEvaluate->isChecked();
}

void ImportModelDialog::previewInvalidated() {
    mPreview.reset();
    mImportButton->setEnabled(false);
}

void ImportModelDialog::runJob(const QString& title, std::function<void(Feedback&)> work,
                               std::function<void()> done) {
    mPreviewButton->setEnabled(false);
    mImportButton->setEnabled(false);
    mProgress->setRange(0, 0); // loading a model says nothing of its progress
    mProgress->show();
    mJob = std::make_unique<BackgroundJob>(title, std::move(work));
    connect(mJob.get(), &BackgroundJob::succeeded, this, std::move(done));
    connect(mJob.get(), &BackgroundJob::failed, this, &ImportModelDialog::fail);
    connect(mJob.get(), &BackgroundJob::canceled, this,
            [this] { fail(tr("Cancelled; nothing was written.")); });
    connect(mJob.get(), &BackgroundJob::finished, this, [this] {
        mProgress->hide();
        mPreviewButton->setEnabled(true);
        mImportButton->setEnabled(mPreview != nullptr);
        emit jobEnded();
    });
    mJob->start();
}

void ImportModelDialog::fail(const QString& message) {
    mTexts.setText(mFound, [message] { return message.toHtmlEscaped(); });
    mFound->setStyleSheet(QStringLiteral("color: #a00000"));
}

void ImportModelDialog::preview() {
    if (mJob && mJob->isRunning())
        return;
    previewInvalidated();
    mFound->setStyleSheet(QString());
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
            if (!mOut->isModified() && !mModel->text().isEmpty()) {
                const QString slug = slugOf(QString::fromStdString(found->found.card.method));
                if (!slug.isEmpty())
                    mOut->setText(QFileInfo(mModel->text()).absoluteDir().filePath(slug + "-run"));
            }
            showPreview(*found);
        });
}

void ImportModelDialog::showPreview(const Preview& preview) {
    mTexts.setText(mFound, [preview = std::make_shared<Preview>(preview)] {
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
    mFound->setStyleSheet(QString());
}

void ImportModelDialog::import() {
    if (!mPreview || (mJob && mJob->isRunning()))
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

void ImportModelDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QDialog::changeEvent(event);
}

} // namespace orinet
