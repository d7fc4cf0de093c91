#include "backgroundjob.h"

#include "common/error.h"
#include "common/memorypolicy.h"

#include <QThread>

namespace orinet {

BackgroundJob::BackgroundJob(const QString& title, Work work, QObject* parent)
    : QObject(parent)
    , mTitle(title)
    , mWork(std::move(work)) {
    mFeedback.setProgressCallback([this](double, const std::string& message) {
        std::lock_guard<std::mutex> lock(mMutex);
        mMessage = QString::fromStdString(message);
    });
    mPoll.setInterval(40);
    connect(&mPoll, &QTimer::timeout, this, &BackgroundJob::pollProgress);
}

BackgroundJob::~BackgroundJob() {
    if (mThread) {
        mFeedback.cancel();
        mThread->requestInterruption();
        mThread->quit();
        mThread->wait();
    }
}

bool BackgroundJob::isRunning() const {
    return mThread && mThread->isRunning();
}

void BackgroundJob::start() {
    if (mThread)
        return;
    mThread = QThread::create([this] {
        Outcome outcome = Outcome::Succeeded;
        QString error;
        try {
            mWork(mFeedback);
            if (mFeedback.isCanceled())
                outcome = Outcome::Canceled;
        } catch (const Canceled&) {
            outcome = Outcome::Canceled;
        } catch (const std::exception& e) {
            outcome = Outcome::Failed;
            error = QString::fromStdString(e.what());
        } catch (...) {
            outcome = Outcome::Failed;
            error = tr("unknown error");
        }
        std::lock_guard<std::mutex> lock(mMutex);
        mOutcome = outcome;
        mError = error;
    });
    mThread->setParent(this);
    connect(mThread, &QThread::finished, this, &BackgroundJob::onThreadFinished);
    mPoll.start();
    mThread->start();
}

void BackgroundJob::setMessageSource(std::function<QString()> source) {
    mMessageSource = std::move(source);
}

void BackgroundJob::cancel() {
    mFeedback.cancel();
}

void BackgroundJob::pollProgress() {
    const double fraction = mFeedback.progress();
    QString message = mMessageSource ? mMessageSource() : QString();
    if (message.isEmpty()) {
        std::lock_guard<std::mutex> lock(mMutex);
        message = mMessage;
    }
    if (fraction != mLastFraction || message != mLastMessage) {
        mLastFraction = fraction;
        mLastMessage = message;
        emit progressChanged(fraction, message);
    }
}

void BackgroundJob::onThreadFinished() {
    mPoll.stop();
    pollProgress();
    Outcome outcome;
    QString error;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        outcome = mOutcome;
        error = mError;
    }
    switch (outcome) {
    case Outcome::Succeeded:
        emit succeeded();
        break;
    case Outcome::Failed:
        emit failed(error);
        break;
    default:
        emit canceled();
        break;
    }
    // The worker's tensors are gone now; hand their memory back instead of holding the peak
    // of a training or evaluation run for the rest of the session.
    runtime::releaseFreedMemory();
    emit finished();
}

} // namespace orinet
