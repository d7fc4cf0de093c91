#pragma once

#include <QDialog>

namespace orinet {

//! Names the product and the versions of every library it runs with (Qt, LibTorch, OpenCV,
//! GDAL, matio, faiss, BLAS), so a bug report can quote them.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    //! The same text the dialog shows, one library per line.
    static QString versionsText();
};

} // namespace orinet
