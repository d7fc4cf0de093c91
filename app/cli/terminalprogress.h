#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace orinet {
class Feedback;
}

namespace orinet::cli {

//! The one-line progress bar `orinet` subcommands draw on stderr:
//! "\r[#########.....................]  30% message", redrawn at most every 100 ms and ended
//! with a newline at 100 %. Thread-safe: long jobs report from their worker threads.
class TerminalProgress {
public:
    //! A disabled bar prints nothing (--quiet, or stderr is not a terminal).
    explicit TerminalProgress(bool enabled = true);

    //! Routes `feedback`'s progress reports to this bar, which must outlive the work.
    void attach(Feedback& feedback);
    void update(double fraction, const std::string& message);

private:
    bool mEnabled;
    std::mutex mMutex;
    std::chrono::steady_clock::time_point mLast;
};

} // namespace orinet::cli
