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

//! Runs the `orinet` binary this build made (tests registered with orinet_add_test(... CLI))
//! and waits for it.
inline CliResult
runCli(const QStringList& args, int timeoutMs = 120000,
       const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ORINET_CLI), args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, {}, "timeout"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromLocal8Bit(process.readAllStandardOutput()),
            QString::fromLocal8Bit(process.readAllStandardError())};
}

} // namespace orinet::testing
