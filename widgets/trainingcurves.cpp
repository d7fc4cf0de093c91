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

    mLossRect = new QCPAxisRect(this);
    mRecallRect = new QCPAxisRect(this);
    plotLayout()->addElement(0, 0, mLossRect);
    plotLayout()->addElement(1, 0, mRecallRect);
    plotLayout()->setRowStretchFactors({3, 2});
    auto* margins = new QCPMarginGroup(this);
    for (QCPAxisRect* rect : {mLossRect, mRecallRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
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
    // The CVACT variant drops masked pairs where the released code counts them as log 2 each:
    // its curves are lower than the released code's logs, so the axis says which one this is.
    const bool released = std::any_of(mHistories.begin(), mHistories.end(), [](const auto& h) {
        return std::any_of(h.steps.begin(), h.steps.end(), [](const TrainingHistory::Step& s) {
            return !std::isnan(s.releasedLoss);
        });
    });
    mLossRect->axis(QCPAxis::atLeft)
        ->setLabel(released ? tr("loss (masked pairs dropped)") : tr("loss"));
    mRecallRect->axis(QCPAxis::atLeft)->setLabel(tr("validation recall (%)"));
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
    mLossRect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignRight);
    styleLegend(legend);
    auto* recallLegend = new QCPLegend;
    // Recall rises during training: the top left is the corner its points usually avoid
    // (updateLayout() moves it when they do not).
    mRecallRect->insetLayout()->addElement(recallLegend, Qt::AlignTop | Qt::AlignLeft);
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
            ex << x;
            r1 << 100 * e.recallAt1;
            r1p << 100 * e.recallAtOnePercent;
            anyRecall = anyRecall || std::isfinite(e.recallAtOnePercent);
            for (const double r : {100 * e.recallAt1, 100 * e.recallAtOnePercent})
                if (std::isfinite(r)) {
                    recallMin = std::min(recallMin, r);
                    recallMax = std::max(recallMax, r);
                }
            xMin = std::min(xMin, x);
            xMax = std::max(xMax, x);
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
    }
    legend->setVisible(legend->itemCount() > 0);
    recallLegend->setVisible(anyRecall);
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
    FigurePlot::updateLayout();
    // The loss falls and the recall rises, but on axes scaled to the data no corner is sure
    // to be empty (the newest epoch, on the right, must never hide behind a legend either).
    const Qt::Alignment lossCorners[] = {
        Qt::AlignTop | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft,
        Qt::AlignTop | Qt::AlignLeft, Qt::AlignBottom | Qt::AlignRight};
    const Qt::Alignment recallCorners[] = {
        Qt::AlignTop | Qt::AlignLeft, Qt::AlignBottom | Qt::AlignRight,
        Qt::AlignTop | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
    for (const auto& [shown, rect, corners] : {std::tuple{legend, mLossRect, lossCorners},
                                               {mRecallLegend, mRecallRect, recallCorners}}) {
        if (!shown || !rect || !shown->visible() || !legendCoversData(shown, rect))
            continue;
        QCPLayoutInset* inset = rect->insetLayout();
        for (int i = 0; i < inset->elementCount(); ++i) {
            if (inset->elementAt(i) != shown)
                continue;
            for (int c = 1; c <= 4; ++c) {
                inset->setInsetAlignment(i, corners[c % 4]); // the first is back last
                FigurePlot::updateLayout();
                if (!legendCoversData(shown, rect))
                    break;
            }
        }
    }
}

void TrainingCurves::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        rebuild(); // axis titles and legend entries are tr() texts
    FigurePlot::changeEvent(event);
}

} // namespace orinet
