#pragma once

#include "common/feedback.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace orinet {

//! Runs one piece of long work (training, extraction, evaluation, a dataset scan, world
//! generation) on its own thread, off the GUI thread.
//!
//! The work function receives a Feedback: it reports progress and checks for cancellation
//! between units of work; throwing orinet::Canceled or any exception ends it. All signals are
//! emitted on the GUI thread. Progress is polled every 40 ms rather than forwarded per call,
//! so a job reporting every batch cannot flood the event loop.
//! Destroying the job cancels it and waits for the thread to finish.
//! The work runs kNiceIncrement nice levels below the GUI thread (Linux), with every thread it
//! starts, so that the window stays responsive while it keeps the cores busy.
class BackgroundJob : public QObject {
    Q_OBJECT
public:
    static constexpr int kNiceIncrement = 10;

    using Work = std::function<void(Feedback&)>;

    BackgroundJob(const QString& title, Work work, QObject* parent = nullptr);
    ~BackgroundJob() override;

    const QString& title() const { return mTitle; }
    bool isRunning() const;
    //! Starts the work; a job runs at most once.
    void start();
    //! Where progress messages come from instead of the worker's reports: called on the GUI
    //! thread at every poll (e.g. a workspace that formats a richer status from its own data); an
    //! empty result falls back to the worker's message.
    void setMessageSource(std::function<QString()> source);
    //! Where the time left comes from (seconds; NaN: unknown) instead of extrapolating the
    //! progress fraction, for work that knows better: training counts its steps. Called on the
    //! GUI thread.
    void setRemainingSource(std::function<double()> source);
    bool hasRemainingSource() const { return static_cast<bool>(mRemainingSource); }
    //! The source's answer; NaN without one.
    double remainingSeconds() const;

public slots:
    //! Thread-safe request; the work stops at its next checkCanceled().
    void cancel();

signals:
    void progressChanged(double fraction, const QString& message);
    void succeeded();
    void failed(const QString& message);
    void canceled();
    //! After succeeded(), failed() or canceled().
    void finished();

private:
    void pollProgress();
    void onThreadFinished();

    enum class Outcome { Running, Succeeded, Failed, Canceled };

    QString mTitle;
    Work mWork;
    Feedback mFeedback;
    QThread* mThread = nullptr;
    QTimer mPoll;

    mutable std::mutex mMutex; // guards the fields below, written by the worker thread
    QString mMessage;
    QString mError;
    Outcome mOutcome = Outcome::Running;

    std::function<QString()> mMessageSource;
    std::function<double()> mRemainingSource;
    double mLastFraction = -1;
    QString mLastMessage;
};

} // namespace orinet
