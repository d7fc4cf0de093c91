#pragma once

#include <QToolButton>

class QMessageBox;

namespace orinet {

//! The status bar's warning that computing runs slower than the machine allows (the start-up
//! check of runtime::computeWarnings(): reference BLAS, a GEMM kernel below the CPU's). A
//! temporary status message would be cut by the permanent widgets and replaced by the next
//! hover readout; this button is permanent: a warning icon and a short text, the whole warning
//! as its tooltip and, on a click, in a message box whose text can be selected and copied.
//! Hidden while there is nothing to warn about.
//!
//! Threading: GUI thread only, as every widget.
class ComputeWarningButton : public QToolButton {
    Q_OBJECT
public:
    explicit ComputeWarningButton(QWidget* parent = nullptr);

    //! The warning's text (paragraphs separated by '\n'); empty hides the button.
    void setWarning(const QString& warning);
    const QString& warning() const { return mWarning; }

    //! Opens the message box with the whole warning (what a click does); it is not modal and
    //! deletes itself when closed. Returns it (nullptr without a warning).
    QMessageBox* showDetails();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QString mWarning;
};

} // namespace orinet
