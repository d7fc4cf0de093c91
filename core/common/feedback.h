#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>

namespace orinet {

//! Progress and cancellation shared between whoever runs a long job and the job itself.
//! The owner (GUI or CLI) calls cancel() from any thread; the job calls report() and
//! checkCanceled() between units of work (a batch, a file). The progress callback runs on the
//! job's thread: a GUI must forward it with a queued signal and throttle repaints itself.
class Feedback {
public:
    using ProgressCallback = std::function<void(double fraction, const std::string& message)>;

    Feedback() = default;
    //! A part of `parent`'s job: canceled when the parent is, and reporting its progress as
    //! the range [from, to] of the parent's (with its own message). The parent must outlive
    //! it.
    Feedback(const Feedback& parent, double from, double to);
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    void setProgressCallback(ProgressCallback callback);

    //! Thread-safe; the job stops at its next checkCanceled().
    void cancel() noexcept { mCanceled.store(true); }
    bool isCanceled() const noexcept {
        return mCanceled.load() || (mParent && mParent->isCanceled());
    }
    //! Throws orinet::Canceled when cancel() was called.
    void checkCanceled() const;

    //! fraction in [0, 1]; message is a short human-readable status ("epoch 3/10").
    void report(double fraction, const std::string& message = {}) const;
    double progress() const noexcept { return mProgress.load(); }

private:
    const Feedback* mParent = nullptr;
    double mFrom = 0;
    double mTo = 1;
    std::atomic<bool> mCanceled{false};
    mutable std::atomic<double> mProgress{0.0};
    mutable std::mutex mCallbackMutex;
    ProgressCallback mCallback;
};

} // namespace orinet
