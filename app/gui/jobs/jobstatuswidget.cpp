#include "gui/jobs/jobstatuswidget.h"

#include "gui/jobs/backgroundjob.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include <cmath>

namespace orinet {

JobStatusWidget::JobStatusWidget(QWidget* parent)
    : QWidget(parent)
    , mTitle(new QLabel)
    , mBar(new QProgressBar)
    , mCancel(new QToolButton) {
    mBar->setRange(0, 1000);
    mBar->setMaximumWidth(220);
    mBar->setTextVisible(false);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mTitle);
    layout->addWidget(mBar);
    layout->addWidget(mCancel);
    retranslate();
    hide();
    connect(mCancel, &QToolButton::clicked, this, [this] {
        if (mJob) {
            mJob->cancel();
            mTitle->setText(tr("%1: stopping…").arg(mJob->title()));
        }
    });
}

void JobStatusWidget::retranslate() {
    mCancel->setText(tr("Cancel"));
    mCancel->setToolTip(tr("Stop the running job at its next step"));
}

void JobStatusWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QString JobStatusWidget::remainingText(double fraction, double startFraction, qint64 elapsedMs) {
    // Too early to tell: the first seconds of a job (loading, warming up) mislead.
    if (elapsedMs < 2000 || fraction - startFraction < 0.02 || fraction >= 1.0)
        return {};
    return remainingText(elapsedMs / 1000.0 * (1.0 - fraction) / (fraction - startFraction));
}

QString JobStatusWidget::remainingText(double seconds) {
    if (!std::isfinite(seconds) || seconds <= 0)
        return {};
    if (seconds < 90) {
        const int rounded = std::max(1, static_cast<int>(std::ceil(seconds / 5 - 1e-6) * 5));
        return tr("about %n s left", "", rounded);
    }
    if (seconds < 90 * 60)
        return tr("about %n min left", "", static_cast<int>(std::lround(seconds / 60)));
    return tr("about %n h left", "", static_cast<int>(std::lround(seconds / 3600)));
}

void JobStatusWidget::showProgress(double fraction, const QString& message) {
    if (!mJob)
        return;
    if (mStartFraction < 0)
        mStartFraction = fraction;
    mBar->setValue(static_cast<int>(fraction * 1000));
    QString text = mJob->title();
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    // One estimate on screen: the job's own when it has one.
    const QString left = mJob->hasRemainingSource()
                             ? remainingText(mJob->remainingSeconds())
                             : remainingText(fraction, mStartFraction, mClock.elapsed());
    if (!left.isEmpty())
        text += QStringLiteral(" · ") + left;
    mTitle->setText(text);
}

void JobStatusWidget::track(BackgroundJob* job) {
    mJob = job;
    mTitle->setText(job->title());
    mBar->setValue(0);
    mClock.start();
    mStartFraction = -1;
    show();
    connect(job, &BackgroundJob::progressChanged, this,
            [this, job](double fraction, const QString& message) {
                if (mJob == job)
                    showProgress(fraction, message);
            });
    connect(job, &BackgroundJob::finished, this, [this, job] {
        if (mJob == job)
            hide();
    });
}

} // namespace orinet
