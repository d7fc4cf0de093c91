#include "translatedtexts.h"

#include <QLabel>
#include <QLineEdit>
#include <QStyle>

#include <algorithm>

namespace orinet {

void TranslatedTexts::set(QObject* target, const char* property, Text text) {
    bind(target, property, [target, name = QByteArray(property), text = std::move(text)] {
        target->setProperty(name.constData(), text());
    });
}

void TranslatedTexts::setPlaceholder(QLineEdit* target, Text text) {
    bind(target, "placeholderText", [target, text = std::move(text)] {
        const QString shown = text();
        target->setPlaceholderText(shown);
        // The text, the frame and margins on both sides, and room for a clear button.
        const QFontMetrics metrics = target->fontMetrics();
        const int frame =
            target->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, target);
        target->setMinimumWidth(metrics.horizontalAdvance(shown) + 2 * frame + 8 +
                                metrics.height() + 6);
    });
}

QLabel* TranslatedTexts::label(Text text) {
    auto* label = new QLabel;
    setText(label, std::move(text));
    return label;
}

void TranslatedTexts::bind(QObject* guard, const QByteArray& key, std::function<void()> apply) {
    // Objects that are gone (rebuilt rows, closed views) leave; the same text is replaced.
    mBindings.erase(std::remove_if(mBindings.begin(), mBindings.end(),
                                   [&](const Binding& b) {
                                       return !b.guard || (b.guard == guard && b.key == key);
                                   }),
                    mBindings.end());
    apply();
    mBindings.push_back({guard, key, std::move(apply)});
}

void TranslatedTexts::retranslate() {
    // A text may change the widgets (a summary rebuilding a list): iterate over a copy.
    const std::vector<Binding> bindings = mBindings;
    for (const Binding& b : bindings)
        if (b.guard)
            b.apply();
}

} // namespace orinet
