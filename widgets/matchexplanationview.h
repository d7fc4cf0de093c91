#pragma once

#include "explain/matchexplanation.h"

#include <QImage>
#include <QRectF>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QVBoxLayout;

namespace orinet {

class ImageView;

//! Why a panorama matches a tile, for one or more matches side by side (docs/explain.md): one
//! column per match, the panorama above the tile, each with its cells' shares of the similarity
//! drawn over it (inferno colours, spread smoothly between cell centres; one scale for every
//! image shown, so colours compare across matches), a caption with the similarity, and a legend.
//!
//! Hovering a cell of one image outlines it, and outlines on the other image of its match the
//! cells it shares most with (the largest entries of its row or column of the cell-to-cell
//! matrix, MatchExplanation::cellPairs()), each labelled with its share and its percentage of
//! the similarity; a line below the images says the same in words.
//!
//! Another method's TorchScript model is explained by gradient × input per pixel instead
//! (MatchExplanation::isExact() false): the same colours per pixel, captions and legend saying
//! it is an approximation, and no hovering (there are no cells and no cell-to-cell matrix).
//!
//! A panorama's cells cover only the rows the network sees (Match::visibleTop/Bottom: a CVACT
//! panorama is cropped to its middle half), the other rows are shaded.
//!
//! Threading: GUI thread only.
class MatchExplanationView : public QWidget {
    Q_OBJECT
public:
    struct Match {
        MatchExplanation explanation;
        QImage panorama; //!< as shown to the user (the whole file)
        QImage tile;
        QString caption; //!< what the match is, e.g. "true tile v003"; the similarity is added
        bool trueMatch = false; //!< framed in the true-match colour
        //! The rows of `panorama` the network sees, as fractions of its height.
        double visibleTop = 0;
        double visibleBottom = 1;
    };
    //! A cell of the other image and what it shares with the hovered cell.
    struct Partner {
        int cell = -1; //!< row-major in its grid
        double share = 0;
        bool operator==(const Partner& o) const { return cell == o.cell && share == o.share; }
    };
    //! What is hovered: a cell of match `match`'s panorama (`ground`) or tile, and its partners.
    struct Hover {
        int match = -1; //!< -1: nothing hovered
        bool ground = true;
        int cell = -1;
        std::vector<Partner> partners;
    };

    static constexpr int kPartners = 3;

    explicit MatchExplanationView(QWidget* parent = nullptr);

    void setMatches(std::vector<Match> matches);
    void clear() { setMatches({}); }
    const std::vector<Match>& matches() const { return mMatches; }
    ImageView* panoramaView(int match) const;
    ImageView* tileView(int match) const;
    //! The share drawn at full strength: the largest share of any cell shown.
    double scale() const { return mScale; }

    //! The `count` cells of the other image that share most with `cell` of the panorama
    //! (`groundCell`) or of the tile, largest first (ties: lower cell first).
    static std::vector<Partner> topPartners(const MatchExplanation& explanation, bool groundCell,
                                            int cell, int count = kPartners);
    //! The cell of match `match`'s panorama or tile under `imagePoint` (image pixels), or -1.
    int cellAt(int match, bool ground, QPointF imagePoint) const;
    //! Where cell `cell` lies on the image shown, in image pixels.
    QRectF cellRect(int match, bool ground, int cell) const;

    //! Hovers a cell as the mouse does (tests, scripted tours); a cell of -1 clears.
    void hoverCell(int match, bool ground, int cell);
    //! Hovers the cell of the panorama (`ground`) or tile with the largest share (pictures).
    void hoverLargest(int match, bool ground);
    const Hover& hovered() const { return mHover; }
    //! The line describing the hovered cell (or how to use the view), in the current language.
    QString hoverText() const;

    //! The shares as an overlay for an image of `size` (ARGB, to be drawn at full opacity): the
    //! shares spread smoothly between cell centres over the rows [visibleTop, visibleBottom) of
    //! the image, inferno colours whose weight follows the share (`scale` at full strength), the
    //! other rows shaded grey. A single cell gives no colour (nothing to tell apart).
    static QImage overlayImage(const cv::Mat& shares, QSize size, bool wrapColumns, double scale,
                               double visibleTop = 0, double visibleBottom = 1);
    //! Whether `matches` matches show larger in one row (each panorama beside its tile) than
    //! in columns (each panorama above its tile) in an `area` for the images.
    static bool rowShowsMore(QSize area, int matches, double panoramaAspect);
    //! Whether the matches are shown in one row now.
    bool isInRow() const { return mInRow == 1; }

    //! The inferno colour of a level in [0, 1].
    static QColor colourAt(double level);

signals:
    void hoverChanged();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    //! Lays the matches out in columns or in one row, whichever shows them larger.
    void arrange();
    void updateTexts();
    void updateLegend();
    void decorate(int match, bool ground, QPainter& painter, const QTransform& imageToWidget);
    const cv::Mat& sharesOf(int match, bool ground) const;

    std::vector<Match> mMatches;
    double mScale = 0;
    Hover mHover;
    int mInRow = -1; //!< -1: not arranged yet

    QVBoxLayout* mLayout;
    QGridLayout* mGrid;
    std::vector<QLabel*> mCaptions;
    std::vector<ImageView*> mPanoramas;
    std::vector<ImageView*> mTiles;
    QLabel* mLegend;
    QLabel* mHoverLine;
};

} // namespace orinet
