#pragma once

#include "choices.h"
#include "terminalprogress.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QSize>
#include <QStringList>

#include <memory>
#include <stdexcept>

namespace orinet::cli {

// Exit statuses, the same for every command (docs/guide/cli.md).
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInterrupted = 130;

//! A wrong or missing argument; main() prints it with the command's name and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

//! Argument handling and output shared by all `orinet` subcommands: --help, typed option
//! values with range checks, one-line errors, and for commands that report, --json / --quiet
//! and a progress bar on terminals. Each subcommand builds one, adds its options, parses.
//!
//! Output rules (docs/guide/cli.md): results for people go to stdout through print(); with
//! --json stdout carries exactly one JSON document, the result() written by finish(); notes
//! and warnings go to stderr through note(); --quiet leaves only errors. Single-threaded
//! except progress(), which worker threads may update.
class CliCommand {
public:
    CliCommand(const QString& name, const QString& description);
    ~CliCommand();

    QCommandLineParser& parser() { return mParser; }
    void addOption(const QString& name, const QString& description, const QString& valueName = {},
                   const QString& defaultValue = {});
    void addFlag(const QString& name, const QString& description);
    void addPositional(const QString& name, const QString& description);
    QStringList positionals() const { return mParser.positionalArguments(); }

    //! Parses `args` (args[0] is the program). Returns false when the command has nothing left
    //! to do (--help was printed). Throws UsageError on unknown options or missing values.
    bool parse(const QStringList& args);

    bool isSet(const QString& name) const { return mParser.isSet(name); }
    QString value(const QString& name) const { return mParser.value(name); }
    //! Throws UsageError when the option is absent.
    QString required(const QString& name) const;
    int intValue(const QString& name, int minimum, int maximum) const;
    double doubleValue(const QString& name, double minimum, double maximum) const;
    //! "HxW" or a single "S" (= SxS); rows first, as in the paper's sizes "224x1232".
    QSize sizeValue(const QString& name) const;
    //! One of `choices`, else UsageError listing them.
    QString choiceValue(const QString& name, const QStringList& choices) const;
    //! One of `choices` (by default every name of E, core/common/enumnames.h) as E, else
    //! UsageError listing them.
    template <typename E>
    E enumValue(const QString& name, const QStringList& choices = enumChoices<E>()) const {
        return fromString<E>(choiceValue(name, choices).toStdString());
    }

    const QString& name() const { return mName; }

    //! Runs the subcommand `name` with `args` (args[0] = program name) and turns what it throws
    //! into the documented exit status and one line on stderr (with --json, also the JSON error
    //! document on stdout). Shared by `orinet` and its figure renderer `orinet-plot`.
    static int runReported(const char* name, int (*run)(const QStringList& args),
                           const QStringList& args);

    // --- output of commands that report -------------------------------------------------
    //! Adds --json and --quiet; call before parse().
    void addOutputOptions();
    bool json() const { return mJson; }
    bool quiet() const { return mQuiet; }
    //! Text for people on stdout; nothing with --json or --quiet.
    void print(const char* format, ...) __attribute__((format(printf, 2, 3)));
    //! A note or warning on stderr (without the bar tearing it); nothing with --quiet.
    void note(const char* format, ...) __attribute__((format(printf, 2, 3)));
    //! The bar: drawn only when stdout and stderr are terminals and --quiet is not given.
    TerminalProgress& progress();
    //! The machine-readable result that finish() prints with --json.
    QJsonObject& result() { return mResult; }
    //! For results that are not one object (an array of reports).
    void setResult(const QJsonValue& value) { mResultValue = value; }
    //! Prints the result with --json and returns `exitCode`: `return cmd.finish();`
    int finish(int exitCode = 0);

private:
    QString mName;
    QCommandLineParser mParser;
    qsizetype mPositionalCount = 0;
    bool mHasOutputOptions = false;
    bool mJson = false;
    bool mQuiet = false;
    std::unique_ptr<TerminalProgress> mProgress;
    QJsonObject mResult;
    QJsonValue mResultValue{QJsonValue::Undefined};
};

} // namespace orinet::cli
