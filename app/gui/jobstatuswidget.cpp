#include "jobstatuswidget.h"

#include "backgroundjob.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace orinet {

JobStatusWidget::JobStatusWidget(QWidget* parent)
    : QWidget(parent)
    , mTitle(new QLabel)
    , mBar(new QProgressBar)
    , mCancel(new QToolButton) {
    mBar->setRange(0, 1000);
    mBar->setMaximumWidth(220);
    mBar->setTextVisible(false);
    mCancel->setText(tr("Cancel"));
    mCancel->setToolTip(tr("Stop the running job at its next step"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mTitle);
    layout->addWidget(mBar);
    layout->addWidget(mCancel);
    hide();
    connect(mCancel, &QToolButton::clicked, this, [this] {
        if (mJob) {
            mJob->cancel();
            mTitle->setText(tr("%1: stopping…").arg(mJob->title()));
        }
    });
}

void JobStatusWidget::track(BackgroundJob* job) {
    mJob = job;
    mTitle->setText(job->title());
    mBar->setValue(0);
    show();
    connect(job, &BackgroundJob::progressChanged, this,
            [this, job](double fraction, const QString& message) {
                mBar->setValue(static_cast<int>(fraction * 1000));
                mTitle->setText(message.isEmpty() ? job->title()
                                                  : job->title() + QStringLiteral(": ") + message);
            });
    connect(job, &BackgroundJob::finished, this, [this, job] {
        if (mJob == job)
            hide();
    });
}

} // namespace orinet
