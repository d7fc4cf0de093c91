#pragma once

#include <QCommandLineParser>
#include <QSize>
#include <QStringList>

#include <stdexcept>

namespace orinet::cli {

//! A wrong or missing argument; main() prints it with the command's name and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

//! Argument handling shared by all `orinet` subcommands: --help, typed option values with
//! range checks, and one-line errors. Each subcommand builds one, adds its options, parses.
class CliCommand {
public:
    CliCommand(const QString& name, const QString& description);

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
    //! "HxW" or a single "S" (= SxS); rows first, as in SPEC's sizes "224x1232".
    QSize sizeValue(const QString& name) const;
    //! One of `choices`, else UsageError listing them.
    QString choiceValue(const QString& name, const QStringList& choices) const;

    const QString& name() const { return mName; }

private:
    QString mName;
    QCommandLineParser mParser;
    qsizetype mPositionalCount = 0;
};

} // namespace orinet::cli
