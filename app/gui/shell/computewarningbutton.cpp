#include "gui/shell/computewarningbutton.h"

#include <QEvent>
#include <QMessageBox>
#include <QStyle>

namespace orinet {

ComputeWarningButton::ComputeWarningButton(QWidget* parent)
    : QToolButton(parent) {
    setObjectName(QStringLiteral("computeWarning"));
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
    setStyleSheet(QStringLiteral("QToolButton { color: #b00020; }"));
    connect(this, &QToolButton::clicked, this, [this] { showDetails(); });
    retranslate();
    hide();
}

void ComputeWarningButton::setWarning(const QString& warning) {
    mWarning = warning;
    retranslate();
    setVisible(!mWarning.isEmpty());
}

QMessageBox* ComputeWarningButton::showDetails() {
    if (mWarning.isEmpty())
        return nullptr;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Computing is slower than it could be"),
                                mWarning, QMessageBox::Close, window());
    box->setObjectName(QStringLiteral("computeWarningDetails"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse); // the install command, to copy
    box->setWindowModality(Qt::NonModal);
    box->show();
    return box;
}

void ComputeWarningButton::retranslate() {
    setText(tr("Slower than possible"));
    // The warning comes from the core in English; the hint how to read it is translated.
    setToolTip(mWarning.isEmpty()
                   ? QString()
                   : QStringLiteral("<p>%1</p><p><i>%2</i></p>")
                         .arg(mWarning.toHtmlEscaped().replace('\n', QStringLiteral("</p><p>")),
                              tr("Click to open this warning in a window.")));
}

void ComputeWarningButton::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QToolButton::changeEvent(event);
}

} // namespace orinet
