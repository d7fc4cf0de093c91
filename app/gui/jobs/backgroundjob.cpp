#include "gui/jobs/backgroundjob.h"

#include "common/error.h"
#include "common/memorypolicy.h"

#include <QThread>

#include <cmath>

#include <algorithm>
#include <cerrno>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace orinet {

namespace {

// The work (and every thread it starts: LibTorch's and OpenMP's pools, image decoders, which
// inherit a thread's nice value when created) yields the cores to the GUI thread when both
// want them, so a training step never makes the window stall. Linux schedules threads, so
// setpriority() on the thread id renices this thread only.
void runBelowGuiPriority() {
#ifdef __linux__
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, tid, std::min(19, current + BackgroundJob::kNiceIncrement));
#endif
}

} // namespace

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
        runBelowGuiPriority();
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

void BackgroundJob::setRemainingSource(std::function<double()> source) {
    mRemainingSource = std::move(source);
}

double BackgroundJob::remainingSeconds() const {
    return mRemainingSource ? mRemainingSource() : std::nan("");
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
