#include "terminalprogress.h"

#include "common/feedback.h"

#include <cstdio>

namespace orinet::cli {

TerminalProgress::TerminalProgress(bool enabled)
    : mEnabled(enabled) {}

void TerminalProgress::attach(Feedback& feedback) {
    if (mEnabled)
        feedback.setProgressCallback(
            [this](double fraction, const std::string& message) { update(fraction, message); });
}

void TerminalProgress::update(double fraction, const std::string& message) {
    if (!mEnabled)
        return;
    std::lock_guard<std::mutex> lock(mMutex);
    const auto now = std::chrono::steady_clock::now();
    if (fraction < 1.0 && now - mLast < std::chrono::milliseconds(100))
        return;
    mLast = now;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth + 0.5);
    std::fprintf(stderr, "\r[%s%s] %3d%% %-40s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), static_cast<int>(fraction * 100 + 0.5),
                 message.c_str());
    if (fraction >= 1.0)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace orinet::cli
