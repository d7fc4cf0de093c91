#include "choices.h"

#include "dataset/inputpreset.h"

#include <algorithm>
#include <thread>

namespace orinet::cli {

QStringList presetChoices() {
    QStringList names;
    for (const InputPreset& p : InputPreset::all())
        names << QString::fromStdString(p.name);
    return names;
}

QStringList deviceChoices() {
    return {"cpu", "cuda"};
}

int maxThreads() {
    return 4 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

QString alternatives(const QStringList& choices) {
    if (choices.size() < 2)
        return choices.join("");
    return choices.mid(0, choices.size() - 1).join(", ") + " or " + choices.back();
}

QString defaultText(double value) {
    return QString::number(value, 'g', 10);
}

} // namespace orinet::cli
