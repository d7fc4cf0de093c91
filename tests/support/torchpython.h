#pragma once

// A Python with PyTorch for tests whose fixtures PyTorch itself must write (TorchScript files,
// torch.save files). Debian's /usr/bin/python3 has python3-torch (scripts/install-deps.sh);
// the pyenv or venv python3 first on PATH may lack it, so both are tried.

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace orinet::testing {

//! What one run of a python script produced.
struct PythonResult {
    int exitCode = -1; //!< -1: did not finish in time, -2: crashed
    QString err;
};

//! Runs the script file `script` with `python` (arguments after it in sys.argv[1:]).
inline PythonResult runPython(const QString& python, const QString& script,
                              const QStringList& args = {}, int timeoutMs = 180000) {
    QProcess process;
    process.start(python, QStringList{script} + args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, "timeout"};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromLocal8Bit(process.readAllStandardError())};
}

//! Runs `script` with the first python3 (PATH, then /usr/bin/python3) that imports every
//! module of `modules` (the script finds them and `sys` imported): a python lacking one exits
//! with 77 and the next is tried. The script is written to `scriptFile` first (TorchScript's
//! compiler reads the source of the classes it scripts). Returns the python used, or empty
//! when none has the modules; `result` gets the script's run.
inline QString runWithPython(const QStringList& modules, const QString& script,
                             const QString& scriptFile, const QStringList& args,
                             PythonResult* result) {
    {
        QFile file(scriptFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(("import sys\ntry:\n    import " + modules.join(", ") +
                    "\nexcept ImportError:\n    sys.exit(77)\n" + script)
                       .toUtf8());
    }
    for (const QString& python :
         {QStandardPaths::findExecutable("python3"), QStringLiteral("/usr/bin/python3")}) {
        if (python.isEmpty() || !QFileInfo(python).isExecutable())
            continue;
        *result = runPython(python, scriptFile, args);
        if (result->exitCode != 77)
            return python;
    }
    return {};
}

} // namespace orinet::testing
