#include "recallfigure.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "run/runfolder.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace orinet {

int RecallFigure::parseLength(const QString& text, const QString& what) {
    static const QRegularExpression pattern(
        QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(pt|mm|cm|in)?\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        throw Error(what.toStdString() + ": '" + text.toStdString() +
                    "' is not a length (e.g. 252, 252pt, 89mm, 3.5in)");
    double value = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    if (unit == "mm")
        value = millimetresToPoints(value);
    else if (unit == "cm")
        value = millimetresToPoints(10 * value);
    else if (unit == "in")
        value *= 72.0;
    const int points = static_cast<int>(std::lround(value));
    if (points < 50 || points > 5000)
        throw Error(what.toStdString() + ": " + text.toStdString() + " is " +
                    std::to_string(points) + " pt; use 50 to 5000 pt (18 to 1764 mm)");
    return points;
}

void RecallFigure::validate(const Options& options, const QString& figurePath) {
    const QString suffix = QFileInfo(figurePath).suffix().toLower();
    if (suffix != "pdf" && suffix != "svg" && suffix != "png")
        throw Error(figurePath.toStdString(), "the figure must end in .pdf, .svg or .png");
    auto check = [](double value, double low, double high, const char* what) {
        if (!(value >= low && value <= high))
            throw Error(std::string(what) + " " + std::to_string(value) + " is outside " +
                        std::to_string(low) + ".." + std::to_string(high));
    };
    if (options.widthPt != 0)
        check(options.widthPt, 50, 5000, "figure width (pt)");
    check(options.heightPt, 50, 5000, "figure height (pt)");
    check(options.dpi, 30, 1200, "resolution (dpi)");
    check(options.fontPt, 4, 48, "font size (pt)");
    const QFileInfo folder(QFileInfo(figurePath).absolutePath());
    if (!folder.isDir())
        throw Error(figurePath.toStdString(), "its folder does not exist");
}

QString RecallFigure::comparisonKey(const metrics::EvaluationReport& report) {
    return QStringLiteral("%1, %2").arg(
        report.provenance.split.empty() ? QStringLiteral("?")
                                        : QString::fromStdString(report.provenance.split),
        QString::fromStdString(metrics::toString(report.direction)));
}

QString RecallFigure::mismatch(const std::vector<Run>& runs) {
    if (runs.empty())
        return {};
    // A result without a split (e.g. from imported descriptors) is not known to differ.
    const metrics::EvaluationReport& first = runs.front().report;
    std::string split = first.provenance.split;
    for (const Run& run : runs)
        if (split.empty())
            split = run.report.provenance.split;
    QStringList odd;
    for (const Run& run : runs)
        if (run.report.direction != first.direction ||
            (!run.report.provenance.split.empty() && run.report.provenance.split != split))
            odd << QStringLiteral("%1 (%2)").arg(run.name, comparisonKey(run.report));
    if (odd.isEmpty())
        return {};
    return QStringLiteral("%1 %2 not evaluated on the same split and direction as %3 (%4)")
        .arg(odd.join(", "), odd.size() == 1 ? "is" : "are", runs.front().name,
             comparisonKey(first));
}

QVector<RecallPlot::Curve> RecallFigure::curves(const std::vector<Run>& runs) {
    QVector<RecallPlot::Curve> out;
    for (const Run& run : runs)
        out << RecallPlot::curveFromReport(run.report, run.name);
    return out;
}

void RecallFigure::writeFigure(const std::vector<Run>& runs, const Options& options,
                               const QString& path) {
    validate(options, path);
    RecallPlot plot;
    plot.setFontSize(options.fontPt);
    plot.setLogX(options.logX);
    plot.setGeoPanel(options.geo);
    plot.setPlotTitle(options.title);
    plot.setCurves(curves(runs));
    // The figure's date is its data's: the newest result. Same inputs, same bytes.
    QDateTime created;
    for (const Run& run : runs) {
        const QDateTime t =
            QDateTime::fromString(QString::fromStdString(run.report.created), Qt::ISODate);
        if (t.isValid() && (!created.isValid() || t > created))
            created = t;
    }
    plot.setCreationDate(created);
    const int width = options.effectiveWidthPt();
    plot.resize(width, options.heightPt);
    QString error;
    if (!plot.saveFigure(path, width, options.heightPt, options.dpi, &error))
        throw Error(error.toStdString());
}

std::string RecallFigure::table(const std::vector<Run>& runs, metrics::TableFormat format) {
    std::vector<std::pair<std::string, metrics::EvaluationReport>> named;
    for (const Run& run : runs)
        named.emplace_back(run.name.toStdString(), run.report);
    return metrics::resultsTable(named, format);
}

void RecallFigure::writeTable(const std::vector<Run>& runs, metrics::TableFormat format,
                              const QString& path) {
    AtomicFile::writeAll(path.toStdString(), table(runs, format),
                         metrics::resultsTableKind(format));
}

QString RecallFigure::defaultName(const QString& fileOrFolder,
                                  const metrics::EvaluationReport& report) {
    // The run folder's name when the results sit in a run (RUN, RUN/results, RUN/results/<key>,
    // RUN/results[/<key>]/eval_*.json, or another folder of a run); else the file's name, or
    // its folder's for eval_*.json.
    auto runAbove = [](QDir dir, int levels) -> QString {
        for (int i = 0; i < levels; ++i)
            if (!dir.cdUp())
                return {};
        return RunFolder::isRun(dir.absolutePath().toStdString()) ? dir.dirName() : QString();
    };
    const QFileInfo info(fileOrFolder);
    QString name;
    if (info.isDir() && RunFolder::isRun(info.absoluteFilePath().toStdString()))
        name = info.fileName();
    else if (const auto run = RunFolder::ofResults(fileOrFolder.toStdString()))
        name = QFileInfo(QString::fromStdString(run->directory())).fileName();
    if (info.isDir()) {
        const QDir dir(info.absoluteFilePath());
        if (name.isEmpty())
            name = runAbove(dir, 1);
        if (name.isEmpty())
            name = dir.dirName();
    } else {
        const QDir parent = info.absoluteDir();
        if (name.isEmpty())
            name = runAbove(parent, 1);
        if (name.isEmpty())
            name = runAbove(parent, 2);
        if (name.isEmpty())
            name = info.completeBaseName().startsWith("eval_") ? parent.dirName()
                                                               : info.completeBaseName();
    }
    // Another method's descriptors are named by the method, as papers name baselines.
    const Provenance& p = report.provenance;
    if (p.isImported() && !p.method.empty())
        return QString::fromStdString(p.method);
    // Compact, so that legends fit a paper column: "run (last e20, BN original)".
    QStringList parts;
    if (!p.checkpointKind.empty())
        parts << QString::fromStdString(p.checkpointKind) +
                     (p.epoch >= 0 ? QStringLiteral(" e%1").arg(p.epoch) : QString());
    if (!p.normalization.empty())
        parts << QStringLiteral("BN ") + QString::fromStdString(p.normalization);
    if (!p.inputs.empty())
        parts << QString::fromStdString(p.inputs);
    return parts.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, parts.join(", "));
}

} // namespace orinet
