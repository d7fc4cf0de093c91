#include "common/feedback.h"

#include "common/error.h"

#include <algorithm>

namespace orinet {

Feedback::Feedback(const Feedback& parent, double from, double to)
    : mParent(&parent)
    , mFrom(from)
    , mTo(to) {}

void Feedback::setProgressCallback(ProgressCallback callback) {
    std::lock_guard<std::mutex> lock(mCallbackMutex);
    mCallback = std::move(callback);
}

void Feedback::checkCanceled() const {
    if (isCanceled())
        throw Canceled();
}

void Feedback::report(double fraction, const std::string& message) const {
    fraction = std::clamp(fraction, 0.0, 1.0);
    mProgress.store(fraction);
    {
        std::lock_guard<std::mutex> lock(mCallbackMutex);
        if (mCallback)
            mCallback(fraction, message);
    }
    if (mParent)
        mParent->report(mFrom + fraction * (mTo - mFrom), message);
}

} // namespace orinet
