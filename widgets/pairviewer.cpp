#include "pairviewer.h"

#include "crossviewlink.h"
#include "zoomview.h"

#include <QEvent>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace orinet {

PairViewer::PairViewer(QWidget* parent)
    : QWidget(parent)
    , mPanorama(new ZoomView)
    , mTile(new ZoomView)
    , mValues(new QLabel)
    , mLink(new CrossViewLink(this)) {
    mValues->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mValues->setMinimumHeight(mValues->fontMetrics().height() * 2 + 4);
    mValues->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    mValues->setWordWrap(true);
    mTexts.setText(mValues, [] {
        return tr("Hover the panorama or the tile: the same direction is shown in both.");
    });
    auto* images = new QSplitter(Qt::Vertical);
    images->addWidget(mPanorama);
    images->addWidget(mTile);
    images->setStretchFactor(0, 1);
    images->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(images, 1);
    layout->addWidget(mValues);
    mLink->addPanorama(mPanorama);
    mLink->addTile(mTile);
    connect(mLink, &CrossViewLink::bearingChanged, this, &PairViewer::bearingChanged);
    connect(mLink, &CrossViewLink::valuesChanged, this, [this](const QString& text) {
        // The link makes its text again at a language change (and emits it): kept as is here.
        if (!text.isEmpty())
            mTexts.setText(mValues, [text] { return text; });
        emit valuesChanged(text);
    });
}

void PairViewer::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

void PairViewer::setPanorama(const QImage& image, bool cvactCrop) {
    mPanorama->setImage(image);
    CrossViewLink::PanoramaOptions options;
    options.cvactCrop = cvactCrop;
    mLink->setPanoramaOptions(mPanorama, options);
}

void PairViewer::setTile(const QImage& image, double metresPerPixel) {
    mTile->setImage(image);
    mLink->setTileScale(mTile, metresPerPixel);
}

void PairViewer::setOverlays(const QImage& panorama, const QImage& tile) {
    mPanorama->setOverlay(panorama);
    mTile->setOverlay(tile);
}

void PairViewer::clear() {
    mPanorama->setImage(QImage());
    mTile->setImage(QImage());
    setOverlays(QImage(), QImage());
}

QString PairViewer::valuesText() const {
    return mValues->text();
}

} // namespace orinet
