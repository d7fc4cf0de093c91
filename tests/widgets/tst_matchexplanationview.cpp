#include "imageview.h"
#include "matchexplanationview.h"

#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

#include <opencv2/core.hpp>

#include <algorithm>
#include <random>

using namespace orinet;

namespace {

//! Cell features with channel values in [0.1, 1) from a seed, and `strong` (cell, channel)
//! entries set to `level`.
CellFeatures cells(int rows, int cols, int channels, unsigned seed,
                   const std::vector<std::pair<int, int>>& strong = {}, float level = 6) {
    CellFeatures f;
    f.rows = rows;
    f.cols = cols;
    f.values = cv::Mat(rows * cols, channels, CV_32F);
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> uniform(0.1f, 1.0f);
    for (int i = 0; i < f.values.rows; ++i)
        for (int c = 0; c < channels; ++c)
            f.values.at<float>(i, c) = uniform(random);
    for (const auto& [cell, channel] : strong)
        f.values.at<float>(cell, channel) = level;
    return f;
}

QImage grey(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor(110, 110, 110));
    return image;
}

bool isOutline(const QColor& c) {
    return c.blue() > 200 && c.green() > 200 && c.red() < 140;
}

//! Outline-coloured pixels of a view's picture inside an image rectangle.
int outlinePixels(ImageView* view, const QRectF& imageRect) {
    const QImage shot = view->grab().toImage();
    const QRect area = view->imageToWidget().mapRect(imageRect).toAlignedRect();
    int count = 0;
    for (int y = std::max(0, area.top()); y <= std::min(shot.height() - 1, area.bottom()); ++y)
        for (int x = std::max(0, area.left()); x <= std::min(shot.width() - 1, area.right()); ++x)
            count += isOutline(shot.pixelColor(x, y)) ? 1 : 0;
    return count;
}

} // namespace

//! The "why this match" view, fed explanations made from hand-made cell features (no model).
class TestMatchExplanationView : public QObject {
    Q_OBJECT
private slots:
    void topPartnersAreTheLargestPairs();
    void hoveringACellOutlinesItsPartners();
    void cellsCoverOnlyTheRowsTheNetworkSees();
    void overlayFollowsTheShares();
    void arrangesTheMatchesToShowThemLargest();
};

void TestMatchExplanationView::topPartnersAreTheLargestPairs() {
    // Ground cell 1 and satellite cell 2 share a strong channel: their pair dominates.
    const MatchExplanation e(cells(2, 3, 16, 1, {{1, 4}}), cells(2, 2, 16, 2, {{2, 4}}));
    const auto top = MatchExplanationView::topPartners(e, true, 1);
    QCOMPARE(int(top.size()), MatchExplanationView::kPartners);
    QCOMPARE(top[0].cell, 2);
    // Every partner list is the row (ground) or column (satellite) of the pair matrix sorted.
    for (const bool ground : {true, false})
        for (int cell = 0; cell < (ground ? 6 : 4); ++cell) {
            const auto partners = MatchExplanationView::topPartners(e, ground, cell, 10);
            const cv::Mat line = ground ? e.cellPairs().row(cell) : e.cellPairs().col(cell).t();
            QCOMPARE(partners.size(), line.total()); // asking for more gives them all
            std::vector<double> sorted(line.begin<double>(), line.end<double>());
            std::sort(sorted.rbegin(), sorted.rend());
            for (size_t i = 0; i < partners.size(); ++i) {
                QCOMPARE(partners[i].share, sorted[i]);
                QCOMPARE(line.at<double>(partners[i].cell), partners[i].share);
            }
        }
    const auto fromTile = MatchExplanationView::topPartners(e, false, 2, 1);
    QCOMPARE(fromTile.size(), size_t(1));
    QCOMPARE(fromTile[0].cell, 1);
    QVERIFY(MatchExplanationView::topPartners(e, true, 6).empty()); // outside the grid
    QVERIFY(MatchExplanationView::topPartners(e, false, -1).empty());
}

void TestMatchExplanationView::hoveringACellOutlinesItsPartners() {
    MatchExplanationView view;
    view.resize(900, 600);
    MatchExplanationView::Match m;
    // Ground cell 4 (row 1, column 1 of 2 x 3) pairs with tile cell 1 (row 0, column 1).
    m.explanation = MatchExplanation(cells(2, 3, 16, 3, {{4, 7}}), cells(2, 2, 16, 4, {{1, 7}}));
    m.panorama = grey(300, 100);
    m.tile = grey(120, 120);
    m.caption = "true tile";
    m.trueMatch = true;
    view.setMatches({m});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy changed(&view, &MatchExplanationView::hoverChanged);

    // The mouse over ground cell 4: its centre in image pixels is (150, 75).
    ImageView* panorama = view.panoramaView(0);
    ImageView* tile = view.tileView(0);
    QCOMPARE(view.cellAt(0, true, QPointF(150, 75)), 4);
    emit panorama->imagePointHovered(QPointF(150, 75));
    QCOMPARE(changed.count(), 1);
    const MatchExplanationView::Hover& hover = view.hovered();
    QCOMPARE(hover.match, 0);
    QVERIFY(hover.ground);
    QCOMPARE(hover.cell, 4);
    QCOMPARE(int(hover.partners.size()), 3);
    QCOMPARE(hover.partners[0].cell, 1);
    QCOMPARE(hover.partners, MatchExplanationView::topPartners(m.explanation, true, 4));
    // The partners are outlined on the tile, the cell that is not one of them is not.
    std::vector<int> partners;
    for (const auto& p : hover.partners)
        partners.push_back(p.cell);
    const int other = 6 - partners[0] - partners[1] - partners[2]; // cells 0..3 sum to 6
    QVERIFY(outlinePixels(tile, view.cellRect(0, false, 1)) > 50);
    QCOMPARE(outlinePixels(tile, view.cellRect(0, false, other).adjusted(8, 8, -8, -8)), 0);
    // The line below says it in words, with the share's percentage of the similarity.
    const QString text = view.findChild<QLabel*>("explanationHover")->text();
    QVERIFY2(text.contains("Panorama cell row 2, column 2"), qPrintable(text));
    QVERIFY2(text.contains("with tile cells: row 1, column 2 ("), qPrintable(text));

    // Hovering the tile the other way round: tile cell 1's partners are panorama cells.
    view.hoverCell(0, false, 1);
    QVERIFY(!view.hovered().ground);
    QCOMPARE(view.hovered().partners[0].cell, 4);
    QVERIFY(outlinePixels(panorama, view.cellRect(0, true, 4)) > 50);
    QCOMPARE(outlinePixels(tile, QRectF(0, 0, 120, 120)), 0);

    // Leaving the cells clears the highlight.
    emit tile->imagePointHovered(QPointF(-5, 10));
    QCOMPARE(view.hovered().match, -1);
    QCOMPARE(outlinePixels(panorama, QRectF(0, 0, 300, 100)), 0);
}

void TestMatchExplanationView::cellsCoverOnlyTheRowsTheNetworkSees() {
    // A CVACT panorama: the network sees rows 25..75 of 100 (its middle half).
    MatchExplanationView view;
    MatchExplanationView::Match m;
    m.explanation = MatchExplanation(cells(1, 4, 8, 5), cells(2, 2, 8, 6));
    m.panorama = grey(200, 100);
    m.tile = grey(64, 64);
    m.visibleTop = 0.25;
    m.visibleBottom = 0.75;
    view.setMatches({m});
    QCOMPARE(view.cellRect(0, true, 0), QRectF(0, 25, 50, 50));
    QCOMPARE(view.cellRect(0, true, 3), QRectF(150, 25, 50, 50));
    QCOMPARE(view.cellAt(0, true, QPointF(120, 10)), -1); // above the network's rows
    QCOMPARE(view.cellAt(0, true, QPointF(120, 30)), 2);
    QCOMPARE(view.cellAt(0, true, QPointF(120, 80)), -1);
    QCOMPARE(view.cellRect(0, false, 3), QRectF(32, 32, 32, 32));
    // The overlay shades the rows outside in grey and colours the ones inside.
    const QImage overlay = view.panoramaView(0)->overlay();
    QCOMPARE(overlay.size(), QSize(200, 100));
    const QColor outside = overlay.pixelColor(100, 5);
    QVERIFY(outside.alpha() > 100);
    QVERIFY(outside.red() == outside.green() && outside.green() == outside.blue());
    const QColor inside = overlay.pixelColor(100, 50);
    QVERIFY(inside.alpha() > 0);
    QVERIFY(inside.red() != inside.blue()); // an inferno colour, not grey
}

void TestMatchExplanationView::overlayFollowsTheShares() {
    // Shares rising from left to right: the overlay is stronger (more opaque, brighter) where
    // the share is larger, and the largest share of any image shown is the scale.
    const cv::Mat shares = (cv::Mat_<double>(1, 4) << 0.01, 0.05, 0.1, 0.2);
    const QImage overlay = MatchExplanationView::overlayImage(shares, {400, 50}, false, 0.2);
    const QColor weak = overlay.pixelColor(50, 25), strong = overlay.pixelColor(350, 25);
    QVERIFY(strong.alpha() > weak.alpha());
    QVERIFY(strong.lightness() > weak.lightness());
    QCOMPARE(strong.alpha(), int(std::lround(255 * 0.75)));
    // One cell holds the whole similarity: no colour.
    const QImage single = MatchExplanationView::overlayImage(cv::Mat(1, 1, CV_64F, cv::Scalar(0.5)),
                                                             {64, 64}, false, 0.5);
    QCOMPARE(single.pixelColor(32, 32).alpha(), 0);

    MatchExplanationView view;
    MatchExplanationView::Match a, b;
    a.explanation = MatchExplanation(cells(1, 4, 8, 7, {{0, 1}}), cells(2, 2, 8, 8, {{0, 1}}));
    b.explanation = MatchExplanation(cells(1, 4, 8, 9), cells(2, 2, 8, 10));
    a.panorama = b.panorama = grey(200, 50);
    a.tile = b.tile = grey(64, 64);
    view.setMatches({a, b});
    double high = 0;
    for (const auto* m : {&a, &b})
        for (const cv::Mat* s :
             {&m->explanation.groundShares(), &m->explanation.satelliteShares()}) {
            double h = 0;
            cv::minMaxLoc(*s, nullptr, &h);
            high = std::max(high, h);
        }
    QCOMPARE(view.scale(), high);
    QVERIFY(view.findChild<QLabel*>("explanationLegend")->isVisibleTo(&view));
    QVERIFY(!view.panoramaView(1)->overlay().isNull());
    QVERIFY(view.panoramaView(2) == nullptr);
}

void TestMatchExplanationView::arrangesTheMatchesToShowThemLargest() {
    // A wide, low area: CVACT's 2:1 panoramas beside their tiles, in one row, show larger;
    // CVUSA's long strips above their tiles; a tall area always gets columns.
    QVERIFY(MatchExplanationView::rowShowsMore({800, 200}, 2, 2.0));
    QVERIFY(!MatchExplanationView::rowShowsMore({800, 200}, 2, 5.5));
    QVERIFY(!MatchExplanationView::rowShowsMore({600, 700}, 2, 2.0));
    MatchExplanationView view;
    MatchExplanationView::Match m;
    m.explanation = MatchExplanation(cells(1, 4, 8, 5), cells(2, 2, 8, 6));
    m.panorama = grey(200, 100);
    m.tile = grey(64, 64);
    view.setMatches({m, m});
    view.resize(1000, 330);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY(view.isInRow());
    // Side by side: the tile right of its panorama.
    QTRY_VERIFY(view.tileView(0)->geometry().left() >= view.panoramaView(0)->geometry().right());
    view.resize(600, 900);
    QTRY_VERIFY(!view.isInRow());
    QTRY_VERIFY(view.tileView(0)->geometry().top() >= view.panoramaView(0)->geometry().bottom());
}

QTEST_MAIN(TestMatchExplanationView)
#include "tst_matchexplanationview.moc"
