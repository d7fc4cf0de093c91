#include "gui/shell/firststartpage.h"

#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace orinet {

FirstStartPage::FirstStartPage(BackgroundJob* job, const QString& folder, QWidget* target)
    : QWidget(target)
    , mFolder(QDir::toNativeSeparators(folder))
    , mTitle(new QLabel)
    , mText(new QLabel) {
    setAutoFillBackground(true); // hide the empty workspace underneath
    mTitle->setAlignment(Qt::AlignCenter);
    mText->setAlignment(Qt::AlignCenter);
    mText->setWordWrap(true);
    mText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* status = new JobStatusWidget;
    status->track(job);

    auto* card = new QWidget;
    card->setFixedWidth(560);
    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->addWidget(mTitle);
    cardLayout->addWidget(mText);
    cardLayout->addSpacing(12);
    cardLayout->addWidget(status, 0, Qt::AlignCenter);

    // Centred by stretches, not by alignment: an aligned widget gets its size hint, which
    // is too short for wrapped text.
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(card);
    row->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);

    retranslate();
    target->installEventFilter(this);
    setGeometry(target->rect());
    raise();
    show();
    connect(job, &BackgroundJob::finished, this, &QObject::deleteLater);
}

void FirstStartPage::retranslate() {
    mTitle->setText(QStringLiteral("<h2>%1</h2>").arg(tr("Welcome to OriNet Studio")));
    mText->setText(tr("This first start generates a small synthetic town with street "
                      "panoramas, satellite tiles and positions, so every workspace has "
                      "something to show without a download. This happens only once; the "
                      "bar below shows the time left.<br><br>Folder: %1")
                       .arg(mFolder.toHtmlEscaped()));
}

bool FirstStartPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parent() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void FirstStartPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
