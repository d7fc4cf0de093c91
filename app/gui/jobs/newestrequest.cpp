#include "gui/jobs/newestrequest.h"

#include <QtConcurrent>

namespace orinet {

NewestRequest::NewestRequest(QObject* parent)
    : QObject(parent) {}

// The watcher is not waited for: the work owns its data, and its result is simply dropped.
NewestRequest::~NewestRequest() = default;

void NewestRequest::submit(Job job) {
    ++mNewest;
    mWaiting = std::move(job);
    startWaiting(); // returns at once while a request runs; onFinished() comes back here
}

void NewestRequest::cancel() {
    ++mNewest;
    mWaiting = nullptr;
}

bool NewestRequest::isBusy() const {
    return (mWatcher && mWatcher->isRunning()) || mWaiting;
}

void NewestRequest::startWaiting() {
    if (mWatcher && mWatcher->isRunning())
        return;
    if (!mWaiting) {
        emit idle();
        return;
    }
    Job job = std::move(mWaiting);
    mWaiting = nullptr;
    mRunning = mNewest;
    if (!mWatcher) {
        mWatcher = new QFutureWatcher<Delivery>(this);
        connect(mWatcher, &QFutureWatcher<Delivery>::finished, this, &NewestRequest::onFinished);
    }
    mWatcher->setFuture(QtConcurrent::run([job = std::move(job)]() -> Delivery {
        try {
            return job();
        } catch (...) {
            return {};
        }
    }));
}

void NewestRequest::onFinished() {
    const Delivery delivery = mWatcher->result();
    if (mRunning == mNewest && delivery)
        delivery();
    // A newer request (possibly made by `delivery`) waits, or nothing does.
    startWaiting();
}

} // namespace orinet
