#include "terminalprogress.h"

#include "common/feedback.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <sys/ioctl.h>
#include <unistd.h>

namespace orinet::cli {

namespace {

int terminalColumns() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20)
        return size.ws_col;
    return 80;
}

// Characters as the terminal counts them: UTF-8 continuation bytes take no column.
size_t columns(const std::string& text) {
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string cutToColumns(const std::string& text, size_t width) {
    size_t seen = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if ((text[i] & 0xC0) != 0x80 && seen++ == width)
            return text.substr(0, i);
    }
    return text;
}

} // namespace

TerminalProgress::TerminalProgress(bool enabled)
    : mEnabled(enabled) {}

TerminalProgress::~TerminalProgress() {
    // An error or a cancel ends the work mid-bar: leave the shell a clean line.
    std::lock_guard<std::mutex> lock(mMutex);
    if (mDrawn) {
        std::fputc('\n', stderr);
        std::fflush(stderr);
    }
}

bool TerminalProgress::outputIsTerminal() {
    return ::isatty(STDOUT_FILENO) && ::isatty(STDERR_FILENO);
}

void TerminalProgress::attach(Feedback& feedback) {
    if (mEnabled)
        feedback.setProgressCallback(
            [this](double fraction, const std::string& message) { update(fraction, message); });
}

std::string TerminalProgress::formatDuration(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
    return text;
}

void TerminalProgress::update(double fraction, const std::string& message, double etaSeconds) {
    if (!mEnabled)
        return;
    fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
    std::lock_guard<std::mutex> lock(mMutex);
    const auto now = std::chrono::steady_clock::now();
    if (mStartFraction < 0) {
        // A resumed job starts part-way: the rate counts only the work done in this process.
        mStart = now;
        mStartFraction = fraction;
    }
    if (fraction < 1.0 && mDrawn && now - mLast < std::chrono::milliseconds(100))
        return;
    mLast = now;

    const double elapsed = std::chrono::duration<double>(now - mStart).count();
    if (etaSeconds < 0 && fraction > mStartFraction + 0.01 && elapsed > 1.0)
        etaSeconds = elapsed * (1.0 - fraction) / (fraction - mStartFraction);
    std::string tail = message;
    if (fraction >= 1.0)
        tail += (tail.empty() ? "" : " · ") + formatDuration(elapsed);
    else if (etaSeconds >= 0)
        tail += (tail.empty() ? "" : " · ") + formatDuration(etaSeconds) + " left";

    constexpr int kWidth = 24;
    const int filled = static_cast<int>(fraction * kWidth + 0.5);
    char percent[8];
    std::snprintf(percent, sizeof percent, "%3d%%", static_cast<int>(fraction * 100 + 0.5));
    std::string line = std::string(percent) + " [" + std::string(filled, '#') +
                       std::string(kWidth - filled, '.') + "] " + tail;
    const size_t width = static_cast<size_t>(terminalColumns() - 1);
    line = cutToColumns(line, width);
    // Pad over the longer line this one replaces.
    line += std::string(width - std::min(width, columns(line)), ' ');
    std::fprintf(stderr, "\r%s", line.c_str());
    mDrawn = true;
    if (fraction >= 1.0) {
        std::fputc('\n', stderr);
        mDrawn = false;
        mStartFraction = -1;
    }
    std::fflush(stderr);
}

void TerminalProgress::clearLocked() {
    if (mDrawn)
        std::fprintf(stderr, "\r\033[K");
    mDrawn = false;
}

void TerminalProgress::printLine(const std::string& line) {
    std::lock_guard<std::mutex> lock(mMutex);
    clearLocked();
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

} // namespace orinet::cli
