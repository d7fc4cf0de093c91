#include "trainingcurves.h"

#include "common/numbertext.h"
#include "common/textformat.h"
#include "localnumber.h"
#include "recallplot.h"

#include <QEvent>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

namespace orinet {

namespace {

// Where each panel's legend may sit inside its axes, in order of preference. The loss falls
// and the recall rises, but on axes scaled to the data no corner is sure to be empty.
const Qt::Alignment kLossCorners[] = {Qt::AlignTop | Qt::AlignRight,
                                      Qt::AlignBottom | Qt::AlignLeft, Qt::AlignTop | Qt::AlignLeft,
                                      Qt::AlignBottom | Qt::AlignRight};
const Qt::Alignment kRecallCorners[] = {
    Qt::AlignTop | Qt::AlignLeft, Qt::AlignBottom | Qt::AlignRight, Qt::AlignTop | Qt::AlignRight,
    Qt::AlignBottom | Qt::AlignLeft};

//! How one run's records map to the x axis.
struct Mapping {
    double stepsPerEpoch = 0;
    double startTime = NAN;
};

Mapping mappingOf(const TrainingHistory& h) {
    Mapping m;
    m.stepsPerEpoch = static_cast<double>(h.stepsPerEpoch);
    if (m.stepsPerEpoch <= 0)
        for (const auto& e : h.epochs)
            if (e.epoch > 0 && e.step > 0) {
                m.stepsPerEpoch = static_cast<double>(e.step) / e.epoch;
                break;
            }
    for (const auto& s : h.steps)
        if (std::isfinite(s.unixTime) && !(s.unixTime >= m.startTime))
            m.startTime = s.unixTime;
    for (const auto& e : h.epochs)
        if (std::isfinite(e.unixTime) && !(e.unixTime >= m.startTime))
            m.startTime = e.unixTime;
    return m;
}

double stepX(const Mapping& m, const TrainingHistory::Step& s, TrainingCurves::XAxis axis) {
    switch (axis) {
    case TrainingCurves::XAxis::Step:
        return static_cast<double>(s.step);
    case TrainingCurves::XAxis::Epoch:
        // Fractional epochs: the end of epoch e is at e.
        return m.stepsPerEpoch > 0 ? s.step / m.stepsPerEpoch : s.epoch;
    default:
        return s.unixTime - m.startTime;
    }
}

double epochX(const Mapping& m, const TrainingHistory::Epoch& e, TrainingCurves::XAxis axis) {
    switch (axis) {
    case TrainingCurves::XAxis::Step:
        return static_cast<double>(e.step);
    case TrainingCurves::XAxis::Epoch:
        return e.epoch;
    default:
        return e.unixTime - m.startTime;
    }
}

//! For the CSV: a '.' decimal point whatever the locale; 6 significant digits by default.
std::string number(double v, int decimals = -1) {
    if (!std::isfinite(v))
        return {};
    return decimals < 0 ? text::general(v, 6) : text::fixed(v, decimals);
}

} // namespace

TrainingCurves::TrainingCurves(QWidget* parent)
    : FigurePlot(parent) {
    rebuild();
}

void TrainingCurves::setHistories(std::vector<TrainingHistory> histories) {
    mHistories = std::move(histories);
    rebuild();
}

void TrainingCurves::appendStep(int index, const TrainingHistory::Step& step) {
    mHistories.at(static_cast<size_t>(index)).steps.push_back(step);
}

void TrainingCurves::appendEpoch(int index, const TrainingHistory::Epoch& epoch) {
    mHistories.at(static_cast<size_t>(index)).epochs.push_back(epoch);
}

void TrainingCurves::refresh() {
    rebuild();
}

void TrainingCurves::setSmoothing(double weight) {
    mSmoothing = std::clamp(weight, 0.0, 0.999);
    rebuild();
}

void TrainingCurves::setXAxis(XAxis axis) {
    mXAxis = axis;
    rebuild();
}

void TrainingCurves::setFontSize(double points) {
    mFontSize = points;
    rebuild();
}

std::vector<double> TrainingCurves::smooth(const std::vector<double>& values, double weight) {
    std::vector<double> out(values.size());
    double last = 0;
    int count = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            out[i] = values[i];
            continue;
        }
        last = last * weight + (1 - weight) * values[i];
        ++count;
        const double debias = weight >= 1 ? 1 : 1 - std::pow(weight, count);
        out[i] = last / debias;
    }
    return out;
}

double TrainingCurves::xOf(const TrainingHistory& history, const TrainingHistory::Step& step,
                           XAxis axis) {
    return stepX(mappingOf(history), step, axis);
}

double TrainingCurves::xOf(const TrainingHistory& history, const TrainingHistory::Epoch& epoch,
                           XAxis axis) {
    return epochX(mappingOf(history), epoch, axis);
}

void TrainingCurves::rebuild() {
    clearPlottables();
    plotLayout()->clear();
    legend = nullptr;
    mGraphs.clear();
    mRecallLegend = nullptr;
    mRecallKeys.clear();
    mLegendsBelow = false;

    mLossRect = new QCPAxisRect(this);
    mRecallRect = new QCPAxisRect(this);
    plotLayout()->addElement(0, 0, mLossRect);
    plotLayout()->addElement(1, 0, mRecallRect);
    plotLayout()->setRowStretchFactors({3, 2});
    auto* margins = new QCPMarginGroup(this);
    for (QCPAxisRect* rect : {mLossRect, mRecallRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        // A paper figure is 180 pt high: QCustomPlot's 50 px minimum plot height and 15 px
        // minimum margins per panel would squeeze everything, legends included, below what
        // their text needs. Left and right keep room for half a tick label on the frame.
        rect->setMinimumSize(50, 20);
        rect->setMinimumMargins(QMargins(15, 4, 15, 3));
        for (QCPAxis* axis : rect->axes()) {
            axis->setTickLabelFont(fontOfSize(mFontSize));
            axis->setLabelFont(fontOfSize(mFontSize + 1));
            axis->grid()->setPen(QPen(QColor(215, 215, 215), 0.5, Qt::DotLine));
        }
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        switch (mXAxis) {
        case XAxis::Step: {
            x->setLabel(tr("step"));
            // Whole steps only: no "2.5" on a short run.
            QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
            ticker->setTickStep(1.0);
            ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            x->setTicker(ticker);
            break;
        }
        case XAxis::Epoch:
            x->setLabel(tr("epoch"));
            break;
        case XAxis::WallTime: {
            x->setLabel(tr("wall time (h:mm:ss)"));
            QSharedPointer<QCPAxisTickerTime> ticker(new QCPAxisTickerTime);
            ticker->setTimeFormat(QStringLiteral("%h:%m:%s"));
            x->setTicker(ticker);
            break;
        }
        }
    }
    // Both panels share the x range: only the lower one labels it, which leaves the curves
    // the height of a tick row and an axis title.
    mLossRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    mLossRect->axis(QCPAxis::atBottom)->setLabel(QString());
    // The CVACT variant drops masked pairs where the released code counts them as log 2 each:
    // its curves are lower than the released code's logs, so the axis says which one this is.
    const bool released = std::any_of(mHistories.begin(), mHistories.end(), [](const auto& h) {
        return std::any_of(h.steps.begin(), h.steps.end(), [](const TrainingHistory::Step& s) {
            return !std::isnan(s.releasedLoss);
        });
    });
    mLossRect->axis(QCPAxis::atLeft)
        ->setLabel(released ? tr("loss (masked pairs dropped)") : tr("loss"));
    // A query/gallery run validates held-out panoramas against the whole gallery, which is
    // not the one-to-one recall of a split of pairs: the title says so when one is drawn.
    const bool queryGallery =
        std::any_of(mHistories.begin(), mHistories.end(), [](const TrainingHistory& h) {
            return std::any_of(h.epochs.begin(), h.epochs.end(),
                               [](const auto& e) { return std::isfinite(e.hitRate); });
        });
    mRecallTitle =
        queryGallery ? tr("validation recall vs. whole gallery (%)") : tr("validation recall (%)");
    mRecallRect->axis(QCPAxis::atLeft)->setLabel(mRecallTitle);
    mRecallRect->axis(QCPAxis::atLeft)->setRange(0, 100);

    // Compact entries, as the recall plot's: at a paper figure's size a default legend covers
    // half a panel.
    auto styleLegend = [this](QCPLegend* l) {
        l->setLayer(QStringLiteral("legend"));
        l->setFont(fontOfSize(mFontSize));
        l->setBrush(QColor(255, 255, 255, 220));
        l->setBorderPen(QPen(QColor(170, 170, 170), 0.5));
        l->setRowSpacing(0);
        l->setIconSize(18, 8);
        l->setMargins(QMargins(4, 2, 4, 2));
    };
    legend = new QCPLegend;
    mLossRect->insetLayout()->addElement(legend, kLossCorners[0]);
    styleLegend(legend);
    auto* recallLegend = new QCPLegend;
    // Recall rises during training: the top left is the corner its points usually avoid
    // (updateLayout() moves it when they do not).
    mRecallRect->insetLayout()->addElement(recallLegend, kRecallCorners[0]);
    mRecallLegend = recallLegend;
    styleLegend(recallLegend);

    double xMin = std::numeric_limits<double>::infinity(), xMax = -xMin;
    double lossMin = xMin, lossMax = -xMin;
    double recallMin = xMin, recallMax = -xMin;
    bool anyRecall = false;
    for (size_t i = 0; i < mHistories.size(); ++i) {
        const TrainingHistory& h = mHistories[i];
        const Mapping m = mappingOf(h);
        const QColor colour = RecallPlot::curveColor(static_cast<int>(i));
        RunGraphs g;
        QVector<double> keys, raw;
        std::vector<double> losses;
        for (const auto& s : h.steps) {
            const double x = stepX(m, s, mXAxis);
            if (!std::isfinite(x))
                continue;
            keys << x;
            raw << s.loss;
            losses.push_back(s.loss);
        }
        const std::vector<double> smoothed = smooth(losses, mSmoothing);
        for (size_t k = 0; k < losses.size(); ++k) {
            xMin = std::min(xMin, keys[int(k)]);
            xMax = std::max(xMax, keys[int(k)]);
            if (std::isfinite(losses[k])) {
                lossMin = std::min(lossMin, losses[k]);
                lossMax = std::max(lossMax, losses[k]);
            }
        }
        QColor faint = colour;
        faint.setAlpha(70);
        g.raw = addGraph(mLossRect->axis(QCPAxis::atBottom), mLossRect->axis(QCPAxis::atLeft));
        g.raw->setPen(QPen(faint, 1));
        g.raw->setData(keys, raw, /*alreadySorted=*/false);
        g.smoothed = addGraph(mLossRect->axis(QCPAxis::atBottom), mLossRect->axis(QCPAxis::atLeft));
        g.smoothed->setPen(QPen(colour, 1.6));
        g.smoothed->setName(h.name);
        g.smoothed->setData(keys, QVector<double>(smoothed.begin(), smoothed.end()), false);
        g.smoothed->addToLegend(legend);

        QVector<double> ex, r1, r1p;
        for (const auto& e : h.epochs) {
            const double x = epochX(m, e, mXAxis);
            if (!std::isfinite(x))
                continue;
            xMin = std::min(xMin, x);
            xMax = std::max(xMax, x);
            // An epoch without validation (--val-every) is no gap: the line joins the
            // validated epochs on either side of it.
            if (!std::isfinite(e.recallAt1) && !std::isfinite(e.recallAtOnePercent))
                continue;
            ex << x;
            r1 << 100 * e.recallAt1;
            r1p << 100 * e.recallAtOnePercent;
            anyRecall = anyRecall || std::isfinite(e.recallAtOnePercent);
            for (const double r : {100 * e.recallAt1, 100 * e.recallAtOnePercent})
                if (std::isfinite(r)) {
                    recallMin = std::min(recallMin, r);
                    recallMax = std::max(recallMax, r);
                }
        }
        g.recallAtOnePercent =
            addGraph(mRecallRect->axis(QCPAxis::atBottom), mRecallRect->axis(QCPAxis::atLeft));
        g.recallAtOnePercent->setPen(QPen(colour, 1.6));
        g.recallAtOnePercent->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
        g.recallAtOnePercent->setName(tr("%1 r@1%").arg(h.name));
        g.recallAtOnePercent->setData(ex, r1p, false);
        g.recallAt1 =
            addGraph(mRecallRect->axis(QCPAxis::atBottom), mRecallRect->axis(QCPAxis::atLeft));
        g.recallAt1->setPen(QPen(colour, 1.3, Qt::DashLine));
        g.recallAt1->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 5));
        g.recallAt1->setName(tr("%1 r@1").arg(h.name));
        g.recallAt1->setData(ex, r1, false);
        mGraphs.push_back(g);
    }
    // The loss legend names the runs by colour; the recall legend only keys the two figures'
    // line styles, however many runs there are.
    for (const auto& [name, style, shape] :
         {std::tuple{tr("r@1%"), Qt::SolidLine, QCPScatterStyle::ssDisc},
          std::tuple{tr("r@1"), Qt::DashLine, QCPScatterStyle::ssSquare}}) {
        QCPGraph* key =
            addGraph(mRecallRect->axis(QCPAxis::atBottom), mRecallRect->axis(QCPAxis::atLeft));
        key->setPen(QPen(QColor(60, 60, 60), 1.4, style));
        key->setScatterStyle(QCPScatterStyle(shape, 5));
        key->setName(name);
        key->addToLegend(recallLegend);
        mRecallKeys.push_back(key);
    }
    legend->setVisible(legend->itemCount() > 0);
    recallLegend->setVisible(anyRecall);
    mAnyRecall = anyRecall;
    if (xMin <= xMax) {
        // A little room on the right so the newest point is not on the frame.
        const double pad = std::max(1e-9, (xMax - xMin) * 0.02);
        for (QCPAxisRect* rect : {mLossRect, mRecallRect})
            rect->axis(QCPAxis::atBottom)
                ->setRange(mXAxis == XAxis::Step ? std::max(0.0, xMin - pad) : xMin - pad,
                           xMax + pad);
    }
    if (lossMin <= lossMax) {
        // A nearly flat loss still gets readable, distinct tick labels.
        const double pad = std::max({1e-6, (lossMax - lossMin) * 0.05,
                                     0.01 * std::max(std::abs(lossMin), std::abs(lossMax))});
        mLossRect->axis(QCPAxis::atLeft)->setRange(lossMin - pad, lossMax + pad);
    }
    // Recall scaled to the data within 0-100 %: early runs at 2-7 % are no flat line at the
    // bottom of the full scale.
    if (recallMin <= recallMax) {
        const double pad = std::max(1.0, (recallMax - recallMin) * 0.08);
        mRecallRect->axis(QCPAxis::atLeft)
            ->setRange(std::max(0.0, recallMin - pad), std::min(100.0, recallMax + pad));
    } else {
        mRecallRect->axis(QCPAxis::atLeft)->setRange(0, 100);
    }
    replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingCurves::hoverText(const QPointF& pos) const {
    const bool loss = mLossRect && mLossRect->rect().contains(pos.toPoint());
    const bool recall = mRecallRect && mRecallRect->rect().contains(pos.toPoint());
    if (!loss && !recall)
        return {};
    const QCPAxisRect* rect = loss ? mLossRect : mRecallRect;
    const double x = rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    QStringList lines;
    // The record nearest to x in a graph sorted by key.
    auto nearest = [x](QCPGraph* graph) -> QCPGraphDataContainer::const_iterator {
        auto data = graph->data();
        if (data->isEmpty())
            return data->constEnd();
        auto it = data->findBegin(x, /*expandedRange=*/false);
        if (it == data->constEnd())
            return it - 1;
        if (it != data->constBegin() && std::abs((it - 1)->key - x) < std::abs(it->key - x))
            --it;
        return it;
    };
    auto xText = [this](double key) {
        switch (mXAxis) {
        case XAxis::Step:
            return tr("step %1").arg(localNumber(key, 0));
        case XAxis::Epoch:
            return tr("epoch %1").arg(localNumber(key, 2));
        default:
            return tr("%1 s").arg(localNumber(key, 0));
        }
    };
    for (size_t i = 0; i < mGraphs.size(); ++i) {
        const RunGraphs& g = mGraphs[i];
        const QString& name = mHistories[i].name;
        if (loss) {
            const auto raw = nearest(g.raw);
            const auto smoothed = nearest(g.smoothed);
            if (raw == g.raw->data()->constEnd())
                continue;
            QString line = tr("%1 · %2: loss %3 (smoothed %4)")
                               .arg(name, xText(raw->key), QString::number(raw->value, 'g', 4),
                                    QString::number(smoothed->value, 'g', 4));
            const TrainingHistory& h = mHistories[i];
            for (const TrainingHistory::Step& s : h.steps)
                if (xOf(h, s, mXAxis) == raw->key && !std::isnan(s.releasedLoss)) {
                    line += tr("; the released code's formula: %1 (masked pairs count as log 2)")
                                .arg(QString::number(s.releasedLoss, 'g', 4));
                    break;
                }
            lines << line;
        } else {
            const auto r1p = nearest(g.recallAtOnePercent);
            const auto r1 = nearest(g.recallAt1);
            if (r1p == g.recallAtOnePercent->data()->constEnd())
                continue;
            QString line = tr("%1 · %2: r@1 %3 %, r@1% %4 %")
                               .arg(name, xText(r1p->key), localNumber(r1->value, 2),
                                    localNumber(r1p->value, 2));
            // A query/gallery run's epoch also has the released codes' hit rate.
            const TrainingHistory& h = mHistories[i];
            for (const TrainingHistory::Epoch& e : h.epochs)
                if (xOf(h, e, mXAxis) == r1p->key && std::isfinite(e.hitRate)) {
                    line += tr("; hit rate %1 %").arg(localNumber(100 * e.hitRate, 2));
                    break;
                }
            lines << line;
        }
    }
    return lines.join('\n');
}

FigureWriter::Metadata TrainingCurves::figureMetadata() const {
    FigureWriter::Metadata metadata;
    metadata.title = tr("Training curves");
    metadata.description = QStringLiteral("OriNet Studio training curves");
    return metadata;
}

OutputTarget::FileKind TrainingCurves::csvKind() {
    return OutputTarget::text("training curves CSV", "run,kind,step,epoch,");
}

std::string TrainingCurves::csv() const {
    std::string out = "run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%\n";
    for (const TrainingHistory& h : mHistories) {
        const Mapping m = mappingOf(h);
        std::vector<double> losses;
        for (const auto& s : h.steps)
            losses.push_back(s.loss);
        const std::vector<double> smoothed = smooth(losses, mSmoothing);
        const std::string name = text::csvField(h.name.toStdString());
        for (size_t k = 0; k < h.steps.size(); ++k) {
            const auto& s = h.steps[k];
            out += name + ",step," + std::to_string(s.step) + "," + std::to_string(s.epoch) + "," +
                   number(s.unixTime - m.startTime, 3) + "," + number(s.loss) + "," +
                   number(smoothed[k]) + ",,\n";
        }
        for (const auto& e : h.epochs)
            out += name + ",epoch," + std::to_string(e.step) + "," + std::to_string(e.epoch) + "," +
                   number(e.unixTime - m.startTime, 3) + "," + number(e.meanLoss) + ",," +
                   number(e.recallAt1) + "," + number(e.recallAtOnePercent) + "\n";
    }
    return out;
}

void TrainingCurves::updateLayout() {
    // Decided afresh at every size (the screen's, an export's): inside the panels when both
    // legends find a corner there that hides nothing, else one legend under both panels.
    placeLegendsBelow(false);
    balancePanels();
    if (fitInside(legend, mLossRect, kLossCorners) &&
        fitInside(mRecallLegend, mRecallRect, kRecallCorners))
        return;
    placeLegendsBelow(true);
    balancePanels();
}

void TrainingCurves::balancePanels() {
    FigurePlot::updateLayout();
    if (!mLossRect || !mRecallRect)
        return;
    // Row stretch shares out the panels' outer heights, but only the lower one carries the
    // tick labels and title of x: share the plot areas 3:2 instead.
    auto marginsOf = [](const QCPAxisRect* rect) {
        return rect->margins().top() + rect->margins().bottom();
    };
    const double outer = mLossRect->outerRect().height() + mRecallRect->outerRect().height();
    const double inner = outer - marginsOf(mLossRect) - marginsOf(mRecallRect);
    if (inner <= 0)
        return;
    plotLayout()->setRowStretchFactor(0, 0.6 * inner + marginsOf(mLossRect));
    plotLayout()->setRowStretchFactor(1, 0.4 * inner + marginsOf(mRecallRect));
    FigurePlot::updateLayout();
    for (QCPAxisRect* rect : {mLossRect, mRecallRect}) {
        // Value ticks about two font heights apart: a short panel of a paper figure gets
        // fewer. QCustomPlot rounds the step to a clean number, so check what it made: labels
        // that would touch ask for fewer ticks, a single labelled tick for more.
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        const double fontHeight = y->tickLabelFont().pixelSize();
        int count = std::clamp(static_cast<int>(rect->height() / (2 * fontHeight)), 2, 6);
        for (int attempt = 0; attempt < 4; ++attempt) {
            y->ticker()->setTickCount(count);
            FigurePlot::updateLayout();
            const QVector<double> ticks = y->tickVector();
            double gap = std::numeric_limits<double>::infinity();
            for (int i = 1; i < ticks.size(); ++i)
                gap = std::min(gap,
                               std::abs(y->coordToPixel(ticks[i]) - y->coordToPixel(ticks[i - 1])));
            if (ticks.size() < 2 && count < 6)
                ++count;
            else if (gap < fontHeight + 2 && count > 1)
                --count;
            else
                break;
        }
    }
    // The recall axis's title is rotated beside its panel: when it is longer than the panel is
    // high, the short one, so it does not run into the loss panel's title.
    QCPAxis* recall = mRecallRect->axis(QCPAxis::atLeft);
    const QFontMetricsF metrics(recall->labelFont());
    recall->setLabel(metrics.horizontalAdvance(mRecallTitle) <= mRecallRect->height() + 8
                         ? mRecallTitle
                         : tr("recall (%)"));
    FigurePlot::updateLayout();
}

bool TrainingCurves::fitInside(QCPLegend* shown, QCPAxisRect* rect,
                               const Qt::Alignment (&corners)[4]) {
    if (!shown || !rect || !shown->visible())
        return true;
    // Room beside it to see the curves, as the recall plot's legends.
    const QSize size = shown->minimumOuterSizeHint();
    if (size.width() > rect->width() - 6 || size.height() > rect->height() - 6)
        return false;
    QCPLayoutInset* inset = rect->insetLayout();
    int index = -1;
    for (int i = 0; i < inset->elementCount(); ++i)
        if (inset->elementAt(i) == shown)
            index = i;
    if (index < 0)
        return false;
    for (const Qt::Alignment corner : corners) {
        inset->setInsetAlignment(index, corner);
        FigurePlot::updateLayout();
        if (!legendCoversData(shown, rect))
            return true;
    }
    inset->setInsetAlignment(index, corners[0]);
    return false;
}

void TrainingCurves::placeLegendsBelow(bool below) {
    if (!legend || !mRecallLegend)
        return;
    if (below != mLegendsBelow) {
        QCPLayoutInset* inset = mLossRect->insetLayout();
        if (below) {
            inset->take(legend);
            inset->simplify();
            plotLayout()->addElement(2, 0, legend);
            plotLayout()->setRowStretchFactor(2, 0.001); // as tall as its entries, no more
            // Under the axes a frame and a background are only clutter.
            legend->setBorderPen(Qt::NoPen);
            legend->setBrush(Qt::NoBrush);
        } else {
            plotLayout()->take(legend);
            plotLayout()->simplify();
            inset->addElement(legend, kLossCorners[0]);
            legend->setBorderPen(QPen(QColor(170, 170, 170), 0.5));
            legend->setBrush(QColor(255, 255, 255, 220));
        }
        // One legend for both panels: the runs' colours, then the recall figures' key.
        for (QCPGraph* key : mRecallKeys) {
            key->removeFromLegend(below ? mRecallLegend : legend);
            if (mAnyRecall)
                key->addToLegend(below ? legend : mRecallLegend);
        }
        mRecallLegend->setVisible(!below && mAnyRecall);
        mLegendsBelow = below;
    }
    for (size_t i = 0; i < mGraphs.size(); ++i)
        mGraphs[i].smoothed->setName(mHistories[i].name);
    if (!below) {
        arrangeLegend(1);
        return;
    }
    // As few rows as the figure's width allows, each name keeping at least about 14
    // characters (shortened in the middle, where run names differ least: their start is the
    // run, their end the checkpoint and mode).
    const int room =
        viewport().width() - plotLayout()->margins().left() - plotLayout()->margins().right() - 4;
    const int runs = static_cast<int>(mGraphs.size());
    const QFontMetricsF metrics(legend->font());
    double widest = 0;
    for (const RunGraphs& g : mGraphs)
        widest = std::max(widest, metrics.horizontalAdvance(g.smoothed->name()));
    const double readable = std::min(widest, 14 * metrics.averageCharWidth());
    // What an entry needs besides its text: the icon and the padding beside it.
    const double entryOverhead = legend->iconSize().width() + legend->iconTextPadding() + 2;
    const QMargins frame = legend->margins();
    double textWidth = widest;
    int columns = 1;
    for (int c = std::max(runs, 2); c >= 1; --c) {
        // The runs spread evenly over their rows (5 in 2 rows: 3 + 2, not 4 + 1).
        columns = (runs + (runs + c - 1) / c - 1) / ((runs + c - 1) / c);
        columns = std::max(columns, std::min(c, 2)); // the key's row
        textWidth =
            (room - frame.left() - frame.right() - (columns - 1) * legend->columnSpacing()) /
                double(columns) -
            entryOverhead;
        if (textWidth >= readable || c == 1)
            break;
    }
    arrangeLegend(columns);
    // The estimate of an entry's overhead may be short by a pixel or two: measure, and
    // shorten further by what is still missing.
    double width = std::max(20.0, std::floor(textWidth));
    for (int attempt = 0; attempt < 4; ++attempt) {
        for (size_t i = 0; i < mGraphs.size(); ++i) {
            const QString& name = mHistories[i].name;
            mGraphs[i].smoothed->setName(metrics.horizontalAdvance(name) > width
                                             ? metrics.elidedText(name, Qt::ElideMiddle, width)
                                             : name);
        }
        const int excess = legend->minimumOuterSizeHint().width() - room;
        if (excess <= 0 || width <= 20)
            break;
        width = std::max(20.0, width - std::ceil(double(excess) / columns));
    }
}

void TrainingCurves::arrangeLegend(int columns) {
    // The runs row by row, then the recall key on a row of its own.
    std::vector<QCPAbstractLegendItem*> runs, keys;
    for (const RunGraphs& g : mGraphs)
        if (QCPAbstractLegendItem* item = legend->itemWithPlottable(g.smoothed))
            runs.push_back(item);
    for (QCPGraph* key : mRecallKeys)
        if (QCPAbstractLegendItem* item = legend->itemWithPlottable(key))
            keys.push_back(item);
    for (QCPAbstractLegendItem* item : runs)
        legend->take(item);
    for (QCPAbstractLegendItem* item : keys)
        legend->take(item);
    legend->simplify();
    int row = 0;
    for (const auto* group : {&runs, &keys}) {
        for (size_t i = 0; i < group->size(); ++i)
            legend->addElement(row + static_cast<int>(i) / columns, static_cast<int>(i) % columns,
                               (*group)[i]);
        row += (static_cast<int>(group->size()) + columns - 1) / columns;
    }
}

void TrainingCurves::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        rebuild(); // axis titles and legend entries are tr() texts
    FigurePlot::changeEvent(event);
}

} // namespace orinet
