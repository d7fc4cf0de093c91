#include "matchexplanationview.h"

#include "imageview.h"
#include "localnumber.h"
#include "outlinedtext.h"
#include "palette.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace orinet {

namespace {

//! Overlays are computed at most this wide: the view scales them smoothly anyway.
constexpr int kOverlayWidth = 640;

QString percentOf(double share, double similarity) {
    return similarity > 0 ? localNumber(100 * share / similarity, 0) : QStringLiteral("–");
}

//! "row 1, column 5" for humans (1-based), as the CLI counts from 0 for machines.
QString cellName(const cv::Mat& shares, int cell) {
    return MatchExplanationView::tr("row %1, column %2")
        .arg(cell / std::max(1, shares.cols) + 1)
        .arg(cell % std::max(1, shares.cols) + 1);
}

//! Whether the matches are explained by gradient × input (another method's model) rather than
//! split exactly: one model explains a view's matches, so the first says it.
bool approximated(const std::vector<MatchExplanationView::Match>& matches) {
    return !matches.empty() && !matches.front().explanation.isExact();
}

} // namespace

MatchExplanationView::MatchExplanationView(QWidget* parent)
    : QWidget(parent)
    , mGrid(new QGridLayout)
    , mLegend(new QLabel)
    , mHoverLine(new QLabel) {
    mGrid->setSpacing(4);
    mGrid->setContentsMargins(0, 0, 0, 0);
    mHoverLine->setWordWrap(true);
    mHoverLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mHoverLine->setObjectName("explanationHover");
    mLegend->setObjectName("explanationLegend");
    mLayout = new QVBoxLayout(this);
    mLayout->setContentsMargins(0, 0, 0, 0);
    mLayout->addLayout(mGrid, 1);
    mLayout->addWidget(mLegend);
    mLayout->addWidget(mHoverLine);
    mLayout->addStretch(0); // takes what the images do not need in one row
    rebuild();
}

ImageView* MatchExplanationView::panoramaView(int match) const {
    return match >= 0 && match < int(mPanoramas.size()) ? mPanoramas[size_t(match)] : nullptr;
}

ImageView* MatchExplanationView::tileView(int match) const {
    return match >= 0 && match < int(mTiles.size()) ? mTiles[size_t(match)] : nullptr;
}

void MatchExplanationView::setMatches(std::vector<Match> matches) {
    mMatches = std::move(matches);
    mHover = Hover();
    rebuild();
    emit hoverChanged();
}

const cv::Mat& MatchExplanationView::sharesOf(int match, bool ground) const {
    const MatchExplanation& e = mMatches.at(size_t(match)).explanation;
    return ground ? e.groundShares() : e.satelliteShares();
}

std::vector<MatchExplanationView::Partner>
MatchExplanationView::topPartners(const MatchExplanation& explanation, bool groundCell, int cell,
                                  int count) {
    const cv::Mat& pairs = explanation.cellPairs();
    const int cells = groundCell ? pairs.rows : pairs.cols;
    if (cell < 0 || cell >= cells || count < 1)
        return {};
    // A ground cell's partners are its row of the matrix, a satellite cell's its column.
    const cv::Mat line = groundCell ? pairs.row(cell) : pairs.col(cell).t();
    std::vector<Partner> all;
    for (int other = 0; other < int(line.total()); ++other)
        all.push_back({other, line.at<double>(other)});
    std::stable_sort(all.begin(), all.end(),
                     [](const Partner& a, const Partner& b) { return a.share > b.share; });
    all.resize(std::min(all.size(), size_t(count)));
    return all;
}

QRectF MatchExplanationView::cellRect(int match, bool ground, int cell) const {
    if (match < 0 || match >= int(mMatches.size()))
        return {};
    const Match& m = mMatches[size_t(match)];
    const cv::Mat& shares = sharesOf(match, ground);
    const QImage& image = ground ? m.panorama : m.tile;
    if (shares.empty() || cell < 0 || cell >= int(shares.total()) || image.isNull())
        return {};
    const double top = ground ? m.visibleTop * image.height() : 0;
    const double height =
        ground ? (m.visibleBottom - m.visibleTop) * image.height() : double(image.height());
    // The grid divides the network's input evenly (MatchExplainer::cellRegion()).
    const double w = double(image.width()) / shares.cols, h = height / shares.rows;
    return {(cell % shares.cols) * w, top + (cell / shares.cols) * h, w, h};
}

int MatchExplanationView::cellAt(int match, bool ground, QPointF imagePoint) const {
    // Gradient × input has pixels, no cells to hover (and no cell-to-cell matrix).
    if (match < 0 || match >= int(mMatches.size()) ||
        !mMatches[size_t(match)].explanation.isExact())
        return -1;
    const cv::Mat& shares = sharesOf(match, ground);
    for (int cell = 0; cell < int(shares.total()); ++cell) {
        const QRectF r = cellRect(match, ground, cell);
        // Half-open cells: a point on a border belongs to one of them only.
        if (imagePoint.x() >= r.left() && imagePoint.x() < r.right() && imagePoint.y() >= r.top() &&
            imagePoint.y() < r.bottom())
            return cell;
    }
    return -1;
}

void MatchExplanationView::hoverCell(int match, bool ground, int cell) {
    Hover hover;
    if (match >= 0 && match < int(mMatches.size()) &&
        mMatches[size_t(match)].explanation.isExact() && cell >= 0 &&
        cell < int(sharesOf(match, ground).total())) {
        hover.match = match;
        hover.ground = ground;
        hover.cell = cell;
        hover.partners = topPartners(mMatches[size_t(match)].explanation, ground, cell);
    }
    if (hover.match == mHover.match && hover.ground == mHover.ground && hover.cell == mHover.cell)
        return;
    mHover = std::move(hover);
    for (ImageView* view : mPanoramas)
        view->update();
    for (ImageView* view : mTiles)
        view->update();
    mHoverLine->setText(hoverText());
    emit hoverChanged();
}

void MatchExplanationView::hoverLargest(int match, bool ground) {
    if (match < 0 || match >= int(mMatches.size()))
        return;
    cv::Point at;
    const cv::Mat& shares = sharesOf(match, ground);
    cv::minMaxLoc(shares, nullptr, nullptr, nullptr, &at);
    hoverCell(match, ground, at.y * shares.cols + at.x);
}

QString MatchExplanationView::hoverText() const {
    if (mMatches.empty())
        return {};
    if (approximated(mMatches))
        return tr("Gradient × input: an approximation, not an exact split. This model of "
                  "another method exposes no pooled cells, so its values do not add up to the "
                  "similarity and there are no cell pairs to hover.");
    if (mHover.match < 0)
        return tr("Hover a cell: the cells of the other image it matched most are outlined, "
                  "with their share of the similarity.");
    const Match& m = mMatches[size_t(mHover.match)];
    const double similarity = m.explanation.similarity();
    const cv::Mat& shares = sharesOf(mHover.match, mHover.ground);
    const cv::Mat& others = sharesOf(mHover.match, !mHover.ground);
    const double share = shares.at<double>(mHover.cell);
    QStringList partners;
    for (const Partner& partner : mHover.partners)
        partners << tr("%1 (%2, %3 %)")
                        .arg(cellName(others, partner.cell))
                        .arg(localNumber(partner.share, 3))
                        .arg(percentOf(partner.share, similarity));
    const QString side = mHover.ground ? tr("Panorama cell %1").arg(cellName(shares, mHover.cell))
                                       : tr("Tile cell %1").arg(cellName(shares, mHover.cell));
    const QString with = mHover.ground ? tr("Its largest pairs, with tile cells: %1.")
                                       : tr("Its largest pairs, with panorama cells: %1.");
    return tr("%1: share %2 (%3 % of %4).")
               .arg(side)
               .arg(localNumber(share, 3))
               .arg(percentOf(share, similarity))
               .arg(localNumber(similarity, 3)) +
           QStringLiteral(" ") + with.arg(partners.join(QStringLiteral("; ")));
}

QColor MatchExplanationView::colourAt(double level) {
    cv::Mat grey(1, 1, CV_8U, cv::Scalar(std::clamp(std::lround(level * 255), 0L, 255L)));
    cv::Mat colour;
    cv::applyColorMap(grey, colour, cv::COLORMAP_INFERNO);
    const cv::Vec3b bgr = colour.at<cv::Vec3b>(0, 0);
    return QColor(bgr[2], bgr[1], bgr[0]);
}

QImage MatchExplanationView::overlayImage(const cv::Mat& shares, QSize size, bool wrapColumns,
                                          double scale, double visibleTop, double visibleBottom) {
    if (size.isEmpty())
        return {};
    // At most kOverlayWidth wide, the image's aspect kept.
    const double f = std::min(1.0, double(kOverlayWidth) / size.width());
    const int width = std::max(1, int(std::lround(size.width() * f)));
    const int height = std::max(1, int(std::lround(size.height() * f)));
    QImage out(width, height, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    const int top = std::clamp(int(std::lround(visibleTop * height)), 0, height);
    const int bottom = std::clamp(int(std::lround(visibleBottom * height)), top, height);
    // Rows the network does not see.
    const QRgb shade = qPremultiply(qRgba(110, 110, 110, 150));
    for (int y = 0; y < height; ++y)
        if (y < top || y >= bottom)
            std::fill_n(reinterpret_cast<QRgb*>(out.scanLine(y)), width, shade);
    if (shares.total() < 2 || bottom <= top)
        return out; // one cell holds the whole similarity: nothing to tell apart
    const cv::Mat map =
        MatchExplanation::overlay(shares, cv::Size(width, bottom - top), wrapColumns);
    cv::Mat level;
    map.convertTo(level, CV_8U, scale > 0 ? 255.0 / scale : 0.0);
    cv::Mat colours;
    cv::applyColorMap(level, colours, cv::COLORMAP_INFERNO);
    for (int y = 0; y < level.rows; ++y) {
        auto* line = reinterpret_cast<QRgb*>(out.scanLine(top + y));
        for (int x = 0; x < width; ++x) {
            // As ExplanationPicture: the image stays readable under weak shares.
            const double weight = 0.25 + 0.5 * level.at<uchar>(y, x) / 255.0;
            const cv::Vec3b c = colours.at<cv::Vec3b>(y, x);
            line[x] = qPremultiply(qRgba(c[2], c[1], c[0], int(std::lround(255 * weight))));
        }
    }
    return out;
}

void MatchExplanationView::rebuild() {
    for (QLabel* label : mCaptions)
        delete label;
    for (ImageView* view : mPanoramas)
        delete view;
    for (ImageView* view : mTiles)
        delete view;
    mCaptions.clear();
    mPanoramas.clear();
    mTiles.clear();
    // One scale for every image: colours compare across the panorama, the tile and the matches.
    mScale = 0;
    for (const Match& m : mMatches)
        for (const cv::Mat* shares :
             {&m.explanation.groundShares(), &m.explanation.satelliteShares()})
            if (shares->total() > 1) {
                double high = 0;
                cv::minMaxLoc(*shares, nullptr, &high);
                mScale = std::max(mScale, high);
            }
    for (int i = 0; i < int(mMatches.size()); ++i) {
        const Match& m = mMatches[size_t(i)];
        auto* caption = new QLabel;
        caption->setAlignment(Qt::AlignHCenter);
        caption->setWordWrap(true);
        auto* panorama = new ImageView;
        auto* tile = new ImageView;
        panorama->setImage(m.panorama);
        tile->setImage(m.tile);
        panorama->setAnnotation(ImageView::Annotation::PanoramaYaw);
        tile->setAnnotation(ImageView::Annotation::Compass);
        panorama->setOverlay(overlayImage(m.explanation.groundShares(), m.panorama.size(), true,
                                          mScale, m.visibleTop, m.visibleBottom),
                             1.0);
        tile->setOverlay(
            overlayImage(m.explanation.satelliteShares(), m.tile.size(), false, mScale), 1.0);
        const QColor frame = m.trueMatch ? Palette::trueMatch() : Palette::wrongMatch();
        panorama->setFrameColor(frame);
        tile->setFrameColor(frame);
        for (const bool ground : {true, false}) {
            ImageView* view = ground ? panorama : tile;
            view->setObjectName(QStringLiteral("%1%2").arg(ground ? "panorama" : "tile").arg(i));
            view->installEventFilter(this);
            connect(view, &ImageView::imagePointHovered, this,
                    [this, i, ground](QPointF at) { hoverCell(i, ground, cellAt(i, ground, at)); });
            view->setDecorator(
                [this, i, ground](QPainter& p, const QTransform& t) { decorate(i, ground, p, t); });
        }
        mCaptions.push_back(caption);
        mPanoramas.push_back(panorama);
        mTiles.push_back(tile);
    }
    mInRow = -1;
    arrange();
    updateTexts();
}

bool MatchExplanationView::rowShowsMore(QSize area, int matches, double panoramaAspect) {
    if (matches < 1 || area.isEmpty() || panoramaAspect <= 0)
        return false;
    const double w = area.width(), h = area.height(), a = panoramaAspect, n = matches;
    // The pixels shown of one match (panorama and tile, each fitted into its cell).
    auto shown = [a](double panoramaHeight, double tileSide) {
        return panoramaHeight * panoramaHeight * a + tileSide * tileSide;
    };
    // Columns: the panorama above the tile, the two rows sharing the height.
    const double columns = shown(std::min(w / n / a, h / 2), std::min(w / n, h / 2));
    // One row: each match's panorama and tile side by side, widths a : 1.
    const double row = shown(std::min(w / (n * (a + 1)), h), std::min(w / (n * (a + 1)), h));
    return row > columns;
}

void MatchExplanationView::arrange() {
    if (mMatches.empty())
        return;
    const QImage& first = mMatches.front().panorama;
    const double aspect = first.isNull() ? 2.0 : double(first.width()) / first.height();
    int captions = 0;
    for (QLabel* caption : mCaptions)
        captions = std::max(captions, caption->sizeHint().height());
    const QSize area(width(), height() - captions - mLegend->sizeHint().height() -
                                  mHoverLine->sizeHint().height() - 16);
    const int n = static_cast<int>(mMatches.size());
    const int inRow = rowShowsMore(area, n, aspect) ? 1 : 0;
    // In one row the images need less than the height: the text stays below them, the rest
    // of the height below the text.
    const int rowHeight = inRow ? std::max(48, int(area.width() / (n * (aspect + 1)))) : 0;
    for (auto* views : {&mPanoramas, &mTiles})
        for (ImageView* view : *views)
            view->setMaximumHeight(inRow ? rowHeight : QWIDGETSIZE_MAX);
    mLayout->setStretch(0, inRow ? 0 : 1);
    mLayout->setStretch(3, inRow ? 1 : 0);
    if (inRow == mInRow)
        return;
    mInRow = inRow;
    for (int i = 0; i < n; ++i) {
        for (QWidget* w : {static_cast<QWidget*>(mCaptions[size_t(i)]),
                           static_cast<QWidget*>(mPanoramas[size_t(i)]),
                           static_cast<QWidget*>(mTiles[size_t(i)])})
            mGrid->removeWidget(w);
    }
    for (int i = 0; i < 2 * n + 1; ++i) {
        mGrid->setColumnStretch(i, 0);
        mGrid->setRowStretch(i, 0);
    }
    // Panoramas get their width's share: their aspect, against the tiles' 1.
    const int stretch = std::max(1, int(std::lround(aspect * 10)));
    for (int i = 0; i < n; ++i) {
        if (inRow) {
            mGrid->addWidget(mCaptions[size_t(i)], 0, 2 * i, 1, 2);
            mGrid->addWidget(mPanoramas[size_t(i)], 1, 2 * i);
            mGrid->addWidget(mTiles[size_t(i)], 1, 2 * i + 1);
            mGrid->setColumnStretch(2 * i, stretch);
            mGrid->setColumnStretch(2 * i + 1, 10);
        } else {
            mGrid->addWidget(mCaptions[size_t(i)], 0, i);
            mGrid->addWidget(mPanoramas[size_t(i)], 1, i);
            mGrid->addWidget(mTiles[size_t(i)], 2, i);
            mGrid->setColumnStretch(i, 1);
        }
    }
    mGrid->setRowStretch(1, 1);
    mGrid->setRowStretch(2, inRow ? 0 : 1);
}

void MatchExplanationView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrange();
}

void MatchExplanationView::updateTexts() {
    for (size_t i = 0; i < mMatches.size(); ++i) {
        const Match& m = mMatches[i];
        const double similarity = m.explanation.similarity();
        // Where the largest shares are: the first thing a reader looks for.
        auto largest = [&](const cv::Mat& shares) {
            cv::Point at;
            double high = 0;
            cv::minMaxLoc(shares, nullptr, &high, nullptr, &at);
            return std::make_pair(at.y * shares.cols + at.x, high);
        };
        const auto [groundCell, groundShare] = largest(m.explanation.groundShares());
        const auto [tileCell, tileShare] = largest(m.explanation.satelliteShares());
        QString text = tr("<b>%1</b> · similarity <b>%2</b>")
                           .arg(m.caption.toHtmlEscaped())
                           .arg(localNumber(similarity, 3));
        if (!m.explanation.isExact()) {
            // No shares to give percentages of: say what the colours are instead.
            text += QStringLiteral("<br>") + tr("gradient × input (an approximation)");
            mCaptions[i]->setToolTip(
                tr("Where the similarity's gradient times the input is largest, per pixel of "
                   "the images as the network sees them; negative values are not drawn."));
            mCaptions[i]->setText(text);
            continue;
        }
        text += QStringLiteral("<br>") + tr("largest cell: panorama %1 %, tile %2 %")
                                             .arg(percentOf(groundShare, similarity))
                                             .arg(percentOf(tileShare, similarity));
        // Where they are, for the reader who wants it.
        mCaptions[i]->setToolTip(
            tr("The panorama's largest share is cell %1 (%2 cells), the tile's cell %3 (%4 "
               "cells).")
                .arg(cellName(m.explanation.groundShares(), groundCell))
                .arg(m.explanation.groundShares().total())
                .arg(cellName(m.explanation.satelliteShares(), tileCell))
                .arg(m.explanation.satelliteShares().total()));
        mCaptions[i]->setText(text);
    }
    updateLegend();
    mHoverLine->setText(hoverText());
}

void MatchExplanationView::updateLegend() {
    if (mMatches.empty() || mScale <= 0) {
        mLegend->clear();
        mLegend->setVisible(false);
        return;
    }
    mLegend->setVisible(true);
    // A horizontal colour ramp from no share to the largest, with the title beside it.
    const QFontMetrics metrics = fontMetrics();
    const int rampWidth = 220, rampHeight = metrics.height();
    const bool approximate = approximated(mMatches);
    const QString low = localNumber(0, 0);
    // Gradient × input is small and of no fixed size: its significant digits, not 3 decimals.
    const QString high = approximate ? QLocale().toString(mScale, 'g', 2) : localNumber(mScale, 3);
    const QString title =
        approximate ? tr("Gradient × input per pixel, positive part (one scale for all images):")
                    : tr("Share of the similarity per cell (one scale for all images):");
    const int titleWidth = metrics.horizontalAdvance(title) + 8;
    const int lowWidth = metrics.horizontalAdvance(low) + 6;
    const int highWidth = metrics.horizontalAdvance(high) + 6;
    const qreal dpr = devicePixelRatioF();
    QPixmap legend(QSize(titleWidth + lowWidth + rampWidth + highWidth, rampHeight + 4) * dpr);
    legend.setDevicePixelRatio(dpr);
    legend.fill(Qt::transparent);
    QPainter p(&legend);
    p.setPen(palette().color(QPalette::WindowText));
    p.setFont(font());
    const int baseline = 2 + metrics.ascent();
    p.drawText(0, baseline, title);
    p.drawText(titleWidth, baseline, low);
    for (int x = 0; x < rampWidth; ++x) {
        // As overlayImage() draws it: weight 0.25 at no share, 0.75 at the largest, on white.
        const double level = double(x) / (rampWidth - 1);
        const QColor c = colourAt(level);
        const double w = 0.25 + 0.5 * level;
        p.setPen(QColor::fromRgbF(c.redF() * w + (1 - w), c.greenF() * w + (1 - w),
                                  c.blueF() * w + (1 - w)));
        p.drawLine(titleWidth + lowWidth + x, 2, titleWidth + lowWidth + x, rampHeight + 1);
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(titleWidth + lowWidth, 2, rampWidth - 1, rampHeight - 1);
    p.drawText(titleWidth + lowWidth + rampWidth + 6, baseline, high);
    p.end();
    mLegend->setPixmap(legend);
    mLegend->setToolTip(
        approximate
            ? tr("Gradient × input of the similarity per pixel, positive part, smoothed a "
                 "little: an approximation, not an exact split; its values do not add up to the "
                 "similarity. Greyed rows are not seen by the network.")
            : tr("Each cell's share of the similarity, spread smoothly between cell centres; the "
                 "shares of an image add up to its match's similarity. Greyed rows are not seen by "
                 "the network."));
}

void MatchExplanationView::decorate(int match, bool ground, QPainter& p, const QTransform& t) {
    if (mHover.match != match)
        return;
    const double similarity = mMatches[size_t(match)].explanation.similarity();
    p.setRenderHint(QPainter::Antialiasing);
    if (mHover.ground == ground) {
        // The hovered cell: a white dashed outline.
        p.setPen(QPen(Qt::white, 2, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(t.mapRect(cellRect(match, ground, mHover.cell)).adjusted(1, 1, -1, -1));
        return;
    }
    // Its partners, strongest first: thicker outlines, numbered, with their share.
    QFont font = p.font();
    font.setBold(true);
    p.setFont(font);
    for (size_t i = 0; i < mHover.partners.size(); ++i) {
        const Partner& partner = mHover.partners[i];
        // Inside the image's frame (3 px), so a cell at the edge keeps its outline.
        const QRectF r = t.mapRect(cellRect(match, ground, partner.cell)).adjusted(5, 5, -5, -5);
        const QColor colour = i == 0 ? QColor(0, 230, 255) : QColor(120, 240, 255);
        p.setPen(QPen(QColor(0, 0, 0, 160), 5 - int(i)));
        p.setBrush(Qt::NoBrush);
        p.drawRect(r);
        p.setPen(QPen(colour, 3 - int(i)));
        p.drawRect(r);
        const QString label =
            QStringLiteral("%1 · %2 %").arg(i + 1).arg(percentOf(partner.share, similarity));
        outlinedtext::draw(p, r.topLeft() + QPointF(4, 4 + QFontMetricsF(font).ascent()), label,
                           colour);
    }
}

bool MatchExplanationView::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Leave && mHover.match >= 0)
        hoverCell(-1, true, -1);
    return QWidget::eventFilter(watched, event);
}

void MatchExplanationView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        updateTexts();
    QWidget::changeEvent(event);
}

} // namespace orinet
