#pragma once

// Measures how late the GUI thread's event loop runs (header-only; for the GUI benchmarks).

#include "benchsupport.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QMetaEnum>
#include <QObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
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

//! A QApplication that times every outermost event delivery on the GUI thread, so a stall
//! can be traced to what ran (a paint, a timer, a queued slot) and in which object, instead
//! of being guessed from the script's last action.
class ProfiledApplication : public QApplication {
public:
    using QApplication::QApplication;

    //! Deliveries slower than `thresholdMs` (paints of single widgets: a third of it), summed by
    //! receiver class and event type.
    void startRecording(double thresholdMs) {
        mThreshold = thresholdMs;
        mSlow.clear();
        mRecording = true;
    }
    void stopRecording() { mRecording = false; }
    //! Prints the recorded slow deliveries, costliest total first.
    void printSlow(int limit = 12) const {
        std::vector<std::pair<std::string, Slow>> rows(mSlow.begin(), mSlow.end());
        std::sort(rows.begin(), rows.end(),
                  [](const auto& a, const auto& b) { return a.second.total > b.second.total; });
        for (int i = 0; i < std::min<int>(limit, static_cast<int>(rows.size())); ++i)
            std::printf("  slow delivery %-58s %4d x, median %5.1f ms, worst %5.1f ms\n",
                        rows[i].first.c_str(), static_cast<int>(rows[i].second.ms.size()),
                        median(rows[i].second.ms), rows[i].second.worst);
    }

    bool notify(QObject* receiver, QEvent* event) override {
        // Paints nest inside the window's UpdateRequest: each widget's paint is timed too.
        if (!mRecording || (mDepth > 0 && event->type() != QEvent::Paint))
            return QApplication::notify(receiver, event);
        ++mDepth;
        QElapsedTimer clock;
        clock.start();
        const bool result = QApplication::notify(receiver, event);
        --mDepth;
        const double ms = clock.nsecsElapsed() / 1e6;
        if (ms >= (mDepth > 0 ? mThreshold / 3 : mThreshold)) {
            const char* type =
                QMetaEnum::fromType<QEvent::Type>().valueToKey(static_cast<int>(event->type()));
            std::string key = std::string(receiver->metaObject()->className()) + " " +
                              (type ? type : std::to_string(int(event->type())).c_str());
            if (!receiver->objectName().isEmpty())
                key += " (" + receiver->objectName().toStdString() + ")";
            Slow& slow = mSlow[key];
            slow.ms.push_back(ms);
            slow.total += ms;
            slow.worst = std::max(slow.worst, ms);
        }
        return result;
    }

private:
    struct Slow {
        std::vector<double> ms;
        double total = 0;
        double worst = 0;
    };
    bool mRecording = false;
    int mDepth = 0;
    double mThreshold = 20;
    std::map<std::string, Slow> mSlow;
};

} // namespace orinet::bench
