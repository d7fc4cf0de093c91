#include "figurewriter.h"

#include "common/error.h"
#include "common/outputtarget.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSvgGenerator>
#include <qcustomplot.h>

#include <cstdio>

namespace orinet {

namespace {

// Qt's PDF writer stamps the current time as /CreationDate (D:yyyyMMddhhmmssZ); replace it
// in place with `date` (same length, so the cross-reference offsets stay valid).
bool setPdfCreationDate(const QString& path, const QDateTime& date) {
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return false;
    QByteArray bytes = file.readAll();
    static const QByteArray marker("/CreationDate (D:");
    const qsizetype at = bytes.indexOf(marker);
    const QByteArray stamp = date.toUTC().toString(QStringLiteral("yyyyMMddhhmmss")).toLatin1();
    if (at < 0 || at + marker.size() + stamp.size() > bytes.size())
        return true; // nothing to replace: keep the file as Qt wrote it
    bytes.replace(at + marker.size(), stamp.size(), stamp);
    return file.seek(0) && file.write(bytes) == bytes.size();
}

} // namespace

bool FigureWriter::save(QCustomPlot& plot, const QString& path, int widthPt, int heightPt, int dpi,
                        const Metadata& metadata, QString* error) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    try {
        // A file of another kind at `path` (the user's) is refused, not replaced.
        OutputTarget::checkFile(QFile::encodeName(path).toStdString(),
                                OutputTarget::figure(QFile::encodeName(path).toStdString()));
    } catch (const Error& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    // Render beside the target under a temporary name no file has (same suffix, so the
    // format is kept), then rename over it: a failed export never leaves a half-written figure.
    QString temp;
    for (int attempt = 0; temp.isEmpty() || QFileInfo::exists(temp); ++attempt)
        temp = QFileInfo(path).absolutePath() + "/." + QFileInfo(path).completeBaseName() +
               ".tmp-" + QString::number(QCoreApplication::applicationPid()) +
               (attempt ? "-" + QString::number(attempt) : QString()) + "." + suffix;
    bool ok = false;
    if (suffix == "pdf") {
        ok = plot.savePdf(temp, widthPt, heightPt, QCP::epNoCosmetic,
                          QStringLiteral("OriNet Studio"), metadata.title);
        if (ok && metadata.created.isValid())
            ok = setPdfCreationDate(temp, metadata.created);
    } else if (suffix == "png") {
        ok = plot.savePng(temp, widthPt, heightPt, dpi / 72.0, -1, dpi);
    } else if (suffix == "svg") {
        QSvgGenerator generator;
        generator.setFileName(temp);
        generator.setSize(QSize(widthPt, heightPt));
        generator.setViewBox(QRect(0, 0, widthPt, heightPt));
        generator.setResolution(72);
        generator.setTitle(metadata.title);
        generator.setDescription(metadata.description);
        QCPPainter painter;
        if (painter.begin(&generator)) {
            plot.toPainter(&painter, widthPt, heightPt);
            ok = painter.end();
        }
    } else {
        if (error)
            *error = QStringLiteral("%1: unknown figure format '%2' (use .pdf, .svg or .png)")
                         .arg(path, suffix);
        return false;
    }
    if (ok && QFileInfo(temp).size() > 0 &&
        std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) == 0)
        return true;
    QFile::remove(temp);
    if (error)
        *error = QStringLiteral("%1: cannot write the figure").arg(path);
    return false;
}

} // namespace orinet
