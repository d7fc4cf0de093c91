#pragma once

// Measures how late the GUI thread's event loop runs (header-only; for the GUI benchmarks).

#include "benchsupport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace orinet::bench {

//! A 10 ms precise timer that records, at every tick, how much later than due it fired: the
//! longest time the GUI thread was busy with something else (painting, a slot, a stall).
class EventLoopProbe : public QObject {
public:
    explicit EventLoopProbe(int intervalMs = 10)
        : mInterval(intervalMs) {
        mTimer.setTimerType(Qt::PreciseTimer);
        mTimer.setInterval(intervalMs);
        QObject::connect(&mTimer, &QTimer::timeout, this, [this] {
            const double now = mClock.nsecsElapsed() / 1e6;
            mLateness.push_back(std::max(0.0, now - mLast - mInterval));
            mTimes.push_back(now);
            mLast = now;
        });
    }
    void start() {
        mLateness.clear();
        mTimes.clear();
        mClock.start();
        mLast = 0;
        mTimer.start();
    }
    void stop() { mTimer.stop(); }
    //! Lateness per tick in milliseconds.
    const std::vector<double>& lateness() const { return mLateness; }
    //! When each tick fired, in milliseconds since start().
    const std::vector<double>& times() const { return mTimes; }
    //! Milliseconds since start(), on the probe's clock (to log events next to the ticks).
    double now() const { return mClock.nsecsElapsed() / 1e6; }
    double medianMs() const { return median(mLateness); }
    double worstMs() const {
        return mLateness.empty() ? 0 : *std::max_element(mLateness.begin(), mLateness.end());
    }
    double percentileMs(double p) const {
        if (mLateness.empty())
            return 0;
        std::vector<double> sorted = mLateness;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
    }

private:
    QTimer mTimer;
    QElapsedTimer mClock;
    double mLast = 0;
    int mInterval;
    std::vector<double> mLateness;
    std::vector<double> mTimes;
};

} // namespace orinet::bench
