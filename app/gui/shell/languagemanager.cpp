#include "gui/shell/languagemanager.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>
#include <QWidget>

namespace orinet {

namespace {

const char* const kSettingsKey = "language";

QString catalogueFile(const QString& code) {
    return QStringLiteral("orinet_%1.qm").arg(code);
}

} // namespace

LanguageManager::LanguageManager(const QStringList& directories, QObject* parent)
    : QObject(parent)
    , mDirectories(directories) {}

LanguageManager::~LanguageManager() {
    for (auto* translator : {mStudio.get(), mQt.get()})
        if (translator)
            QCoreApplication::removeTranslator(translator);
}

QStringList LanguageManager::defaultDirectories() {
    const QDir bin(QCoreApplication::applicationDirPath());
    return {QDir::cleanPath(bin.filePath("../share/orinet-studio/translations")),
            QDir::cleanPath(bin.filePath("../translations"))};
}

QStringList LanguageManager::availableLanguages() const {
    QStringList codes{QStringLiteral("en")};
    for (const QString& directory : mDirectories)
        for (const QString& file : QDir(directory).entryList({"orinet_*.qm"}, QDir::Files)) {
            const QString code = QFileInfo(file).completeBaseName().mid(7);
            if (!codes.contains(code))
                codes << code;
        }
    codes.sort();
    return codes;
}

QString LanguageManager::nativeName(const QString& code) {
    const QLocale locale(code);
    QString name = locale.nativeLanguageName();
    if (code == "en" || name.isEmpty())
        return QStringLiteral("English"); // not "American English"
    name[0] = name[0].toUpper();          // QLocale gives "deutsch"-style names for some
    return name;
}

QString LanguageManager::catalogueDirectory(const QString& code) const {
    for (const QString& directory : mDirectories)
        if (QFileInfo::exists(QDir(directory).filePath(catalogueFile(code))))
            return directory;
    return {};
}

bool LanguageManager::setLanguage(const QString& code) {
    QString effective = code;
    if (code.isEmpty()) {
        // The first of the user's preferred languages that has a catalogue, else English.
        effective = QStringLiteral("en");
        for (const QString& name : QLocale::system().uiLanguages()) {
            const QString base = QLocale(name).name().section('_', 0, 0);
            if (base == "en" || !catalogueDirectory(base).isEmpty()) {
                effective = base;
                break;
            }
        }
    }

    // English is the source language; its catalogue only holds plural forms ("1 thread").
    auto studio = std::make_unique<QTranslator>();
    const QString directory = catalogueDirectory(effective);
    if (directory.isEmpty() && effective != "en")
        return false;
    if (!directory.isEmpty() && !studio->load(catalogueFile(effective), directory))
        return false;
    // Qt's own strings (standard buttons, file dialogs) when the system has them.
    auto qt = std::make_unique<QTranslator>();
    const bool haveQt =
        effective != "en" &&
        qt->load("qtbase_" + effective, QLibraryInfo::path(QLibraryInfo::TranslationsPath));

    // Numbers follow the language too ("1.450 Paare"): QLocale() and %L in every workspace. The
    // system's own locale when it speaks that language (its region's conventions), else the
    // language's. Set before the translators, whose LanguageChange makes the texts again.
    const QLocale system = QLocale::system();
    QLocale::setDefault(system.name().section('_', 0, 0) == effective ? system
                                                                      : QLocale(effective));
    // A widget keeps the locale it was made with (QWidget::locale(), which spin boxes format
    // and parse their values with): the windows that follow the default (no locale of their
    // own) take the new one, and pass it on to their children with QEvent::LocaleChange.
    for (QWidget* window : QApplication::topLevelWidgets())
        if (!window->testAttribute(Qt::WA_SetLocale))
            window->unsetLocale();
    for (auto* old : {mStudio.get(), mQt.get()})
        if (old)
            QCoreApplication::removeTranslator(old);
    mStudio = directory.isEmpty() ? nullptr : std::move(studio);
    mQt = haveQt ? std::move(qt) : nullptr;
    for (auto* translator : {mStudio.get(), mQt.get()})
        if (translator)
            QCoreApplication::installTranslator(translator);

    mLanguage = code;
    mEffective = effective;
    emit languageChanged(code);
    return true;
}

QString LanguageManager::savedLanguage() {
    return QSettings().value(kSettingsKey).toString();
}

void LanguageManager::saveLanguage(const QString& code) {
    QSettings().setValue(kSettingsKey, code);
}

} // namespace orinet
