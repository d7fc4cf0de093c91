#include "crossviewlink.h"

#include "compasslabels.h"
#include "geo/crossview.h"
#include "imageview.h"
#include "localnumber.h"
#include "outlinedtext.h"
#include "zoomview.h"

#include <QApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTransform>

namespace orinet {

namespace {

constexpr double kDegree = 180.0 / M_PI;
const QColor kRay(0, 229, 255);

QImage imageOf(QWidget* view) {
    if (auto* z = qobject_cast<ZoomView*>(view))
        return z->image();
    if (auto* i = qobject_cast<ImageView*>(view))
        return i->image();
    return {};
}

//! Image pixel-centre coordinates to the widget (the views map pixel corners).
QPointF atPixel(const QTransform& t, double x, double y) {
    return t.map(QPointF(x + 0.5, y + 0.5));
}

void outlinedLine(QPainter& p, const QPointF& a, const QPointF& b, const QColor& colour,
                  double width = 2.0) {
    p.setPen(QPen(QColor(0, 0, 0, 190), width + 2.5, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(a, b);
    p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(a, b);
}

void marker(QPainter& p, const QPointF& at, const QColor& colour) {
    p.setPen(QPen(Qt::black, 1.5));
    p.setBrush(colour);
    p.drawEllipse(at, 5, 5);
}

} // namespace

CrossViewLink::CrossViewLink(QObject* parent)
    : QObject(parent) {}

CrossViewLink::Linked* CrossViewLink::find(QWidget* view) {
    for (Linked& l : mViews)
        if (l.view == view)
            return &l;
    return nullptr;
}

void CrossViewLink::addPanorama(QWidget* view, const PanoramaOptions& options) {
    Linked linked;
    linked.view = view;
    linked.kind = Kind::Panorama;
    linked.panorama = options;
    add(linked);
}

void CrossViewLink::addTile(QWidget* view, double metresPerPixel) {
    Linked linked;
    linked.view = view;
    linked.kind = Kind::Tile;
    linked.metresPerPixel = metresPerPixel;
    add(linked);
}

void CrossViewLink::add(const Linked& linked) {
    if (!linked.view || find(linked.view))
        return;
    mViews.append(linked);
    attach(mViews.back());
}

void CrossViewLink::setTileScale(QWidget* view, double metresPerPixel) {
    if (Linked* l = find(view)) {
        l->metresPerPixel = metresPerPixel;
        repaintAll();
    }
}

void CrossViewLink::setPanoramaOptions(QWidget* view, const PanoramaOptions& options) {
    if (Linked* l = find(view)) {
        l->panorama = options;
        repaintAll();
    }
}

void CrossViewLink::attach(Linked& linked) {
    QWidget* view = linked.view;
    // The decorator finds its entry again by view: entries move when the list grows.
    auto decorator = [this, view](QPainter& painter, const QTransform& toWidget) {
        if (Linked* l = find(view))
            decorate(*l, painter, toWidget);
    };
    auto hovered = [this, view](QPointF imagePoint) { hover(view, imagePoint); };
    if (auto* z = qobject_cast<ZoomView*>(view)) {
        z->setDecorator(decorator);
        connect(z, &ZoomView::imagePointHovered, this, hovered);
    } else if (auto* i = qobject_cast<ImageView*>(view)) {
        i->setDecorator(decorator);
        connect(i, &ImageView::imagePointHovered, this, hovered);
    }
    view->installEventFilter(this);
    connect(view, &QObject::destroyed, this, [this, view] {
        for (int k = mViews.size() - 1; k >= 0; --k)
            if (mViews[k].view.isNull() || mViews[k].view == view)
                mViews.removeAt(k);
        if (mHover.view == view) {
            unpin();
            leave();
        }
    });
}

void CrossViewLink::remove(QWidget* view) {
    for (int k = mViews.size() - 1; k >= 0; --k) {
        if (mViews[k].view != view)
            continue;
        if (auto* z = qobject_cast<ZoomView*>(view))
            z->setDecorator({});
        else if (auto* i = qobject_cast<ImageView*>(view))
            i->setDecorator({});
        view->removeEventFilter(this);
        disconnect(view, nullptr, this, nullptr);
        mViews.removeAt(k);
    }
    if (mHover.view == view) {
        unpin();
        leave();
    }
}

void CrossViewLink::clear() {
    while (!mViews.isEmpty())
        remove(mViews.back().view);
    mViews.clear();
}

bool CrossViewLink::eventFilter(QObject* watched, QEvent* event) {
    if (auto* widget = qobject_cast<QWidget*>(watched); widget && handleClick(widget, event))
        return true;
    if (event->type() == QEvent::Leave && mHovering && mHover.view == watched)
        leave();
    // The link is no widget and gets no language change itself: its views do. The readout
    // of the current hover is made again in the new language (the views repaint their labels).
    if (event->type() == QEvent::LanguageChange && mHovering && mHover.view == watched)
        setHover(mHover);
    return QObject::eventFilter(watched, event);
}

QString CrossViewLink::compassName(double azimuth) {
    // The core names the 16 points in English letters (N, NNE, …); each letter is translated
    // like the compass labels drawn on the views (German: E is O).
    const std::string name = crossview::compassName(azimuth);
    QString out;
    for (char letter : name)
        out += CompassLabels::letter(letter);
    return out;
}

void CrossViewLink::hover(QWidget* view, QPointF imagePoint) {
    if (mPinned)
        return;
    const Linked* linked = find(view);
    const QImage image = imageOf(view);
    if (!linked || image.isNull())
        return;
    const QPointF pixel = imagePoint - QPointF(0.5, 0.5);
    if (pixel.x() < -0.5 || pixel.y() < -0.5 || pixel.x() > image.width() - 0.5 ||
        pixel.y() > image.height() - 0.5) {
        if (mHovering && mHover.view == view)
            leave();
        return;
    }
    setHover({view, linked->kind, pixel});
}

bool CrossViewLink::handleClick(QWidget* widget, QEvent* event) {
    if (widget == mEscapeWatched && event->type() == QEvent::KeyPress && mPinned &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape) {
        unpin();
        return true;
    }
    if (event->type() != QEvent::MouseButtonPress && event->type() != QEvent::MouseButtonRelease)
        return false;
    const auto* mouse = static_cast<QMouseEvent*>(event);
    if (mouse->button() != Qt::LeftButton || !find(widget))
        return false;
    if (event->type() == QEvent::MouseButtonPress) {
        mPressed = widget;
        mPressedAt = mouse->position().toPoint();
        return false;
    }
    // A release where the button went down, without a drag (zoom views pan by dragging). The
    // second click of a double click comes as a double-click event, not a press: it pins once.
    const bool click =
        mPressed == widget && (mouse->position().toPoint() - mPressedAt).manhattanLength() <
                                  QApplication::startDragDistance();
    mPressed.clear();
    if (!click)
        return false;
    if (mPinned)
        unpin();
    else if (mHovering && mHover.view == widget)
        pin();
    return false; // the view still sees its click
}

void CrossViewLink::pin() {
    if (mPinned || !mHovering)
        return;
    mPinned = true;
    // Escape reaches the window when the focused widget does not use it.
    if (QWidget* view = mHover.view) {
        mEscapeWatched = view->window();
        mEscapeWatched->installEventFilter(this);
    }
    setHover(mHover); // the readout says it is pinned
    emit pinnedChanged(true);
}

void CrossViewLink::unpin() {
    if (!mPinned)
        return;
    mPinned = false;
    if (mEscapeWatched && !find(mEscapeWatched))
        mEscapeWatched->removeEventFilter(this);
    mEscapeWatched.clear();
    leave(); // the pointer's next move over a view hovers again
    emit pinnedChanged(false);
}

void CrossViewLink::leave() {
    if (mPinned)
        return;
    const bool was = mHovering;
    mHovering = false;
    mHover = {};
    mBearing = mGroundDistance = mPitch = NAN;
    mValues.clear();
    repaintAll();
    if (was) {
        emit bearingChanged(NAN, NAN);
        emit valuesChanged(QString());
    }
}

void CrossViewLink::setHover(const Hover& hover) {
    const Linked* linked = find(hover.view);
    const QImage image = imageOf(hover.view);
    mHover = hover;
    mHovering = true;
    const QPointF p = hover.pixel;
    if (hover.kind == Kind::Panorama) {
        const int w = image.width(), h = image.height();
        mBearing = crossview::wrap(crossview::yawOfColumn(p.x(), w));
        mPitch = crossview::pitchOfRow(p.y(), h, w);
        mGroundDistance = crossview::groundDistance(mPitch, linked->panorama.cameraHeight);
        mValues = tr("panorama (%1, %2): yaw %3° (%4), pitch %5° %6")
                      .arg(localNumber(p.x(), 0))
                      .arg(localNumber(p.y(), 0))
                      .arg(localNumber(mBearing * kDegree, 1))
                      .arg(compassName(mBearing))
                      .arg(localNumber(mPitch * kDegree, 1))
                      .arg(mPitch > 0 ? tr("(below the horizon: flat ground %1 m away for a "
                                           "camera %2 m high)")
                                            .arg(localNumber(mGroundDistance, 1))
                                            .arg(localNumber(linked->panorama.cameraHeight, 1))
                                      : tr("(above the horizon)"));
    } else {
        const int size = std::min(image.width(), image.height());
        mBearing = crossview::azimuthOfTilePixel({p.x(), p.y()}, size);
        const double pixels = crossview::tileDistance({p.x(), p.y()}, size);
        mGroundDistance = linked->metresPerPixel > 0 ? pixels * linked->metresPerPixel : NAN;
        mPitch = NAN; // depends on each panorama's camera height
        const QString distance = linked->metresPerPixel > 0
                                     ? tr("%1 m").arg(localNumber(mGroundDistance, 1))
                                     : tr("%1 px").arg(localNumber(pixels, 0));
        mValues = tr("tile (%1, %2): azimuth %3° (%4), %5 from the centre")
                      .arg(localNumber(p.x(), 0))
                      .arg(localNumber(p.y(), 0))
                      .arg(localNumber(mBearing * kDegree, 1))
                      .arg(compassName(mBearing))
                      .arg(distance);
        for (const Linked& l : mViews)
            if (l.kind == Kind::Panorama && !l.view.isNull()) {
                const QImage pano = imageOf(l.view);
                if (!pano.isNull()) {
                    mValues +=
                        tr(", panorama column %1")
                            .arg(localNumber(crossview::columnOfYaw(mBearing, pano.width()), 0));
                    break;
                }
            }
    }
    if (mPinned)
        mValues += tr(" · pinned: click or Esc releases");
    repaintAll();
    emit bearingChanged(mBearing, mGroundDistance);
    emit valuesChanged(mValues);
}

void CrossViewLink::repaintAll() {
    for (const Linked& l : mViews)
        if (!l.view.isNull())
            l.view->update();
}

void CrossViewLink::decorate(const Linked& linked, QPainter& painter,
                             const QTransform& toWidget) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    if (linked.kind == Kind::Panorama)
        drawPanorama(linked, painter, toWidget);
    else
        drawTile(linked, painter, toWidget);
    painter.restore();
}

void CrossViewLink::drawPanorama(const Linked& linked, QPainter& painter,
                                 const QTransform& toWidget) const {
    const QImage image = imageOf(linked.view);
    if (image.isNull())
        return;
    const int w = image.width(), h = image.height();
    const QRectF area = toWidget.mapRect(QRectF(0, 0, w, h));
    if (linked.panorama.cvactCrop) {
        // The network sees the middle half of the rows only.
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 140));
        painter.drawRect(QRectF(area.left(), area.top(), area.width(), area.height() / 4));
        painter.drawRect(QRectF(area.left(), area.top() + area.height() * 3 / 4, area.width(),
                                area.height() / 4));
        painter.setPen(QPen(QColor(255, 255, 255, 160), 1, Qt::DashLine));
        const double top = area.top() + area.height() / 4;
        const double bottom = area.top() + area.height() * 3 / 4;
        painter.drawLine(QPointF(area.left(), top), QPointF(area.right(), top));
        painter.drawLine(QPointF(area.left(), bottom), QPointF(area.right(), bottom));
        outlinedtext::draw(painter, QPointF(area.left() + 4, bottom - 4), tr("network input"));
    }
    const bool zoomView = qobject_cast<ZoomView*>(linked.view.data()) != nullptr;
    if (zoomView) {
        // Yaw ticks, as the plain image view draws them (ImageView draws its own).
        CompassLabels::drawPanorama(painter, area, [&toWidget, w](double fraction) {
            return atPixel(toWidget, fraction * (w - 1), 0).x();
        });
    }
    if (!mHovering || !std::isfinite(mBearing))
        return;
    const double column = crossview::columnOfYaw(mBearing, w);
    const QPointF top = atPixel(toWidget, column, 0);
    const QPointF bottom = atPixel(toWidget, column, h - 1);
    outlinedLine(painter, QPointF(top.x(), area.top()), QPointF(bottom.x(), area.bottom()), kRay,
                 mHover.view == linked.view ? 1.5 : 2.5);
    // Where the flat ground at that distance appears (or the hovered pixel itself).
    double row = NAN;
    if (mHover.view == linked.view)
        row = mHover.pixel.y();
    else if (std::isfinite(mGroundDistance) && mGroundDistance > 0)
        row =
            crossview::rowOfPitch(std::atan2(linked.panorama.cameraHeight, mGroundDistance), h, w);
    if (std::isfinite(row) && row >= 0 && row <= h - 1)
        marker(painter, atPixel(toWidget, column, row), kRay);
}

void CrossViewLink::drawTile(const Linked& linked, QPainter& painter,
                             const QTransform& toWidget) const {
    const QImage image = imageOf(linked.view);
    if (image.isNull())
        return;
    const int size = std::min(image.width(), image.height());
    const double c = (size - 1) / 2.0;
    const bool zoomView = qobject_cast<ZoomView*>(linked.view.data()) != nullptr;
    if (zoomView) {
        // 10 image pixels inside the tile's edge, moving with the zoom.
        const QPointF centre = atPixel(toWidget, c, c);
        const cv::Point2d north = crossview::tilePixelAt(0, c - 10, size);
        CompassLabels::drawTile(painter, centre,
                                QLineF(centre, atPixel(toWidget, north.x, north.y)).length());
    }
    if (!mHovering || !std::isfinite(mBearing))
        return;
    const QPointF centre = atPixel(toWidget, c, c);
    if (mHover.view == linked.view) {
        // The hovered tile: the line from the centre to the cursor.
        const QPointF cursor = atPixel(toWidget, mHover.pixel.x(), mHover.pixel.y());
        outlinedLine(painter, centre, cursor, kRay);
        marker(painter, cursor, kRay);
        return;
    }
    // The bearing from the centre to the tile's border; the ground point when its distance
    // and the tile's scale are known.
    const cv::Point2d border = crossview::tileBorderPoint(mBearing, size);
    outlinedLine(painter, centre, atPixel(toWidget, border.x, border.y), kRay);
    if (linked.metresPerPixel > 0 && std::isfinite(mGroundDistance)) {
        const double pixels = mGroundDistance / linked.metresPerPixel;
        if (pixels <= c * std::sqrt(2.0)) {
            const cv::Point2d at = crossview::tilePixelAt(mBearing, pixels, size);
            if (at.x >= 0 && at.y >= 0 && at.x <= size - 1 && at.y <= size - 1)
                marker(painter, atPixel(toWidget, at.x, at.y), kRay);
        }
    }
    painter.setPen(Qt::NoPen);
    painter.setBrush(kRay);
    painter.drawEllipse(centre, 3, 3);
}

} // namespace orinet
