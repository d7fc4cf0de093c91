#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace orinet {
class Feedback;
}

namespace orinet::cli {

//! The one-line progress bar `orinet` commands draw on stderr:
//! "\r 30% [#########.....................] message · 0:42 left", redrawn at most every
//! 100 ms, cut to the terminal's width and ended with a newline at 100 %.
//! Thread-safe: long jobs report from their worker threads.
class TerminalProgress {
public:
    //! A disabled bar prints nothing (--quiet, or output that is not a terminal).
    explicit TerminalProgress(bool enabled = true);
    ~TerminalProgress();

    //! True when both stdout and stderr are terminals: a bar in a pipe or a log file is noise.
    static bool outputIsTerminal();

    bool enabled() const { return mEnabled; }

    //! Routes `feedback`'s progress reports to this bar, which must outlive the work.
    void attach(Feedback& feedback);
    //! `etaSeconds` < 0: estimated from the progress rate since the first update.
    void update(double fraction, const std::string& message, double etaSeconds = -1);
    //! Prints a whole line on stderr without tearing the bar: clears it, prints, redraws it
    //! on the next update.
    void printLine(const std::string& line);

    //! "0:42", "12:05", "3:02:10"
    static std::string formatDuration(double seconds);

private:
    void clearLocked();

    bool mEnabled;
    bool mDrawn = false;
    std::mutex mMutex;
    std::chrono::steady_clock::time_point mLast;
    std::chrono::steady_clock::time_point mStart;
    double mStartFraction = -1;
};

} // namespace orinet::cli
