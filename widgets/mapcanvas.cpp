#include "mapcanvas.h"

#include "common/error.h"
#include "common/outputtarget.h"

#include "geo/coordinatetransform.h"
#include "geo/geodistance.h"
#include "maplayer.h"

#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPageSize>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>
#include <QSaveFile>
#include <QWheelEvent>

#include <cmath>

namespace orinet {

namespace {

constexpr double kClickTolerance = 6.0; //!< pixels around a feature that still hit it
constexpr double kMinimumUnitsPerPixel = 1e-9;
constexpr double kMaximumUnitsPerPixel = 1e7;

} // namespace

MapCanvas::MapCanvas(QWidget* parent)
    : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    mViewport.size = size();
}

MapCanvas::~MapCanvas() = default;

void MapCanvas::addLayer(MapLayer* layer, int index) {
    if (!layer || mLayers.contains(layer))
        return;
    layer->setParent(this);
    if (index < 0 || index > mLayers.size())
        mLayers.append(layer);
    else
        mLayers.insert(index, layer);
    connect(layer, &MapLayer::changed, this, qOverload<>(&QWidget::update));
    if (mFitPending)
        zoomToAll();
    update();
}

void MapCanvas::removeLayer(MapLayer* layer) {
    if (!mLayers.removeOne(layer))
        return;
    disconnect(layer, nullptr, this, nullptr);
    update();
}

void MapCanvas::setCrs(const Crs& crs) {
    mCrs = crs;
    mToWgs84.reset();
    mFromWgs84.reset();
    if (crs.isValid()) {
        try {
            mToWgs84 = std::make_unique<CoordinateTransform>(crs, Crs::wgs84());
            mFromWgs84 = std::make_unique<CoordinateTransform>(Crs::wgs84(), crs);
        } catch (const std::exception&) {
            // No way to WGS84: the arrow shows grid north and the scale bar assumes metres.
            mToWgs84.reset();
            mFromWgs84.reset();
        }
    }
    update();
}

void MapCanvas::centreOn(QPointF centre, double widthUnits) {
    mViewport.centre = centre;
    mViewport.unitsPerPixel =
        std::clamp(widthUnits / std::max(1, width()), kMinimumUnitsPerPixel, kMaximumUnitsPerPixel);
    mFitPending = false;
    mHiddenFit.reset();
    viewMoved();
}

void MapCanvas::zoomTo(const QRectF& map, double margin, double minimumSide) {
    // A hidden canvas (a workspace not shown yet) may not have the size it will be shown at:
    // the fit is made again when it is (resizeEvent, showEvent).
    if (isVisible())
        mHiddenFit.reset();
    else
        mHiddenFit = HiddenFit{map, margin, minimumSide};
    QRectF r = map.normalized();
    if (!std::isfinite(r.width()) || !std::isfinite(r.height()))
        return;
    const double side = std::max({r.width(), r.height(), minimumSide});
    if (!(side > 0)) {
        // A single point and no minimum: keep the zoom, centre on it.
        mViewport.centre = r.center();
        viewMoved();
        return;
    }
    const double w = std::max(r.width(), minimumSide) * (1 + 2 * margin);
    const double h = std::max(r.height(), minimumSide) * (1 + 2 * margin);
    mViewport.centre = r.center();
    mViewport.unitsPerPixel =
        std::clamp(std::max(w / std::max(1, width()), h / std::max(1, height())),
                   kMinimumUnitsPerPixel, kMaximumUnitsPerPixel);
    mFitPending = false; // this fit replaces a "zoom to all" still waiting for a size
    viewMoved();
}

void MapCanvas::zoomToAll() {
    std::optional<QRectF> bounds;
    for (MapLayer* layer : mLayers) {
        if (!layer->isVisible())
            continue;
        const std::optional<QRectF> e = layer->extent();
        if (!e)
            continue;
        bounds = bounds ? QRectF(QPointF(std::min(bounds->left(), e->left()),
                                         std::min(bounds->top(), e->top())),
                                 QPointF(std::max(bounds->right(), e->right()),
                                         std::max(bounds->bottom(), e->bottom())))
                        : *e;
    }
    if (!bounds || width() < 2 || height() < 2) {
        mFitPending = true;
        update();
        return;
    }
    // A lone point gets 200 units around it (metres in projected CRSs).
    zoomTo(*bounds, 0.02, bounds->width() > 0 || bounds->height() > 0 ? 0.0 : 200.0);
    mFitPending = false;
}

void MapCanvas::ensureVisible(QPointF map, double marginPixels) {
    const QPointF s = toScreen(map);
    if (QRectF(rect())
            .adjusted(marginPixels, marginPixels, -marginPixels, -marginPixels)
            .contains(s))
        return;
    mViewport.centre = map;
    mHiddenFit.reset();
    viewMoved();
}

void MapCanvas::viewMoved() {
    update();
    emit viewChanged();
}

double MapCanvas::metresPerUnit(QPointF map) const {
    if (!mCrs.isGeographic())
        return mCrs.linearUnitMetres() > 0 ? mCrs.linearUnitMetres() : 1.0;
    // Degrees of longitude shrink with the cosine of the latitude.
    const double latitude = std::clamp(map.y(), -89.9, 89.9);
    return kEarthRadiusMetres * M_PI / 180.0 * std::cos(latitude * M_PI / 180.0);
}

double MapCanvas::northAngle(const MapViewport& viewport) const {
    if (!mToWgs84 || !mFromWgs84)
        return 0.0;
    try {
        const cv::Point2d centre(viewport.centre.x(), viewport.centre.y());
        cv::Point2d geo = mToWgs84->transform(centre);
        geo.y = std::min(geo.y + 0.001, 89.999);
        const cv::Point2d north = mFromWgs84->transform(geo);
        return std::atan2(north.x - centre.x, north.y - centre.y);
    } catch (const std::exception&) {
        return 0.0;
    }
}

void MapCanvas::renderMap(QPainter& painter, const MapViewport& viewport) {
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(viewport.size)), QColor(30, 33, 38));
    for (MapLayer* layer : mLayers)
        if (layer->isVisible())
            layer->paint(painter, viewport);
    for (MapLayer* layer : mLayers)
        if (layer->isVisible())
            layer->paintOverlay(painter, viewport);
    drawScaleBar(painter, viewport);
    drawNorthArrow(painter, viewport);
}

void MapCanvas::drawScaleBar(QPainter& painter, const MapViewport& viewport) const {
    // A round number of metres (1, 2 or 5 times a power of ten) about 1/5 of the width.
    const double metresPerPixel = viewport.unitsPerPixel * metresPerUnit(viewport.centre);
    const double target = viewport.size.width() / 5.0 * metresPerPixel;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(target, 1e-9))));
    double metres = magnitude;
    for (double step : {2.0, 5.0})
        if (magnitude * step <= target)
            metres = magnitude * step;
    const double px = metres / metresPerPixel;
    const QString text = metres >= 1000 ? tr("%1 km").arg(metres / 1000)
                         : metres >= 1  ? tr("%1 m").arg(metres)
                                        : tr("%1 cm").arg(metres * 100);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF metrics(painter.font());
    const QPointF origin(14, viewport.size.height() - 14);
    const QRectF box(origin.x() - 6, origin.y() - metrics.height() - 10,
                     std::max(px, metrics.horizontalAdvance(text)) + 12, metrics.height() + 16);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(20, 22, 26, 170));
    painter.drawRoundedRect(box, 4, 4);
    // Alternating black/white halves, as printed maps do.
    const QRectF bar(origin.x(), origin.y() - 5, px, 5);
    painter.setPen(QPen(Qt::white, 1));
    painter.setBrush(Qt::white);
    painter.drawRect(QRectF(bar.topLeft(), QSizeF(px / 2, bar.height())));
    painter.setBrush(Qt::black);
    painter.drawRect(QRectF(bar.topLeft() + QPointF(px / 2, 0), QSizeF(px / 2, bar.height())));
    painter.setPen(Qt::white);
    painter.drawText(QPointF(origin.x(), bar.top() - 4), text);
    painter.restore();
}

void MapCanvas::drawNorthArrow(QPainter& painter, const MapViewport& viewport) const {
    const double angle = northAngle(viewport);
    const QPointF centre(viewport.size.width() - 30, 38);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(20, 22, 26, 170));
    painter.drawEllipse(centre, 22, 22);
    painter.translate(centre);
    painter.rotate(angle * 180.0 / M_PI);
    const QPolygonF left({QPointF(0, -16), QPointF(-8, 10), QPointF(0, 5)});
    const QPolygonF right({QPointF(0, -16), QPointF(8, 10), QPointF(0, 5)});
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(Qt::white);
    painter.drawPolygon(left);
    painter.setBrush(QColor(200, 200, 200));
    painter.drawPolygon(right);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QString n = tr("N");
    QPainterPath text;
    text.addText(QPointF(-metrics.horizontalAdvance(n) / 2, -18), font, n);
    painter.strokePath(text, QPen(Qt::black, 3));
    painter.fillPath(text, Qt::white);
    painter.restore();
}

QString MapCanvas::exportView(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const MapViewport view = viewport();
    if (suffix != "pdf" && !QImageWriter::supportedImageFormats().contains(suffix.toLatin1()))
        return tr("unknown image format '%1' (use .png, .jpg, .tif or .pdf)").arg(suffix);
    try {
        // A file of another kind at `path` (the user's) is refused, not replaced.
        const std::string target = QFile::encodeName(path).toStdString();
        OutputTarget::checkFile(target, OutputTarget::picture(target));
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    // Written beside the target and renamed over it only when complete.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("cannot write %1: %2").arg(path, file.errorString());
    if (suffix == "pdf") {
        QPdfWriter writer(&file);
        writer.setCreator(QStringLiteral("OriNet Studio"));
        writer.setResolution(96);
        writer.setPageSize(QPageSize(QSizeF(view.size), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            return tr("cannot write %1").arg(path);
        // Page units differ from screen pixels: scale the screen viewport onto the page.
        const double scale = writer.width() / double(view.size.width());
        painter.scale(scale, scale);
        renderMap(painter, view);
        if (!painter.end())
            return tr("cannot write %1").arg(path);
    } else {
        QImage image(view.size, QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&image);
            renderMap(painter, view);
        }
        QImageWriter writer(&file, suffix.toLatin1());
        if (!writer.write(image))
            return tr("cannot write %1: %2").arg(path, writer.errorString());
    }
    return file.commit() ? QString() : tr("cannot write %1: %2").arg(path, file.errorString());
}

void MapCanvas::paintEvent(QPaintEvent*) {
    mViewport.size = size();
    QPainter painter(this);
    renderMap(painter, mViewport);
}

void MapCanvas::zoomBy(double factor, QPointF screenAnchor) {
    const QPointF anchor = toProjected(screenAnchor);
    mViewport.unitsPerPixel =
        std::clamp(mViewport.unitsPerPixel * factor, kMinimumUnitsPerPixel, kMaximumUnitsPerPixel);
    // Keep the point under the cursor fixed.
    mViewport.centre += anchor - toProjected(screenAnchor);
    mFitPending = false;
    viewMoved();
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    zoomBy(std::pow(0.8, event->angleDelta().y() / 120.0), event->position());
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    mPressPos = mLastPos = event->position().toPoint();
    mDragging = event->button() == Qt::LeftButton;
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    emit cursorMoved(toProjected(event->position()));
    if (!mDragging)
        return;
    const QPoint pos = event->position().toPoint();
    const QPoint delta = pos - mLastPos;
    mLastPos = pos;
    mViewport.centre +=
        QPointF(-delta.x() * mViewport.unitsPerPixel, delta.y() * mViewport.unitsPerPixel);
    mFitPending = false;
    viewMoved();
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    const bool wasDragging = mDragging;
    mDragging = false;
    if (!wasDragging || (event->position().toPoint() - mPressPos).manhattanLength() > 4)
        return;
    // A click, not a drag: the topmost layer with something under the cursor answers.
    for (auto it = mLayers.crbegin(); it != mLayers.crend(); ++it) {
        MapLayer* layer = *it;
        if (!layer->isVisible())
            continue;
        const std::optional<MapLayer::Hit> hit =
            layer->hitTest(event->position(), viewport(), kClickTolerance);
        if (!hit)
            continue;
        if (hit->id < 0) {
            zoomTo(hit->zoomTo, 0.25, 40 * mViewport.unitsPerPixel / 4);
            return;
        }
        emit featureClicked(layer, hit->id);
        return;
    }
    emit emptyClicked(toProjected(event->position()));
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    const double step = 80 * mViewport.unitsPerPixel;
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (event->key()) {
    case Qt::Key_Left:
        mViewport.centre.rx() -= step;
        break;
    case Qt::Key_Right:
        mViewport.centre.rx() += step;
        break;
    case Qt::Key_Up:
        mViewport.centre.ry() += step;
        break;
    case Qt::Key_Down:
        mViewport.centre.ry() -= step;
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(0.5, centre);
        return;
    case Qt::Key_Minus:
        zoomBy(2.0, centre);
        return;
    case Qt::Key_Home:
        zoomToAll();
        return;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    mFitPending = false;
    viewMoved();
}

void MapCanvas::leaveEvent(QEvent*) {
    emit cursorLeft();
}

void MapCanvas::resizeEvent(QResizeEvent*) {
    mViewport.size = size();
    if (mHiddenFit)
        zoomTo(mHiddenFit->map, mHiddenFit->margin, mHiddenFit->minimumSide);
    else if (mFitPending)
        zoomToAll();
}

void MapCanvas::showEvent(QShowEvent* event) {
    if (mHiddenFit)
        zoomTo(mHiddenFit->map, mHiddenFit->margin, mHiddenFit->minimumSide);
    QWidget::showEvent(event);
}

void MapCanvas::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        update(); // the scale bar and north arrow are painted with tr()
    QWidget::changeEvent(event);
}

} // namespace orinet
