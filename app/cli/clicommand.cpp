#include "clicommand.h"

#include "common/error.h"
#include "common/memorypolicy.h"
#include "common/runtimeinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdarg>
#include <cstdio>

namespace orinet::cli {

namespace {

// Errors are always on stderr; with --json, stdout gets them as the one JSON document too,
// so a script reading stdout never sees an empty or partial result.
int fail(const char* command, const std::string& message, int status, bool json) {
    std::fprintf(stderr, "orinet %s: %s\n", command, message.c_str());
    if (json) {
        const QJsonObject error{{"command", command},
                                {"message", QString::fromStdString(message)},
                                {"exit_status", status}};
        std::fputs(QJsonDocument(QJsonObject{{"error", error}}).toJson().constData(), stdout);
    }
    return status;
}

} // namespace

int CliCommand::runReported(const char* name, int (*run)(const QStringList&),
                            const QStringList& args) {
    const bool json = args.contains("--json");
    try {
        runtime::configureThreads();
        runtime::keepFreedMemory();
        return run(args);
    } catch (const UsageError& e) {
        return fail(name, std::string(e.what()) + " (see 'orinet " + name + " --help')", kExitUsage,
                    json);
    } catch (const Canceled&) {
        return fail(name, "canceled", kExitInterrupted, json);
    } catch (const std::exception& e) {
        return fail(name, std::string("error: ") + e.what(), kExitError, json);
    }
}

CliCommand::CliCommand(const QString& name, const QString& description)
    : mName(name) {
    mParser.setApplicationDescription(description);
    mParser.addHelpOption();
    mParser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
}

CliCommand::~CliCommand() = default;

void CliCommand::addOption(const QString& name, const QString& description,
                           const QString& valueName, const QString& defaultValue) {
    QCommandLineOption option(name, description, valueName.isEmpty() ? "value" : valueName,
                              defaultValue);
    mParser.addOption(option);
}

void CliCommand::addPositional(const QString& name, const QString& description) {
    mParser.addPositionalArgument(name, description);
    ++mPositionalCount;
}

void CliCommand::addFlag(const QString& name, const QString& description) {
    mParser.addOption(QCommandLineOption(name, description));
}

bool CliCommand::parse(const QStringList& args) {
    if (!mParser.parse(args))
        throw UsageError(mParser.errorText().toStdString());
    if (mParser.isSet("help")) {
        // QCommandLineParser::showHelp() would exit(); print and let main return instead.
        std::fputs(mParser.helpText().replace(args.value(0), "orinet " + mName).toLocal8Bit(),
                   stdout);
        return false;
    }
    if (mParser.positionalArguments().size() > mPositionalCount)
        throw UsageError("unexpected argument '" +
                         mParser.positionalArguments().first().toStdString() + "'");
    if (mHasOutputOptions) {
        mJson = mParser.isSet("json");
        mQuiet = mParser.isSet("quiet");
    }
    return true;
}

void CliCommand::addOutputOptions() {
    addFlag("json", "print the result as one JSON document on stdout (no other text there)");
    addFlag("quiet", "print nothing but errors (no progress bar, no notes, no result)");
    mHasOutputOptions = true;
}

void CliCommand::print(const char* format, ...) {
    if (mJson || mQuiet)
        return;
    va_list args;
    va_start(args, format);
    std::vfprintf(stdout, format, args);
    va_end(args);
}

void CliCommand::note(const char* format, ...) {
    if (mQuiet)
        return;
    char text[4096];
    va_list args;
    va_start(args, format);
    std::vsnprintf(text, sizeof text, format, args);
    va_end(args);
    std::string line = text;
    if (!line.empty() && line.back() == '\n')
        line.pop_back();
    progress().printLine(line);
}

TerminalProgress& CliCommand::progress() {
    if (!mProgress)
        mProgress =
            std::make_unique<TerminalProgress>(!mQuiet && TerminalProgress::outputIsTerminal());
    return *mProgress;
}

int CliCommand::finish(int exitCode) {
    if (!mJson)
        return exitCode;
    const QJsonValue value = mResultValue.isUndefined() ? QJsonValue(mResult) : mResultValue;
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    std::fputs(document.toJson(QJsonDocument::Indented).constData(), stdout);
    std::fflush(stdout);
    return exitCode;
}

QString CliCommand::required(const QString& name) const {
    if (!mParser.isSet(name) && mParser.value(name).isEmpty())
        throw UsageError("--" + name.toStdString() + " is required");
    return mParser.value(name);
}

int CliCommand::intValue(const QString& name, int minimum, int maximum) const {
    bool ok = false;
    const int v = required(name).toInt(&ok);
    if (!ok || v < minimum || v > maximum)
        throw UsageError("--" + name.toStdString() + " must be an integer from " +
                         std::to_string(minimum) + " to " + std::to_string(maximum) + ", got '" +
                         mParser.value(name).toStdString() + "'");
    return v;
}

double CliCommand::doubleValue(const QString& name, double minimum, double maximum) const {
    bool ok = false;
    const double v = required(name).toDouble(&ok);
    if (!ok || !(v >= minimum && v <= maximum))
        throw UsageError("--" + name.toStdString() + " must be a number from " +
                         std::to_string(minimum) + " to " + std::to_string(maximum) + ", got '" +
                         mParser.value(name).toStdString() + "'");
    return v;
}

QSize CliCommand::sizeValue(const QString& name) const {
    const QString text = required(name);
    static const QRegularExpression pattern("^(\\d{1,5})(?:[xX](\\d{1,5}))?$");
    const auto m = pattern.match(text);
    const int rows = m.hasMatch() ? m.captured(1).toInt() : 0;
    const int cols = m.hasMatch() ? (m.captured(2).isEmpty() ? rows : m.captured(2).toInt()) : 0;
    if (rows < 1 || cols < 1)
        throw UsageError("--" + name.toStdString() + " must look like HxW (e.g. 224x1232), got '" +
                         text.toStdString() + "'");
    return QSize(cols, rows);
}

QString CliCommand::choiceValue(const QString& name, const QStringList& choices) const {
    const QString v = required(name);
    if (!choices.contains(v))
        throw UsageError("--" + name.toStdString() + " must be one of " +
                         choices.join(", ").toStdString() + ", got '" + v.toStdString() + "'");
    return v;
}

} // namespace orinet::cli
