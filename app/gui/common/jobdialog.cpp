#include "gui/common/jobdialog.h"

#include "common/feedback.h"
#include "gui/jobs/backgroundjob.h"

#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

namespace orinet {

JobDialog::JobDialog(QWidget* parent)
    : QDialog(parent)
    , mStatus(new QLabel)
    , mProgress(new QProgressBar)
    , mButtons(new QDialogButtonBox(QDialogButtonBox::Cancel)) {
    mStatus->setObjectName("found");
    mStatus->setWordWrap(true);
    mStatus->setTextFormat(Qt::RichText);
    mStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStatus->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    mStatus->setFrameShape(QFrame::StyledPanel);
    mProgress->setTextVisible(false);
    mProgress->hide();
    connect(mButtons, &QDialogButtonBox::rejected, this, [this] {
        if (jobRunning())
            mJob->cancel();
        else
            reject();
    });
}

// Destroying a running job cancels it and waits for its thread.
JobDialog::~JobDialog() = default;

QLineEdit* JobDialog::fileField(const QString& name, Browse browse,
                                std::function<QString()> startFrom) {
    auto* field = new QLineEdit;
    field->setObjectName(name);
    auto* button = new QPushButton;
    mTexts.setText(button, [] { return tr("Browse…"); });
    field->setProperty("browseButton", QVariant::fromValue(button));
    connect(button, &QPushButton::clicked, this, [this, field, browse, startFrom] {
        const QString start = !field->text().isEmpty() ? field->text()
                              : startFrom              ? startFrom()
                                                       : QString();
        const QString chosen =
            browse.kind == Browse::Kind::Folder
                ? QFileDialog::getExistingDirectory(this, browse.title(), start)
                : QFileDialog::getOpenFileName(this, browse.title(), start,
                                               browse.filter ? browse.filter() : QString());
        if (!chosen.isEmpty()) {
            field->setText(chosen);
            field->setModified(true);
        }
    });
    return field;
}

QWidget* JobDialog::row(QLineEdit* field) {
    auto* box = new QWidget;
    auto* layout = new QHBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(field->property("browseButton").value<QPushButton*>());
    return box;
}

void JobDialog::addPreviewAndWrite(const QString& writeName, TranslatedTexts::Text writeText,
                                   std::function<void()> onPreview, std::function<void()> onWrite) {
    mPreviewButton = mButtons->addButton(QString(), QDialogButtonBox::ActionRole);
    mPreviewButton->setObjectName("preview");
    mTexts.setText(mPreviewButton, [] { return tr("Preview"); });
    mWriteButton = mButtons->addButton(QString(), QDialogButtonBox::AcceptRole);
    mWriteButton->setObjectName(writeName);
    mTexts.setText(mWriteButton, std::move(writeText));
    connect(mPreviewButton, &QPushButton::clicked, this, std::move(onPreview));
    connect(mWriteButton, &QPushButton::clicked, this, std::move(onWrite));
    updateActions();
}

void JobDialog::setPreviewed(bool previewed) {
    mPreviewed = previewed;
    if (!jobRunning())
        updateActions();
}

void JobDialog::updateActions() {
    if (mPreviewButton)
        mPreviewButton->setEnabled(true);
    if (mWriteButton)
        mWriteButton->setEnabled(mPreviewed);
}

bool JobDialog::jobRunning() const {
    return mJob && mJob->isRunning();
}

void JobDialog::runJob(const QString& title, std::function<void(Feedback&)> work,
                       std::function<void()> done, bool determinate) {
    for (QAbstractButton* button : mButtons->buttons())
        if (mButtons->buttonRole(button) != QDialogButtonBox::RejectRole)
            button->setEnabled(false);
    mProgress->setRange(0, determinate ? 100 : 0);
    mProgress->setValue(0);
    mProgress->show();
    mJob = std::make_unique<BackgroundJob>(title, std::move(work));
    if (determinate)
        connect(mJob.get(), &BackgroundJob::progressChanged, this,
                [this](double fraction, const QString&) {
                    mProgress->setValue(static_cast<int>(100 * fraction));
                });
    connect(mJob.get(), &BackgroundJob::succeeded, this, std::move(done));
    connect(mJob.get(), &BackgroundJob::failed, this, &JobDialog::fail);
    connect(mJob.get(), &BackgroundJob::canceled, this,
            [this] { fail(tr("Cancelled; nothing was written.")); });
    connect(mJob.get(), &BackgroundJob::finished, this, [this] {
        mProgress->hide();
        updateActions();
        emit jobEnded();
    });
    mJob->start();
}

void JobDialog::fail(const QString& message) {
    mTexts.setText(mStatus, [message] { return message.toHtmlEscaped(); });
    mStatus->setStyleSheet(QStringLiteral("color: #a00000"));
}

void JobDialog::showStatus(TranslatedTexts::Text text) {
    mTexts.setText(mStatus, std::move(text));
    mStatus->setStyleSheet(QString());
}

void JobDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QDialog::changeEvent(event);
}

} // namespace orinet
