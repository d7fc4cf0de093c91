#include "gui/shell/aboutdialog.h"

#include "common/runtimeinfo.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace orinet {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("About OriNet Studio"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>OriNet Studio %1</h2>"
                                "<p>Cross-view geo-localization with orientation-aware "
                                "networks (Liu &amp; Li, CVPR 2019).</p>")
                                 .arg(QStringLiteral(ORINET_VERSION)));
    title->setWordWrap(true);
    layout->addWidget(title);
    auto* versions = new QLabel(versionsText().toHtmlEscaped().replace('\n', "<br>"));
    versions->setObjectName("versions");
    versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(versions);
    const QString warning = QString::fromStdString(runtime::computeWarnings());
    if (!warning.isEmpty()) {
        auto* blas = new QLabel(warning);
        blas->setWordWrap(true);
        blas->setStyleSheet("color: #b00020");
        layout->addWidget(blas);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString AboutDialog::versionsText() {
    return QStringLiteral("Qt %1\n").arg(QString::fromLatin1(qVersion())) +
           QString::fromStdString(runtime::summary());
}

} // namespace orinet
