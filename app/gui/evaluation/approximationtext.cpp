#include "gui/evaluation/approximationtext.h"

#include <QCoreApplication>
#include <QLocale>

namespace orinet::approximationtext {

namespace {

// One decimal in the interface language's notation (LanguageManager sets the default locale).
QString percent(double fraction) {
    return QLocale().toString(100.0 * fraction, 'f', 1);
}

QString interval(const metrics::ProportionInterval& i) {
    return QStringLiteral("%1–%2").arg(percent(i.low), percent(i.high));
}

QString backendName(const std::string& backend) {
    return backend == "faiss-ivfpq" ? QStringLiteral("IVF-PQ") : QString::fromStdString(backend);
}

} // namespace

QString coverage(const metrics::ApproximationCheck& check, const std::string& backend) {
    if (check.sampled <= 0)
        return {};
    QString text =
        QCoreApplication::translate(
            "orinet::ApproximationText",
            "%1 shortlist held the exact top-1 for %2 % of %3 sampled queries "
            "(95 % CI %4 %)")
            .arg(backendName(backend), percent(check.exactTop1Share()),
                 QLocale().toString(qlonglong(check.sampled)), interval(check.exactTop1Interval()));
    if (check.trueMatchWithinDepth > 0)
        text += QCoreApplication::translate(
                    "orinet::ApproximationText",
                    ", and the true match for %1 % of the %2 whose exact top-%3 holds it "
                    "(95 % CI %4 %)")
                    .arg(percent(check.trueMatchShare()),
                         QLocale().toString(qlonglong(check.trueMatchWithinDepth)),
                         QLocale().toString(qlonglong(check.depth)),
                         interval(check.trueMatchInterval()));
    return text;
}

QStringList advice(const metrics::ApproximationCheck& check) {
    QStringList out;
    if (check.exactFaster())
        out << QCoreApplication::translate(
                   "orinet::ApproximationText",
                   "Exact search is estimated at %1 s, less than this approximate search's %2 s: "
                   "evaluate with the exact backend.")
                   .arg(QLocale().toString(check.exactSecondsEstimate, 'f', 1),
                        QLocale().toString(check.approximateSeconds, 'f', 1));
    if (check.galleryFitsBudget)
        out << QCoreApplication::translate(
                   "orinet::ApproximationText",
                   "The gallery's %1 items are few enough for exact search, which finds every "
                   "true match an approximate index may miss.")
                   .arg(QLocale().toString(qlonglong(check.galleryCount)));
    return out;
}

} // namespace orinet::approximationtext
