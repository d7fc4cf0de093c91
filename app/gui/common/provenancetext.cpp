#include "gui/common/provenancetext.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

namespace orinet::provenancetext {

QString normalization(const std::string& mode) {
    // The modes are words of the file formats; shown, they are translated.
    if (mode == "original")
        return QCoreApplication::translate("orinet::ProvenanceText", "BN original");
    if (mode == "recalibrated")
        return QCoreApplication::translate("orinet::ProvenanceText", "BN recalibrated");
    if (mode == "running")
        return QCoreApplication::translate("orinet::ProvenanceText", "BN running");
    if (mode == "adapted")
        return QCoreApplication::translate("orinet::ProvenanceText", "BN adapted");
    return QCoreApplication::translate("orinet::ProvenanceText", "BN %1")
        .arg(QString::fromStdString(mode));
}

QString origin(const Provenance& p) {
    QStringList parts;
    if (p.isImported()) // another method's descriptors (orinet import-descriptors)
        parts << (p.method.empty() ? QCoreApplication::translate("orinet::ProvenanceText",
                                                                 "imported descriptors")
                                   : QCoreApplication::translate("orinet::ProvenanceText",
                                                                 "imported descriptors (%1)")
                                         .arg(QString::fromStdString(p.method)));
    if (p.isTorchScript()) { // another method's model (orinet import-model)
        parts << QCoreApplication::translate("orinet::ProvenanceText", "TorchScript model (%1)")
                     .arg(QString::fromStdString(p.method));
    } else if (!p.checkpoint.empty()) {
        QString checkpoint = QFileInfo(QString::fromStdString(p.checkpoint)).fileName();
        if (p.epoch >= 0)
            checkpoint +=
                QCoreApplication::translate("orinet::ProvenanceText", ", epoch %1").arg(p.epoch);
        parts << checkpoint;
    }
    if (!p.normalization.empty())
        parts << normalization(p.normalization);
    if (!p.inputs.empty())
        parts << QString::fromStdString(p.inputs);
    return parts.join(QStringLiteral(" · "));
}

QString label(const Provenance& p) {
    const QString split =
        p.split.empty() ? QCoreApplication::translate("orinet::ProvenanceText", "unknown split")
                        : QString::fromStdString(p.split);
    const QString rest = origin(p);
    return rest.isEmpty() ? split : split + QStringLiteral(" · ") + rest;
}

} // namespace orinet::provenancetext
