#include "gui/common/figureexportdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <cmath>

namespace orinet {

FigureExportDialog::FigureExportDialog(const RecallFigure::Options& initial, QWidget* parent)
    : QDialog(parent)
    , mPath(new QLineEdit)
    , mWidth(new QDoubleSpinBox)
    , mHeight(new QDoubleSpinBox)
    , mDpi(new QSpinBox)
    , mFont(new QDoubleSpinBox)
    , mTitle(new QLineEdit(initial.title))
    , mLogX(new QCheckBox(tr("Logarithmic K axis")))
    , mGeo(new QCheckBox(tr("Geo-recall panel"))) {
    setWindowTitle(tr("Export Figure"));
    auto* browse = new QPushButton(tr("Browse…"));
    auto* file = new QHBoxLayout;
    file->addWidget(mPath, 1);
    file->addWidget(browse);
    mPath->setPlaceholderText(tr("figure.pdf, figure.svg or figure.png"));
    for (QDoubleSpinBox* box : {mWidth, mHeight}) {
        box->setRange(18, 1764); // 50..5000 pt
        box->setDecimals(1);
        box->setSuffix(tr(" mm"));
    }
    // 89 mm: a one-column figure in most journals (3.5 in).
    mWidth->setValue(initial.widthPt > 0 ? initial.widthPt * 25.4 / 72.0
                                         : (initial.geo ? 178 : 89));
    mHeight->setValue(initial.heightPt * 25.4 / 72.0);
    mDpi->setRange(30, 1200);
    mDpi->setValue(initial.dpi);
    mDpi->setSuffix(tr(" dpi"));
    mFont->setRange(4, 48);
    mFont->setValue(initial.fontPt);
    mFont->setSuffix(tr(" pt"));
    mLogX->setChecked(initial.logX);
    mGeo->setChecked(initial.geo);

    auto* form = new QFormLayout(this);
    form->addRow(tr("File"), file);
    form->addRow(tr("Width"), mWidth);
    form->addRow(tr("Height"), mHeight);
    form->addRow(tr("PNG resolution"), mDpi);
    form->addRow(tr("Font size"), mFont);
    form->addRow(tr("Title"), mTitle);
    form->addRow(mLogX);
    form->addRow(mGeo);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export Figure"), mPath->text(), tr("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
        if (!path.isEmpty())
            mPath->setText(path);
    });
}

void FigureExportDialog::hideRecallOptions() {
    auto* form = static_cast<QFormLayout*>(layout());
    for (QWidget* w : std::initializer_list<QWidget*>{mTitle, mLogX, mGeo})
        form->setRowVisible(w, false);
}

QString FigureExportDialog::path() const {
    return mPath->text();
}

int FigureExportDialog::points(double millimetres) {
    return RecallFigure::parseLength(QStringLiteral("%1mm").arg(millimetres, 0, 'f', 1),
                                     QStringLiteral("size"));
}

RecallFigure::Options FigureExportDialog::options() const {
    RecallFigure::Options options;
    options.widthPt = points(mWidth->value());
    options.heightPt = points(mHeight->value());
    options.dpi = mDpi->value();
    options.fontPt = mFont->value();
    options.title = mTitle->text();
    options.logX = mLogX->isChecked();
    options.geo = mGeo->isChecked();
    return options;
}

} // namespace orinet
