#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace orinet::testing {

//! What one run of the `orinet` executable produced.
struct CliResult {
    int exitCode = -1; //!< -1: did not finish in time, -2: crashed
    QString out;
    QString err;
};

//! The `orinet` the tests run: this build's, or the one ORINET_TEST_CLI names (the robustness
//! suite runs a second time against `orinet-sanitized`, tests/robustness/CMakeLists.txt).
inline QString cliPath() {
    const QString chosen = qEnvironmentVariable("ORINET_TEST_CLI");
    return chosen.isEmpty() ? QStringLiteral(ORINET_CLI) : chosen;
}

//! Whether that `orinet` is built with AddressSanitizer (ORINET_TEST_CLI_SANITIZED=1). ASan
//! reserves terabytes of address space when it starts, so such a process cannot run under an
//! RLIMIT_AS; ASan's own allocation limit (ASAN_OPTIONS) takes its place.
inline bool cliIsSanitized() {
    return qEnvironmentVariableIntValue("ORINET_TEST_CLI_SANITIZED") == 1;
}

//! Runs `program` and waits for it.
inline CliResult runProgram(const QString& program, const QStringList& args, int timeoutMs,
                            const QProcessEnvironment& environment) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, {}, "timeout"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromLocal8Bit(process.readAllStandardOutput()),
            QString::fromLocal8Bit(process.readAllStandardError())};
}

//! Runs the `orinet` under test (cliPath(): this build's unless ORINET_TEST_CLI names another)
//! and waits for it.
inline CliResult
runCli(const QStringList& args, int timeoutMs = 120000,
       const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    return runProgram(cliPath(), args, timeoutMs, environment);
}

//! Runs this build's ordinary `orinet` whatever ORINET_TEST_CLI says: for what a test only
//! prepares (worlds, runs, descriptors), so that the `orinet` under test runs the cases and
//! a sanitized one is not slowed by the set-up (synthesizing a world unoptimized takes
//! minutes).
inline CliResult prepareWithCli(const QStringList& args, int timeoutMs = 120000) {
    return runProgram(QStringLiteral(ORINET_CLI), args, timeoutMs,
                      QProcessEnvironment::systemEnvironment());
}

} // namespace orinet::testing
