#include "recallfigure.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "run/runfolder.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <optional>

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

RecallFigure::Published RecallFigure::publishedFor(const metrics::PublishedResults& table,
                                                   const std::vector<Run>& runs,
                                                   const QString& dataset) {
    std::string split;
    for (const Run& run : runs)
        if (split.empty())
            split = run.report.provenance.split;
    return table.matching(dataset.toStdString(), split);
}

QString RecallFigure::datasetOf(const QString& fileOrFolder) {
    const std::string path = fileOrFolder.toStdString();
    std::optional<RunFolder> run;
    if (RunFolder::isRun(path))
        run = RunFolder(path);
    else
        run = RunFolder::ofResults(path);
    if (!run)
        return {};
    try {
        const QString dataset = QString::fromStdString(run->configFileContent().dataset);
        return dataset.isEmpty() ? QString() : QFileInfo(QDir::cleanPath(dataset)).fileName();
    } catch (const Error&) {
        return {}; // results copied without their run's configuration
    }
}

QVector<RecallPlot::Reference> RecallFigure::references(const Published& published,
                                                        const std::vector<Run>& runs,
                                                        const QString& mark) {
    int64_t runGallery = 0;
    for (const Run& run : runs)
        if (runGallery == 0)
            runGallery = run.report.galleryCount;
    QVector<RecallPlot::Reference> out;
    for (const metrics::PublishedResults::Row& row : published) {
        RecallPlot::Reference reference;
        QString name = QString::fromStdString(row.method);
        const bool shared = std::count_if(published.begin(), published.end(), [&](const auto& r) {
                                return r.method == row.method && r.isGeo() == row.isGeo();
                            }) > 1;
        if (shared)
            name += QStringLiteral(", %1 %2").arg(QString::fromStdString(row.dataset),
                                                  QString::fromStdString(row.split));
        if (row.isGeo()) // the geo panel's legend keys distances: say which
            name += QStringLiteral(", ≤%1 m").arg(row.geoMetres);
        reference.name = QStringLiteral("%1 (%2)").arg(name, mark);
        reference.geo = row.isGeo();
        for (const auto& [k, value] : row.recall)
            reference.points << QPointF(static_cast<double>(k), value);
        const int64_t onePercentK = row.gallery > 0 ? row.onePercentK() : runGallery / 100 + 1;
        if (std::isfinite(row.recallOnePercent) && (row.gallery > 0 || runGallery > 0) &&
            std::none_of(row.recall.begin(), row.recall.end(),
                         [&](const auto& p) { return p.first == onePercentK; }))
            reference.points << QPointF(static_cast<double>(onePercentK), row.recallOnePercent);
        std::sort(reference.points.begin(), reference.points.end(),
                  [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
        out << reference;
    }
    return out;
}

void RecallFigure::writeFigure(const std::vector<Run>& runs, const Options& options,
                               const QString& path, const Published& published) {
    validate(options, path);
    RecallPlot plot;
    plot.setFontSize(options.fontPt);
    plot.setLogX(options.logX);
    plot.setGeoPanel(options.geo);
    plot.setPlotTitle(options.title);
    plot.setCurves(curves(runs));
    plot.setReferences(references(published, runs));
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

std::string RecallFigure::table(const std::vector<Run>& runs, metrics::TableFormat format,
                                const Published& published) {
    std::vector<std::pair<std::string, metrics::EvaluationReport>> named;
    for (const Run& run : runs)
        named.emplace_back(run.name.toStdString(), run.report);
    return metrics::resultsTable(named, format, published);
}

void RecallFigure::writeTable(const std::vector<Run>& runs, metrics::TableFormat format,
                              const QString& path, const Published& published) {
    AtomicFile::writeAll(path.toStdString(), table(runs, format, published),
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
    // Another method's descriptors (imported, or made by its TorchScript model) are named by
    // the method, as papers name baselines.
    const Provenance& p = report.provenance;
    if (p.isOtherMethod() && !p.method.empty())
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
