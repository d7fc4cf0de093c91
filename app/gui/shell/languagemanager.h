#pragma once

#include <QObject>
#include <QStringList>

#include <memory>

class QTranslator;

namespace orinet {

//! The studio's user-interface language: finds the compiled catalogues (orinet_<code>.qm),
//! installs the translators on the application and remembers the user's choice in QSettings.
//!
//! Installing or removing a translator makes Qt send QEvent::LanguageChange to every widget;
//! widgets that re-set their texts in changeEvent() follow without a restart (the pattern is
//! in docs/translations.md). Lives on the GUI thread, like the translators it installs.
class LanguageManager : public QObject {
    Q_OBJECT
public:
    //! Looks for catalogues in `directories`, first match wins.
    explicit LanguageManager(const QStringList& directories = defaultDirectories(),
                             QObject* parent = nullptr);
    ~LanguageManager() override;

    //! Where an installed or a build-tree executable keeps its catalogues:
    //! <exe>/../share/orinet-studio/translations and <exe>/../translations.
    static QStringList defaultDirectories();

    //! Codes with a catalogue, sorted ("de", "en"); English is always listed.
    QStringList availableLanguages() const;
    //! "Deutsch", "English": each language in its own words, as language menus show them.
    static QString nativeName(const QString& code);

    //! Switches to `code` ("" = the system's languages, else "en", "de", …). Returns false and
    //! keeps the current language when `code` has no catalogue.
    bool setLanguage(const QString& code);
    //! The language asked for last ("" = system default).
    QString language() const { return mLanguage; }
    //! The language the texts are in now (the system default resolved), e.g. "de".
    QString effectiveLanguage() const { return mEffective; }

    //! The choice saved by saveLanguage(), "" when there is none.
    static QString savedLanguage();
    static void saveLanguage(const QString& code);

signals:
    void languageChanged(const QString& code);

private:
    QString catalogueDirectory(const QString& code) const;

    QStringList mDirectories;
    QString mLanguage;
    QString mEffective = QStringLiteral("en");
    std::unique_ptr<QTranslator> mStudio;
    std::unique_ptr<QTranslator> mQt;
};

} // namespace orinet
