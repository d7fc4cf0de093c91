#pragma once

#include "recallfigure.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace orinet {

//! Asks where and how to write a paper figure: file (PDF, SVG or PNG by its suffix), size in
//! millimetres, PNG resolution, font size, title, logarithmic K, geo panel. The size goes
//! through RecallFigure::parseLength as `orinet plot --width 89mm` does, so the same choices
//! give the CLI's bytes.
class FigureExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit FigureExportDialog(const RecallFigure::Options& initial, QWidget* parent = nullptr);

    //! For figures other than recall@K (training curves): hides title, log-K and geo panel.
    void hideRecallOptions();

    QString path() const;
    //! The options chosen; throws orinet::Error for an impossible size.
    RecallFigure::Options options() const;

    //! The same millimetre → point conversion as the CLI's.
    static int points(double millimetres);

private:
    QLineEdit* mPath;
    QDoubleSpinBox* mWidth;
    QDoubleSpinBox* mHeight;
    QSpinBox* mDpi;
    QDoubleSpinBox* mFont;
    QLineEdit* mTitle;
    QCheckBox* mLogX;
    QCheckBox* mGeo;
};

} // namespace orinet
