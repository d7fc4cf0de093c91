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

//! How each figure is drawn, in the key's order: the line style and marker tell the figures
//! apart, the colour the runs.
struct FigureStyle {
    TrainingCurves::Figure figure;
    Qt::PenStyle pen;
    double width;
    QCPScatterStyle::ScatterShape shape;
};
const FigureStyle kFigureStyles[TrainingCurves::kFigureCount] = {
    {TrainingCurves::Figure::RecallAtOnePercent, Qt::SolidLine, 1.6, QCPScatterStyle::ssDisc},
    {TrainingCurves::Figure::RecallAt1, Qt::DashLine, 1.3, QCPScatterStyle::ssSquare},
    {TrainingCurves::Figure::RecallAt5, Qt::DotLine, 1.3, QCPScatterStyle::ssTriangle},
    {TrainingCurves::Figure::RecallAt10, Qt::DashDotLine, 1.3, QCPScatterStyle::ssDiamond},
    {TrainingCurves::Figure::HitRate, Qt::DashDotDotLine, 1.3, QCPScatterStyle::ssCross}};

bool isQueryGallery(const TrainingHistory::Epoch& e) {
    return std::isfinite(e.hitRate) || std::isfinite(e.recallAt5) || std::isfinite(e.recallAt10);
}

bool isQueryGallery(const TrainingHistory& h) {
    return std::any_of(h.epochs.begin(), h.epochs.end(),
                       [](const auto& e) { return isQueryGallery(e); });
}

bool hasRecall(const TrainingHistory& h) {
    return std::any_of(h.epochs.begin(), h.epochs.end(), [](const auto& e) {
        return std::isfinite(e.recallAt1) || std::isfinite(e.recallAtOnePercent);
    });
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
    // A click on a figure's key hides its curves or shows them again. Queued: rebuilding
    // replaces the legend whose item is being clicked.
    connect(
        this, &QCustomPlot::legendClick, this,
        [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
            auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
            const int figure = entry ? keyFigure(entry->plottable()) : -1;
            if (figure < 0)
                return;
            QMetaObject::invokeMethod(
                this,
                [this, figure] { setFigureShown(Figure(figure), !isFigureShown(Figure(figure))); },
                Qt::QueuedConnection);
        });
    rebuild();
}

void TrainingCurves::setFigureShown(Figure figure, bool shown) {
    mShown[int(figure)] = shown;
    rebuild();
}

bool TrainingCurves::isFigureShown(Figure figure) const {
    return mShown[int(figure)];
}

double TrainingCurves::figureOf(const TrainingHistory::Epoch& e, Figure figure) {
    switch (figure) {
    case Figure::RecallAtOnePercent:
        return e.recallAtOnePercent;
    case Figure::RecallAt1:
        return e.recallAt1;
    case Figure::RecallAt5:
        return e.recallAt5;
    case Figure::RecallAt10:
        return e.recallAt10;
    case Figure::HitRate:
        return e.hitRate;
    }
    return NAN;
}

int TrainingCurves::keyFigure(const QCPAbstractPlottable* plottable) const {
    for (size_t k = 0; k < mRecallKeys.size(); ++k)
        if (mRecallKeys[k] == plottable)
            return int(mKeyFigures[k]);
    return -1;
}

QString TrainingCurves::runLabel(size_t index) const {
    const TrainingHistory& h = mHistories[index];
    return mMixedKinds && isQueryGallery(h) ? tr("%1 (vs. gallery)").arg(h.name) : h.name;
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
    mKeyFigures.clear();
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
    // not the one-to-one recall of a split of pairs: the title says so when every run drawn is
    // one; beside one-to-one runs, the query/gallery runs' names say it instead.
    bool queryGallery = false, oneToOne = false;
    for (const TrainingHistory& h : mHistories) {
        if (!hasRecall(h))
            continue;
        (isQueryGallery(h) ? queryGallery : oneToOne) = true;
    }
    mMixedKinds = queryGallery && oneToOne;
    mRecallTitle = queryGallery && !oneToOne ? tr("validation recall vs. whole gallery (%)")
                                             : tr("validation recall (%)");
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
    bool drawn[kFigureCount] = {}; //!< by some run
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
        g.smoothed->setName(runLabel(i));
        g.smoothed->setData(keys, QVector<double>(smoothed.begin(), smoothed.end()), false);
        g.smoothed->addToLegend(legend);

        QVector<double> ex;
        QVector<double> values[kFigureCount];
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
            for (int f = 0; f < kFigureCount; ++f) {
                const double r = 100 * figureOf(e, Figure(f));
                values[f] << r;
                if (std::isfinite(r)) {
                    drawn[f] = true;
                    if (mShown[f]) {
                        recallMin = std::min(recallMin, r);
                        recallMax = std::max(recallMax, r);
                    }
                }
            }
            anyRecall = anyRecall || std::isfinite(e.recallAtOnePercent);
        }
        for (const FigureStyle& style : kFigureStyles) {
            const int f = int(style.figure);
            // r@1% and r@1 always (a run's graphs before its first validation); the others
            // where the run has them.
            const bool always =
                style.figure == Figure::RecallAtOnePercent || style.figure == Figure::RecallAt1;
            const bool has = std::any_of(values[f].begin(), values[f].end(),
                                         [](double v) { return std::isfinite(v); });
            if (!always && !has)
                continue;
            QCPGraph* graph =
                addGraph(mRecallRect->axis(QCPAxis::atBottom), mRecallRect->axis(QCPAxis::atLeft));
            graph->setPen(QPen(colour, style.width, style.pen));
            graph->setScatterStyle(QCPScatterStyle(style.shape, 5));
            switch (style.figure) {
            case Figure::RecallAtOnePercent:
                graph->setName(tr("%1 r@1%").arg(h.name));
                break;
            case Figure::RecallAt1:
                graph->setName(tr("%1 r@1").arg(h.name));
                break;
            case Figure::RecallAt5:
                graph->setName(tr("%1 r@5").arg(h.name));
                break;
            case Figure::RecallAt10:
                graph->setName(tr("%1 r@10").arg(h.name));
                break;
            case Figure::HitRate:
                graph->setName(tr("%1 hit rate").arg(h.name));
                break;
            }
            graph->setData(ex, values[f], false);
            graph->setVisible(mShown[f]);
            g.figures[f] = graph;
        }
        mGraphs.push_back(g);
    }
    // The loss legend names the runs by colour; the recall legend only keys the figures' line
    // styles, however many runs there are: r@1% and r@1, and the query/gallery figures when
    // a run has them.
    for (const FigureStyle& style : kFigureStyles) {
        const int f = int(style.figure);
        if (!drawn[f] && style.figure != Figure::RecallAtOnePercent &&
            style.figure != Figure::RecallAt1)
            continue;
        QCPGraph* key =
            addGraph(mRecallRect->axis(QCPAxis::atBottom), mRecallRect->axis(QCPAxis::atLeft));
        key->setPen(QPen(QColor(60, 60, 60), 1.4, style.pen));
        key->setScatterStyle(QCPScatterStyle(style.shape, 5));
        switch (style.figure) {
        case Figure::RecallAtOnePercent:
            key->setName(tr("r@1%"));
            break;
        case Figure::RecallAt1:
            key->setName(tr("r@1"));
            break;
        case Figure::RecallAt5:
            key->setName(tr("r@5"));
            break;
        case Figure::RecallAt10:
            key->setName(tr("r@10"));
            break;
        case Figure::HitRate:
            key->setName(tr("hit rate"));
            break;
        }
        key->addToLegend(recallLegend);
        mRecallKeys.push_back(key);
        mKeyFigures.push_back(style.figure);
    }
    styleKeys();
    arrangeRecallLegend();
    // Five line styles in one colour: a longer sample shows each dash pattern whole.
    if (mRecallKeys.size() > 2)
        recallLegend->setIconSize(26, 8);
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
    // Over a figure's key: what clicking it does.
    for (size_t k = 0; k < mRecallKeys.size(); ++k)
        for (QCPLegend* l : {legend, mRecallLegend})
            if (l && l->visible())
                if (QCPAbstractLegendItem* item = l->itemWithPlottable(mRecallKeys[k]))
                    if (item->rect().contains(pos.toPoint()))
                        return mShown[int(mKeyFigures[k])]
                                   ? tr("Click to hide the %1 curves").arg(mRecallKeys[k]->name())
                                   : tr("Click to show the %1 curves").arg(mRecallKeys[k]->name());
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
            QCPGraph* r1pGraph = g.figures[int(Figure::RecallAtOnePercent)];
            const auto r1p = nearest(r1pGraph);
            const auto r1 = nearest(g.figures[int(Figure::RecallAt1)]);
            if (r1p == r1pGraph->data()->constEnd())
                continue;
            // A query/gallery run's epoch has all five figures: its record says them all,
            // hidden ones too.
            const TrainingHistory& h = mHistories[i];
            const TrainingHistory::Epoch* record = nullptr;
            for (const TrainingHistory::Epoch& e : h.epochs)
                if (xOf(h, e, mXAxis) == r1p->key && isQueryGallery(e)) {
                    record = &e;
                    break;
                }
            if (record) {
                auto percent = [](double v) { return localNumber(100 * v, 2); };
                lines << tr("%1 · %2: held-out vs. gallery r@1 %3 %, r@5 %4 %, r@10 %5 %, r@1% "
                            "%6 %; hit rate %7 %")
                             .arg(name, xText(r1p->key), percent(record->recallAt1),
                                  percent(record->recallAt5), percent(record->recallAt10),
                                  percent(record->recallAtOnePercent), percent(record->hitRate));
                continue;
            }
            lines << tr("%1 · %2: r@1 %3 %, r@1% %4 %")
                         .arg(name, xText(r1p->key), localNumber(r1->value, 2),
                              localNumber(r1p->value, 2));
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
    // The query/gallery figures' columns only when a run has them: a one-to-one comparison's
    // table is the one it always was.
    const bool queryGallery =
        std::any_of(mHistories.begin(), mHistories.end(),
                    [](const TrainingHistory& h) { return isQueryGallery(h); });
    std::string out = "run,kind,step,epoch,wall_time_s,loss,loss_smoothed,r@1,r@1%";
    out += queryGallery ? ",r@5,r@10,hit_rate\n" : "\n";
    const std::string emptyFigures = queryGallery ? ",,,,," : ",,";
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
                   number(smoothed[k]) + emptyFigures + "\n";
        }
        for (const auto& e : h.epochs) {
            out += name + ",epoch," + std::to_string(e.step) + "," + std::to_string(e.epoch) + "," +
                   number(e.unixTime - m.startTime, 3) + "," + number(e.meanLoss) + ",," +
                   number(e.recallAt1) + "," + number(e.recallAtOnePercent);
            if (queryGallery)
                out += "," + number(e.recallAt5) + "," + number(e.recallAt10) + "," +
                       number(e.hitRate);
            out += "\n";
        }
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
        styleKeys(); // their legend items are new
        if (!below)
            arrangeRecallLegend();
    }
    for (size_t i = 0; i < mGraphs.size(); ++i)
        mGraphs[i].smoothed->setName(runLabel(i));
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
    for (size_t i = 0; i < mGraphs.size(); ++i)
        widest = std::max(widest, metrics.horizontalAdvance(runLabel(i)));
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
    // The figures' key: as many to a row as fit with the runs' names still readable, so a
    // query/gallery run's five keys do not take three rows of a paper figure (one-to-one runs'
    // two keys already share a row).
    int keyColumns = columns;
    if (mAnyRecall) {
        double keyText = 0;
        for (QCPGraph* key : mRecallKeys)
            keyText = std::max(keyText, metrics.horizontalAdvance(key->name()));
        for (int k = static_cast<int>(mRecallKeys.size()); k > columns; --k) {
            const double perColumn =
                (room - frame.left() - frame.right() - (k - 1) * legend->columnSpacing()) /
                    double(k) -
                entryOverhead;
            if (perColumn >= std::max(keyText, readable)) {
                keyColumns = k;
                textWidth = std::min(textWidth, perColumn);
                break;
            }
        }
    }
    arrangeLegend(columns, keyColumns);
    // The estimate of an entry's overhead may be short by a pixel or two: measure, and
    // shorten further by what is still missing.
    double width = std::max(20.0, std::floor(textWidth));
    for (int attempt = 0; attempt < 4; ++attempt) {
        for (size_t i = 0; i < mGraphs.size(); ++i) {
            const QString name = runLabel(i);
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

void TrainingCurves::arrangeLegend(int columns, int keyColumns) {
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
    if (keyColumns < 1)
        keyColumns = columns;
    int row = 0;
    for (const auto& [group, perRow] : {std::pair{&runs, columns}, std::pair{&keys, keyColumns}}) {
        for (size_t i = 0; i < group->size(); ++i)
            legend->addElement(row + static_cast<int>(i) / perRow, static_cast<int>(i) % perRow,
                               (*group)[i]);
        row += (static_cast<int>(group->size()) + perRow - 1) / perRow;
    }
}

void TrainingCurves::arrangeRecallLegend() {
    // Two keys in a column, as ever; a query/gallery run's five in two rows, so the legend
    // takes no more of the short recall panel's height than two keys do.
    std::vector<QCPAbstractLegendItem*> items;
    for (QCPGraph* key : mRecallKeys)
        if (QCPAbstractLegendItem* item = mRecallLegend->itemWithPlottable(key))
            items.push_back(item);
    const int columns = items.size() > 2 ? (static_cast<int>(items.size()) + 1) / 2 : 1;
    for (QCPAbstractLegendItem* item : items)
        mRecallLegend->take(item);
    mRecallLegend->simplify();
    for (size_t i = 0; i < items.size(); ++i)
        mRecallLegend->addElement(static_cast<int>(i) / columns, static_cast<int>(i) % columns,
                                  items[i]);
}

void TrainingCurves::styleKeys() {
    for (size_t k = 0; k < mRecallKeys.size(); ++k) {
        const bool shown = mShown[int(mKeyFigures[k])];
        QCPGraph* key = mRecallKeys[k];
        QPen pen = key->pen();
        pen.setColor(shown ? QColor(60, 60, 60) : QColor(190, 190, 190));
        key->setPen(pen);
        QCPScatterStyle scatter = key->scatterStyle();
        scatter.setPen(pen);
        key->setScatterStyle(scatter);
        for (QCPLegend* l : {legend, mRecallLegend})
            if (l)
                if (QCPAbstractLegendItem* item = l->itemWithPlottable(key))
                    item->setTextColor(shown ? Qt::black : QColor(150, 150, 150));
    }
}

void TrainingCurves::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        rebuild(); // axis titles and legend entries are tr() texts
    FigurePlot::changeEvent(event);
}

} // namespace orinet
